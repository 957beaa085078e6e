"""Background work of the comments app (Django's tasks framework)."""

import logging

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "comments.unsubscribe"

SUBJECTS = {
    Notification.Kind.NEW_COMMENT: "New comment on “{title}”",
    Notification.Kind.AWAITING: "A comment on “{title}” is awaiting moderation",
    Notification.Kind.REPLY: "{name} replied to your comment on “{title}”",
}


def unsubscribe_token(comment) -> str:
    return signing.dumps({"comment": comment.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


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
    headers = {}
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


@task
def send_notification(notification_id: int) -> str:
    """Send one queued (or failed) notification; never raises for a mail failure."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("comment__article", "comment__parent", "recipient")
            .filter(pk=notification_id)
            .exclude(status=Notification.Status.SENT)
            .first()
        )
        if notification is None:
            return "nothing to send"
        notification.attempts += 1
        try:
            build_email(notification).send()
        except Exception as error:
            notification.status = Notification.Status.FAILED
            notification.last_error = f"{type(error).__name__}: {error}"[:2000]
            notification.save(update_fields=["status", "attempts", "last_error"])
            logger.warning(
                "Notification %s (%s to %s) failed: %s",
                notification.pk,
                notification.kind,
                notification.recipient.email,
                notification.last_error,
            )
            return "failed"
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save(update_fields=["status", "attempts", "last_error", "sent_at"])
        return "sent"
