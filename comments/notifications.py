"""Who hears about a comment, decided in one place; sending is the worker's (comments/tasks.py).

- The article's author: a new approved comment on their article (not their own).
- Moderators (the Moderators group): a comment awaiting moderation.
- The author of the parent comment, if they ticked "email me replies": an approved reply.

Each (event, comment, person) becomes one Notification row, unique, so nobody is told of
the same event twice however often the code runs. Rows are written in the comment's
transaction; once it commits, a task per row is enqueued. The request sends no mail and
never waits for the mail server: in production the worker (`manage.py db_worker`) sends,
records each attempt on the row, and `manage.py retry_notifications` takes up what failed
or never finished. The reader's action never fails because of mail.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.roles import MODERATORS

from . import tasks
from .models import Comment, Notification


def _queue(kind, comment, recipients):
    # Enqueued again by retry_notifications if no worker has taken it by then.
    take_up_at = timezone.now() + tasks.QUEUED_GRACE
    rows = [
        Notification(kind=kind, comment=comment, recipient=person, next_attempt_at=take_up_at)
        for person in recipients
        if person is not None and person.email and person.is_active
        and person.pk != comment.author_id
    ]  # fmt: skip
    if not rows:
        return
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    ids = list(
        Notification.objects.filter(
            comment=comment, kind=kind, status=Notification.Status.QUEUED,
            recipient_id__in=[row.recipient_id for row in rows],
        ).values_list("pk", flat=True)
    )  # fmt: skip
    if ids:
        transaction.on_commit(lambda: tasks.enqueue_sends(ids))


def comment_posted(comment: Comment):
    if comment.status == Comment.Status.APPROVED:
        comment_approved(comment)
    elif comment.status == Comment.Status.PENDING:
        moderators = get_user_model().objects.filter(groups__name=MODERATORS).distinct()
        _queue(Notification.Kind.AWAITING, comment, moderators)


def comment_approved(comment: Comment):
    """A comment became visible: tell the article's author and, for a reply, the parent's
    author if they asked for replies."""
    _queue(Notification.Kind.NEW_COMMENT, comment, [comment.article.author])
    parent = comment.parent
    if parent is not None and parent.notify_replies and parent.author_id and not parent.is_deleted:
        _queue(Notification.Kind.REPLY, comment, [parent.author])
