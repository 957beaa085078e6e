"""The article's own content is cached as fragments shared by every reader, logged in or
not. Whatever changes on it must show at once, also to readers the page cache never
serves (logged in), so these tests look through a logged-in reader's eyes."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, Category, Tag
from ratings.services import vote_cast

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fragments_on(settings):
    settings.ARTICLES_FRAGMENT_CACHE_SECONDS = 600


@pytest.fixture
def article(make_article):
    return make_article(title="Cached guide", slug="cached-guide")


@pytest.fixture
def reader_client(django_user_model):
    reader = django_user_model.objects.create_user(username="lea", password="a long password")
    client = Client()
    client.force_login(reader)
    return client


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_fragment_is_shared_and_a_reader_sees_the_article_edited(reader_client, article):
    assert "Cached guide" in page(Client(), article)  # an anonymous reader renders it
    assert "Cached guide" in page(reader_client, article)
    article.title = "Renamed guide"
    article.body = "<p>New advice.</p>"
    article.save()
    html = page(reader_client, article)
    assert "Renamed guide" in html and "New advice." in html and "Cached guide" not in html


def test_a_new_or_changed_step_shows(reader_client, article, make_step):
    page(reader_client, article)
    step = make_step(article, 1, caption="Lie on your back")
    assert "Lie on your back" in page(reader_client, article)
    step.caption = "Lie on a mat"
    step.save()
    html = page(reader_client, article)
    assert "Lie on a mat" in html and "Lie on your back" not in html
    step.delete()
    assert 'id="picture-guide"' not in page(reader_client, article)


def test_tags_and_categories_added_from_either_side_show(reader_client, article):
    page(reader_client, article)
    tag = Tag.objects.create(name="stretching", slug="stretching")
    article.tags.add(tag)
    assert 'rel="tag">stretching</a>' in page(reader_client, article)
    category = Category.objects.create(name="Back pain", slug="back-pain")
    category.articles.add(article)  # the reverse side of the relation
    assert ">Back pain</a>" in page(reader_client, article)
    category.name = "Backs"
    category.save()
    assert ">Backs</a>" in page(reader_client, article)
    article.tags.clear()
    assert 'rel="tag">' not in page(reader_client, article)


def test_the_authors_new_name_and_bio_show(reader_client, article, author):
    page(reader_client, article)
    author.display_name = "Dr Maren Holt"
    author.bio = "Now also a yoga teacher."
    author.save()
    html = page(reader_client, article)
    assert "Dr Maren Holt" in html and "Now also a yoga teacher." in html


def test_the_story_count_follows_new_articles(reader_client, article, make_article):
    assert "has written 1 story on this site." in page(reader_client, article)
    make_article(title="Second")
    assert "has written 2 stories on this site." in page(reader_client, article)


def test_the_json_ld_follows_the_votes(reader_client, article, django_user_model):
    assert "aggregateRating" not in page(reader_client, article)
    voter = django_user_model.objects.create_user(username="vic")
    vote_cast(user=voter, article=article, score=9)
    assert '"aggregateRating": {"@type": "AggregateRating", "ratingValue": 9.0' in page(
        reader_client, article
    )


def test_a_scheduled_article_loses_its_preview_banner_when_it_goes_live(
    client, staff, make_article
):
    soon = make_article(
        title="Soon", status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(1)
    )
    client.force_login(staff)
    assert "only staff can see this page" in page(client, soon)
    # Its time comes, with no write to announce it.
    Article.objects.filter(pk=soon.pk).update(published_at=timezone.now() - timedelta(1))
    assert "only staff can see this page" not in page(client, soon)


def test_share_links_use_the_address_the_page_was_asked_at(article, settings):
    settings.ALLOWED_HOSTS = ["blog.example.org", "other.example.org"]
    first = page(Client(HTTP_HOST="blog.example.org"), article)
    second = page(Client(HTTP_HOST="other.example.org"), article)
    assert "blog.example.org%2Farticles" in first and "other.example.org" not in first
    assert "other.example.org%2Farticles" in second and "blog.example.org" not in second


def test_logging_in_does_not_retire_cached_pages(client, article, django_user_model):
    anonymous = Client()
    page(anonymous, article)
    person = django_user_model.objects.create_user(username="kim", password="a long password")
    assert client.login(username="kim", password="a long password")  # saves last_login
    assert person.pk
    assert anonymous.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_with_fragments_off_every_view_renders(settings, reader_client, article):
    settings.ARTICLES_FRAGMENT_CACHE_SECONDS = 0
    page(reader_client, article)
    Article.objects.filter(pk=article.pk).update(title="Changed behind our back")
    assert "Changed behind our back" in page(reader_client, article)
