"""Following a thread or an article's comments: the buttons, the emails (through the task
queue, once per comment and person), the one-click unsubscribe, the notifications page."""

import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from comments.following import FollowRefused, follow_create
from comments.models import Comment, Follow, Notification
from comments.preferences import preference_set
from comments.services import comment_create, comment_moderate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def follower(django_user_model):
    return django_user_model.objects.create_user(
        username="fay", email="fay@example.org", password="x" * 12, display_name="Fay"
    )


@pytest.fixture
def thread(article, make_comment, other_reader):
    return make_comment(article, author=other_reader, body="Does walking help?")


@pytest.fixture
def post(django_capture_on_commit_callbacks):
    """Post through the rules, running what waits for the commit (the mail)."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return comment_create(**kwargs)

    return run


def mails_to(mailoutbox, address):
    return [mail for mail in mailoutbox if mail.to == [address]]


def test_follow_buttons_show_for_logged_in_readers_only(client, article, thread, follower):
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Follow this thread" not in page and "Follow this article’s comments" not in page
    client.force_login(follower)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'action="/comments/{thread.pk}/follow/"' in page
    assert 'action="/comments/follow/easing-sciatica/"' in page


def test_following_and_unfollowing_a_thread(client, article, thread, follower):
    client.force_login(follower)
    response = client.post(f"/comments/{thread.pk}/follow/", {"on": "1"})
    assert response.status_code == HTTPStatus.FOUND
    assert Follow.objects.filter(user=follower, thread=thread).exists()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "You follow the thread started by Bo" in page
    assert re.search(
        rf'action="/comments/{thread.pk}/follow/">.*?aria-pressed="true">Follow this thread', page
    )
    client.post(f"/comments/{thread.pk}/follow/", {"on": "0"})
    assert not Follow.objects.exists()


def test_following_the_articles_comments_and_json_for_the_script(client, article, follower):
    client.force_login(follower)
    response = client.post(
        "/comments/follow/easing-sciatica/", {"on": "1"}, headers={"X-Requested-With": "fetch"}
    )
    assert response.json()["pressed"] is True
    client.post("/comments/follow/easing-sciatica/", {"on": "1"})  # twice: still one
    assert Follow.objects.filter(user=follower, article=article, thread=None).count() == 1


def test_visitors_are_sent_to_log_in(client, thread):
    response = client.post(f"/comments/{thread.pk}/follow/", {"on": "1"})
    assert response["Location"].startswith("/accounts/login/")
    assert not Follow.objects.exists()


def test_a_reply_cannot_be_followed_as_a_thread(article, thread, make_comment, follower):
    reply = make_comment(article, parent=thread, body="Yes")
    with pytest.raises(FollowRefused):
        follow_create(user=follower, article=article, thread=reply)
    Comment.objects.filter(pk=thread.pk).update(status=Comment.Status.PENDING)
    thread.refresh_from_db()
    with pytest.raises(FollowRefused):
        follow_create(user=follower, article=article, thread=thread)


def test_thread_followers_hear_of_a_new_reply_by_email(
    article, thread, follower, trusted_reader, mailoutbox, post
):
    follow_create(user=follower, article=article, thread=thread)
    post(article=article, author=trusted_reader, parent=thread, body="It did for me.")
    [mail] = mails_to(mailoutbox, "fay@example.org")
    assert "commented on “Easing sciatica”, which you follow" in mail.subject
    assert "It did for me." in mail.body
    assert "Unfollow this article's comments (one click, no login)" in mail.body
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/comments/follow/unsubscribe/" in mail.extra_headers["List-Unsubscribe"]


def test_thread_followers_are_not_told_of_other_threads(
    article, thread, follower, trusted_reader, mailoutbox, post
):
    follow_create(user=follower, article=article, thread=thread)
    post(article=article, author=trusted_reader, body="A new thread.")
    assert mails_to(mailoutbox, "fay@example.org") == []


def test_article_followers_hear_of_every_new_comment_once(
    article, thread, follower, trusted_reader, mailoutbox, post, settings
):
    settings.COMMENTS_FLOOD_SECONDS = 0
    follow_create(user=follower, article=article)
    follow_create(user=follower, article=article, thread=thread)  # both: still one email
    post(article=article, author=trusted_reader, body="New thread")
    post(article=article, author=trusted_reader, parent=thread, body="A reply")
    assert len(mails_to(mailoutbox, "fay@example.org")) == 2
    assert Notification.objects.filter(kind="followed", recipient=follower).count() == 2


def test_nobody_is_told_of_their_own_comment(article, thread, trusted_reader, mailoutbox, post):
    follow_create(user=trusted_reader, article=article)
    post(article=article, author=trusted_reader, parent=thread, body="Mine")
    assert mails_to(mailoutbox, trusted_reader.email) == []


def test_a_reply_email_is_not_doubled_by_a_follow(
    article, make_comment, trusted_reader, other_reader, mailoutbox, post
):
    other_reader.email = "bo@example.org"
    other_reader.save()
    mine = make_comment(article, author=other_reader, body="Ask me", notify_replies=True)
    follow_create(user=other_reader, article=article, thread=mine)
    post(article=article, author=trusted_reader, parent=mine, body="An answer")
    [mail] = mails_to(mailoutbox, "bo@example.org")
    assert "replied to your comment" in mail.subject
    assert not Notification.objects.filter(kind="followed").exists()


def test_a_held_comment_is_told_when_a_moderator_approves_it(
    article, thread, follower, reader, staff, mailoutbox, post, django_capture_on_commit_callbacks
):
    follow_create(user=follower, article=article, thread=thread)
    held = post(article=article, author=reader, parent=thread, body="My first comment")
    assert held.status == Comment.Status.PENDING
    assert mails_to(mailoutbox, "fay@example.org") == []
    Group.objects.get(name="Moderators").user_set.add(staff)
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=held, moderator=staff, action="approve")
    assert len(mails_to(mailoutbox, "fay@example.org")) == 1


def test_the_kind_can_be_turned_off_in_email_settings(
    client, article, thread, follower, trusted_reader, mailoutbox, post
):
    client.force_login(follower)
    page = client.get("/comments/email-settings/").content.decode()
    assert "New comment in a thread you follow" in page
    preference_set(user=follower, kind="followed", delivery="never")
    follow_create(user=follower, article=article)
    post(article=article, author=trusted_reader, body="Quiet")
    assert mails_to(mailoutbox, "fay@example.org") == []


def unsubscribe_link(mail):
    return re.search(r"https?://[^/\s]+(/comments/follow/unsubscribe/[^\s]+/)", mail.body)[1]


def test_the_emailed_link_unfollows_the_article_in_one_click(
    article, make_article, thread, follower, trusted_reader, mailoutbox, post
):
    elsewhere = make_article(title="Other", slug="other")
    follow_create(user=follower, article=article, thread=thread)
    follow_create(user=follower, article=article)
    follow_create(user=follower, article=elsewhere)
    post(article=article, author=trusted_reader, parent=thread, body="Reply")
    link = unsubscribe_link(mails_to(mailoutbox, "fay@example.org")[0])
    visitor = Client(enforce_csrf_checks=True)  # no login, no CSRF token: the link is enough
    page = visitor.get(link).content.decode()
    assert "Stop emails about new comments?" in page
    assert Follow.objects.filter(user=follower).count() == 3  # a GET changes nothing
    done = visitor.post(link)
    assert "You no longer follow the comments on “Easing sciatica”" in done.content.decode()
    assert list(Follow.objects.filter(user=follower).values_list("article__slug", flat=True)) == [
        "other"
    ]


def test_the_second_button_also_stops_the_kind(
    article, thread, follower, trusted_reader, mailoutbox, post
):
    follow_create(user=follower, article=article)
    post(article=article, author=trusted_reader, body="Hello")
    link = unsubscribe_link(mails_to(mailoutbox, "fay@example.org")[0])
    Client().post(link, {"scope": "all"})
    assert follower.notification_preferences.get(kind="followed").delivery == "never"


@pytest.mark.parametrize("token", ["nonsense", "eyJ1IjoxLCJhIjoxfQ:1abc:def"])
def test_a_broken_unsubscribe_link_says_so_and_changes_nothing(client, article, follower, token):
    follow_create(user=follower, article=article)
    response = client.post(f"/comments/follow/unsubscribe/{token}/")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This unsubscribe link does not work" in response.content.decode()
    assert Follow.objects.count() == 1


def test_the_notifications_page_lists_follows_and_notifications(
    client, article, thread, follower, trusted_reader, mailoutbox, post
):
    follow_create(user=follower, article=article, thread=thread)
    post(article=article, author=trusted_reader, parent=thread, body="Reply for Fay")
    client.force_login(follower)
    page = client.get("/comments/notifications/").content.decode()
    assert "The thread started by Bo on" in page
    assert "New comment in a thread you follow" in page and "emailed" in page
    assert 'aria-current="page">Follows and notifications</a>' in page
    response = client.post(
        f"/comments/{thread.pk}/follow/", {"on": "0", "next": "/comments/notifications/"}
    )
    assert response["Location"] == "/comments/notifications/"
    assert "You follow nothing yet." in client.get("/comments/notifications/").content.decode()


def test_the_notifications_page_needs_a_login(client):
    assert client.get("/comments/notifications/")["Location"].startswith("/accounts/login/")


def test_unfollow_next_must_stay_on_the_site(client, article, thread, follower):
    client.force_login(follower)
    response = client.post(
        f"/comments/{thread.pk}/follow/", {"on": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == thread.get_absolute_url()
