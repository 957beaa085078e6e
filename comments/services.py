"""Writes to comments: plain functions that views, the admin, commands and tests share."""

import dataclasses
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import suspensions
from caching import invalidation

from . import markup, moderation, notifications, screening
from .conf import conf
from .models import Comment, CommentThread, Flag, ModerationEvent
from .moderation import CommentRefused


def check_body(body: str) -> str:
    """The text as it will be saved, or CommentRefused (empty, too long): for posting,
    editing and previewing (comments/preview.py)."""
    body = (body or "").replace("\r\n", "\n").strip()
    if not body:
        raise CommentRefused(_("Write something first: the comment is empty."), field="body")
    if len(body) > conf.MAX_LENGTH:
        raise CommentRefused(
            _(
                "Comments can be at most %(max_length)s characters; yours has %(length)s. "
                "Shorten it and post again."
            )
            % {"max_length": f"{conf.MAX_LENGTH:,}", "length": f"{len(body):,}"},
            field="body",
        )
    return body


def _parent_unavailable(pk, article) -> str:
    """Why a reply cannot be posted under comment `pk`, as it is now, for the reader."""
    kept = _("Your reply is still here, to post as a new comment or to copy.")
    parent = Comment.objects.filter(pk=pk).first()
    if parent is None:
        why = _("The comment you are replying to has just been deleted.")
    elif parent.article_id != article.pk:
        why = _("The comment you are replying to is not on this article.")
    elif parent.is_deleted:
        why = _("The comment you are replying to was deleted by its author.")
    elif parent.status == Comment.Status.PENDING:
        why = _(
            "The comment you are replying to is waiting for a moderator's approval: you "
            "can reply once it is approved."
        )
    elif parent.is_hidden:
        why = _(
            "The comment you are replying to is hidden while a moderator looks at readers' "
            "reports about it."
        )
    else:
        why = _("The comment you are replying to was removed by a moderator.")
    return f"{why} {kept}"


def comment_create(
    *, article, author, body, parent=None, notify_replies=False, context=None
) -> Comment:
    """Post a comment (or a reply to `parent`) by a logged-in reader. Raises CommentRefused
    with a message for the reader when the rules say no; writes nothing then. Screening
    (comments/screening.py) decides whether it appears at once; `context` is what the
    request said about the poster (screening.RequestContext: address, browser, referrer).

    Screeners that ask a service over the network (Akismet: `remote = True`) are asked
    first, before the transaction opens: a slow service holds no transaction and no lock.
    Their verdicts join the others' in the transaction (screening.run)."""
    body = check_body(body)
    body_html = markup.render_markdown(body)
    submission = screening.Submission(
        article=article,
        author=author,
        body=body,
        body_html=body_html,
        parent=parent,
        context=context or screening.RequestContext(),
    )
    chosen, remote = None, {}
    if not moderation.is_trusted(article=article, author=author):
        chosen = screening.screeners()
        if screening.asks_remote(chosen):
            # What would be refused anyway is refused before anything is sent out.
            moderation.check_can_post(article=article, author=author)
            if parent is not None and not _reply_possible(parent, article, author):
                raise CommentRefused(_parent_unavailable(parent.pk, article))
            remote = screening.run_remote(submission, using=chosen)
    return _comment_save(submission, chosen=chosen, remote=remote, notify_replies=notify_replies)


def _reply_possible(parent, article, author) -> bool:
    return (
        Comment.objects.visible_to(author)
        .filter(pk=parent.pk, article=article, is_deleted=False)
        .exists()
    )


@transaction.atomic
def _comment_save(submission, *, chosen, remote, notify_replies) -> Comment:
    """comment_create's transaction: the rules checked again under the poster's lock, the
    local screeners run (with the remote verdicts already in), the comment written."""
    article, author, parent = submission.article, submission.author, submission.parent
    # One reader's posts are checked one at a time (a double click sends two at once), so
    # that the rules on repeats and on posting too quickly hold: the reader's row is locked
    # until this comment is in.
    # FOR NO KEY UPDATE: it does not block the foreign-key checks of notifications to
    # this reader that other posts insert meanwhile (FOR UPDATE would deadlock them).
    get_user_model().objects.select_for_update(no_key=True).only("pk").get(pk=author.pk)
    if parent is not None:
        parent_pk = parent.pk
        # Locked against its deletion until the reply is in: comment_delete then sees the
        # reply and keeps the parent as "deleted"; a parent deleted first is refused here.
        parent = (
            Comment.objects.visible_to(author)
            .select_for_update(no_key=True)
            .filter(pk=parent.pk, article=article, is_deleted=False)
            .first()
        )
        if parent is None:
            raise CommentRefused(_parent_unavailable(parent_pk, article))
    moderation.check_can_post(article=article, author=author)
    if moderation.is_trusted(article=article, author=author):
        outcome = screening.Outcome(Comment.Status.APPROVED)
    else:
        # The time and the parent as they are now, under the lock (the flood rule counts
        # from now, not from before a remote screener answered).
        submission = dataclasses.replace(submission, parent=parent, now=timezone.now())
        outcome = screening.run(submission, using=chosen, remote=remote)
    comment = Comment.objects.create(
        article=article,
        author=author,
        parent=parent,
        body=submission.body,
        body_html=submission.body_html,
        body_format=Comment.BodyFormat.MARKDOWN,
        status=outcome.status,
        held_reason=outcome.held_reason,
        hold_priority=outcome.hold_priority,
        notify_replies=notify_replies,
    )
    notifications.comment_posted(comment)
    invalidation.thread_changed(slug=article.slug)
    return comment


def can_edit(*, comment: Comment, user, now=None) -> bool:
    now = now or timezone.now()
    return (
        user.is_authenticated
        and comment.author_id == user.pk
        and not comment.is_deleted
        and comment.status in (Comment.Status.APPROVED, Comment.Status.PENDING)
        and now - comment.created_at <= timedelta(seconds=conf.EDIT_WINDOW_SECONDS)
    )


def _check_not_suspended(user):
    """A suspended reader may not edit or report (posting: moderation.check_can_post);
    deleting their own comment stays open to them."""
    suspension = suspensions.current(user)
    if suspension is not None:
        raise CommentRefused(suspensions.explain(suspension))


def can_delete(*, comment: Comment, user) -> bool:
    return user.is_authenticated and comment.author_id == user.pk and not comment.is_deleted


@transaction.atomic
def comment_edit(*, comment: Comment, user, body) -> Comment:
    """Change a comment's text, by its author, within the edit window."""
    if not can_edit(comment=comment, user=user):
        raise PermissionDenied(
            ngettext(
                "You can edit your own comments for %(minutes)s minute after posting them.",
                "You can edit your own comments for %(minutes)s minutes after posting them.",
                conf.EDIT_WINDOW_SECONDS // 60,
            )
            % {"minutes": conf.EDIT_WINDOW_SECONDS // 60}
        )
    _check_not_suspended(user)
    body = check_body(body)
    # Locked and read again: a moderator's decision made meanwhile is what the rules see
    # (a comment removed meanwhile cannot be edited back into the queue).
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("article").get(pk=comment.pk)
    )
    if not can_edit(comment=comment, user=user):
        raise PermissionDenied(_("This comment can no longer be edited."))
    was_public = comment.status == Comment.Status.APPROVED
    comment.body = body
    comment.body_html = markup.render_body(body, comment.body_format)  # its own rules
    comment.edited_at = timezone.now()
    fields = ["body", "body_html", "edited_at"]
    if not moderation.is_trusted(article=comment.article, author=user):
        # The new text is screened as a new comment's is: what screening would hold goes
        # (back) to the queue, with the reason.
        outcome = screening.run_on_edit(
            screening.Submission(
                article=comment.article,
                author=user,
                body=body,
                body_html=comment.body_html,
                parent=comment.parent,
            )
        )
        if outcome.status != Comment.Status.APPROVED:
            if comment.status == Comment.Status.APPROVED or outcome.status == Comment.Status.SPAM:
                comment.status = outcome.status
            comment.held_reason = Truncator(f"after an edit: {outcome.held_reason}").chars(
                screening.REASON_LENGTH
            )
            comment.hold_priority = max(comment.hold_priority, outcome.hold_priority)
            fields += ["status", "held_reason", "hold_priority"]
    comment.save(update_fields=fields)
    if "held_reason" in fields and comment.status == Comment.Status.PENDING:
        # Held by its new text: the moderators hear of it as of a held new comment (a
        # comment already waiting was already told; its alert's reason is the new one).
        if was_public:
            notifications.alerts_settled(comment)
        notifications.comment_posted(comment)
    invalidation.thread_changed(slug=comment.article.slug)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user) -> bool:
    """Delete a comment by its author. One that has replies stays, emptied, as "This
    comment was deleted", so the thread survives. Returns True if the row is gone."""
    if not can_delete(comment=comment, user=user):
        raise PermissionDenied(_("You can only delete your own comments."))
    # Locked first, so that a reply being posted to it is either in (and seen below) or
    # waits and finds it gone (comment_create).
    comment = Comment.objects.select_for_update().filter(pk=comment.pk, is_deleted=False).first()
    if comment is None:  # deleted meanwhile (a second click)
        return True
    invalidation.thread_changed(slug=comment.article.slug)
    if comment.replies.exists():
        comment.is_deleted = True
        comment.body = ""
        comment.body_html = ""
        comment.save(update_fields=["is_deleted", "body", "body_html"])
        return False
    comment.delete()
    return True


@transaction.atomic
def thread_set_closed(*, thread: CommentThread, closed: bool) -> CommentThread:
    """Close an article's comments to new posts, or open them again."""
    thread.is_closed = closed
    thread.save()
    invalidation.thread_changed(slug=thread.article.slug)
    return thread


# Moderation: the admin actions and any other caller go through these.

ACTION_TARGET = {
    ModerationEvent.Action.APPROVE: Comment.Status.APPROVED,
    ModerationEvent.Action.UNAPPROVE: Comment.Status.PENDING,
    ModerationEvent.Action.SPAM: Comment.Status.SPAM,
    ModerationEvent.Action.REMOVE: Comment.Status.REMOVED,
    ModerationEvent.Action.RESTORE: Comment.Status.APPROVED,
}


class AlreadyDecided(CommentRefused):
    """The comment changed since the moderator saw it (another moderator, or a second
    click): nothing was done. The message says what it is now."""


def _check_unchanged(comment: Comment, seen_status: str | None, seen_hidden: bool | None):
    if (seen_status is None or comment.status == seen_status) and (
        seen_hidden is None or comment.is_hidden == seen_hidden
    ):
        return
    last = comment.events.select_related("moderator").first()
    by = f" ({last.get_action_display().lower()} by {last.moderator})" if last else ""
    hidden = " and hidden by reports" if comment.is_hidden else ""
    raise AlreadyDecided(
        "Nothing was changed: this comment was decided on while you were looking at it. "
        f"It is now {comment.get_status_display().lower()}{hidden}{by}."
    )


def _close_reports(comment: Comment, moderator, state: str) -> int:
    """Close the comment's open reports with a moderator's decision."""
    return comment.flags.filter(state=Flag.State.OPEN).update(
        state=state, reviewed_by=moderator, reviewed_at=timezone.now()
    )


@transaction.atomic
def comment_moderate(
    *,
    comment: Comment,
    moderator,
    action: str,
    note: str = "",
    seen_status: str | None = None,
    seen_hidden: bool | None = None,
) -> Comment:
    """Approve, unapprove, mark as spam, remove or restore a comment, and log who did it.

    Approving (or restoring) settles reader reports: the comment shows again and its open
    reports close as "reviewed: kept"; spam and remove close them as "reviewed: removed".
    `seen_status` / `seen_hidden`: what the moderator saw when deciding (a one-click
    button sends them); if the comment has changed since, AlreadyDecided is raised and
    nothing is written, so a double click or two moderators at once act only once."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _check_unchanged(comment, seen_status, seen_hidden)
    target = ACTION_TARGET[action]
    before = comment.status
    comment.status = target
    fields = ["status"]
    if target == Comment.Status.APPROVED and comment.is_hidden:
        comment.is_hidden = False
        fields.append("is_hidden")
    comment.save(update_fields=fields)
    if target == Comment.Status.APPROVED:
        _close_reports(comment, moderator, Flag.State.KEPT)
    elif target in (Comment.Status.SPAM, Comment.Status.REMOVED):
        _close_reports(comment, moderator, Flag.State.REMOVED)
    ModerationEvent.objects.create(
        comment=comment,
        moderator=moderator,
        action=action,
        from_status=before,
        to_status=target,
        note=note,
    )
    notifications.alerts_settled(comment)
    if target == Comment.Status.APPROVED and before != Comment.Status.APPROVED:
        notifications.comment_approved(comment)
    invalidation.thread_changed(slug=comment.article.slug)
    return comment


@transaction.atomic
def comment_keep(
    *,
    comment: Comment,
    moderator,
    note: str = "",
    seen_hidden: bool | None = None,
    seen_status: str | None = Comment.Status.APPROVED,
) -> int:
    """Mark a comment's reports reviewed and keep it: its open reports close as
    "reviewed: kept", it shows again if reports had hidden it, and the log says so.
    Returns how many reports closed (0: there were none open, nothing is logged).
    Only a comment on the site is kept: one removed meanwhile raises AlreadyDecided."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _check_unchanged(comment, seen_status, seen_hidden)
    closed = _close_reports(comment, moderator, Flag.State.KEPT)
    notifications.alerts_settled(comment)
    was_hidden = comment.is_hidden
    if was_hidden:
        comment.is_hidden = False
        comment.save(update_fields=["is_hidden"])
        invalidation.thread_changed(slug=comment.article.slug)
    if closed or was_hidden:
        ModerationEvent.objects.create(
            comment=comment,
            moderator=moderator,
            action=ModerationEvent.Action.REVIEWED,
            from_status=comment.status,
            to_status=comment.status,
            note=note or f"{closed} report(s) closed",
        )
    return closed


@transaction.atomic
def commenter_suspend(*, user, moderator, duration=None, reason: str = "", comment=None):
    """Suspend a commenter for `duration` (None: until lifted), with the reason they are
    shown, and log it (against the comment that led to it, when there is one)."""
    suspension = suspensions.suspend(user=user, by=moderator, duration=duration, reason=reason)
    ModerationEvent.objects.create(
        comment=comment,
        moderator=moderator,
        subject=user,
        action=ModerationEvent.Action.SUSPEND,
        note=reason[:300],
    )
    return suspension


@transaction.atomic
def commenter_lift_suspension(*, user, moderator) -> bool:
    lifted = suspensions.lift(user=user, by=moderator)
    if lifted:
        ModerationEvent.objects.create(
            moderator=moderator, subject=user, action=ModerationEvent.Action.LIFT
        )
    return bool(lifted)


def comments_remove_all_by(*, user, moderator) -> int:
    """Remove every comment of a commenter that is not removed yet (one log line each)."""
    removed = 0
    for comment in Comment.objects.filter(author=user).exclude(status=Comment.Status.REMOVED):
        comment_moderate(comment=comment, moderator=moderator, action=ModerationEvent.Action.REMOVE)
        removed += 1
    return removed


@transaction.atomic
def comment_flag(*, comment: Comment, user, reason: str, note: str = "") -> Flag:
    """A reader reports a comment, once. At COMMENTS_FLAGS_TO_HIDE flags the comment is
    hidden until a moderator decides, unless staff or the article's author wrote it
    (a few accounts acting together must not silence them): their reports still reach
    the moderators."""
    # Reports of one comment are made one at a time (the comment's row locked), so that
    # reports sent together are all counted towards hiding it, and a double click is
    # told it already reported rather than failing on the unique key.
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article", "author")
        .get(pk=comment.pk)
    )
    if comment.is_deleted or comment.status != Comment.Status.APPROVED or comment.is_hidden:
        raise CommentRefused(_("This comment is not available any more."))
    _check_not_suspended(user)
    if comment.author_id == user.pk:
        raise CommentRefused(_("You cannot report your own comment."))
    if Flag.objects.filter(comment=comment, user=user).exists():
        raise CommentRefused(_("You have already reported this comment. Thank you."))
    flag = Flag.objects.create(comment=comment, user=user, reason=reason, note=note[:300])
    notifications.comment_reported(comment)
    # Open reports only: a comment a moderator kept is hidden again only by as many new
    # reports as it took the first time.
    count = Flag.objects.filter(comment=comment, state=Flag.State.OPEN).count()
    if count >= conf.FLAGS_TO_HIDE and not moderation.is_trusted(
        article=comment.article, author=comment.author
    ):
        Comment.objects.filter(pk=comment.pk).update(is_hidden=True)
        notifications.comment_hidden(comment)
        invalidation.thread_changed(slug=comment.article.slug)
    return flag
