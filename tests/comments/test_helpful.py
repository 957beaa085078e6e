""" "Helpful" votes: one per reader, taken back by a second click, never on one's own
comment, refused while suspended, counted exactly when many readers click at once."""

import threading
from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connections
from django.test import Client

from accounts import suspensions
from comments.helpful import HelpfulRefused, helpful_cast, helpful_withdraw
from comments.models import Comment, HelpfulVote

pytestmark = pytest.mark.django_db


@pytest.fixture
def comment(article, make_comment, other_reader):
    return make_comment(article, author=other_reader, body="Walking helped me most.")


def helpful_url(comment):
    return f"/comments/{comment.pk}/helpful/"


def test_a_reader_marks_a_comment_helpful_and_a_second_click_takes_it_back(client, reader, comment):
    client.force_login(reader)
    response = client.post(helpful_url(comment), {"on": "1"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == comment.get_absolute_url()
    comment.refresh_from_db()
    assert comment.helpful_count == 1
    page = client.get(comment.article.get_absolute_url()).content.decode()
    assert 'aria-pressed="true">Helpful <span class="toggle__count">(1)</span>' in page
    assert "Marked as helpful" in page
    # The button now sends "off".
    assert '<input type="hidden" name="on" value="0">' in page

    client.post(helpful_url(comment), {"on": "0"})
    comment.refresh_from_db()
    assert comment.helpful_count == 0
    assert not HelpfulVote.objects.exists()
    page = client.get(comment.article.get_absolute_url()).content.decode()
    assert 'aria-pressed="false">Helpful <span class="toggle__count">(0)</span>' in page


def test_clicking_helpful_twice_counts_once(client, reader, comment):
    client.force_login(reader)
    client.post(helpful_url(comment), {"on": "1"})
    client.post(helpful_url(comment), {"on": "1"})
    comment.refresh_from_db()
    assert comment.helpful_count == 1 and HelpfulVote.objects.count() == 1


def test_the_script_gets_json(client, reader, comment):
    client.force_login(reader)
    response = client.post(helpful_url(comment), {"on": "1"}, headers={"X-Requested-With": "fetch"})
    assert response.json() == {
        "count": 1,
        "pressed": True,
        "message": "Marked as helpful. Thank you.",
    }


def test_no_button_on_your_own_comment_and_the_vote_is_refused(
    client, reader, article, make_comment
):
    own = make_comment(article, author=reader, body="Mine")
    client.force_login(reader)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'action="/comments/{own.pk}/helpful/"' not in page
    response = client.post(helpful_url(own), {"on": "1"}, follow=True)
    assert "You cannot mark your own comment as helpful." in response.content.decode()
    own.refresh_from_db()
    assert own.helpful_count == 0


def test_visitors_see_the_count_but_no_button(client, reader, comment):
    helpful_cast(user=reader, comment=comment)
    page = client.get(comment.article.get_absolute_url()).content.decode()
    assert "1 reader found this helpful" in page
    assert "/helpful/" not in page
    response = client.post(helpful_url(comment), {"on": "1"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")


def test_a_vote_shows_at_once_to_visitors_despite_the_page_cache(
    reader, comment, django_capture_on_commit_callbacks
):
    url = comment.article.get_absolute_url()
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        helpful_cast(user=reader, comment=comment)
    assert "1 reader found this helpful" in Client().get(url).content.decode()


def test_a_suspended_reader_is_refused(client, reader, staff, comment):
    suspensions.suspend(user=reader, by=staff, duration=None)
    client.force_login(reader)
    response = client.post(helpful_url(comment), {"on": "1"}, follow=True)
    assert "suspended" in response.content.decode()
    comment.refresh_from_db()
    assert comment.helpful_count == 0


def test_a_suspended_reader_cannot_take_back_a_helpful_either(client, reader, staff, comment):
    # As with star ratings: a suspension stops every vote, taking one back included.
    helpful_cast(user=reader, comment=comment)
    suspensions.suspend(user=reader, by=staff, duration=None)
    client.force_login(reader)
    response = client.post(helpful_url(comment), {"on": "0"}, follow=True)
    assert "suspended" in response.content.decode()
    comment.refresh_from_db()
    assert comment.helpful_count == 1


@pytest.mark.parametrize("value", ["", "2", "yes", "1; DROP"])
def test_a_bad_value_changes_nothing(client, reader, comment, value):
    client.force_login(reader)
    response = client.post(helpful_url(comment), {"on": value}, follow=True)
    assert "nothing was changed" in response.content.decode()
    assert not HelpfulVote.objects.exists()


@pytest.mark.parametrize(
    "change", [{"status": Comment.Status.PENDING}, {"is_hidden": True}, {"is_deleted": True}]
)
def test_only_published_comments_can_be_marked(reader, comment, change):
    Comment.objects.filter(pk=comment.pk).update(**change)
    comment.refresh_from_db()
    with pytest.raises(HelpfulRefused):
        helpful_cast(user=reader, comment=comment)


def test_a_vote_can_be_taken_back_after_the_comment_was_hidden(reader, comment):
    helpful_cast(user=reader, comment=comment)
    Comment.objects.filter(pk=comment.pk).update(is_hidden=True)
    assert helpful_withdraw(user=reader, comment=comment) == 0


def test_helpful_counts_in_the_most_helpful_order(
    client, reader, other_reader, article, make_comment
):
    from datetime import timedelta

    from django.utils import timezone

    older = make_comment(
        article, author=other_reader, body="Older", created_at=timezone.now() - timedelta(hours=2)
    )
    newer = make_comment(article, author=other_reader, body="Newer")
    helpful_cast(user=reader, comment=newer)
    html = client.get(article.get_absolute_url() + "?csort=helpful").content.decode()
    assert html.index(f'id="comment-{newer.pk}"') < html.index(f'id="comment-{older.pk}"')


def test_recount_repairs_a_drifted_count(comment, reader):
    helpful_cast(user=reader, comment=comment)
    Comment.objects.filter(pk=comment.pk).update(helpful_count=7)
    out = StringIO()
    call_command("recount_helpful", stdout=out)
    assert "Corrected the helpful count of 1 comment" in out.getvalue()
    comment.refresh_from_db()
    assert comment.helpful_count == 1
    out = StringIO()
    call_command("recount_helpful", stdout=out)
    assert "matches its votes" in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_many_readers_clicking_at_once_are_counted_exactly(make_article, django_user_model):
    """Twelve readers on connections of their own: eight mark it helpful, four mark and take
    it back, all at once; the count matches the votes."""
    article = make_article(title="Concurrency", slug="concurrency")
    writer = django_user_model.objects.create_user(username="writer", password="x" * 12)
    comment = Comment.objects.create(
        article=article, author=writer, body="Try this", body_html="<p>Try this</p>"
    )
    readers = [
        get_user_model().objects.create_user(username=f"r{n}", password="x" * 12) for n in range(12)
    ]
    start = threading.Barrier(len(readers))
    errors = []

    def vote(user, take_back):
        try:
            start.wait(timeout=30)
            helpful_cast(user=user, comment=comment)
            helpful_cast(user=user, comment=comment)  # a double click
            if take_back:
                helpful_withdraw(user=user, comment=comment)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    workers = [
        threading.Thread(target=vote, args=(user, index % 3 == 0))
        for index, user in enumerate(readers)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert errors == []
    comment.refresh_from_db()
    assert comment.helpful_count == HelpfulVote.objects.filter(comment=comment).count() == 8


@pytest.mark.django_db(transaction=True)
def test_one_reader_clicking_twice_at_once_counts_once(make_article, django_user_model):
    """Two requests of one reader at the same moment (a double click without the script):
    the second waits for the first's lock, sees its vote, and changes nothing."""
    article = make_article(title="Double", slug="double")
    writer = django_user_model.objects.create_user(username="writer", password="x" * 12)
    voter = django_user_model.objects.create_user(username="voter", password="x" * 12)
    comment = Comment.objects.create(
        article=article, author=writer, body="Try this", body_html="<p>Try this</p>"
    )
    start = threading.Barrier(6)
    results = []

    def vote():
        try:
            start.wait(timeout=30)
            results.append(helpful_cast(user=voter, comment=comment))
        except Exception as error:
            results.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=vote) for _ in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert results == [1] * 6
    comment.refresh_from_db()
    assert comment.helpful_count == 1 == HelpfulVote.objects.count()


def test_a_deleted_account_takes_its_votes_out_of_the_counts(reader, comment):
    from comments.personal_data import erase, export

    helpful_cast(user=reader, comment=comment)
    assert export(reader)["comments_you_found_helpful"][0]["comment"] == comment.pk
    erase(reader, keep_comments=True)
    reader.delete()
    comment.refresh_from_db()
    assert comment.helpful_count == 0 and not HelpfulVote.objects.exists()
