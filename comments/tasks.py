"""Notification mail, sent by the task worker (Django's tasks framework).

Each Notification row is the ledger of one email's delivery:

    queued → sending → sent
    sending → failed      the mail server refused the message or did not answer
    failed → queued       after 1, 2, 4 … minutes (retry_notifications)
    sending → queued      no result within SENDING_TIMEOUT: the worker died mid-send
    failed, for good      after MAX_ATTEMPTS (retry_notifications --include-given-up)

  and for a row its recipient wants in their daily digest (comments/preferences.py):

    digest (waiting) → digest (scheduled) → sending → sent    send_notification_digests
    sending → digest (scheduled again)   the mail server refused the digest: after 1, 2, 4 …

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

import email.policy
import logging
import smtplib
import time
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, F
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sciatica_site.context_processors import language_tag
from sciatica_site.health import task_queue_state

from . import following, preferences
from .models import Flag, Notification

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

SUBJECTS = {
    Notification.Kind.NEW_COMMENT: gettext_lazy("New comment on “%(title)s”"),
    Notification.Kind.AWAITING: gettext_lazy("A comment on “%(title)s” is awaiting moderation"),
    Notification.Kind.REPLY: gettext_lazy("%(name)s replied to your comment on “%(title)s”"),
    Notification.Kind.REPORTED: gettext_lazy("A reader reported a comment on “%(title)s”"),
    Notification.Kind.HIDDEN: gettext_lazy("Readers' reports hid a comment on “%(title)s”"),
    Notification.Kind.HELD: gettext_lazy(
        "A comment on “%(title)s” is awaiting moderation (held: %(reason)s)"
    ),
    Notification.Kind.FOLLOWED: gettext_lazy("%(name)s commented on “%(title)s”, which you follow"),
}
# A hold for red-flag symptoms (screening gives it a queue priority) says so first.
RED_FLAG_SUBJECT = gettext_lazy("RED FLAG, urgent: a comment on “%(title)s” is held (%(reason)s)")
MODERATOR_KINDS = {
    Notification.Kind.AWAITING,
    Notification.Kind.REPORTED,
    Notification.Kind.HIDDEN,
    Notification.Kind.HELD,
}
# Why the person gets the email, in its footer.
BECAUSE = {
    Notification.Kind.NEW_COMMENT: gettext_lazy("you wrote this article"),
    Notification.Kind.REPLY: gettext_lazy("you asked to hear about replies to your comment"),
    Notification.Kind.FOLLOWED: gettext_lazy("you follow this thread or this article's comments"),
}
BECAUSE_MODERATOR = gettext_lazy("you are a moderator")


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


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed attempt."""
    return min(FIRST_RETRY_DELAY * 2 ** (attempts - 1), LONGEST_RETRY_DELAY)


def unsubscribe_url(recipient, kinds, *, comment=None) -> str:
    token = preferences.unsubscribe_token(user=recipient, kinds=kinds, comment=comment)
    return site_url(reverse("comments:unsubscribe", args=[token]))


def _open_reports(comment) -> list[dict]:
    """The comment's open reports by reason: [{"reason", "count"}], the most first."""
    return list(
        Flag.objects.filter(comment=comment, state=Flag.State.OPEN)
        .values("reason")
        .annotate(count=Count("pk"))
        .order_by("-count", "reason")
    )


def _reports(counts) -> list[str]:
    """Open reports (_open_reports) as "Unsafe health advice × 2"."""
    return [
        f"{Flag.Reason(row['reason']).label} × {row['count']}"
        if row["count"] > 1
        else Flag.Reason(row["reason"]).label
        for row in counts
    ]


def _item(notification: Notification) -> dict:
    """What an email (or one entry of a digest) says about one notification."""
    comment = notification.comment
    kind = notification.kind
    item = {
        "kind": kind,
        "kind_label": Notification.Kind(kind).label,
        "comment": comment,
        "article": comment.article,
        "comment_url": site_url(comment.get_absolute_url()),
        "for_moderators": kind in MODERATOR_KINDS,
        "reason": comment.held_reason if kind == Notification.Kind.HELD else "",
        "red_flag": kind == Notification.Kind.HELD and comment.hold_priority > 0,
        "reports": [],
        "actions": {},
    }
    reporting = kind in (Notification.Kind.REPORTED, Notification.Kind.HIDDEN)
    open_reports = _open_reports(comment) if item["for_moderators"] or reporting else []
    if item["for_moderators"]:
        # Imported here: actions → services → notifications → tasks.
        from . import actions

        item["admin_url"] = site_url(reverse("admin:comments_comment_change", args=[comment.pk]))
        links = actions.action_links(
            comment, notification.recipient, open_reports=sum(r["count"] for r in open_reports)
        )
        item["actions"] = {
            actions.DECISIONS[decision].label: url for decision, url in links.items()
        }
    if reporting:
        item["reports"] = _reports(open_reports)
        item["settled"] = not item["reports"]
    elif kind in (Notification.Kind.HELD, Notification.Kind.AWAITING):
        item["settled"] = comment.status != comment.Status.PENDING
    if item.get("settled"):  # a moderator decided before this email went (a digest's)
        item["red_flag"] = False
        item["now"] = comment.get_status_display().lower()
    return item


def subject_for(notification: Notification) -> str:
    comment = notification.comment
    words = {
        "title": comment.article.title,
        "name": comment.display_name,
        "reason": comment.held_reason or _("no reason given"),
    }
    if notification.kind == Notification.Kind.HELD and comment.hold_priority > 0:
        return RED_FLAG_SUBJECT % words
    return SUBJECTS[notification.kind] % words


class _LinkHeaderUnfolded(email.policy.EmailPolicy):
    """A mail policy as given, except that List-Unsubscribe is folded only past RFC 5322's
    hard limit (998 characters), not at 78: Python otherwise turns a value longer than a line
    (every signed link is) into RFC 2047 encoded words, which RFC 2369 does not allow there,
    and mail programs then show no unsubscribe button. The body's encoding is unchanged."""

    def fold(self, name, value):
        return super(_LinkHeaderUnfolded, self._for(name)).fold(name, value)

    def fold_binary(self, name, value):
        return super(_LinkHeaderUnfolded, self._for(name)).fold_binary(name, value)

    def _for(self, name):
        return self.clone(max_line_length=998) if name.lower() == "list-unsubscribe" else self


class NotificationEmail(EmailMultiAlternatives):
    def message(self, *, policy=email.policy.default):
        # The backend's policy (SMTP's, or the default) with the link header kept whole.
        return super().message(policy=_LinkHeaderUnfolded() + policy)


def _unsubscribe_headers(url) -> dict:
    """RFC 8058: mail programs show an "Unsubscribe" button that POSTs to the link."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def build_email(notification: Notification) -> EmailMultiAlternatives:
    comment = notification.comment
    kind = notification.kind
    recipient = notification.recipient
    unsubscribe = unsubscribe_url(
        recipient, [kind], comment=comment.parent if kind == Notification.Kind.REPLY else None
    )
    if kind == Notification.Kind.FOLLOWED:  # unfollows the article (comments/following.py)
        unsubscribe = site_url(
            following.unsubscribe_path(user=recipient, article_id=comment.article_id)
        )
    item = _item(notification)
    context = {
        "site_name": settings.SITE_NAME,
        "recipient": recipient,
        "comment": comment,
        "article": comment.article,
        "kind": kind,
        "item": item,
        "language_tag": language_tag(),  # <html lang>, as on the site's pages
        # Kept for templates written before items: the comment on the site and in the admin.
        "comment_url": item["comment_url"],
        "admin_url": item.get("admin_url", ""),
        "because": BECAUSE.get(kind, BECAUSE_MODERATOR),
        "unsubscribe_url": unsubscribe,
        "settings_url": site_url(reverse("comments:email-settings")),
    }
    message = NotificationEmail(
        subject=f"[{settings.SITE_NAME}] {subject_for(notification)}",
        body=render_to_string("comments/email/notification.txt", context),
        to=[recipient.email],
        headers={"Message-ID": notification.message_id, **_unsubscribe_headers(unsubscribe)},
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


def _log_failure(error, reason, what):
    """A mail server that fails opens an outage (logged once until it answers again);
    any other error is this message's own."""
    if _is_mail_server_failure(error):
        mail_outage.started(
            "Mail server failing (%s): notifications wait and are tried again; the site "
            "is not affected.",
            reason,
        )
    else:
        logger.error("%s could not be sent: %s", what, reason)


def _record_failure(notification, error):
    now = timezone.now()
    reason = f"{type(error).__name__}: {error}"[:2000]
    gives_up = notification.attempts >= MAX_ATTEMPTS
    Notification.objects.filter(pk=notification.pk, status=Notification.Status.SENDING).update(
        status=Notification.Status.FAILED,
        last_error=reason,
        next_attempt_at=None if gives_up else now + retry_delay(notification.attempts),
    )
    _log_failure(error, reason, f"Notification {notification.pk}")
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


# Daily digests ---------------------------------------------------------------------------
#
# A row a person wants in their digest waits with the status DIGEST and no next attempt.
# `send_notification_digests` (daily) gives every waiting row a next attempt (it is now
# "scheduled") and enqueues one send_digest task per person. The task claims all their
# scheduled rows (the states are those of a single email's: sending, then sent), sends one
# email listing them, and records it on each row. A second run of the command finds no
# waiting row; a second task finds nothing scheduled: one email either way.
# A failed digest goes back to DIGEST, scheduled again after the usual delay, and
# retry_notifications enqueues it again when due; a digest whose send never finished
# (the worker died) is taken up by retry_notifications as single emails, at least once.

DIGEST_SUBJECT = gettext_lazy("Daily digest: %(summary)s")


def digests_schedule(now=None) -> int:
    """Schedule every waiting digest row and enqueue one task per person, after the
    commit. Returns how many people get a digest."""
    now = now or timezone.now()
    scheduled_at = now + QUEUED_GRACE  # taken up by retry_notifications if the task is lost
    with transaction.atomic():
        waiting = Notification.objects.filter(
            status=Notification.Status.DIGEST, next_attempt_at__isnull=True
        )
        if not waiting.update(next_attempt_at=scheduled_at):
            return 0
        recipients = sorted(
            set(
                Notification.objects.filter(
                    status=Notification.Status.DIGEST, next_attempt_at=scheduled_at
                ).values_list("recipient_id", flat=True)
            )
        )
        transaction.on_commit(lambda: enqueue_digests(recipients))
    return len(recipients)


def enqueue_digests(recipient_ids):
    for recipient_id in recipient_ids:
        try:
            result = send_digest.enqueue(recipient_id)
        except Exception:  # the rows stay scheduled; retry_notifications enqueues again
            logger.exception("Could not enqueue digests for %s; retry_notifications will.",
                             recipient_ids)  # fmt: skip
            return
        for error in result.errors:
            logger.error("Digest for %s task failed:\n%s", recipient_id, error.traceback)


def _claim_digest(recipient_id) -> list[Notification]:
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Notification.objects.filter(
                recipient_id=recipient_id,
                status=Notification.Status.DIGEST,
                next_attempt_at__isnull=False,
            )
            .select_for_update(skip_locked=True)
            .values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=ids).update(
            status=Notification.Status.SENDING,
            attempts=F("attempts") + 1,
            last_attempt_at=now,
            next_attempt_at=now + SENDING_TIMEOUT,
        )
    return list(
        Notification.objects.select_related("comment__article", "comment__author", "recipient")
        .filter(pk__in=ids)
        .order_by("created_at", "pk")
    )


def build_digest(recipient, notifications) -> EmailMultiAlternatives:
    """One email listing `notifications`, grouped by kind in the settings page's order."""
    order = {kind: index for index, kind in enumerate(Notification.Kind.values)}
    order.update({kind: index for index, kind in enumerate(preferences.MODERATOR_KINDS)})
    groups = {}
    for notification in sorted(notifications, key=lambda n: (order[n.kind], n.created_at)):
        groups.setdefault(notification.kind, []).append(_item(notification))
    sections = [
        {"label": Notification.Kind(kind).label, "items": items} for kind, items in groups.items()
    ]
    red_flags = sum(item["red_flag"] for items in groups.values() for item in items)
    summary = ", ".join(
        f"{len(section['items'])} × {section['label'].lower()}" for section in sections
    )
    if red_flags:
        summary = _("RED FLAG (%(count)s), %(summary)s") % {"count": red_flags, "summary": summary}
    unsubscribe = unsubscribe_url(recipient, list(groups))
    context = {
        "site_name": settings.SITE_NAME,
        "recipient": recipient,
        "sections": sections,
        "count": len(notifications),
        "language_tag": language_tag(),
        "unsubscribe_url": unsubscribe,
        "settings_url": site_url(reverse("comments:email-settings")),
    }
    first = min(notification.pk for notification in notifications)
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = NotificationEmail(
        subject=f"[{settings.SITE_NAME}] {DIGEST_SUBJECT % {'summary': summary}}",
        body=render_to_string("comments/email/digest.txt", context),
        to=[recipient.email],
        headers={
            "Message-ID": f"<comment-digest.{recipient.pk}.{first}.{len(notifications)}@{host}>",
            **_unsubscribe_headers(unsubscribe),
        },
    )
    message.attach_alternative(render_to_string("comments/email/digest.html", context), "text/html")
    return message


def _record_digest_failure(notifications, error):
    now = timezone.now()
    reason = f"{type(error).__name__}: {error}"[:2000]
    attempts = max(notification.attempts for notification in notifications)
    ids = [notification.pk for notification in notifications]
    sending = Notification.objects.filter(pk__in=ids, status=Notification.Status.SENDING)
    if attempts >= MAX_ATTEMPTS:
        sending.update(status=Notification.Status.FAILED, last_error=reason, next_attempt_at=None)
        logger.error("Digest to %s given up after %d attempts: %s",
                     notifications[0].recipient.email, attempts, reason)  # fmt: skip
    else:
        sending.update(
            status=Notification.Status.DIGEST,
            last_error=reason,
            next_attempt_at=now + retry_delay(attempts),
        )
    _log_failure(error, reason, f"Digest {ids}")


@task
def send_digest(recipient_id: int) -> str:
    """Send one person's scheduled digest rows in one email: "sent", "failed" (tried again
    later) or "nothing to send"."""
    notifications = _claim_digest(recipient_id)
    if not notifications:
        return "nothing to send"
    try:
        build_digest(notifications[0].recipient, notifications).send()
    except Exception as error:
        _record_digest_failure(notifications, error)
        return "failed"
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        status=Notification.Status.SENT,
        sent_at=timezone.now(),
        last_error="",
        next_attempt_at=None,
    )
    mail_outage.ended("Mail server answering again: digest to user %s sent", recipient_id)
    return "sent"


def notifications_retry_due(*, include_given_up=False) -> dict:
    """Take up every notification whose next attempt is due (retry_notifications runs
    this every minute): failed sends and unfinished ones go back to the queue, queued rows
    whose task was lost are enqueued again, digests due (failed, or their task lost) are
    enqueued again as digests; with include_given_up, the given-up ones too, with their
    count of attempts started again. Returns how many rows of each kind."""
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
    kinds = {
        "failed": [], "given up": [], "unfinished": [], "out of attempts": [], "lost": [],
        "digest": [],
    }  # fmt: skip
    digest_recipients = set()
    with transaction.atomic():
        rows = (
            due.select_for_update(skip_locked=True)
            .order_by(F("next_attempt_at").asc(nulls_first=True))
            .values_list("pk", "status", "attempts", "next_attempt_at", "recipient_id")[
                :RETRY_BATCH
            ]
        )
        for pk, status, attempts, next_attempt_at, recipient_id in rows:
            if status == Status.DIGEST:
                kinds["digest"].append(pk)
                digest_recipients.add(recipient_id)
            elif status == Status.FAILED:
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
        by_pk(pk__in=kinds["digest"]).update(next_attempt_at=now + QUEUED_GRACE)
        ids = kinds["failed"] + kinds["given up"] + kinds["unfinished"] + kinds["lost"]
        transaction.on_commit(lambda: enqueue_sends(ids))
        transaction.on_commit(lambda: enqueue_digests(sorted(digest_recipients)))
    return {kind: len(pks) for kind, pks in kinds.items() if pks}
