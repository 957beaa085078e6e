"""Who hears about a comment, decided in one place; sending goes through Django's tasks.

- The article's author: a new approved comment on their article (not their own).
- Moderators (the Moderators group): a comment awaiting moderation.
- The author of the parent comment, if they ticked "email me replies": an approved reply.

Each (event, comment, person) becomes one Notification row, unique, so nobody gets the same
email twice however often the code runs. Rows are written in the comment's transaction and
sent after it commits. A mail server that is down leaves the row "failed" with the error,
logged; `manage.py retry_notifications` sends those again. The reader's action never fails
because of mail.
"""

import logging

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.roles import MODERATORS

from .models import Comment, Notification

logger = logging.getLogger(__name__)


def _queue(kind, comment, recipients):
    rows = [
        Notification(kind=kind, comment=comment, recipient=person)
        for person in recipients
        if person is not None and person.email and person.is_active
        and person.pk != comment.author_id
    ]  # fmt: skip
    if not rows:
        return
    created = Notification.objects.bulk_create(rows, ignore_conflicts=True)
    keys = {(row.kind, row.comment_id, row.recipient_id) for row in created}
    ids = list(
        Notification.objects.filter(
            comment=comment, kind=kind, status=Notification.Status.QUEUED,
            recipient_id__in=[key[2] for key in keys],
        ).values_list("pk", flat=True)
    )  # fmt: skip
    transaction.on_commit(lambda: send_all(ids))


def send_all(notification_ids):
    from .tasks import send_notification

    for notification_id in notification_ids:
        try:
            result = send_notification.enqueue(notification_id)
        except Exception:  # a broken task backend must not break the reader's request
            logger.exception("Could not enqueue notification %s", notification_id)
            continue
        for error in result.errors:  # tasks run in the request report failures here
            logger.error("Notification %s task failed:\n%s", notification_id, error.traceback)


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
