"""Voting through the site: plain form posts, the in-page script's JSON, and every kind of
bad request, none of which may change a count."""

import json
import re
import time
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from ratings.models import StarVote, ThumbVote
from ratings.services import vote_cast

from .helpers import totals, totals_from_votes

pytestmark = pytest.mark.django_db

JSON_HEADERS = {"Accept": "application/json", "X-Requested-With": "fetch"}
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def without_csrf_tokens(html):
    """CSRF tokens are masked afresh each time they are rendered."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def url(name, article):
    return reverse(f"ratings:{name}", kwargs={"slug": article.slug})


@pytest.fixture
def voting_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def rated(article, cast_votes):
    """An article with some votes already: 2 star votes (8, 6) and thumbs +1 -1."""
    cast_votes(article, stars=[8, 6], thumbs=[1, -1])
    return article


def test_form_vote_redirects_to_the_rating_block_with_a_message(voting_client, rated, reader):
    response = voting_client.post(
        url("star-vote", rated), {"score": "9"}, HTTP_ACCEPT=BROWSER_ACCEPT
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/articles/{rated.slug}/#rating"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Thank you: your rating of 9 out of 10 is saved."
    ]
    assert StarVote.objects.get(user=reader).score == 9
    assert totals(rated) == (3, 23, 1, 1)

    page = voting_client.get(response["Location"]).content.decode()
    assert "Thank you: your rating of 9 out of 10 is saved." in page
    assert "Your rating: 9 out of 10." in page
    assert "Rating: 7.7/10 (3 votes cast)" in page


def test_form_vote_can_be_changed_and_withdrawn(voting_client, rated, reader):
    voting_client.post(url("star-vote", rated), {"score": "2"})
    voting_client.post(url("star-vote", rated), {"score": "10"})
    assert totals(rated) == (3, 24, 1, 1)
    response = voting_client.post(url("star-withdraw", rated))
    assert response["Location"] == f"/articles/{rated.slug}/#rating"
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "Your star rating is withdrawn."
    )
    assert not StarVote.objects.filter(user=reader).exists()
    assert totals(rated) == (2, 14, 1, 1)
    html = voting_client.get(rated.get_absolute_url()).content.decode()
    assert "Your rating, from 1 to 10 stars" in html
    assert "Withdraw my star rating" not in html


def test_thumbs_up_down_and_withdraw_by_form(voting_client, rated, reader):
    voting_client.post(url("thumb-vote", rated), {"value": "up"})
    assert totals(rated) == (2, 14, 2, 1)
    voting_client.post(url("thumb-vote", rated), {"value": "down"})
    assert totals(rated) == (2, 14, 1, 2)
    html = voting_client.get(rated.get_absolute_url()).content.decode()
    assert "Your vote: thumbs down." in html
    assert "Rating: -1 (from 3 votes)" in html
    response = voting_client.post(url("thumb-withdraw", rated))
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == (
        "Your thumbs vote is withdrawn."
    )
    assert not ThumbVote.objects.filter(user=reader).exists()
    assert totals(rated) == (2, 14, 1, 1)


def test_withdrawing_with_no_vote_says_so_and_changes_nothing(voting_client, rated):
    response = voting_client.post(url("star-withdraw", rated))
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "You had no star rating to withdraw."
    ]
    assert totals(rated) == (2, 14, 1, 1)


def test_json_vote_returns_the_updated_block(voting_client, rated, reader):
    response = voting_client.post(url("star-vote", rated), {"score": "7"}, headers=JSON_HEADERS)
    assert response.status_code == HTTPStatus.OK
    data = response.json()
    assert data["message"] == "Thank you: your rating of 7 out of 10 is saved."
    assert data["rating"] == {
        "average": "7.0",
        "count": 3,
        "thumbs_score": 0,
        "thumbs_count": 2,
        "my_score": 7,
        "my_thumb": None,
    }
    # The fragment is the block's body (the same partial the page renders), ready to swap in.
    assert "Rating: 7.0/10 (3 votes cast)" in data["html"]
    assert "Your rating: 7 out of 10." in data["html"]
    assert 'value="7" required checked' in data["html"]
    assert "csrfmiddlewaretoken" in data["html"]
    assert 'id="rating"' not in data["html"] and "<html" not in data["html"]
    page = voting_client.get(rated.get_absolute_url()).content.decode()
    assert without_csrf_tokens(data["html"].strip()) in without_csrf_tokens(page)
    assert totals(rated) == (3, 21, 1, 1)


def test_json_thumb_and_withdraw(voting_client, rated):
    data = voting_client.post(
        url("thumb-vote", rated), {"value": "up"}, headers=JSON_HEADERS
    ).json()
    assert data["message"] == "Thank you: your thumbs up is saved."
    assert (data["rating"]["thumbs_score"], data["rating"]["my_thumb"]) == (1, 1)
    assert "Rating: +1 (from 3 votes)" in data["html"]
    data = voting_client.post(url("thumb-withdraw", rated), headers=JSON_HEADERS).json()
    assert data["message"] == "Your thumbs vote is withdrawn."
    assert data["rating"]["my_thumb"] is None
    assert totals(rated) == (2, 14, 1, 1)


def test_accept_json_alone_gets_json(voting_client, rated):
    response = voting_client.post(
        url("star-vote", rated), {"score": "5"}, headers={"Accept": "application/json"}
    )
    assert response["Content-Type"] == "application/json"
    assert response.json()["rating"]["my_score"] == 5


# Bad requests: none of them changes a count.


@pytest.mark.parametrize(
    "data",
    [{"score": "0"}, {"score": "11"}, {"score": "abc"}, {}, {"score": ""}, {"score": "7.5"}],
    ids=["zero", "eleven", "abc", "missing", "empty", "fraction"],
)
def test_bad_score_by_form_is_a_400_page_that_says_why(voting_client, rated, reader, data):
    vote_cast(user=reader, article=rated, score=4)
    before = totals(rated)
    response = voting_client.post(url("star-vote", rated), data, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert "Your vote was not counted" in html
    assert "Choose from 1 to 10 stars." in html
    assert f'href="/articles/{rated.slug}/#rating"' in html
    assert StarVote.objects.get(user=reader).score == 4
    assert totals(rated) == before


@pytest.mark.parametrize("score", ["0", "11", "abc", None])
def test_bad_score_by_fetch_is_a_400_json_error(voting_client, rated, score):
    data = {} if score is None else {"score": score}
    response = voting_client.post(url("star-vote", rated), data, headers=JSON_HEADERS)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"error": "Choose from 1 to 10 stars."}
    assert not StarVote.objects.filter(user__username="rosa").exists()
    assert totals(rated) == (2, 14, 1, 1)


@pytest.mark.parametrize("value", ["sideways", "1", "-1", "0", "UP", "", None])
def test_bad_thumbs_value_is_refused(voting_client, rated, value):
    data = {} if value is None else {"value": value}
    response = voting_client.post(url("thumb-vote", rated), data, headers=JSON_HEADERS)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"error": "Choose thumbs up or thumbs down."}
    page = voting_client.post(url("thumb-vote", rated), data, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert page.status_code == HTTPStatus.BAD_REQUEST
    assert "Choose thumbs up or thumbs down." in page.content.decode()
    assert totals(rated) == (2, 14, 1, 1)
    assert ThumbVote.objects.count() == 2


@pytest.mark.parametrize("name", ["star-vote", "star-withdraw", "thumb-vote", "thumb-withdraw"])
def test_unknown_article_is_404(voting_client, rated, name):
    response = voting_client.post(
        reverse(f"ratings:{name}", kwargs={"slug": "no-such-article"}),
        {"score": "5", "value": "up"},
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert totals(rated) == (2, 14, 1, 1)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.SCHEDULED, "published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
@pytest.mark.parametrize("name", ["star-vote", "thumb-vote"])
def test_unpublished_article_is_404_even_for_staff(client, staff, make_article, fields, name):
    hidden = make_article(**fields)
    client.force_login(staff)
    response = client.post(url(name, hidden), {"score": "5", "value": "up"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not StarVote.objects.exists() and not ThumbVote.objects.exists()
    assert totals(hidden) == (0, 0, 0, 0)


@pytest.mark.parametrize("name", ["star-vote", "star-withdraw", "thumb-vote", "thumb-withdraw"])
def test_get_on_a_vote_url_is_405(voting_client, rated, name):
    response = voting_client.get(url(name, rated), {"score": "5", "value": "up"})
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == "POST"
    assert totals(rated) == (2, 14, 1, 1)


@pytest.mark.parametrize("name", ["star-vote", "star-withdraw", "thumb-vote", "thumb-withdraw"])
def test_post_without_csrf_token_is_403(reader, rated, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    StarVote.objects.create(user=reader, article=rated, score=3)
    before = totals(rated)
    response = client.post(url(name, rated), {"score": "9", "value": "up"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert StarVote.objects.get(user=reader).score == 3
    assert totals(rated) == before


def test_post_with_the_pages_csrf_token_is_accepted(reader, rated):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    page = client.get(rated.get_absolute_url()).content.decode()
    token = page.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(url("star-vote", rated), {"score": "9", "csrfmiddlewaretoken": token})
    assert response.status_code == HTTPStatus.FOUND
    assert totals(rated) == (3, 23, 1, 1)


@pytest.mark.parametrize("name", ["star-vote", "star-withdraw", "thumb-vote", "thumb-withdraw"])
def test_anonymous_form_post_goes_to_login_and_back_to_the_rating_block(client, rated, name):
    response = client.post(url(name, rated), {"score": "9", "value": "up"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/accounts/login/?next=/articles/{rated.slug}/%23rating"
    assert totals(rated) == (2, 14, 1, 1) == totals_from_votes(rated)


@pytest.mark.parametrize("name", ["star-vote", "thumb-vote"])
def test_anonymous_fetch_gets_401_json(client, rated, name):
    response = client.post(url(name, rated), {"score": "9", "value": "up"}, headers=JSON_HEADERS)
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json() == {
        "error": "Log in to rate this article.",
        "login_url": f"/accounts/login/?next=/articles/{rated.slug}/%23rating",
    }
    assert totals(rated) == (2, 14, 1, 1)


def test_login_page_sends_the_reader_back_to_the_rating_block(client, rated):
    login_url = f"/accounts/login/?next=/articles/{rated.slug}/%23rating"
    html = client.get(login_url).content.decode()
    assert f'value="/articles/{rated.slug}/#rating"' in html


def test_votes_are_rate_limited_per_reader_with_a_clear_429(
    client, settings, rated, reader, make_reader
):
    settings.RATINGS_RATE_LIMIT = "3/m"
    client.force_login(reader)
    for score in ("4", "5"):
        assert (
            client.post(url("star-vote", rated), {"score": score}).status_code == HTTPStatus.FOUND
        )
    assert client.post(url("thumb-vote", rated), {"value": "up"}).status_code == HTTPStatus.FOUND
    before = totals(rated)
    assert before == (3, 19, 2, 1)

    response = client.post(url("star-vote", rated), {"score": "10"}, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 1 <= int(response["Retry-After"]) <= 120  # within the next window at most
    html = response.content.decode()
    assert "Too many votes at once" in html
    assert "You have voted many times in a short while. Wait" in html

    response = client.post(url("thumb-withdraw", rated), headers=JSON_HEADERS)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response.json()["error"].startswith("You have voted many times in a short while.")
    assert StarVote.objects.get(user=reader).score == 5
    assert totals(rated) == before

    # Another reader has an allowance of their own.
    client.force_login(make_reader())
    assert client.post(url("star-vote", rated), {"score": "10"}).status_code == HTTPStatus.FOUND
    assert totals(rated) == (4, 29, 2, 1)


def test_the_rate_limit_holds_across_the_turn_of_a_window(client, settings, rated, reader):
    """Three votes at the end of one period and a fourth just after it: fixed windows would
    let it through (a fresh window), the sliding window does not."""
    settings.RATINGS_RATE_LIMIT = "3/2s"
    client.force_login(reader)
    time.sleep((1.5 - time.time() % 2) % 2)  # three quarters into a 2-second window
    for score in ("4", "5", "6"):
        assert client.post(url("star-vote", rated), {"score": score}).status_code == 302
    time.sleep(2.05 - time.time() % 2 if time.time() % 2 > 1 else 0)  # just past the turn
    refused = client.post(url("star-vote", rated), {"score": "10"})
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert StarVote.objects.get(user=reader).score == 6


def test_rate_limit_can_be_turned_off(client, settings, rated, reader):
    settings.RATINGS_RATE_LIMIT = None
    client.force_login(reader)
    for score in [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] * 3:
        response = client.post(url("star-vote", rated), {"score": score}, headers=JSON_HEADERS)
        assert response.status_code == HTTPStatus.OK
    assert json.loads(response.content)["rating"]["my_score"] == 10
    assert totals(rated) == (3, 24, 1, 1)
