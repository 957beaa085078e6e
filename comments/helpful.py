""" "Helpful" votes on comments: how they are counted. Every change goes through here (the
view, tests and the recount command call these functions).

The rules:
- Readers with an account mark a published comment (approved, not hidden, not deleted)
  as helpful, once each; a second click takes it back. Not their own comment, and not
  while they are suspended (accounts.suspensions).
- Each comment keeps its count (Comment.helpful_count) beside the votes, so a thread and
  its "Most helpful" order are read in the thread's one query.

Counted exactly however many readers click at once, as ratings count stars: each change
locks the comment's row first (SELECT … FOR UPDATE), so the reader's vote, read after the
lock, is current; the vote row and the count (count = count + 1, by the database) change in
one transaction. `helpful_recount` recomputes every count from the votes
(`manage.py recount_helpful`)."""

from django.db import transaction
from django.db.models import Count, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import suspensions
from caching import invalidation

from .models import Comment, HelpfulVote
from .moderation import CommentRefused

NOT_PUBLIC = gettext_lazy("That comment is not published, so it cannot be marked helpful.")
OWN_COMMENT = gettext_lazy("You cannot mark your own comment as helpful.")


class HelpfulRefused(CommentRefused):
    """A vote that cannot be counted; the message says why, for a person."""


def may_vote(*, user, comment) -> bool:
    """Whether the "Helpful" button is offered to `user` on `comment` (a ThreadComment or
    a Comment): readers with an account, on others' published comments."""
    return bool(
        user.is_authenticated
        and comment.author_id != user.pk
        and comment.status == Comment.Status.APPROVED
        and not comment.is_deleted
    )


def _lock(comment_id) -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        raise HelpfulRefused(_("That comment no longer exists."))
    return comment


def _changed(comment, delta):
    Comment.objects.filter(pk=comment.pk).update(helpful_count=F("helpful_count") + delta)
    invalidation.thread_changed(slug=comment.article.slug)


@transaction.atomic
def helpful_cast(*, user, comment) -> int:
    """Mark `comment` helpful from `user`; nothing changes if they had already. Returns the
    comment's count. Raises HelpfulRefused (why) or accounts.suspensions.Suspended."""
    suspensions.check(user)
    comment = _lock(comment.pk)
    if not comment.article.is_live or comment.is_hidden or not may_vote(user=user, comment=comment):
        raise HelpfulRefused(OWN_COMMENT if comment.author_id == user.pk else NOT_PUBLIC)
    if not HelpfulVote.objects.filter(comment=comment, user=user).exists():
        HelpfulVote.objects.create(comment=comment, user=user)
        _changed(comment, 1)
        return comment.helpful_count + 1
    return comment.helpful_count


@transaction.atomic
def helpful_withdraw(*, user, comment) -> int:
    """Take back `user`'s helpful on `comment` (nothing changes if there was none). Returns
    the comment's count. Allowed on a comment since held or hidden (taking back only ever
    removes), not while suspended: a suspension stops every vote, as with star ratings.
    Raises accounts.suspensions.Suspended."""
    suspensions.check(user)
    comment = _lock(comment.pk)
    deleted = HelpfulVote.objects.filter(comment=comment, user=user).delete()[0]
    if deleted:
        _changed(comment, -1)
        return comment.helpful_count - 1
    return comment.helpful_count


def helpful_recount() -> int:
    """Set every comment's count from its votes; returns how many counts were wrong."""
    actual = Subquery(
        HelpfulVote.objects.filter(comment=OuterRef("pk"))
        .order_by()
        .values("comment")
        .annotate(total=Count("pk"))
        .values("total")
    )
    with transaction.atomic():
        wrong = list(
            Comment.objects.select_for_update(of=("self",))
            .annotate(actual=Coalesce(actual, 0))
            .exclude(helpful_count=F("actual"))
            .values_list("pk", "actual", "article__slug")
        )
        for pk, count, _slug in wrong:
            Comment.objects.filter(pk=pk).update(helpful_count=count)
        for slug in {slug for _pk, _count, slug in wrong}:
            invalidation.thread_changed(slug=slug)
    return len(wrong)


@transaction.atomic
def helpful_forget(*, user) -> int:
    """Take back every helpful vote of `user` (their account is being deleted: the votes
    would otherwise go by cascade and leave the counts too high). Returns how many. Not a
    reader's action, so a suspension does not stop it; one lock, one update and one
    delete for all the comments, each thread's page retired once."""
    comments = list(
        Comment.objects.select_for_update(of=("self",))
        .filter(helpful_votes__user=user)
        .order_by("pk")  # in id order: two deletions at once never deadlock
        .values_list("pk", "article__slug")
    )
    ids = [pk for pk, _slug in comments]
    Comment.objects.filter(pk__in=ids).update(helpful_count=F("helpful_count") - 1)
    HelpfulVote.objects.filter(user=user, comment_id__in=ids).delete()
    for slug in {slug for _pk, slug in comments}:
        invalidation.thread_changed(slug=slug)
    return len(ids)
