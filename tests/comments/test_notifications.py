from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from comments.models import Comment, Notification
from comments.services import comment_create, comment_moderate
from comments.tasks import unsubscribe_token

pytestmark = pytest.mark.django_db


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
    page = client.get(path)
    assert page.status_code == HTTPStatus.OK
    assert "no more reply emails" in page.content.decode()
    question.refresh_from_db()
    assert not question.notify_replies


def test_forged_unsubscribe_token_changes_nothing(client, article, make_comment):
    comment = make_comment(article, notify_replies=True)
    token = unsubscribe_token(comment)
    for bad in [token[:-2] + "xx", "nonsense", "e30:1abc:def"]:
        response = client.get(f"/comments/unsubscribe/{bad}/")
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "does not work" in response.content.decode()
    comment.refresh_from_db()
    assert comment.notify_replies


def test_mail_server_down_keeps_the_comment_and_the_email_can_be_retried(
    client, article, trusted_reader, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
        }
    }
    client.force_login(trusted_reader)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/comments/post/{article.slug}/", {"body": "Mail is down"})
    assert response.status_code == HTTPStatus.FOUND
    comment = Comment.objects.get(body="Mail is down")
    notification = Notification.objects.get(comment=comment)
    assert notification.status == Notification.Status.FAILED and notification.last_error
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("retry_notifications", stdout=open("/dev/null", "w"))  # noqa: SIM115
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert len(mailoutbox) == 1
