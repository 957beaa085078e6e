"""Who hears about a comment, decided in one place; sending is the worker's (comments/tasks.py).

- The article's author: a new approved comment on their article (not their own).
- Moderators (the Moderators group):
  - a comment held by screening (HELD, with the reason; red-flag holds say so in the
    subject), or awaiting moderation for another reason (AWAITING);
  - a comment reported by a reader (REPORTED, once per comment however many reports);
  - a comment hidden by readers' reports (HIDDEN).
- The author of the parent comment, if they ticked "email me replies": an approved reply.

Each person chooses per kind how to hear of it (comments/preferences.py): at once, in a
daily digest, or never. "Never" writes no row; "digest" writes the row with the status
DIGEST, for `manage.py send_notification_digests` to send in one email a day.

Each (event, comment, person) becomes one Notification row, unique, so nobody is told of
the same event twice however often the code runs. Rows are written in the comment's
transaction; once it commits, a task per row is enqueued. The request sends no mail and
never waits for the mail server: in production the worker (`manage.py db_worker`) sends,
records each attempt on the row, and `manage.py retry_notifications` takes up what failed
or never finished. The reader's action never fails because of mail.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.roles import MODERATORS

from . import following, preferences, tasks
from .models import Comment, Notification

logger = logging.getLogger(__name__)

Delivery = preferences.Delivery


def _queue(kind, comment, recipients):
    people = [
        person for person in recipients
        if person is not None and person.email and person.is_active
        and person.pk != comment.author_id
    ]  # fmt: skip
    if not people:
        return
    delivery = preferences.deliveries(kind, people)
    # Enqueued again by retry_notifications if no worker has taken it by then.
    take_up_at = timezone.now() + tasks.QUEUED_GRACE
    rows = []
    for person in people:
        if delivery[person.pk] == Delivery.NEVER:
            continue
        if delivery[person.pk] == Delivery.DIGEST:
            status, next_attempt_at = Notification.Status.DIGEST, None
        else:
            status, next_attempt_at = Notification.Status.QUEUED, take_up_at
        rows.append(
            Notification(
                kind=kind,
                comment=comment,
                recipient=person,
                status=status,
                next_attempt_at=next_attempt_at,
            )
        )
    at_once = [row.recipient_id for row in rows if row.status == Notification.Status.QUEUED]
    if not rows:
        return
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if not at_once:
        return
    ids = list(
        Notification.objects.filter(
            comment=comment, kind=kind, status=Notification.Status.QUEUED,
            recipient_id__in=at_once,
        ).values_list("pk", flat=True)
    )  # fmt: skip
    if ids:
        transaction.on_commit(lambda: tasks.enqueue_sends(ids))


def _moderators():
    """Who hears of comments to moderate: the active members of the Moderators group; with
    nobody there (a new install where only a superuser exists), the active superusers, so
    that a red flag is never told to no one, and the log says so."""
    users = get_user_model().objects.filter(is_active=True)
    moderators = list(users.filter(groups__name=MODERATORS).distinct())
    if moderators:
        return moderators
    logger.warning(
        "Nobody is in the %s group: moderators' alerts go to the superusers. Give the "
        "role with: manage.py grant_role USERNAME %s",
        MODERATORS,
        MODERATORS,
    )
    return list(users.filter(is_superuser=True))


def comment_posted(comment: Comment):
    """A new comment: approved, it is news for the article's author (and a parent's
    author); held, for the moderators, told why when screening held it."""
    if comment.status == Comment.Status.APPROVED:
        comment_approved(comment)
    elif comment.status == Comment.Status.PENDING:
        kind = Notification.Kind.HELD if comment.held_reason else Notification.Kind.AWAITING
        _queue(kind, comment, _moderators())


def comment_approved(comment: Comment):
    """A comment became visible: tell the article's author and, for a reply, the parent's
    author if they asked for replies."""
    _queue(Notification.Kind.NEW_COMMENT, comment, [comment.article.author])
    parent = comment.parent
    if parent is not None and parent.notify_replies and parent.author_id and not parent.is_deleted:
        _queue(Notification.Kind.REPLY, comment, [parent.author])
    # Last: followers of the article or thread, unless told of this comment above.
    following.comment_approved(comment)


def alerts_settled(comment: Comment):
    """A moderator decided on the comment: its earlier alerts (reported, hidden, held,
    awaiting) that were already sent are settled. Their rows go, so that a later round
    (reports after a "keep", a hold after an edit) is told again. Rows still on their way
    stay (a digest shows the comment as dealt with) and cover a new round meanwhile."""
    Notification.objects.filter(
        comment=comment,
        kind__in=[
            Notification.Kind.REPORTED,
            Notification.Kind.HIDDEN,
            Notification.Kind.HELD,
            Notification.Kind.AWAITING,
        ],
        status=Notification.Status.SENT,
    ).delete()


def comment_reported(comment: Comment):
    """A reader reported the comment: the moderators hear of it once per comment (later
    reports are in the admin, and in the email's count if it has not gone yet)."""
    _queue(Notification.Kind.REPORTED, comment, _moderators())


def comment_hidden(comment: Comment):
    """Readers' reports hid the comment until a moderator decides."""
    _queue(Notification.Kind.HIDDEN, comment, _moderators())
