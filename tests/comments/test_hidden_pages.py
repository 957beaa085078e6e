"""A published page under a draft page is not on the site (articles.Article.is_on_site):
nothing of the comments, ratings or "Did this help?" reaches it either, and no feed names
it (its address would give away the draft's slug)."""

from http import HTTPStatus

import pytest

from articles.models import Article
from comments.models import Comment, Follow
from feedback.models import Answer
from ratings.models import StarVote

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden_page(make_article):
    draft = make_article(
        title="Secret plans", slug="secret-plans", kind=Article.Kind.PAGE, status="draft"
    )
    return make_article(title="Our team", slug="our-team", kind=Article.Kind.PAGE, parent=draft)


def test_a_page_under_a_draft_takes_no_comment_vote_answer_or_follow(
    client, hidden_page, trusted_reader
):
    client.force_login(trusted_reader)
    slug = hidden_page.slug
    for address, data in [
        (f"/comments/post/{slug}/", {"body": "Hello there."}),
        (f"/ratings/{slug}/stars/", {"score": "8"}),
        (f"/feedback/{slug}/", {"choice": "helped"}),
        (f"/comments/follow/{slug}/", {}),
    ]:
        assert client.post(address, data).status_code == HTTPStatus.NOT_FOUND, address
    assert not Comment.objects.filter(article=hidden_page).exists()
    assert not StarVote.objects.filter(article=hidden_page).exists()
    assert not Answer.objects.filter(article=hidden_page).exists()
    assert not Follow.objects.filter(article=hidden_page).exists()


def test_no_comment_feed_names_a_page_under_a_draft(client, hidden_page, make_comment):
    make_comment(hidden_page, body="Said before the page above went back to draft.")
    assert client.get(f"/comments/feed/{hidden_page.slug}/").status_code == HTTPStatus.NOT_FOUND
    site_feed = client.get("/comments/feed/").content.decode()
    assert "secret-plans" not in site_feed and "Said before the page" not in site_feed
