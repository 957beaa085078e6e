"""The comments of a post, written in bulk a post's worth at a time (a blog may have
millions), past comment_create: the run retires the cached pages at its end."""

from datetime import datetime

from comments.models import Comment
from sciatica_site.sanitizer import clean_comment_html

from ..content import plain_title
from .fields import email_or_empty, url_or_empty
from .ledger import BULK_BATCH, Kind
from .plans import CommentPlan, PostPlan

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


def skip_comments(report, item, reason):
    for _comment in item.comments:
        report.count("comments", "skipped", reason=reason)


class CommentWriter:
    def __init__(self, context, *, authors, reserve_ids):
        """`reserve_ids(model, count)` gives `count` new pks from the table's sequence, or
        None where the database cannot: a thread is then inserted a level at a time."""
        self.context = context
        self.authors = authors
        self.reserve_ids = reserve_ids

    def write(self, plan: PostPlan, article_id):
        plans, items = {}, []
        for comment_plan in plan.comments:
            source = comment_plan.source
            if source.comment_type not in IMPORTED_COMMENT_TYPES:
                reason = (
                    "pingbacks and trackbacks"
                    if source.comment_type in ("pingback", "trackback")
                    else f"comments of type “{source.comment_type}”"
                )
                self.context.report.count("comments", "skipped", reason=reason)
                continue
            plans[source.wp_id] = comment_plan
            values = self._values(comment_plan, article_id)
            items.append((source.wp_id, values, f"comment {source.wp_id} on {plan.item.label}"))

        def create(new, known):
            entries = [(plans[wp_id], values) for wp_id, values in new]
            return [comment.pk for comment in self._insert_threaded(entries, known)]

        def update(changed, known):
            existing = Comment.objects.in_bulk([object_id for object_id, _ in changed])
            comments = []
            for object_id, values in changed:
                comment = existing[object_id]
                updated = _comment(values, known.get(values["parent"] or ""))
                for name in COMMENT_FIELDS:
                    setattr(comment, name, getattr(updated, name))
                comments.append(comment)
            Comment.objects.bulk_update(comments, COMMENT_FIELDS, batch_size=BULK_BATCH)

        self.context.ledger.import_batch(Kind.COMMENT, items, create=create, update=update)

    def _values(self, plan: CommentPlan, article_id) -> dict:
        source = plan.source
        status = COMMENT_STATUSES.get(source.approved)
        if status is None:
            status = Comment.Status.PENDING
            self.context.report.note(
                f"Comments with the WordPress status “{source.approved}” were imported as "
                "awaiting moderation."
            )
        return {
            "article_id": article_id,
            "parent": plan.parent,
            "author_id": self.authors.commenter_id(source.user_id),
            # A name, like the site's display names: text without markup.
            "author_name": plain_title(source.author_name)[:100].strip() or "Anonymous",
            "author_email": email_or_empty(source.author_email),
            "author_url": url_or_empty(source.author_url, 300),
            "body": source.content.replace("\r\n", "\n").strip(),
            "status": status,
            "created_at": plan.created_at.isoformat(),
            "imported_id": f"wp:{source.wp_id}",
        }

    def _insert_threaded(self, entries, pk_by_wp):
        """Insert new comments (`entries`: (plan, values), parents before replies),
        recording each one's pk in pk_by_wp (WordPress ID -> pk) so replies can point at
        it. With reserved pks the whole thread is one INSERT; else one INSERT per level of
        the thread. Returns the comments in the order of `entries`."""
        reserved = self.reserve_ids(Comment, len(entries))
        if reserved is not None:
            comments = []
            for (plan, values), pk in zip(entries, reserved, strict=True):
                pk_by_wp[plan.source.wp_id] = pk
                comment = _comment(values, pk_by_wp.get(plan.parent or ""))
                comment.pk = pk
                comments.append(comment)
            Comment.objects.bulk_create(comments, batch_size=BULK_BATCH)
            return comments
        made = {}
        for depth in sorted({plan.depth for plan, _ in entries}):
            level = [entry for entry in entries if entry[0].depth == depth]
            comments = [_comment(values, pk_by_wp.get(plan.parent or "")) for plan, values in level]
            Comment.objects.bulk_create(comments, batch_size=BULK_BATCH)
            for (plan, _), comment in zip(level, comments, strict=True):
                pk_by_wp[plan.source.wp_id] = comment.pk
                made[plan.source.wp_id] = comment
        return [made[plan.source.wp_id] for plan, _ in entries]


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
