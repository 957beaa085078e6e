"""Following: a reader with an account follows one thread (a top-level comment and its
replies) or all the comments on an article, and is emailed of each new comment there.

The rules, in one place:
- Who: readers with an account (a suspended reader too: following only reads). What: a
  published thread (its first comment approved, not hidden) or an article that is live.
  Following twice changes nothing; unfollowing what one does not follow neither.
- When: a comment becomes public (posted and approved at once, or approved later by a
  moderator; comments/notifications.comment_approved calls `comment_approved`). Each
  follower of its article, or of its thread, is told once (Notification kind FOLLOWED,
  unique per comment and person), never of their own comment, and not at all when this
  comment already brings them another email (the article's author's "new comment", a
  "reply to your comment"): one email per comment per person.
- How: through the same queue, preferences (at once, daily digest, never: "New comment
  in a thread you follow" on the Email settings page) and worker as every notification.
- Stopping: every such email carries a one-click unsubscribe link (and List-Unsubscribe
  headers) that unfollows everything the reader follows on that article (the thread and
  the article's comments), and nothing elsewhere; the page it opens offers, as a second
  button, to stop every "thread you follow" email (the kind set to "never"). Their
  notifications page (/comments/notifications/) lists what they follow, each with an
  Unfollow button.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy

from articles.models import attach_page_paths

from .models import Comment, Follow, Notification
from .moderation import CommentRefused

NOT_FOLLOWABLE = gettext_lazy("That thread is not published, so it cannot be followed.")
NOT_LIVE = gettext_lazy("This article is not published, so its comments cannot be followed.")

UNSUBSCRIBE_SALT = "comments.follow-unsubscribe"
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)


class FollowRefused(CommentRefused):
    """Following refused; the message is for the reader."""


@dataclass(frozen=True)
class FollowState:
    """What a logged-in reader follows on one article, for its comment section."""

    article_followed: bool
    threads: frozenset
    csrf_token: str
    article_url: str


def follow_state(*, article, user, csrf_token) -> FollowState | None:
    """One query: the reader's follows on the article (None for visitors)."""
    if not user.is_authenticated or not csrf_token:
        return None
    threads = list(Follow.objects.filter(user=user, article=article).values_list("thread_id"))
    return FollowState(
        article_followed=(None,) in threads,
        threads=frozenset(thread for (thread,) in threads if thread is not None),
        csrf_token=csrf_token,
        article_url=reverse("comments:follow-article", kwargs={"slug": article.slug}),
    )


def _check_thread(thread: Comment):
    if not thread.article.is_live:
        raise FollowRefused(NOT_LIVE)
    if thread.parent_id is not None or thread.status != Comment.Status.APPROVED or thread.is_hidden:
        raise FollowRefused(NOT_FOLLOWABLE)


def follow_create(*, user, article, thread: Comment | None = None) -> Follow:
    """Follow the article's comments, or with `thread` (its first comment) one thread.
    Returns the follow (the existing one when already followed)."""
    if thread is not None:
        _check_thread(thread)
        article = thread.article
    elif not article.is_live:
        raise FollowRefused(NOT_LIVE)
    # ON CONFLICT DO NOTHING: two clicks at once make one row, and no error.
    Follow.objects.bulk_create(
        [Follow(user=user, article=article, thread=thread)], ignore_conflicts=True
    )
    return Follow.objects.get(user=user, article=article, thread=thread)


def follow_delete(*, user, article, thread: Comment | None = None) -> bool:
    """Stop following the article's comments (or one thread). True if there was a follow."""
    deleted, _ = Follow.objects.filter(user=user, article=article, thread=thread).delete()
    return bool(deleted)


def follows_of(user) -> list[Follow]:
    """What the reader follows, newest first, with the articles and threads joined (and
    the pages' addresses read in one query at most)."""
    follows = list(
        Follow.objects.filter(user=user).select_related("article", "thread", "thread__author")
    )
    attach_page_paths([follow.article for follow in follows])
    return follows


def notifications_of(user, *, limit=30):
    """The latest emails written for the reader (sent, waiting or given up)."""
    return (
        Notification.objects.filter(recipient=user)
        .select_related("comment", "comment__article", "comment__author")
        .order_by("-created_at", "-pk")[:limit]
    )


def followers(comment: Comment):
    """The people told of `comment` as followers: of its article, or of its thread (not
    of the comment itself when it starts the thread), less those this comment already
    brings another email."""
    root_id = Comment.objects.thread_root_id(comment)
    followed = Q(article_id=comment.article_id, thread__isnull=True)
    if root_id != comment.pk:
        followed |= Q(thread_id=root_id)
    follows = Follow.objects.filter(followed)
    already = Notification.objects.filter(comment=comment).values("recipient_id")
    return (
        get_user_model()
        .objects.filter(pk__in=follows.values("user_id"))
        .exclude(pk__in=already)
        .exclude(pk=comment.author_id)
        .order_by("pk")
    )


def comment_approved(comment: Comment):
    """A comment became public: queue the followers' emails (in the caller's transaction)."""
    from . import notifications  # notifications calls this function

    people = list(followers(comment))
    if people:
        notifications._queue(  # noqa: SLF001 - the app's one queue
            Notification.Kind.FOLLOWED, comment, people
        )


# One-click unsubscribe ----------------------------------------------------------------


def unsubscribe_token(*, user, article_id) -> str:
    return signing.dumps({"u": user.pk, "a": article_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_path(*, user, article_id) -> str:
    token = unsubscribe_token(user=user, article_id=article_id)
    return reverse("comments:follow-unsubscribe", args=[token])


@dataclass
class Unfollow:
    user: object
    article: object


def unsubscribe_read(token: str) -> Unfollow | None:
    """The person and article a link names; None if it was altered, is too old, or names
    what no longer exists."""
    from articles.models import Article

    try:
        data = signing.loads(
            token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE.total_seconds()
        )
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or set(data) != {"u", "a"}:
        return None
    if not all(isinstance(value, int) for value in data.values()):
        return None
    user = get_user_model().objects.filter(pk=data["u"]).first()
    article = Article.objects.filter(pk=data["a"]).first()
    if user is None or article is None:
        return None
    return Unfollow(user=user, article=article)


@transaction.atomic
def unsubscribe(*, link: Unfollow, everything=False) -> int:
    """Unfollow all the link's person follows on its article (and, with `everything`, stop
    every "thread you follow" email). Returns how many follows ended."""
    deleted, _ = Follow.objects.filter(user=link.user, article=link.article).delete()
    if everything:
        from . import preferences

        preferences.preference_set(
            user=link.user, kind=Notification.Kind.FOLLOWED, delivery=preferences.Delivery.NEVER
        )
    return deleted
