"""Pinned answers: one reply per thread (a top-level comment and its replies) shown first
among the thread's replies as "Answer from <role>", and listed at the top of the comments.

The rules, in one place:
- Who may pin and unpin: the people who hold a badge on the article (comments.queries.
  badges_for): its author, medical reviewers, moderators. Any of them may unpin or
  replace what another pinned.
- What may be pinned: a published reply (approved, not hidden by reports, not deleted) of
  the thread, written by someone who holds a badge on the article when it is pinned. An
  answer is labelled with its writer's role, and a reader's reply pinned "as the answer"
  would read as the site vouching for lay advice: readers' replies can be liked, quoted or
  answered, not pinned.
- One answer per thread: pinning another reply replaces the first (both logged).
- A suspended person (accounts.suspensions; staff too) pins and unpins nothing until the
  suspension ends: told why, nothing changes.
- A pin shows only while it still holds: a reply later removed, held, deleted, or whose
  writer no longer holds a badge stays pinned in the database but is shown as an ordinary
  reply (or not at all), and is left out of the list at the top (comments.page).

Every pin and unpin is written to the audit log (ModerationEvent PIN / UNPIN, on the
answer) and retires the article's page (caching.invalidation.thread_changed).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import suspensions
from caching import invalidation

from .models import Comment, ModerationEvent
from .moderation import CommentRefused
from .queries import badges_for

NOT_ALLOWED = gettext_lazy(
    "Only the article’s author, medical reviewers and moderators can pin answers."
)


class PinRefused(CommentRefused):
    """A pin or unpin that cannot be done; the message says why, for a person."""


def _may_act(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _check_not_suspended(user):
    """PinRefused, with the suspension's end and reason, for a suspended person."""
    suspension = suspensions.current(user)
    if suspension is not None:
        refusal = _(
            "Nothing was changed: you cannot pin or unpin answers while your account is suspended."
        )
        raise PinRefused(f"{refusal} {suspensions.explain(suspension)}")


def may_pin(*, user, article) -> bool:
    """Whether `user` may pin and unpin answers in the threads of `article`."""
    return _may_act(user) and user.pk in badges_for(article, [user.pk])


@transaction.atomic
def answer_pin(*, reply: Comment, by, thread: Comment | None = None) -> Comment:
    """Pin `reply` as its thread's answer and return the thread's first comment.

    `thread`: the thread the person pinned in (the page's button names it); the reply must
    belong to it. Raises PermissionDenied when `by` may not pin on the article, PinRefused
    (with the reason) for a reply that cannot be pinned; nothing is written then."""
    reply = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article")
        .filter(pk=reply.pk)
        .first()
    )
    if reply is None:
        raise PinRefused(_("That reply no longer exists."))
    article = reply.article
    if thread is not None and thread.article_id != article.pk:
        raise PinRefused(
            _("That reply is on another article: only a reply in this thread can be pinned.")
        )
    # Who pins and who wrote the reply, in one query.
    held = badges_for(article, [by.pk, reply.author_id]) if _may_act(by) else {}
    if by.pk not in held:
        raise PermissionDenied(NOT_ALLOWED)
    _check_not_suspended(by)
    if reply.parent_id is None:
        raise PinRefused(
            _(
                "A thread’s first comment is the question: pin one of the replies to it as "
                "the answer."
            )
        )
    if reply.is_deleted or reply.is_hidden or reply.status != Comment.Status.APPROVED:
        raise PinRefused(
            _("Only a published reply can be pinned: this one is held, hidden, removed or deleted.")
        )
    writer_badges = held.get(reply.author_id)
    if not writer_badges:
        raise PinRefused(
            _(
                "Only a reply from the article’s author, a medical reviewer or a moderator can be "
                "pinned as the answer."
            )
        )
    root = Comment.objects.select_for_update().get(pk=Comment.objects.thread_root_id(reply))
    if thread is not None and thread.pk != root.pk:
        raise PinRefused(_("That reply belongs to another thread: pin a reply of this thread."))
    if root.answer_id == reply.pk:
        raise PinRefused(_("This reply is already pinned as the thread’s answer."))
    previous = root.answer_id
    root.answer = reply
    root.answer_pinned_by = by
    root.answer_pinned_at = timezone.now()
    root.save(update_fields=["answer", "answer_pinned_by", "answer_pinned_at"])
    if previous is not None:
        ModerationEvent.objects.create(
            comment_id=previous,
            moderator=by,
            action=ModerationEvent.Action.UNPIN,
            note=f"Replaced as the answer of thread {root.pk} by comment {reply.pk}",
        )
    ModerationEvent.objects.create(
        comment=reply,
        moderator=by,
        action=ModerationEvent.Action.PIN,
        note=f"Answer of thread {root.pk}, from {writer_badges[0].role}"
        + (f" (replaces comment {previous})" if previous is not None else ""),
    )
    invalidation.thread_changed(slug=article.slug)
    return root


@transaction.atomic
def answer_unpin(*, thread: Comment, by) -> Comment:
    """Take the pinned answer off `thread` (its first comment) and return the thread.
    Raises PermissionDenied or PinRefused as answer_pin does; nothing is written then."""
    root = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article")
        .filter(pk=thread.pk)
        .first()
    )
    if root is None:
        raise PinRefused(_("That thread no longer exists."))
    if not may_pin(user=by, article=root.article):
        raise PermissionDenied(NOT_ALLOWED)
    _check_not_suspended(by)
    if root.parent_id is not None or root.answer_id is None:
        raise PinRefused(_("This thread has no pinned answer to unpin."))
    answer_id = root.answer_id
    root.answer = None
    root.answer_pinned_by = None
    root.answer_pinned_at = None
    root.save(update_fields=["answer", "answer_pinned_by", "answer_pinned_at"])
    ModerationEvent.objects.create(
        comment_id=answer_id,
        moderator=by,
        action=ModerationEvent.Action.UNPIN,
        note=f"No longer the answer of thread {root.pk}",
    )
    invalidation.thread_changed(slug=root.article.slug)
    return root
