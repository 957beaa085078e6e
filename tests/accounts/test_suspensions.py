"""Suspensions as a reader meets them: the reason in place of the comment form, no Reply,
Edit or Report, every write refused with the reason (their text kept), their own comments
still deletable, and the end coming by itself."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts import suspensions
from accounts.models import Suspension
from comments.models import Comment, Flag, ModerationEvent
from comments.services import commenter_lift_suspension, commenter_suspend

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(make_article):
    return make_article(title="Easing sciatica", slug="easing-sciatica")


@pytest.fixture
def make_reader(django_user_model):
    def make(username, display_name):
        user = django_user_model.objects.create_user(
            username, f"{username}@example.org", "a long test password", display_name=display_name
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    return make


@pytest.fixture
def reader(make_reader):
    return make_reader("ada", "Ada L")


@pytest.fixture
def other_reader(make_reader):
    return make_reader("bo", "Bo")


@pytest.fixture
def moderator(staff):
    return staff


def make_comment(article, author, body, minutes_ago=1):
    return Comment.objects.create(
        article=article,
        author=author,
        body=body,
        body_html=f"<p>{body}</p>",
        status=Comment.Status.APPROVED,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def respond_block(html):
    return html[html.index('id="respond"') :]


# The rules


def test_a_suspension_holds_until_its_end_and_then_ends_by_itself(reader, moderator):
    now = timezone.now()
    suspension = suspensions.suspend(
        user=reader, by=moderator, duration=timedelta(hours=24), reason="Rude", now=now
    )
    assert suspensions.current(reader, now + timedelta(hours=23)) == suspension
    assert suspensions.current(reader, now + timedelta(hours=24, seconds=1)) is None
    assert suspensions.state(suspension, now + timedelta(hours=1)) == "In force"
    assert suspensions.state(suspension, now + timedelta(days=2)) == "Ended"


def test_a_new_suspension_replaces_the_one_in_force(reader, moderator):
    first = suspensions.suspend(user=reader, by=moderator, duration=None, reason="First")
    second = suspensions.suspend(
        user=reader, by=moderator, duration=timedelta(days=7), reason="Second"
    )
    first.refresh_from_db()
    assert first.lifted_at is not None and suspensions.state(first) == "Lifted early"
    assert suspensions.current(reader) == second


def test_the_message_says_when_it_ends_in_the_sites_time_zone_and_why(reader, moderator, settings):
    settings.TIME_ZONE = "Europe/Berlin"
    start = timezone.make_aware(timezone.datetime(2026, 7, 1, 10, 0), timezone.UTC)
    suspension = suspensions.suspend(
        user=reader,
        by=moderator,
        duration=timedelta(days=7),
        reason="Advice to stop pills",
        now=start,
    )
    message = suspensions.explain(suspension)
    assert "until 8 July 2026, 12:00 (CEST)" in message
    assert '"Advice to stop pills"' in message
    permanent = suspensions.suspend(user=reader, by=moderator, duration=None, reason="")
    assert "until" not in suspensions.explain(permanent)


def test_suspending_and_lifting_write_the_audit_log(reader, moderator):
    commenter_suspend(
        user=reader, moderator=moderator, duration=timedelta(days=30), reason="Spam links"
    )
    assert commenter_lift_suspension(user=reader, moderator=moderator) is True
    assert commenter_lift_suspension(user=reader, moderator=moderator) is False  # nothing twice
    events = list(ModerationEvent.objects.order_by("created_at", "id"))
    assert [(e.action, e.subject, e.moderator) for e in events] == [
        ("suspend", reader, moderator),
        ("lift", reader, moderator),
    ]
    assert suspensions.current(reader) is None


# What the reader sees


def test_a_suspended_readers_page_shows_why_in_place_of_the_form(
    client, article, reader, other_reader, moderator
):
    make_comment(article, other_reader, "Walking helped me.")
    own = make_comment(article, reader, "My own note.")
    commenter_suspend(
        user=reader, moderator=moderator, duration=timedelta(days=7), reason="Unsafe advice"
    )
    client.force_login(reader)
    html = client.get(article.get_absolute_url()).content.decode()
    respond = respond_block(html)
    assert "Your account is suspended" in respond
    assert "&quot;Unsafe advice&quot;" in respond and "until" in respond
    assert 'class="comment-form"' not in html
    assert ">Reply</a>" not in html and ">Edit</a>" not in html
    assert "comment__flag" not in html
    assert f'href="/comments/{own.pk}/delete/"' in html  # deleting their own stays possible
    # The rating and "Did this help?" blocks say the same, without buttons.
    assert html.count("Your account is suspended from taking part") == 3
    assert 'name="score"' not in html and 'name="choice"' not in html


def test_other_readers_see_nothing_of_it(client, article, reader, other_reader, moderator):
    make_comment(article, reader, "Walking helped me.")
    commenter_suspend(user=reader, moderator=moderator, reason="Rude")
    client.force_login(other_reader)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "suspended" not in html and 'class="comment-form"' in html
    assert ">Reply</a>" in html and "comment__flag" in html


def test_posting_and_replying_are_refused_with_the_reason_and_the_text_kept(
    client, article, reader, other_reader, moderator
):
    parent = make_comment(article, other_reader, "Walking helped me.")
    commenter_suspend(user=reader, moderator=moderator, reason="Rude")
    client.force_login(reader)
    for data in ({"body": "Still here."}, {"body": "A reply, still here.", "parent": parent.pk}):
        response = client.post(f"/comments/post/{article.slug}/", data)
        html = response.content.decode()
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert 'role="alert">Your account is suspended' in html
        assert re.search(rf'<textarea id="comment-not-posted"[^>]*readonly>{data["body"]}<', html)
    assert Comment.objects.filter(author=reader).count() == 0


def test_editing_is_refused_and_the_new_text_kept(client, article, reader, moderator):
    own = make_comment(article, reader, "My first words.")
    commenter_suspend(user=reader, moderator=moderator, reason="Rude")
    client.force_login(reader)
    assert client.get(f"/comments/{own.pk}/edit/").status_code == HTTPStatus.FORBIDDEN
    response = client.post(f"/comments/{own.pk}/edit/", {"body": "Changed words."})
    html = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Your account is suspended" in html and "Changed words." in html
    own.refresh_from_db()
    assert own.body == "My first words."


def test_reporting_is_refused_and_the_note_kept(client, article, reader, other_reader, moderator):
    theirs = make_comment(article, other_reader, "Walking helped me.")
    commenter_suspend(user=reader, moderator=moderator, reason="Too many reports")
    client.force_login(reader)
    page = client.get(f"/comments/{theirs.pk}/flag/")
    assert page.status_code == HTTPStatus.FORBIDDEN
    assert "Your account is suspended" in page.content.decode()
    response = client.post(
        f"/comments/{theirs.pk}/flag/", {"reason": "spam", "note": "Looks like an advert."}
    )
    html = response.content.decode()
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Your account is suspended" in html and "Looks like an advert." in html
    assert not Flag.objects.exists()


def test_deleting_their_own_comment_stays_possible(client, article, reader, moderator):
    own = make_comment(article, reader, "My own note.")
    commenter_suspend(user=reader, moderator=moderator, reason="Rude")
    client.force_login(reader)
    response = client.post(f"/comments/{own.pk}/delete/")
    assert response.status_code == HTTPStatus.FOUND
    assert not Comment.objects.filter(pk=own.pk).exists()


def test_after_its_end_the_reader_may_post_again(client, article, reader, moderator, settings):
    settings.COMMENTS_HOLD_FIRST_COMMENT = False
    Suspension.objects.create(
        user=reader,
        reason="Rude",
        starts_at=timezone.now() - timedelta(days=2),
        ends_at=timezone.now() - timedelta(seconds=1),
        created_by=moderator,
    )
    client.force_login(reader)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "suspended" not in html and 'class="comment-form"' in html
    response = client.post(f"/comments/post/{article.slug}/", {"body": "Back again."})
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.filter(author=reader, body="Back again.").exists()


def test_a_lifted_suspension_lets_the_reader_take_part_at_once(client, article, reader, moderator):
    commenter_suspend(user=reader, moderator=moderator, reason="Rude")
    commenter_lift_suspension(user=reader, moderator=moderator)
    client.force_login(reader)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "suspended" not in html and 'class="comment-form"' in html


# The page cache


@pytest.mark.django_db(transaction=True)
def test_the_page_cache_never_mixes_a_suspended_readers_page_with_others(
    client, article, reader, moderator, settings
):
    settings.CACHING_PAGE_SECONDS = 300
    url = article.get_absolute_url()
    client.get(url)  # anonymous: rendered and kept
    assert client.get(url).headers.get("X-Page-Cache") == "hit"
    commenter_suspend(user=reader, moderator=moderator, reason="Rude")
    client.force_login(reader)
    own = client.get(url)
    assert "X-Page-Cache" not in own.headers and "no-store" in own.headers["Cache-Control"]
    assert "Your account is suspended" in own.content.decode()
    client.logout()
    client.cookies.clear()
    anonymous = client.get(url).content.decode()
    assert "suspended" not in anonymous and "Log in and post" in anonymous


def test_a_suspended_readers_panels_are_never_storable(rf, article, reader, moderator):
    from articles.extensions import read_panels

    commenter_suspend(user=reader, moderator=moderator, reason="Rude")
    request = rf.get(article.get_absolute_url())
    request.user = reader
    request.session = {}
    _, storable = read_panels(request, article)
    assert storable is False


@pytest.mark.parametrize(
    ("reason", "shown"),
    [
        ("Rude replies to readers.", '"Rude replies to readers".'),
        ("Rude replies to readers", '"Rude replies to readers".'),
        ("Spam links!", '"Spam links!".'),
    ],
)
def test_the_reason_is_quoted_once_without_a_doubled_full_stop(reader, staff, reason, shown):
    suspension = suspensions.suspend(user=reader, by=staff, duration=None, reason=reason)
    assert f"The moderators gave this reason: {shown}" in suspensions.explain(suspension)
