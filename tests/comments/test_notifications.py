from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape

from comments import tasks
from comments.models import Comment, Notification
from comments.preferences import unsubscribe_token
from comments.services import comment_create, comment_moderate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """These tests read the mail as `make run` sends it: at once, after the commit.
    tests/comments/test_mail_delivery.py runs the production queue and worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(
        username="mo", email="mo@example.org", password="x" * 12, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def test_article_author_hears_of_an_approved_comment(
    article, trusted_reader, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(article=article, author=trusted_reader, body="Great guide")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["maren@example.org"]
    assert "Back in Motion" in mail.subject and "Easing sciatica" in mail.subject
    assert "Great guide" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html" and "Great guide" in html


def test_moderators_hear_of_a_held_comment_and_the_author_when_approved(
    article, reader, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(article=article, author=reader, body="First ever")
    assert [m.to for m in mailoutbox] == [["mo@example.org"]]
    assert "awaiting moderation" in mailoutbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=comment, moderator=moderator, action="approve")
    assert [m.to for m in mailoutbox][1:] == [["maren@example.org"]]


def test_one_email_per_event_per_person(
    article, trusted_reader, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_create(article=article, author=trusted_reader, body="Hello")
        comment_moderate(comment=comment, moderator=moderator, action="unapprove")
        comment_moderate(comment=comment, moderator=moderator, action="approve")
    assert [m.to for m in mailoutbox] == [["maren@example.org"]]
    assert Notification.objects.count() == 1


def test_reply_email_links_to_the_reply_and_unsubscribes_in_one_click(
    client, article, trusted_reader, other_reader, make_comment, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    question = make_comment(article, author=trusted_reader, body="Question?", notify_replies=True)
    make_comment(article, author=other_reader, body="Earlier, approved")  # not held
    other_reader.comments.update(created_at=question.created_at)
    with django_capture_on_commit_callbacks(execute=True):
        reply = comment_create(
            article=article, author=other_reader, body="Answer!", parent=question
        )
    reply_mails = [m for m in mailoutbox if m.to == ["ada@example.org"]]
    assert len(reply_mails) == 1
    mail = reply_mails[0]
    assert f"/comments/{reply.pk}/" in mail.body
    unsubscribe = mail.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe in mail.body
    path = "/" + unsubscribe.split("://", 1)[1].split("/", 1)[1]
    page = client.get(path)  # a link scanner's GET changes nothing
    assert page.status_code == HTTPStatus.OK
    assert "Stop replies to this comment" in page.content.decode()
    question.refresh_from_db()
    assert question.notify_replies
    page = client.post(path)
    assert "no more reply emails" in page.content.decode()
    question.refresh_from_db()
    assert not question.notify_replies


def test_forged_unsubscribe_token_changes_nothing(client, article, make_comment):
    comment = make_comment(article, notify_replies=True)
    token = unsubscribe_token(user=comment.author, kinds=["reply"], comment=comment)
    for bad in [token[:-2] + "xx", "nonsense", "e30:1abc:def"]:
        for method in (client.get, client.post):
            response = method(f"/comments/unsubscribe/{bad}/")
            assert response.status_code == HTTPStatus.BAD_REQUEST
            assert "does not work" in response.content.decode()
    comment.refresh_from_db()
    assert comment.notify_replies


REFUSING_SMTP = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},  # nothing listens there
    }
}
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def retry(*options):
    out = StringIO()
    call_command("retry_notifications", *options, stdout=out)
    return out.getvalue()


def minutes(delay):
    return round(delay.total_seconds() / 60)


def make_due(*notifications):
    """Move the clock on: their next attempt is due now."""
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def test_mail_server_down_keeps_the_comment_and_the_email_is_sent_when_due(
    client, article, trusted_reader, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MAILERS = REFUSING_SMTP
    client.force_login(trusted_reader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/comments/post/{article.slug}/", {"body": "Mail is down"})
    assert response.status_code == HTTPStatus.FOUND
    comment = Comment.objects.get(body="Mail is down")
    notification = Notification.objects.get(comment=comment)
    assert notification.status == Notification.Status.FAILED
    assert "Connection refused" in notification.last_error and notification.attempts == 1
    assert minutes(notification.next_attempt_at - notification.last_attempt_at) == 1

    settings.MAILERS = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        assert retry() == "No notification is due.\n"  # not before its time
    assert mailoutbox == []
    make_due(notification)
    with django_capture_on_commit_callbacks(execute=True):
        assert retry() == "Notifications taken up: 1 failed, due again.\n"
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.attempts == 2
    assert notification.last_error == "" and notification.next_attempt_at is None
    assert [m.to for m in mailoutbox] == [["maren@example.org"]]


def test_failed_sends_wait_longer_each_time_then_give_up_visibly(
    article, trusted_reader, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MAILERS = REFUSING_SMTP
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(article=article, author=trusted_reader, body="Nobody hears")
    notification = Notification.objects.get()
    delays = []
    for _ in range(tasks.MAX_ATTEMPTS - 1):
        notification.refresh_from_db()
        delays.append(minutes(notification.next_attempt_at - notification.last_attempt_at))
        make_due(notification)
        with django_capture_on_commit_callbacks(execute=True):
            retry()
    assert delays == [
        1,
        2,
        4,
        8,
        16,
        32,
        60,
        60,
        60,
        60,
        60,
    ]
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert notification.attempts == tasks.MAX_ATTEMPTS and notification.next_attempt_at is None
    assert list(Notification.objects.given_up()) == [notification]
    with django_capture_on_commit_callbacks(execute=True):
        assert retry() == "No notification is due.\n"

    settings.MAILERS = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        output = retry("--include-given-up")
    assert output == "Notifications taken up: 1 given up before, tried again.\n"
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT and notification.attempts == 1
    assert len(mailoutbox) == 1


def test_every_copy_of_a_notification_has_the_same_message_id(
    article, trusted_reader, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://blog.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(article=article, author=trusted_reader, body="Once")
    notification = Notification.objects.get()
    # As if the worker had died after the server took the message, before it was recorded.
    Notification.objects.update(status=Notification.Status.QUEUED)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_notification.enqueue(notification.pk)
    first, second = (mail.message()["Message-ID"] for mail in mailoutbox)
    assert first == second == notification.message_id
    assert first.startswith(f"<comment-notification.{notification.pk}.")
    assert first.endswith("@blog.example.org>")


def test_a_notification_is_sent_by_one_task_only(
    article, trusted_reader, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(article=article, author=trusted_reader, body="Just once")
    notification = Notification.objects.get()
    result = tasks.send_notification.enqueue(notification.pk)
    assert result.return_value == "nothing to send"
    assert len(mailoutbox) == 1


def test_a_mail_outage_is_logged_once_when_it_starts_and_once_when_it_ends(
    article, trusted_reader, other_reader, moderator, settings, caplog,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    settings.MAILERS = REFUSING_SMTP
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(article=article, author=trusted_reader, body="One")
        comment_create(article=article, author=other_reader, body="Two, held")
    assert Notification.objects.filter(status=Notification.Status.FAILED).count() == 2
    settings.MAILERS = LOCMEM
    make_due(*Notification.objects.all())
    with django_capture_on_commit_callbacks(execute=True):
        retry()
    assert Notification.objects.filter(status=Notification.Status.SENT).count() == 2
    outage = [r for r in caplog.records if r.name == "comments.tasks"]
    assert [r.getMessage().split(":")[0].split(" (")[0] for r in outage] == [
        "Mail server failing",
        "Mail server answering again",
    ]


def test_the_back_office_shows_each_notifications_delivery_and_changes_none(
    client, staff, article, trusted_reader, settings, django_capture_on_commit_callbacks
):
    settings.MAILERS = REFUSING_SMTP
    with django_capture_on_commit_callbacks(execute=True):
        comment_create(article=article, author=trusted_reader, body="Shown in the ledger")
    notification = Notification.objects.get()
    client.force_login(staff)
    page = client.get("/admin/comments/notification/?delivery=pending").content.decode()
    for shown in ["Failed", "Connection refused", "Next attempt at", "Last attempt at"]:
        assert shown in page
    assert "Given up" in page  # the filter
    detail = client.get(f"/admin/comments/notification/{notification.pk}/change/")
    assert escape(notification.message_id) in detail.content.decode()
    assert 'name="_save"' not in detail.content.decode()
    response = client.post(f"/admin/comments/notification/{notification.pk}/change/", {})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert (
        client.get("/admin/comments/notification/?delivery=given_up").context["cl"].result_count
        == 0
    )


def test_a_notification_whose_task_was_lost_is_sent_when_due(
    article, trusted_reader, mailoutbox, django_capture_on_commit_callbacks
):
    """The process died between the comment's commit and the enqueue: the row is queued,
    with no attempt, and no task will come for it."""
    with django_capture_on_commit_callbacks(execute=False):
        comment_create(article=article, author=trusted_reader, body="Lost in between")
    notification = Notification.objects.get()
    assert (notification.status, notification.attempts) == (Notification.Status.QUEUED, 0)
    with django_capture_on_commit_callbacks(execute=True):
        assert retry() == "No notification is due.\n"  # its task may still come
    make_due(notification)  # five minutes on
    with django_capture_on_commit_callbacks(execute=True):
        assert retry() == "Notifications taken up: 1 queued but never taken by a worker.\n"
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (Notification.Status.SENT, 1)
    assert len(mailoutbox) == 1


def test_a_send_left_unfinished_with_no_attempt_left_is_given_up(
    article, trusted_reader, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        comment_create(article=article, author=trusted_reader, body="Unlucky")
    Notification.objects.update(status=Notification.Status.SENDING, attempts=tasks.MAX_ATTEMPTS)
    make_due(*Notification.objects.all())
    with django_capture_on_commit_callbacks(execute=True):
        output = retry()
    assert output == "Notifications taken up: 1 unfinished with no attempt left: given up.\n"
    notification = Notification.objects.get()
    assert notification.status == Notification.Status.FAILED
    assert (
        notification.next_attempt_at is None and "No result within 5 min" in notification.last_error
    )
    assert mailoutbox == []
