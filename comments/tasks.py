"""Notification mail, sent by the task worker (Django's tasks framework).

Each Notification row is the ledger of one email's delivery:

    queued → sending → sent
    sending → failed      the mail server refused the message or did not answer
    failed → queued       after 1, 2, 4 … minutes (retry_notifications)
    sending → queued      no result within SENDING_TIMEOUT: the worker died mid-send
    failed, for good      after MAX_ATTEMPTS (retry_notifications --include-given-up)

- The request only writes the row and, once its transaction commits, enqueues
  send_notification. In production the task backend is django_tasks_db: the task is a row,
  and `manage.py db_worker` runs it, so no reader waits for the mail server.
- The worker records the attempt ("sending", attempts + 1) and commits it before it talks
  to the mail server; no row lock is held while it does. Every attempt of one notification
  carries the same Message-ID (Notification.message_id).
- A process may die anywhere: `retry_notifications` (every minute, README "Background
  worker") takes up each row whose next attempt is due: a failed send after its delay, a
  send that never finished (the worker died mid-send: sent again, so at least once), a
  queued row no worker took (its task was lost between the commit and the enqueue).
- Outages are logged once when they start and once when they end (Outage).
"""

import logging
import smtplib
import time
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from sciatica_site.health import task_queue_state

from .models import Notification

logger = logging.getLogger(__name__)

# A queued row that no worker took within this is enqueued again (its task was lost).
QUEUED_GRACE = timedelta(minutes=5)
# A send that has not finished within this never will: the worker died during it. Keep the
# mail timeout (DJANGO_EMAIL_TIMEOUT, 10 s) well below it.
SENDING_TIMEOUT = timedelta(minutes=5)
# After a failed attempt: 1, 2, 4 ... minutes, at most an hour; twelve attempts (about six
# hours of trying), then the row stays failed, visible in the admin.
FIRST_RETRY_DELAY = timedelta(minutes=1)
LONGEST_RETRY_DELAY = timedelta(hours=1)
MAX_ATTEMPTS = 12
# Rows one retry_notifications run takes up at most (the rest wait for the next run).
RETRY_BATCH = 500

UNSUBSCRIBE_SALT = "comments.unsubscribe"

SUBJECTS = {
    Notification.Kind.NEW_COMMENT: "New comment on “{title}”",
    Notification.Kind.AWAITING: "A comment on “{title}” is awaiting moderation",
    Notification.Kind.REPLY: "{name} replied to your comment on “{title}”",
}


class Outage:
    """A state logged once when it starts and once when it ends, whichever process sees
    it: the start is remembered in the cache (shared by every process in production)."""

    def __init__(self, key):
        self.key = key

    def started(self, message, *args):
        if cache.add(self.key, time.time(), timeout=None):
            logger.error(message, *args)

    def ended(self, message, *args):
        since = cache.get(self.key)
        if since is not None and cache.delete(self.key):
            logger.warning(message + " (after %d s)", *args, time.time() - since)


mail_outage = Outage("comments:outage:mail-server")
queue_outage = Outage("comments:outage:task-queue")


def unsubscribe_token(comment) -> str:
    return signing.dumps({"comment": comment.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    return min(FIRST_RETRY_DELAY * 2 ** (attempts - 1), LONGEST_RETRY_DELAY)


def build_email(notification: Notification) -> EmailMultiAlternatives:
    comment = notification.comment
    article = comment.article
    context = {
        "site_name": settings.SITE_NAME,
        "recipient": notification.recipient,
        "comment": comment,
        "article": article,
        "comment_url": site_url(comment.get_absolute_url()),
        "admin_url": site_url(reverse("admin:comments_comment_change", args=[comment.pk])),
        "kind": notification.kind,
    }
    headers = {"Message-ID": notification.message_id}
    if notification.kind == Notification.Kind.REPLY:
        unsubscribe = site_url(
            reverse("comments:unsubscribe", args=[unsubscribe_token(comment.parent)])
        )
        context["unsubscribe_url"] = unsubscribe
        headers["List-Unsubscribe"] = f"<{unsubscribe}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    subject = SUBJECTS[notification.kind].format(title=article.title, name=comment.display_name)
    message = EmailMultiAlternatives(
        subject=f"[{settings.SITE_NAME}] {subject}",
        body=render_to_string("comments/email/notification.txt", context),
        to=[notification.recipient.email],
        headers=headers,
    )
    message.attach_alternative(
        render_to_string("comments/email/notification.html", context), "text/html"
    )
    return message


def enqueue_sends(notification_ids):
    """Hand the notifications to the task backend (after the transaction that queued them
    has committed). A backend that cannot take them is logged; the rows stay queued and
    retry_notifications enqueues them again."""
    for notification_id in notification_ids:
        try:
            result = send_notification.enqueue(notification_id)
        except Exception:  # a broken task backend must not break the reader's request
            logger.exception(
                "Could not enqueue notifications %s; retry_notifications will.", notification_ids
            )
            return
        for error in result.errors:  # a backend that runs tasks at once reports them here
            logger.error("Notification %s task failed:\n%s", notification_id, error.traceback)


def _claim(notification_id):
    """Record the attempt and commit it (autocommit: one UPDATE) before any mail is sent;
    None if the row is not queued (sent, being sent, or taken by another task)."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, status=Notification.Status.QUEUED
    ).update(
        status=Notification.Status.SENDING,
        attempts=F("attempts") + 1,
        last_attempt_at=now,
        next_attempt_at=now + SENDING_TIMEOUT,
    )
    if not claimed:
        return None
    return (
        Notification.objects.select_related("comment__article", "comment__parent", "recipient")
        .filter(pk=notification_id)
        .first()
    )


def _is_mail_server_failure(error):
    """The server is down, hangs or refuses service (not one bad recipient or message)."""
    return isinstance(error, OSError | smtplib.SMTPException) and not isinstance(
        error, smtplib.SMTPRecipientsRefused
    )


def _record_failure(notification, error):
    now = timezone.now()
    reason = f"{type(error).__name__}: {error}"[:2000]
    gives_up = notification.attempts >= MAX_ATTEMPTS
    Notification.objects.filter(pk=notification.pk, status=Notification.Status.SENDING).update(
        status=Notification.Status.FAILED,
        last_error=reason,
        next_attempt_at=None if gives_up else now + retry_delay(notification.attempts),
    )
    if _is_mail_server_failure(error):
        mail_outage.started(
            "Mail server failing (%s): notifications wait and are tried again; the site "
            "is not affected.",
            reason,
        )
    else:
        logger.error("Notification %s could not be sent: %s", notification.pk, reason)
    if gives_up:
        logger.error(
            "Notification %s (%s to %s) given up after %d attempts: %s",
            notification.pk,
            notification.kind,
            notification.recipient.email,
            notification.attempts,
            reason,
        )


@task
def send_notification(notification_id: int) -> str:
    """Send one queued notification: "sent", "failed" (tried again later) or "nothing to
    send". Mail errors are recorded on the row, never raised."""
    notification = _claim(notification_id)
    if notification is None:
        return "nothing to send"
    try:
        build_email(notification).send()
    except Exception as error:
        _record_failure(notification, error)
        return "failed"
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        next_attempt_at=None,
    )
    mail_outage.ended("Mail server answering again: notification %s sent", notification.pk)
    return "sent"


def notifications_retry_due(*, include_given_up=False) -> dict:
    """Take up every notification whose next attempt is due (retry_notifications runs
    this every minute): failed sends and unfinished ones go back to the queue, queued rows
    whose task was lost are enqueued again; with include_given_up, the given-up ones too,
    with their count of attempts started again. Returns how many rows of each kind."""
    now = timezone.now()
    queue = task_queue_state()
    stalled = queue is not None and queue.oldest_age is not None and queue.oldest_age > QUEUED_GRACE
    if stalled:
        queue_outage.started(
            "Task queue stalled: %d tasks waiting, the oldest for %d min. Is the worker "
            "(manage.py db_worker) running?",
            queue.waiting,
            queue.oldest_age.total_seconds() // 60,
        )
    else:
        queue_outage.ended("Task queue moving again")

    due = Notification.objects.due(now)
    if include_given_up:
        due = due | Notification.objects.given_up()
    if stalled:  # their tasks are still waiting for the worker: no second copy
        due = due.exclude(status=Notification.Status.QUEUED)
    Status = Notification.Status
    kinds = {"failed": [], "given up": [], "unfinished": [], "out of attempts": [], "lost": []}
    with transaction.atomic():
        rows = (
            due.select_for_update(skip_locked=True)
            .order_by(F("next_attempt_at").asc(nulls_first=True))
            .values_list("pk", "status", "attempts", "next_attempt_at")[:RETRY_BATCH]
        )
        for pk, status, attempts, next_attempt_at in rows:
            if status == Status.FAILED:
                kinds["failed" if next_attempt_at else "given up"].append(pk)
            elif status == Status.SENDING:
                kinds["unfinished" if attempts < MAX_ATTEMPTS else "out of attempts"].append(pk)
            else:
                kinds["lost"].append(pk)
        requeue = {"status": Status.QUEUED, "next_attempt_at": now + QUEUED_GRACE}
        unfinished = (
            f"No result within {SENDING_TIMEOUT.seconds // 60} min: the worker stopped "
            "during the send?"
        )
        by_pk = Notification.objects.filter
        by_pk(pk__in=kinds["failed"] + kinds["lost"]).update(**requeue)
        by_pk(pk__in=kinds["given up"]).update(**requeue, attempts=0)
        by_pk(pk__in=kinds["unfinished"]).update(**requeue, last_error=unfinished)
        by_pk(pk__in=kinds["out of attempts"]).update(
            status=Status.FAILED, next_attempt_at=None, last_error=unfinished
        )
        ids = kinds["failed"] + kinds["given up"] + kinds["unfinished"] + kinds["lost"]
        transaction.on_commit(lambda: enqueue_sends(ids))
    return {kind: len(pks) for kind, pks in kinds.items() if pks}
