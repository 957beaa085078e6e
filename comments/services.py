"""Writes to comments: plain functions that views, the admin, commands and tests share."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from sciatica_site.sanitizer import clean_comment_html

from . import moderation
from .conf import conf
from .models import Comment
from .moderation import CommentRefused


def _check_body(body: str) -> str:
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise CommentRefused("Write something first: the comment is empty.", field="body")
    if len(body) > conf.MAX_LENGTH:
        raise CommentRefused(
            f"Comments can be at most {conf.MAX_LENGTH:,} characters; "
            f"yours has {len(body):,}. Shorten it and post again.",
            field="body",
        )
    return body


def comment_create(*, article, author, body, parent=None, notify_replies=False) -> Comment:
    """Post a comment (or a reply to `parent`) by a logged-in reader. Raises CommentRefused
    with a message for the reader when the rules say no; writes nothing then."""
    body = _check_body(body)
    if parent is not None:
        visible = Comment.objects.visible_to(author).filter(pk=parent.pk, article=article)
        if parent.article_id != article.pk or parent.is_deleted or not visible.exists():
            raise CommentRefused("The comment you are replying to is not available.")
    moderation.check_can_post(article=article, author=author, body=body)
    return Comment.objects.create(
        article=article,
        author=author,
        parent=parent,
        body=body,
        body_html=clean_comment_html(body),
        status=moderation.initial_status(article=article, author=author, body=body),
        notify_replies=notify_replies,
    )


def can_edit(*, comment: Comment, user, now=None) -> bool:
    now = now or timezone.now()
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and not comment.is_deleted
        and comment.status in (Comment.Status.APPROVED, Comment.Status.PENDING)
        and now - comment.created_at <= timedelta(seconds=conf.EDIT_WINDOW_SECONDS)
    )


def can_delete(*, comment: Comment, user) -> bool:
    return user.is_authenticated and comment.author_id == user.pk and not comment.is_deleted


@transaction.atomic
def comment_edit(*, comment: Comment, user, body) -> Comment:
    """Change a comment's text, by its author, within the edit window."""
    if not can_edit(comment=comment, user=user):
        raise PermissionDenied(
            "You can edit your own comments for "
            f"{conf.EDIT_WINDOW_SECONDS // 60} minutes after posting them."
        )
    body = _check_body(body)
    comment.body = body
    comment.body_html = clean_comment_html(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user) -> bool:
    """Delete a comment by its author. One that has replies stays, emptied, as "This
    comment was deleted", so the thread survives. Returns True if the row is gone."""
    if not can_delete(comment=comment, user=user):
        raise PermissionDenied("You can only delete your own comments.")
    if comment.replies.exists():
        comment.is_deleted = True
        comment.body = ""
        comment.body_html = ""
        comment.save(update_fields=["is_deleted", "body", "body_html"])
        return False
    comment.delete()
    return True
