"""WordPress posts: each checked whole first (plans.py), then written as an article,
followed by its comments and its rating totals."""

from articles.models import Article
from comments.models import CommentThread

from ..content import BlocksTooLarge, ContentConverter, expand_reusable_blocks, footnotes_html
from ..wxr import WPItem
from .comments import skip_comments
from .ledger import Kind
from .plans import InvalidPost, Planner, PostPlan
from .slugs import Slugs

SKIPPED_POST_STATUSES = {
    "trash": "in WordPress's trash",
    "auto-draft": "automatic drafts never saved by their author",
    "inherit": "revisions",
}


class PostWriter:
    def __init__(
        self,
        context,
        *,
        authors,
        terms,
        attachments,
        comments,
        ratings,
        skip_invalid,
        pages,
        addresses,
        blocks,
    ):
        """`skip_invalid`: a post that cannot be imported is left out and listed, instead
        of stopping the run. WordPress pages are written here too (articles of kind
        "page"); `pages` places them under their parents once all are written,
        `addresses` remembers their old addresses, `blocks` holds the reusable blocks'
        content (WordPress ID -> text) to expand in place."""
        self.context = context
        self.pages = pages
        self.addresses = addresses
        self.blocks = blocks
        self.authors = authors
        self.terms = terms
        self.attachments = attachments
        self.comments = comments
        self.ratings = ratings
        self.skip_invalid = skip_invalid
        self.slugs = Slugs(context)
        self._expanded = {}  # WordPress ID -> (content with its blocks, blocks missing)
        self.planner = Planner(context, self.slugs)
        self.converter = ContentConverter(
            attachments=attachments.by_id, children=attachments.children
        )

    def write(self, item: WPItem):
        report = self.context.report
        report_kind = "pages" if item.post_type == "page" else "posts"
        if item.status in SKIPPED_POST_STATUSES:
            report.count(
                report_kind, "skipped", reason=SKIPPED_POST_STATUSES[item.status], label=item.label
            )
            skip_comments(report, item, "on posts that were not imported")
            return
        try:
            plan = self.planner.plan(item)
            self._expanded[item.wp_id] = self._expand_blocks(item)
        except InvalidPost as invalid:
            if not self.skip_invalid:
                self.context.abort(
                    f"{report_kind[:-1]} {item.label}: {invalid.reason} Fix it in WordPress "
                    "and export again, or run with --skip-invalid to import everything else.",
                    line=invalid.line or item.line,
                )
            report.count(report_kind, "skipped", reason=invalid.short, label=item.label)
            skip_comments(report, item, "on posts that were not imported")
            return
        self.slugs.claim(plan.slug, wp_id=item.wp_id, title=plan.title, made_up=plan.slug_made_up)
        article_id = self.context.ledger.import_item(
            Kind.POST,
            item.wp_id,
            values=lambda: self._values(plan),
            write=lambda article_id, values: self._save(plan, values, article_id),
            label=item.label,
            report_kind=report_kind,
        )
        if article_id is None:
            skip_comments(report, item, "on posts deleted on this site")
            return
        if plan.kind == Article.Kind.PAGE:
            self.pages.add(item, article_id)
        self.addresses.add_item(item, article_id)
        self.comments.write(plan, article_id)
        self.ratings.write(item, article_id)

    def _expand_blocks(self, item):
        """(the post's text with its reusable blocks in place, the IDs of those missing);
        InvalidPost when they expand past all reason."""
        missing = []
        try:
            return expand_reusable_blocks(item.content, self.blocks, missing=missing), missing
        except BlocksTooLarge as too_large:
            raise InvalidPost(f"{too_large}.", short="reusable blocks too large") from None

    def _values(self, plan: PostPlan) -> dict:
        """What the article is made of; makes the author's account and copies the media
        the post uses."""
        item, report = plan.item, self.context.report
        author_id = self.authors.user_for(item.creator, create=True)
        category_ids, tag_ids = self.terms.ids_for(item)
        content, missing_blocks = self._expanded.pop(item.wp_id, None) or self._expand_blocks(item)
        if missing_blocks:
            report.note(
                "Some reusable blocks are not in the export and were left out of the posts "
                "using them: block IDs " + ", ".join(sorted(set(missing_blocks))[:10]) + "."
            )
        conversion = self.converter.convert(content, post_id=item.wp_id)
        report.removed_shortcodes.update(conversion.removed_shortcodes)
        if conversion.players:
            report.note(
                "Embedded players (videos, audio, iframes such as YouTube) became links to "
                "what they played: the site runs no third-party players."
            )
        if conversion.missing_attachments:
            report.note(
                "Some [gallery] images are not in the export and were left out: attachment "
                "IDs " + ", ".join(conversion.missing_attachments[:10]) + "."
            )
        values = {
            "title": plan.title,
            "slug": plan.slug,
            "author_id": author_id,
            "excerpt": plan.excerpt,
            "body": self.context.media.rewrite(conversion.html + footnotes_html(plan.footnotes)),
            "status": plan.status,
            "published_at": plan.published_at.isoformat() if plan.published_at else None,
            "categories": category_ids,
            "tags": tag_ids,
            "featured_image": self.attachments.featured_image(item),
            "comments_closed": item.comment_status == "closed",
        }
        if plan.kind == Article.Kind.PAGE:  # (posts' fingerprints stay as they were)
            values["kind"] = plan.kind
            values["parent"] = item.parent  # its WordPress ID: placed by PageWriter
        if plan.slug_made_up:
            self.slugs.keep_values(plan.slug, item.wp_id, values)
        return values

    def _save(self, plan: PostPlan, values, article_id):
        """Create the article (article_id None) or update it; returns its pk."""
        new = article_id is None
        article = Article() if new else Article.objects.get(pk=article_id)
        previous_slug = None if new else article.slug
        article.title = plan.title
        article.slug = plan.slug
        article.author_id = values["author_id"]
        article.excerpt = plan.excerpt
        article.body = values["body"]
        article.status = plan.status
        article.published_at = plan.published_at
        article.kind = plan.kind
        featured = values["featured_image"]
        if featured is not None and not self.context.dry_run:
            article.featured_image, article.featured_image_alt = featured
        article.save()
        # "Updated" shows when the post changed in WordPress; an export without that date
        # says nothing of a first import (its publication stands), while a changed post
        # met again is updated now.
        updated_at = plan.modified_at or (plan.published_at if new else None)
        if updated_at:
            Article.objects.filter(pk=article.pk).update(updated_at=updated_at)
        if new:  # its links and settings are inserted directly
            _link(Article.categories.through, article.pk, "category_id", values["categories"])
            _link(Article.tags.through, article.pk, "tag_id", values["tags"])
            if values["comments_closed"]:
                CommentThread.objects.create(article=article, is_closed=True)
        else:
            article.categories.set(values["categories"])
            article.tags.set(values["tags"])
            if values["comments_closed"]:
                CommentThread.objects.update_or_create(
                    article=article, defaults={"is_closed": True}
                )
        self.slugs.article_saved(article.pk, slug=plan.slug, previous=previous_slug)
        return article.pk


def _link(through, article_id, column, ids):
    """Insert the many-to-many rows of a new article in one statement."""
    if ids:
        through.objects.bulk_create(
            [through(article_id=article_id, **{column: value}) for value in ids]
        )
