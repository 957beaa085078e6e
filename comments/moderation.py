"""The moderation policy: who may post at all, and who is trusted. Settings are in
comments/conf.py.

`check_can_post` refuses a suspended reader and a closed thread. Whether a comment appears at
once, is held for a moderator or is spam (and the flood and duplicate refusals) is decided by
screening (comments/screening.py); staff and the article's author are not screened.
"""

import re
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import suspensions

from .conf import conf
from .models import CommentThread

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


def check_can_post(*, article, author, now=None):
    """Raise CommentRefused when this reader may not post on this article at all (suspended,
    or comments closed). Not screening: it applies to trusted posters too."""
    now = now or timezone.now()
    suspension = suspensions.current(author, now)
    if suspension is not None:
        raise CommentRefused(suspensions.explain(suspension))
    if comments_closed(article):
        raise CommentRefused(_("Comments are closed on this article."))
