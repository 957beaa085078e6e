"""Checking a post and its comments before anything of it is written."""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django.utils import timezone
from django.utils.text import Truncator

from articles.models import Article

from ..content import BadFootnotes, parse_footnotes, plain_title
from ..wxr import WPItem, as_utc, parse_date
from .fields import text_only

POST_STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.SCHEDULED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,
}


UNTITLED = "(no title)"
UNTITLED_WORDS = 8
UNTITLED_CHARACTERS = 80
_SHORTCODE = re.compile(r"\[/?[A-Za-z][^\[\]]*\]")


class InvalidPost(Exception):
    """The post cannot be imported as it is; `short` names the reason in the summary."""

    def __init__(self, reason, *, line=None, short=None):
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.short = short or reason


@dataclass
class CommentPlan:
    source: object  # WPComment
    created_at: datetime
    parent: str | None  # WordPress ID of the parent, None for a thread's start
    depth: int = 1


@dataclass
class PostPlan:
    item: WPItem
    slug: str
    status: str
    published_at: datetime | None
    title: str
    excerpt: str
    comments: list = field(default_factory=list)  # [CommentPlan], parents first
    slug_made_up: bool = False  # made from the title: the post had no usable slug
    modified_at: datetime | None = None  # when it was last changed in WordPress
    kind: str = Article.Kind.POST  # a WordPress page is an article of kind "page"
    footnotes: list = field(default_factory=list)  # [(id, content HTML)]


class Planner:
    def __init__(self, context, slugs):
        self.context = context
        self.slugs = slugs
        self.seen_posts = set()
        self.seen_comments = set()  # comment IDs (int) met so far

    def plan(self, item: WPItem) -> PostPlan:
        """What the post becomes; raises InvalidPost when it cannot be imported."""
        if not (item.wp_id.isascii() and item.wp_id.isdigit()):
            raise InvalidPost("it has no valid WordPress ID (wp:post_id).", short="no ID")
        if item.wp_id in self.seen_posts:
            raise InvalidPost("it appears twice in the export.", short="appears twice")
        self.seen_posts.add(item.wp_id)
        title = plain_title(item.title) or self._untitled(item)  # text, never markup
        if len(title) > Article._meta.get_field("title").max_length:
            raise InvalidPost(
                f"its title has {len(title)} characters; at most 200 fit.",
                short="title too long",
            )
        if not item.creator:
            raise InvalidPost("it has no author (dc:creator).", short="no author")
        status = self._status(item)
        published_at = None
        if status != Article.Status.DRAFT:
            published_at = _when(item.date_gmt, item.date, what="publication date")
            if published_at is None:
                raise InvalidPost("it is published but has no date.", short="no date")
        try:
            footnotes = parse_footnotes(item.meta.get("footnotes", ""))
        except BadFootnotes as bad:
            raise InvalidPost(
                f"its footnotes (the “footnotes” field where WordPress keeps them) cannot "
                f"be read: {bad}.",
                short="unreadable footnotes",
            ) from None
        slug, slug_made_up = self.slugs.choose(item, title)
        excerpt = Truncator(text_only(item.excerpt)).chars(
            Article._meta.get_field("excerpt").max_length
        )
        return PostPlan(
            item=item,
            slug=slug,
            status=status,
            published_at=published_at,
            title=title,
            excerpt=excerpt,
            comments=self._comments(item),
            slug_made_up=slug_made_up,
            modified_at=_modified_at(item),
            kind=Article.Kind.PAGE if item.post_type == "page" else Article.Kind.POST,
            footnotes=footnotes,
        )

    def _untitled(self, item: WPItem) -> str:
        """A title for a post without one: the first words of its text, else "(no
        title)", which is what WordPress shows for it."""
        self.context.report.note(
            "Posts without a title were given the first words of their text as title "
            "(or “(no title)”, as WordPress shows them when they have no text): review them."
        )
        words = _SHORTCODE.sub(" ", text_only(item.content)).split()
        if not words:
            return UNTITLED
        title = Truncator(" ".join(words[:UNTITLED_WORDS])).chars(UNTITLED_CHARACTERS)
        return title if len(words) <= UNTITLED_WORDS or title.endswith("…") else title + "…"

    def _status(self, item: WPItem):
        note = self.context.report.note
        status = POST_STATUSES.get(item.status, Article.Status.DRAFT)
        if item.status not in POST_STATUSES:
            note(f"Posts with the WordPress status “{item.status}” were imported as drafts.")
        if item.password and status != Article.Status.DRAFT:
            status = Article.Status.DRAFT
            note(
                "Password-protected posts were imported as drafts (this site has no "
                "post passwords): review them before publishing."
            )
        if item.status == "private":
            note("Private posts were imported as drafts.")
        return status

    def _comments(self, item: WPItem) -> list:
        by_id = {}
        for comment in item.comments:
            where = f"comment {comment.wp_id or '?'}"
            if not (comment.wp_id.isascii() and comment.wp_id.isdigit()):
                raise InvalidPost(
                    "one of its comments has no valid ID (wp:comment_id).",
                    line=comment.line,
                    short="comment without ID",
                )
            if comment.wp_id in by_id or int(comment.wp_id) in self.seen_comments:
                raise InvalidPost(
                    f"{where} appears twice in the export.",
                    line=comment.line,
                    short="comment twice",
                )
            try:
                created_at = _when(comment.date_gmt, comment.date, what="date")
            except InvalidPost as invalid:
                raise InvalidPost(
                    f"{where}: {invalid.reason}", line=comment.line, short="bad comment date"
                ) from None
            if created_at is None:
                raise InvalidPost(
                    f"{where} has no date.", line=comment.line, short="comment without date"
                )
            parent = comment.parent if comment.parent not in ("", "0") else None
            by_id[comment.wp_id] = CommentPlan(source=comment, created_at=created_at, parent=parent)
        self.seen_comments.update(int(wp_id) for wp_id in by_id)
        for wp_id, plan in by_id.items():
            if plan.parent is None:
                continue
            if plan.parent == wp_id:
                raise InvalidPost(
                    f"comment {wp_id} replies to itself.",
                    line=plan.source.line,
                    short="comment replies to itself",
                )
            if plan.parent not in by_id:
                # WordPress's exporter leaves spam out, so a reply to a spam comment has
                # its parent missing from a perfectly normal export: it starts a thread.
                plan.parent = None
                self.context.report.note(
                    "Some comments reply to a comment that is not in the export (WordPress "
                    "leaves spam out of exports): they were imported as new threads."
                )
        for plan in by_id.values():
            seen, current = {plan.source.wp_id}, plan
            while current.parent is not None:
                if current.parent in seen:
                    raise InvalidPost(
                        f"comments {', '.join(sorted(seen, key=int))} reply to each other "
                        "in a circle.",
                        line=plan.source.line,
                        short="comments replying in a circle",
                    )
                seen.add(current.parent)
                current = by_id[current.parent]
            plan.depth = len(seen)
        return sorted(by_id.values(), key=lambda plan: (plan.depth, int(plan.source.wp_id)))


def _when(gmt, local, *, what):
    """A WordPress date as an aware datetime: the GMT field, else the local one read in
    the site's time zone (WXR does not say the blog's zone). None when both are empty."""
    try:
        moment = parse_date(gmt)
        if moment is not None:
            return as_utc(moment)
        moment = parse_date(local)
    except ValueError:
        raise InvalidPost(f"its {what} “{gmt or local}” is not a date.") from None
    if moment is None:
        return None
    return timezone.make_aware(moment)


def _modified_at(item):
    """When the post was last changed in WordPress, or None (not in older exports, or not
    a date: the import's own time is used then)."""
    try:
        return _when(item.modified_gmt, item.modified, what="modification date")
    except InvalidPost:
        return None
