"""The moderation policy: every rule that decides whether a comment may be posted and
whether it appears at once, in one place. Settings are in comments/conf.py.

`check_can_post` refuses (closed thread, flood, duplicate); `initial_status` decides between
approved, held for moderation and spam. Staff and the article's author are never held.
"""

import re
from datetime import timedelta

from django.utils import timezone

from accounts import suspensions

from .conf import conf
from .models import Comment, CommentThread

_ANCHOR = re.compile(r"<a\s[^>]*>.*?</a>", re.S)
_ADDRESS = re.compile(r"https?://|www\.", re.I)


def count_links(body_html: str) -> int:
    """How many links the comment shows, counted in the HTML it became (after the
    sanitiser and linkify), so that no spelling of a link is missed (<a/href=//host>):
    its links, and the web addresses left as text."""
    return len(_ANCHOR.findall(body_html)) + len(_ADDRESS.findall(_ANCHOR.sub(" ", body_html)))


class CommentRefused(Exception):
    """A comment that may not be posted; the message is for the reader."""

    def __init__(self, message, *, field=None):
        super().__init__(message)
        self.message = message
        self.field = field


def is_trusted(*, article, author) -> bool:
    return bool(author and (author.is_staff or author.pk == article.author_id))


def comments_closed(article, thread: CommentThread | None = None) -> bool:
    """Closed by its switch, or automatically once the article is older than
    COMMENTS_CLOSE_AFTER_DAYS (off by default)."""
    if thread is None:
        thread = CommentThread.objects.filter(article=article).first()
    if thread is not None and thread.is_closed:
        return True
    days = conf.CLOSE_AFTER_DAYS
    return bool(
        days
        and article.published_at
        and article.published_at < timezone.now() - timedelta(days=days)
    )


def _contains_word(text: str, words) -> bool:
    lowered = text.lower()
    return any(word.strip() and word.strip().lower() in lowered for word in words)


def check_can_post(*, article, author, body, now=None):
    """Raise CommentRefused when this comment may not be posted at all."""
    now = now or timezone.now()
    suspension = suspensions.current(author, now)
    if suspension is not None:
        raise CommentRefused(suspensions.explain(suspension))
    if comments_closed(article):
        raise CommentRefused("Comments are closed on this article.")
    if is_trusted(article=article, author=author):
        return
    recent = Comment.objects.filter(author=author).order_by("-created_at").first()
    wait = conf.FLOOD_SECONDS
    if recent and wait and (now - recent.created_at).total_seconds() < wait:
        remaining = int(wait - (now - recent.created_at).total_seconds()) + 1
        raise CommentRefused(
            f"You are posting too quickly. You can post again in {remaining} "
            f"second{'s' if remaining != 1 else ''}."
        )
    if (
        Comment.objects.filter(article=article, author=author, body__iexact=body.strip())
        .exclude(status=Comment.Status.REMOVED)
        .exists()
    ):
        raise CommentRefused("You have already said that on this article.", field="body")


def initial_status(*, article, author, body, body_html) -> str:
    """Approved, held for a moderator, or spam."""
    if is_trusted(article=article, author=author):
        return Comment.Status.APPROVED
    if _contains_word(body, conf.BLOCKED_WORDS):
        return Comment.Status.SPAM
    if count_links(body_html) > conf.MAX_LINKS:
        return Comment.Status.PENDING
    if _contains_word(body, conf.MODERATION_WORDS):
        return Comment.Status.PENDING
    if conf.HOLD_FIRST_COMMENT and not (
        Comment.objects.filter(author=author, status=Comment.Status.APPROVED).exists()
    ):
        return Comment.Status.PENDING
    return Comment.Status.APPROVED
