"""Importing a WordPress export: `wordpress_import()`.

The whole run is one transaction: a file that turns out to be broken halfway, or an
item that cannot be imported, leaves the database as it was (and the media files this run
copied are deleted again). A dry run does all the work and rolls it back.

Every imported row is remembered in ImportedItem under the blog's address, its kind and
its WordPress ID, with a fingerprint (SHA-256) of what was written for it. Importing again
writes only where the fingerprint differs, that is where the item changed in WordPress
(or the conversion changed): unchanged items are not touched, so edits made here since
(a comment approved, an article retouched) survive. Items deleted here after an import are
not brought back.

Memory: the file is streamed (wpimport.wxr); what is kept for the whole run is small per
item (IDs, slugs, attachment addresses), never the posts or comments themselves.
Attachments usually come after the posts that use them; a post whose featured image or
[gallery] refers to an attachment not seen yet is set aside and imported in a second
pass over the file, once every attachment is known.
"""

import hashlib
import json
import math
import re
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator, validate_email
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.text import Truncator, slugify

from articles import page_cache
from articles.models import Article, Category, Tag
from comments.models import Comment, CommentThread
from ratings.models import MAX_SCORE as RATING_MAX_SCORE
from ratings.models import RatingSummary
from sciatica_site.sanitizer import clean_comment_html, strip_all_tags

from .content import Attachment, ContentConverter
from .media import MediaLibrary, host_key
from .models import ImportedItem
from .report import ImportReport
from .wxr import (
    WPAuthor,
    WPItem,
    WPTerm,
    WXRError,
    WXRReader,
    as_utc,
    parse_author,
    parse_date,
    parse_item,
    parse_term,
)

Kind = ImportedItem.Kind

POST_STATUSES = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.SCHEDULED,
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.DRAFT,
    "private": Article.Status.DRAFT,
}
SKIPPED_POST_STATUSES = {
    "trash": "in WordPress's trash",
    "auto-draft": "automatic drafts never saved by their author",
    "inherit": "revisions",
}
COMMENT_STATUSES = {
    "1": Comment.Status.APPROVED,
    "approve": Comment.Status.APPROVED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.SPAM,
    "trash": Comment.Status.REMOVED,
    "post-trashed": Comment.Status.REMOVED,
}
IMPORTED_COMMENT_TYPES = {"", "comment"}
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
DELETED_HERE = "deleted on this site after an earlier import (left deleted)"
BULK_BATCH = 1000
ANALYZE_AFTER = 1000  # rows written, after which planner statistics are refreshed
RECORD_TAGS = {"wp:author", "wp:category", "wp:tag", "wp:term", "item"}

_valid_url = URLValidator(schemes=["http", "https"])


class ImportAborted(Exception):
    """The import stopped and wrote nothing; the message names the problem and the item."""


class _InvalidPost(Exception):
    def __init__(self, reason, *, line=None, short=None):
        super().__init__(reason)
        self.reason = reason
        self.line = line
        self.short = short or reason


def fingerprint(values: dict) -> str:
    encoded = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def site_key(info) -> str:
    """The blog's address without scheme or "www.": example.org/blog."""
    address = info.base_blog_url or info.base_site_url or info.link
    if not address:
        return "(unknown)"
    parts = urlsplit(address if "//" in address else f"//{address}")
    return (host_key(address) + parts.path.rstrip("/"))[:200] or "(unknown)"


def wordpress_import(
    *,
    path=None,
    paths=(),
    media_dir=None,
    dry_run=False,
    skip_invalid=False,
    ratings_max=RATING_MAX_SCORE,
    progress=None,
) -> ImportReport:
    """Import the WXR file at `path`, or the files of one export split in several
    (`paths`, in one run: a post's featured image may be in another file), see the module
    docstring. Returns the report; raises ImportAborted, having written nothing, when a
    file or an item is bad (with skip_invalid, a bad post is left out and listed in the
    report instead)."""
    return _Import(
        paths=[Path(p) for p in ([path] if path else paths)],
        media_dir=Path(media_dir) if media_dir else None,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        ratings_max=ratings_max,
        progress=progress,
    ).run()


@dataclass
class _CommentPlan:
    source: object  # WPComment
    created_at: datetime
    parent: str | None  # WordPress ID of the parent, None for a thread's start
    depth: int = 1


@dataclass
class _PostPlan:
    item: WPItem
    slug: str
    status: str
    published_at: datetime | None
    title: str
    excerpt: str
    comments: list = field(default_factory=list)  # [_CommentPlan], parents first
    slug_made_up: bool = False  # made from the title: the post had no usable slug
    modified_at: datetime | None = None  # when it was last changed in WordPress


@dataclass
class _SlugOwner:
    wp_id: str
    title: str
    made_up: bool


class _Import:
    def __init__(self, *, paths, media_dir, dry_run, skip_invalid, ratings_max, progress):
        self.paths = paths
        self.path = paths[0]  # the file being read
        self.media_dir = media_dir
        self.dry_run = dry_run
        self.skip_invalid = skip_invalid
        self.ratings_max = ratings_max
        self.progress = progress
        self.report = ImportReport(dry_run=dry_run)
        self.user_model = get_user_model()
        self.media = None
        self.started = False
        # Small per-item facts kept for the whole run.
        self.wp_authors = {}  # login -> WPAuthor
        self.login_by_author_id = {}  # WordPress user ID -> login
        self.user_ids = {}  # login -> user pk
        self.unmatched_logins = set()  # authors with no account here (for comment links)
        self.seen_comments = set()  # comment IDs (int) met so far
        self.term_ids = {"category": {}, "tag": {}}  # export slug -> pk
        self.attachments = {}  # attachment ID -> Attachment
        self.attachment_children = {}  # post ID -> [attachment IDs]
        self.slugs = {}  # slug -> _SlugOwner, posts of this export
        self.made_up_slugs = {}  # made-up slug -> (WordPress ID, fingerprinted values)
        self.seen_posts = set()
        self.deferred = set()
        self.new_articles = set()  # pks of the articles this run created
        self.second_pass = False

    # The run

    def run(self) -> ImportReport:
        try:
            with transaction.atomic():
                self._read(second_pass=False)
                if self.deferred:
                    self.second_pass = True
                    self._read(second_pass=True)
                self._finish()
                if self.dry_run:
                    transaction.set_rollback(True)
        except BaseException:
            if self.media is not None:
                self.media.remove_written()
            raise
        if self.media is not None:
            self.media.remove_replaced()
        if not self.dry_run and self.report.changed:
            # Rows were written in bulk, past Article.save and the comment and rating
            # services: retire every cached page at once (they all depend on the site version).
            page_cache.touch_site()
            page_cache.touch_listings()
        if not self.dry_run and self.report.changed >= ANALYZE_AFTER:
            _refresh_statistics([ImportedItem, Comment, Article])
        return self.report

    def _read(self, *, second_pass):
        for path in self.paths:
            self.path = path
            self._read_file(second_pass=second_pass)

    def _read_file(self, *, second_pass):
        try:
            reader = WXRReader(self.path)
            checked = False
            with closing(reader.records()) as records:
                for record in records:
                    if record.tag not in RECORD_TAGS:
                        continue
                    if not self.started:
                        self._start(reader.info)
                    elif not checked:
                        self._same_blog(reader.info)
                    checked = True
                    self._dispatch(record, second_pass=second_pass)
                    if self.progress is not None:
                        self.progress(reader.bytes_read, reader.size, second_pass, self.report)
        except WXRError as error:
            raise ImportAborted(f"{self.path.name}: {error} Nothing was imported.") from None
        if not self.started:
            self._start(reader.info)
        if reader.controls_removed:
            self.report.note(
                f"{reader.controls_removed} invisible control characters, which XML forbids "
                "(pasted from a word processor, say), were left out of the text."
            )

    def _same_blog(self, info):
        """The files of one run must be parts of one blog's export."""
        if site_key(info) != self.site:
            self._abort(
                f"this is an export of {site_key(info)}, and {self.paths[0].name} one of "
                f"{self.site}: import each blog in a run of its own."
            )

    def _start(self, info):
        """Once the channel's header is read: who the blog is, and what an earlier import
        of it left (loaded once, so that a re-import costs few queries per post)."""
        self.started = True
        self.site = site_key(info)
        hosts = {host_key(url) for url in (info.base_site_url, info.base_blog_url, info.link)}
        self.media = MediaLibrary(
            site=self.site,
            media_dir=self.media_dir,
            storage=default_storage,
            dry_run=self.dry_run,
            hosts=hosts,
            tally=lambda outcome, reason, label: self.report.count(
                "media", outcome, reason=reason, label=label
            ),
            keep_url=self.report.keep_url,
        )
        self.converter = ContentConverter(
            attachments=self.attachments, children=self.attachment_children
        )
        records = ImportedItem.objects.filter(site=self.site)
        self.records = {kind: {} for kind in Kind.values}
        for record in records.exclude(kind__in=[Kind.COMMENT, Kind.MEDIA]):
            self.records[record.kind][record.wp_id] = record
        self.has_comment_records = records.filter(kind=Kind.COMMENT).exists()
        self.alive = {
            Kind.AUTHOR: self._existing(self.user_model, Kind.AUTHOR),
            Kind.CATEGORY: self._existing(Category, Kind.CATEGORY),
            Kind.TAG: self._existing(Tag, Kind.TAG),
            Kind.POST: self._existing(Article, Kind.POST),
        }
        self.article_slugs = dict(Article.objects.values_list("slug", "pk"))

    def _existing(self, model, kind):
        ids = [record.object_id for record in self.records[kind].values()]
        return set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))

    def _dispatch(self, record, *, second_pass):
        tag = record.tag
        if second_pass:
            if tag == "item":
                item = parse_item(record.element)
                if item.post_type == "post" and item.wp_id in self.deferred:
                    self._post(item)
            return
        if tag == "wp:author":
            self._author(parse_author(record.element))
        elif tag in ("wp:category", "wp:tag", "wp:term"):
            term = parse_term(record.element)
            if term.taxonomy in ("category", "post_tag"):
                self._term(term)
        elif tag == "item":
            self._item(parse_item(record.element))

    def _finish(self):
        for login, author in self.wp_authors.items():
            if login not in self.user_ids:
                self.report.count(
                    "authors",
                    "skipped",
                    reason="with no imported post (no account made)",
                    label=author.display_name or login,
                )

    def _abort(self, message, *, line=None):
        where = f"{self.path.name}, line {line}" if line else self.path.name
        raise ImportAborted(f"{where}: {message} Nothing was imported.")

    # Authors

    def _author(self, author: WPAuthor):
        if not author.login:
            self._abort("an author (wp:author) has no login.", line=author.line)
        self.wp_authors[author.login] = author
        if author.wp_id:
            self.login_by_author_id[author.wp_id] = author.login

    def _user_for(self, login, *, create):
        """The account for a WordPress login: the one made or matched before, else an
        existing account with the same email address, else (when `create`) a new one
        without a usable password. Accounts that exist are never changed."""
        if login in self.user_ids:
            return self.user_ids[login]
        if not create and login in self.unmatched_logins:
            return None
        author = self.wp_authors.get(login) or WPAuthor(login=login)
        record = self.records[Kind.AUTHOR].get(login)
        user_id = None
        if record is not None and record.object_id in self.alive[Kind.AUTHOR]:
            user_id = record.object_id
            self.report.count("authors", "unchanged")
        else:
            email = _valid_email(author.email)
            match = (
                self.user_model.objects.filter(email__iexact=email).order_by("pk").first()
                if email
                else None
            )
            if match is not None:
                user_id = match.pk
                self.report.count("authors", "unchanged")
                self.report.note(
                    f"WordPress author “{login}” matched the existing account "
                    f"“{match.get_username()}” by email address."
                )
            elif create:
                user_id = self._create_user(author, email).pk
                self.report.count("authors", "created")
            else:
                self.unmatched_logins.add(login)
                return None
            ImportedItem.objects.update_or_create(
                site=self.site,
                kind=Kind.AUTHOR,
                wp_id=login,
                defaults={"object_id": user_id, "content_hash": fingerprint({"user": user_id})},
            )
        self.user_ids[login] = user_id
        return user_id

    def _create_user(self, author: WPAuthor, email):
        base = re.sub(r"[^\w.@+-]", "-", author.login).strip("-")[:140] or "wp-author"
        username, number = base, 1
        while self.user_model.objects.filter(username__iexact=username).exists():
            username = f"{base}-wp" if number == 1 else f"{base}-wp{number}"
            number += 1
        user = self.user_model(
            username=username,
            email=email,
            display_name=_plain(author.display_name, 80),
            first_name=_plain(author.first_name, 150),
            last_name=_plain(author.last_name, 150),
        )
        user.set_unusable_password()
        user.save()
        self.report.note(
            "Accounts made for WordPress authors have no password: they choose one with "
            "“Forgot password”. Give them a role in the admin if they will write here."
        )
        return user

    # Categories and tags

    def _term(self, term: WPTerm, *, label_line=None):
        kind = Kind.CATEGORY if term.taxonomy == "category" else Kind.TAG
        model = Category if kind == Kind.CATEGORY else Tag
        report_kind = "categories" if kind == Kind.CATEGORY else "tags"
        limit = model._meta.get_field("slug").max_length
        key = term.term_id or f"slug:{term.slug}"
        name = _plain(term.name, limit) or term.slug[:limit]
        slug = _slug(term.slug, limit) or _slug(name, limit) or f"{kind}-{term.term_id}"
        values = {"name": name, "slug": slug}
        if kind == Kind.CATEGORY:
            values["description"] = text_only(term.description)
        digest = fingerprint(values)
        record = self.records[kind].get(key)
        label = f"“{name}” ({slug})"
        if term.parent and kind == Kind.CATEGORY:
            self.report.note(
                "Categories here have no parents: sub-categories were imported as "
                "categories of their own."
            )

        if record is not None:
            if record.object_id not in self.alive[kind]:
                self.report.count(report_kind, "skipped", reason=DELETED_HERE, label=label)
                self.term_ids[kind][term.slug] = None
                return
            self.term_ids[kind][term.slug] = record.object_id
            if record.content_hash == digest:
                self.report.count(report_kind, "unchanged")
                return
            taken = model.objects.exclude(pk=record.object_id).filter(_name_or_slug(name, slug))
            if taken.exists():
                self.report.count(
                    report_kind,
                    "skipped",
                    reason="changed in WordPress, but the new name or slug is taken here",
                    label=label,
                )
                return
            model.objects.filter(pk=record.object_id).update(**values)
            self._remember(record, digest)
            self.report.count(report_kind, "updated")
            return

        existing = (
            model.objects.filter(slug=slug).first()
            or model.objects.filter(name__iexact=name).first()
        )
        if existing is not None:
            obj_id = existing.pk
            self.report.count(report_kind, "unchanged")
            self.report.note(
                f"Existing {report_kind} with the same slug or name were used as they are."
            )
        else:
            obj_id = model.objects.create(**values).pk
            self.report.count(report_kind, "created")
        self.records[kind][key] = ImportedItem.objects.create(
            site=self.site, kind=kind, wp_id=key, object_id=obj_id, content_hash=digest
        )
        self.alive[kind].add(obj_id)
        self.term_ids[kind][term.slug] = obj_id

    def _term_ids(self, item: WPItem):
        categories, tags = set(), set()
        for domain, nicename, name in item.categories:
            if domain == "category":
                kind, taxonomy, found = Kind.CATEGORY, "category", categories
            elif domain == "post_tag":
                kind, taxonomy, found = Kind.TAG, "post_tag", tags
            else:
                continue
            if nicename not in self.term_ids[kind]:
                # Used by the post but not declared in the channel: make it now.
                self._term(WPTerm(taxonomy=taxonomy, term_id="", slug=nicename, name=name))
            obj_id = self.term_ids[kind].get(nicename)
            if obj_id is not None:
                found.add(obj_id)
        return sorted(categories), sorted(tags)

    # Items

    def _item(self, item: WPItem):
        if item.post_type == "attachment":
            self._attachment(item)
            self._skip_comments(item, "on attachments (only comments on posts are imported)")
            return
        if item.post_type != "post":
            kind = "pages" if item.post_type == "page" else f"items of type “{item.post_type}”"
            self.report.count(
                "posts", "skipped", reason=f"{kind} (only posts are imported)", label=item.label
            )
            self._skip_comments(item, "on pages and other items that are not posts")
            return
        if self._needs_later_attachments(item):
            self.deferred.add(item.wp_id)
            return
        self._post(item)

    def _attachment(self, item: WPItem):
        caption = text_only(item.excerpt)
        attachment = Attachment(
            wp_id=item.wp_id,
            url=item.attachment_url,
            attached_file=item.meta.get("_wp_attached_file", ""),
            title=text_only(item.title),
            caption=caption,
            alt=text_only(item.meta.get("_wp_attachment_image_alt", "")),
            parent=item.parent,
            menu_order=_int(item.menu_order),
        )
        self.attachments[item.wp_id] = attachment
        if item.parent and item.parent != "0":
            siblings = self.attachment_children.setdefault(item.parent, [])
            siblings.append(item.wp_id)
            siblings.sort(key=lambda wp_id: (self.attachments[wp_id].menu_order, _int(wp_id)))

    def _needs_later_attachments(self, item: WPItem) -> bool:
        thumbnail = item.meta.get("_thumbnail_id", "")
        if thumbnail and thumbnail not in self.attachments:
            return True
        return "[gallery" in item.content

    def _skip_comments(self, item, reason):
        for _comment in item.comments:
            self.report.count("comments", "skipped", reason=reason)

    # Posts

    def _post(self, item: WPItem):
        if item.status in SKIPPED_POST_STATUSES:
            self.report.count(
                "posts", "skipped", reason=SKIPPED_POST_STATUSES[item.status], label=item.label
            )
            self._skip_comments(item, "on posts that were not imported")
            return
        try:
            plan = self._plan(item)
        except _InvalidPost as invalid:
            line = invalid.line or item.line
            if not self.skip_invalid:
                self._abort(
                    f"post {item.label}: {invalid.reason} Fix it in WordPress and export "
                    "again, or run with --skip-invalid to import everything else.",
                    line=line,
                )
            self.report.count("posts", "skipped", reason=invalid.short, label=item.label)
            self._skip_comments(item, "on posts that were not imported")
            return
        if plan.slug in self.slugs:  # a slug made up earlier in this run gives way
            self._move_made_up_slug(plan.slug)
        self.slugs[plan.slug] = _SlugOwner(item.wp_id, plan.title, plan.slug_made_up)
        article_id = self._write_post(plan)
        if article_id is None:
            self._skip_comments(item, "on posts deleted on this site")
            return
        self._write_comments(plan, article_id)
        self._write_rating(item, article_id)

    def _plan(self, item: WPItem) -> _PostPlan:
        """Check everything about the post and its comments before anything is written."""
        if not (item.wp_id.isascii() and item.wp_id.isdigit()):
            raise _InvalidPost("it has no valid WordPress ID (wp:post_id).", short="no ID")
        if item.wp_id in self.seen_posts:
            raise _InvalidPost("it appears twice in the export.", short="appears twice")
        self.seen_posts.add(item.wp_id)
        title = text_only(item.title)
        if not title:
            raise _InvalidPost("it has no title.", short="no title")
        if len(title) > Article._meta.get_field("title").max_length:
            raise _InvalidPost(
                f"its title has {len(title)} characters; at most 200 fit.",
                short="title too long",
            )
        if not item.creator:
            raise _InvalidPost("it has no author (dc:creator).", short="no author")
        status = POST_STATUSES.get(item.status, Article.Status.DRAFT)
        if item.status not in POST_STATUSES:
            self.report.note(
                f"Posts with the WordPress status “{item.status}” were imported as drafts."
            )
        if item.password and status != Article.Status.DRAFT:
            status = Article.Status.DRAFT
            self.report.note(
                "Password-protected posts were imported as drafts (this site has no "
                "post passwords): review them before publishing."
            )
        if item.status == "private":
            self.report.note("Private posts were imported as drafts.")
        published_at = None
        if status != Article.Status.DRAFT:
            published_at = _when(item.date_gmt, item.date, what="publication date")
            if published_at is None:
                raise _InvalidPost("it is published but has no date.", short="no date")
        slug, slug_made_up = self._plan_slug(item, title)
        excerpt = Truncator(text_only(item.excerpt)).chars(
            Article._meta.get_field("excerpt").max_length
        )
        return _PostPlan(
            item=item,
            slug=slug,
            status=status,
            published_at=published_at,
            title=title,
            excerpt=excerpt,
            comments=self._plan_comments(item),
            slug_made_up=slug_made_up,
            modified_at=_modified_at(item),
        )

    def _plan_slug(self, item, title):
        """(slug, made up). The post's own slug, which must be its own in the export and
        on this site; else (a draft has none, a non-Latin one gives nothing usable) one
        made from the title, as WordPress does on publishing. A made-up slug gives way to
        a post met later that has that slug as its own (`_move_made_up_slug`)."""
        limit = Article._meta.get_field("slug").max_length
        record = self.records[Kind.POST].get(item.wp_id)
        own_id = record.object_id if record else None
        slug = _slug(item.slug, limit)
        if slug:
            other = self.slugs.get(slug)
            if other is not None and other.made_up:
                return slug, False
            if other is not None:
                raise _InvalidPost(
                    f"its slug “{slug}” is also the slug of the post “{other.title}” "
                    f"(WordPress ID {other.wp_id}).",
                    short="duplicate slug",
                )
            taken_by = self.article_slugs.get(slug)
            if taken_by is not None and taken_by != own_id:
                other_title = Article.objects.filter(pk=taken_by).values_list("title", flat=True)
                raise _InvalidPost(
                    f"its slug “{slug}” is already used by the article “{other_title.first()}” "
                    "on this site.",
                    short="slug already used here",
                )
            return slug, False
        base = _slug(title, limit - 6) or f"post-{item.wp_id}"
        return self._free_slug(base, own_id), True

    def _free_slug(self, base, own_id=None, *, number=1):
        """`base`, else `base-2`, `base-3`... (from `base-<number>`): the first free."""
        slug = base if number == 1 else f"{base}-{number}"
        while slug in self.slugs or self.article_slugs.get(slug, own_id) != own_id:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def _move_made_up_slug(self, slug):
        """Give a slug made up for an earlier post of this run to the post whose own slug
        it is: the earlier one takes the next free `slug-N`."""
        owner = self.slugs.pop(slug)
        article_id = self.article_slugs.pop(slug, None)
        new = self._free_slug(slug, number=2)
        self.slugs[new] = owner
        if article_id is not None:
            Article.objects.filter(pk=article_id).update(slug=new)
            self.article_slugs[new] = article_id
        if slug in self.made_up_slugs:  # its fingerprint follows, so a rerun finds it unchanged
            wp_id, values = self.made_up_slugs.pop(slug)
            values["slug"] = new
            self.made_up_slugs[new] = (wp_id, values)
            record = self.records[Kind.POST].get(wp_id)
            if record is not None:
                record.content_hash = fingerprint(values)
                record.save(update_fields=["content_hash"])
        self.report.note(
            "Posts without a slug of their own got one made from the title; where a later "
            "post had that slug, it went to that post and the first got a number."
        )

    def _plan_comments(self, item: WPItem) -> list:
        by_id = {}
        for comment in item.comments:
            where = f"comment {comment.wp_id or '?'}"
            if not (comment.wp_id.isascii() and comment.wp_id.isdigit()):
                raise _InvalidPost(
                    "one of its comments has no valid ID (wp:comment_id).",
                    line=comment.line,
                    short="comment without ID",
                )
            if comment.wp_id in by_id or int(comment.wp_id) in self.seen_comments:
                raise _InvalidPost(
                    f"{where} appears twice in the export.",
                    line=comment.line,
                    short="comment twice",
                )
            try:
                created_at = _when(comment.date_gmt, comment.date, what="date")
            except _InvalidPost as invalid:
                raise _InvalidPost(
                    f"{where}: {invalid.reason}", line=comment.line, short="bad comment date"
                ) from None
            if created_at is None:
                raise _InvalidPost(
                    f"{where} has no date.", line=comment.line, short="comment without date"
                )
            parent = comment.parent if comment.parent not in ("", "0") else None
            by_id[comment.wp_id] = _CommentPlan(
                source=comment, created_at=created_at, parent=parent
            )
        self.seen_comments.update(int(wp_id) for wp_id in by_id)
        for wp_id, plan in by_id.items():
            if plan.parent is None:
                continue
            if plan.parent == wp_id:
                raise _InvalidPost(
                    f"comment {wp_id} replies to itself.",
                    line=plan.source.line,
                    short="comment replies to itself",
                )
            if plan.parent not in by_id:
                # WordPress's exporter leaves spam out, so a reply to a spam comment has
                # its parent missing from a perfectly normal export: it starts a thread.
                plan.parent = None
                self.report.note(
                    "Some comments reply to a comment that is not in the export (WordPress "
                    "leaves spam out of exports): they were imported as new threads."
                )
        for plan in by_id.values():
            seen, current = {plan.source.wp_id}, plan
            while current.parent is not None:
                if current.parent in seen:
                    raise _InvalidPost(
                        f"comments {', '.join(sorted(seen, key=int))} reply to each other "
                        "in a circle.",
                        line=plan.source.line,
                        short="comments replying in a circle",
                    )
                seen.add(current.parent)
                current = by_id[current.parent]
            plan.depth = len(seen)
        return sorted(by_id.values(), key=lambda plan: (plan.depth, int(plan.source.wp_id)))

    def _write_post(self, plan: _PostPlan):
        """Create or update the article; returns its pk (None when deleted here)."""
        item = plan.item
        record = self.records[Kind.POST].get(item.wp_id)
        if record is not None and record.object_id not in self.alive[Kind.POST]:
            self.report.count("posts", "skipped", reason=DELETED_HERE, label=item.label)
            return None
        author_id = self._user_for(item.creator, create=True)
        category_ids, tag_ids = self._term_ids(item)
        conversion = self.converter.convert(item.content, post_id=item.wp_id)
        self.report.removed_shortcodes.update(conversion.removed_shortcodes)
        if conversion.players:
            self.report.note(
                "Embedded players (videos, audio, iframes such as YouTube) became links to "
                "what they played: the site runs no third-party players."
            )
        if conversion.missing_attachments:
            self.report.note(
                "Some [gallery] images are not in the export and were left out: attachment "
                "IDs " + ", ".join(conversion.missing_attachments[:10]) + "."
            )
        body = self.media.rewrite(conversion.html)
        featured = self._featured_image(item)
        values = {
            "title": plan.title,
            "slug": plan.slug,
            "author_id": author_id,
            "excerpt": plan.excerpt,
            "body": body,
            "status": plan.status,
            "published_at": plan.published_at.isoformat() if plan.published_at else None,
            "categories": category_ids,
            "tags": tag_ids,
            "featured_image": featured,
            "comments_closed": item.comment_status == "closed",
        }
        digest = fingerprint(values)
        if plan.slug_made_up:  # kept in case the slug has to move (_move_made_up_slug)
            self.made_up_slugs[plan.slug] = (item.wp_id, values)

        if record is not None and record.content_hash == digest:
            self.report.count("posts", "unchanged")
            return record.object_id
        if record is not None:
            article = Article.objects.get(pk=record.object_id)
            self.article_slugs.pop(article.slug, None)
        else:
            article = Article()
        article.title = plan.title
        article.slug = plan.slug
        article.author_id = author_id
        article.excerpt = plan.excerpt
        article.body = body
        article.status = plan.status
        article.published_at = plan.published_at
        if featured is not None and not self.dry_run:
            article.featured_image = featured[0]
            article.featured_image_alt = featured[1]
        article.save()
        # "Updated" shows when the post changed in WordPress; an export without that date
        # says nothing of a first import (its publication stands), while a changed post
        # met again is updated now.
        updated_at = plan.modified_at or (plan.published_at if record is None else None)
        if updated_at:
            Article.objects.filter(pk=article.pk).update(updated_at=updated_at)
        if record is None:  # a new article: insert its links and settings directly
            _link(Article.categories.through, article.pk, "category_id", category_ids)
            _link(Article.tags.through, article.pk, "tag_id", tag_ids)
            if values["comments_closed"]:
                CommentThread.objects.create(article=article, is_closed=True)
            self.new_articles.add(article.pk)
        else:
            article.categories.set(category_ids)
            article.tags.set(tag_ids)
            if values["comments_closed"]:
                CommentThread.objects.update_or_create(
                    article=article, defaults={"is_closed": True}
                )
        self.article_slugs[plan.slug] = article.pk
        if record is None:
            self.records[Kind.POST][item.wp_id] = ImportedItem.objects.create(
                site=self.site,
                kind=Kind.POST,
                wp_id=item.wp_id,
                object_id=article.pk,
                content_hash=digest,
            )
            self.alive[Kind.POST].add(article.pk)
            self.report.count("posts", "created")
        else:
            self._remember(record, digest)
            self.report.count("posts", "updated")
        return article.pk

    def _featured_image(self, item: WPItem):
        """(storage name, alt text) of the post's featured image, copied into the site's
        media; None when it has none or the file cannot be had (the summary says why)."""
        thumbnail = item.meta.get("_thumbnail_id", "")
        if not thumbnail:
            return None
        attachment = self.attachments.get(thumbnail)
        if attachment is None:
            self.report.count(
                "media",
                "skipped",
                reason="featured image whose attachment is not in the export",
                label=f"attachment {thumbnail} of post {item.label}",
            )
            return None
        path = attachment.attached_file or self.media.path_of(attachment.url) or ""
        if not path:
            self.report.count(
                "media",
                "skipped",
                reason="featured image not under wp-content/uploads",
                label=attachment.url,
            )
            return None
        outcome = self.media.resolve(path, original_url=attachment.url)
        if not outcome.name:
            return None
        alt = attachment.alt or attachment.caption or ""
        return [outcome.name, Truncator(alt).chars(250)]

    # Comments

    def _write_comments(self, plan: _PostPlan, article_id):
        records = {}
        wp_ids = [comment.source.wp_id for comment in plan.comments]
        if self.has_comment_records and wp_ids:
            records = {
                record.wp_id: record
                for record in ImportedItem.objects.filter(
                    site=self.site, kind=Kind.COMMENT, wp_id__in=wp_ids
                ).annotate(alive=Exists(Comment.objects.filter(pk=OuterRef("object_id"))))
            }
        pk_by_wp = {}
        to_create = []  # (plan, values, digest)
        to_update = []  # (plan, values, digest, record)
        for comment_plan in plan.comments:
            source = comment_plan.source
            if source.comment_type not in IMPORTED_COMMENT_TYPES:
                reason = (
                    "pingbacks and trackbacks"
                    if source.comment_type in ("pingback", "trackback")
                    else f"comments of type “{source.comment_type}”"
                )
                self.report.count("comments", "skipped", reason=reason)
                continue
            values = self._comment_values(comment_plan, article_id)
            digest = fingerprint(values)
            record = records.get(source.wp_id)
            if record is None:
                to_create.append((comment_plan, values, digest))
            elif not record.alive:
                self.report.count(
                    "comments",
                    "skipped",
                    reason=DELETED_HERE,
                    label=f"comment {source.wp_id} on {plan.item.label}",
                )
            elif record.content_hash == digest:
                pk_by_wp[source.wp_id] = record.object_id
                self.report.count("comments", "unchanged")
            else:
                pk_by_wp[source.wp_id] = record.object_id
                to_update.append((comment_plan, values, digest, record))

        comments = _insert_threaded(to_create, pk_by_wp, self._comment)
        ImportedItem.objects.bulk_create(
            [
                ImportedItem(
                    site=self.site,
                    kind=Kind.COMMENT,
                    wp_id=comment_plan.source.wp_id,
                    object_id=comment.pk,
                    content_hash=digest,
                )
                for (comment_plan, _, digest), comment in zip(to_create, comments, strict=True)
            ],
            batch_size=BULK_BATCH,
        )
        self.report.counts["comments"]["created"] += len(comments)

        if to_update:
            existing = Comment.objects.in_bulk([record.object_id for *_, record in to_update])
            changed, now = [], timezone.now()
            for comment_plan, values, digest, record in to_update:
                comment = existing[record.object_id]
                updated = self._comment(values, pk_by_wp.get(comment_plan.parent or ""))
                for name in COMMENT_FIELDS:
                    setattr(comment, name, getattr(updated, name))
                changed.append(comment)
                record.content_hash, record.updated_at = digest, now
            Comment.objects.bulk_update(changed, COMMENT_FIELDS, batch_size=BULK_BATCH)
            ImportedItem.objects.bulk_update(
                [entry[3] for entry in to_update], ["content_hash", "updated_at"]
            )
            self.report.counts["comments"]["updated"] += len(to_update)

    def _comment_values(self, plan: _CommentPlan, article_id) -> dict:
        source = plan.source
        status = COMMENT_STATUSES.get(source.approved)
        if status is None:
            status = Comment.Status.PENDING
            self.report.note(
                f"Comments with the WordPress status “{source.approved}” were imported as "
                "awaiting moderation."
            )
        author_id = None
        if source.user_id not in ("", "0") and source.user_id in self.login_by_author_id:
            author_id = self._user_for(self.login_by_author_id[source.user_id], create=False)
        return {
            "article_id": article_id,
            "parent": plan.parent,
            "author_id": author_id,
            "author_name": _plain(source.author_name, 100) or "Anonymous",
            "author_email": _valid_email(source.author_email),
            "author_url": _valid_url_or_empty(source.author_url, 300),
            "body": source.content.replace("\r\n", "\n").strip(),
            "status": status,
            "created_at": plan.created_at.isoformat(),
            "imported_id": f"wp:{source.wp_id}",
        }

    @staticmethod
    def _comment(values, parent_id) -> Comment:
        return Comment(
            article_id=values["article_id"],
            parent_id=parent_id,
            author_id=values["author_id"],
            author_name=values["author_name"],
            author_email=values["author_email"],
            author_url=values["author_url"],
            body=values["body"],
            body_html=clean_comment_html(values["body"]),
            status=values["status"],
            created_at=datetime.fromisoformat(values["created_at"]),
            imported_id=values["imported_id"],
        )

    # Ratings

    def _write_rating(self, item: WPItem, article_id):
        """WP-PostRatings keeps each post's number of votes (ratings_users) and the sum of
        their stars (ratings_score); they become the article's imported totals, on the
        site's scale of 10 (--ratings-max says the old scale)."""
        users, score = item.meta.get("ratings_users"), item.meta.get("ratings_score")
        record = self.records[Kind.RATING].get(item.wp_id)
        if users is None and score is None and record is None:
            return
        count, total, problem = _rating_meta(users, score, self.ratings_max)
        if problem:
            self.report.count(
                "ratings",
                "skipped",
                reason=problem,
                label=f"{item.label}: {users} votes, score {score}",
            )
            return
        scaled = round(total * RATING_MAX_SCORE / self.ratings_max)
        scaled = min(max(scaled, count), count * RATING_MAX_SCORE)
        if not count:
            scaled = 0
        digest = fingerprint({"count": count, "sum": scaled})
        if record is not None and record.content_hash == digest:
            self.report.count("ratings", "unchanged")
            return
        if article_id in self.new_articles:
            RatingSummary.objects.create(
                article_id=article_id, imported_count=count, imported_sum=scaled
            )
        else:
            RatingSummary.objects.update_or_create(
                article_id=article_id, defaults={"imported_count": count, "imported_sum": scaled}
            )
        if record is None:
            self.records[Kind.RATING][item.wp_id] = ImportedItem.objects.create(
                site=self.site,
                kind=Kind.RATING,
                wp_id=item.wp_id,
                object_id=article_id,
                content_hash=digest,
            )
            self.report.count("ratings", "created")
        else:
            record.object_id = article_id
            self._remember(record, digest)
            self.report.count("ratings", "updated")

    @staticmethod
    def _remember(record, digest):
        record.content_hash = digest
        record.save(update_fields=["content_hash", "object_id", "updated_at"])


COMMENT_FIELDS = [
    "article_id",
    "parent_id",
    "author_id",
    "author_name",
    "author_email",
    "author_url",
    "body",
    "body_html",
    "status",
    "created_at",
    "imported_id",
]


# Small helpers


# Most votes one article's imported totals may hold (their sum, ten stars each, must fit
# the database's integer).
MAX_IMPORTED_VOTES = 100_000_000


def _rating_meta(users, score, ratings_max):
    """(votes, sum of stars, problem) from WP-PostRatings' meta; problem is None when they
    can be imported, else why not, for the summary."""
    try:
        count, total = float(users or 0), float(score or 0)
    except ValueError:
        return 0, 0.0, "rating meta that is not a number"
    if not (math.isfinite(count) and math.isfinite(total)) or count != int(count):
        return 0, 0.0, "rating meta that is not a number of votes"
    count = int(count)
    if count > MAX_IMPORTED_VOTES:
        return 0, 0.0, f"rating meta with more than {MAX_IMPORTED_VOTES:,} votes"
    if count < 0 or (count and not (count <= total <= count * ratings_max)):
        return 0, 0.0, f"rating meta out of range (votes 1 to {ratings_max} expected)"
    return count, total, None


def text_only(value) -> str:
    """Plain text from a bit of HTML: tags gone, entities decoded, and what was inside
    <script> or <style> dropped rather than shown."""
    value = (value or "").strip()
    if "<" not in value and "&" not in value:
        return value
    return strip_all_tags(value)


def _plain(value, limit) -> str:
    """Text without markup or entities, cut to `limit` characters."""
    return text_only(value)[:limit].strip()


def _slug(value, limit) -> str:
    """A slug the site's URLs accept. WordPress keeps non-ASCII slugs percent-encoded."""
    value = unquote((value or "").strip())
    if PLAIN_SLUG.fullmatch(value):
        return value.lower()[:limit].strip("-")
    return slugify(value)[:limit].strip("-")


def _valid_email(value) -> str:
    value = (value or "").strip()
    if not value or len(value) > 254:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def _valid_url_or_empty(value, limit) -> str:
    """Only http(s) addresses are kept: a commenter's "website" is shown as a link."""
    value = (value or "").strip()
    if not value or len(value) > limit:
        return ""
    try:
        _valid_url(value)
    except ValidationError:
        return ""
    return value


def _when(gmt, local, *, what):
    """A WordPress date as an aware datetime: the GMT field, else the local one read in
    the site's time zone (WXR does not say the blog's zone). None when both are empty."""
    try:
        moment = parse_date(gmt)
        if moment is not None:
            return as_utc(moment)
        moment = parse_date(local)
    except ValueError:
        raise _InvalidPost(f"its {what} “{gmt or local}” is not a date.") from None
    if moment is None:
        return None
    return timezone.make_aware(moment)


def _modified_at(item):
    """When the post was last changed in WordPress, or None (not in older exports, or not
    a date: the import's own time is used then)."""
    try:
        return _when(item.modified_gmt, item.modified, what="modification date")
    except _InvalidPost:
        return None


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _insert_threaded(entries, pk_by_wp, make_comment):
    """Insert new comments (`entries`: (plan, values, digest), parents before replies),
    recording each one's pk in pk_by_wp (WordPress ID -> pk) so replies can point at it.
    On PostgreSQL the pks are taken from the sequence first and the whole thread is one
    INSERT; elsewhere it is one INSERT per level of the thread. Returns the comments in
    the order of `entries`."""
    reserved = _reserve_ids(Comment, len(entries))
    if reserved is not None:
        comments = []
        for (plan, values, _), pk in zip(entries, reserved, strict=True):
            pk_by_wp[plan.source.wp_id] = pk
            comment = make_comment(values, pk_by_wp.get(plan.parent or ""))
            comment.pk = pk
            comments.append(comment)
        Comment.objects.bulk_create(comments, batch_size=BULK_BATCH)
        return comments
    made = {}
    for depth in sorted({plan.depth for plan, _, _ in entries}):
        level = [entry for entry in entries if entry[0].depth == depth]
        comments = [
            make_comment(values, pk_by_wp.get(plan.parent or "")) for plan, values, _ in level
        ]
        Comment.objects.bulk_create(comments, batch_size=BULK_BATCH)
        for (plan, _, _), comment in zip(level, comments, strict=True):
            pk_by_wp[plan.source.wp_id] = comment.pk
            made[plan.source.wp_id] = comment
    return [made[plan.source.wp_id] for plan, _, _ in entries]


def _reserve_ids(model, count):
    """`count` new primary keys from the table's sequence on PostgreSQL; None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _refresh_statistics(models):
    """A large import changes table sizes by orders of magnitude; without fresh statistics
    PostgreSQL's planner may scan instead of using the indexes in the next run (until
    autovacuum catches up)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _link(through, article_id, column, ids):
    """Insert the many-to-many rows of a new article in one statement."""
    if ids:
        through.objects.bulk_create(
            [through(article_id=article_id, **{column: value}) for value in ids]
        )


def _name_or_slug(name, slug):
    return Q(name__iexact=name) | Q(slug=slug)
