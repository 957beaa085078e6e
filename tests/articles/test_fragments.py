"""The article's own content is cached as fragments shared by every reader, logged in or
not. Whatever changes on it must show at once, also to readers the page cache never
serves (logged in), so these tests look through a logged-in reader's eyes."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, Category, Tag
from caching import invalidation
from comments.models import Comment
from comments.services import comment_create
from ratings.services import vote_cast

pytestmark = pytest.mark.django_db(transaction=True)  # pages are retired after commit


@pytest.fixture(autouse=True)
def _fragments_on(settings):
    settings.CACHING_FRAGMENT_SECONDS = 600


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


def test_the_fragments_are_shared_between_readers(reader_client, article):
    assert "Cached guide" in page(Client(), article)  # an anonymous reader renders them
    Article.objects.filter(pk=article.pk).update(title="Changed behind the cache's back")
    html = page(reader_client, article)
    assert '<h1 id="article-title" class="article__title">Cached guide</h1>' in html


def test_a_reader_sees_the_article_edited(reader_client, article):
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


def test_labels_deleted_in_bulk_leave_the_page(reader_client, article):
    tag = Tag.objects.create(name="stretching", slug="stretching")
    article.tags.add(tag)
    assert 'rel="tag">stretching</a>' in page(reader_client, article)
    Tag.objects.filter(pk=tag.pk).delete()  # as the admin's "delete selected" does
    assert "stretching" not in page(reader_client, article)


def test_a_label_added_from_the_articles_side_refreshes_its_list(client, article, make_article):
    category = Category.objects.create(name="Back pain", slug="back-pain")
    make_article(title="Already listed").categories.add(category)
    assert "Cached guide" not in client.get(category.get_absolute_url()).content.decode()
    article.categories.add(category)
    assert "Cached guide" in client.get(category.get_absolute_url()).content.decode()


def test_the_authors_new_name_and_bio_show(reader_client, article, author):
    page(reader_client, article)
    author.display_name = "Dr Maren Holt"
    author.bio = "Now also a yoga teacher."
    author.save()
    html = page(reader_client, article)
    assert "Dr Maren Holt" in html and "Now also a yoga teacher." in html


def test_the_story_count_follows_new_and_deleted_articles(reader_client, article, make_article):
    assert "has written 1 story on this site." in page(reader_client, article)
    second = make_article(title="Second")
    assert "has written 2 stories on this site." in page(reader_client, article)
    Article.objects.filter(pk=second.pk).delete()
    assert "has written 1 story on this site." in page(reader_client, article)


def test_votes_and_comments_refresh_the_head_but_keep_the_content(
    reader_client, article, django_user_model
):
    assert "aggregateRating" not in page(reader_client, article)
    Article.objects.filter(pk=article.pk).update(title="Changed behind the cache's back")
    voter = django_user_model.objects.create_user(username="vic")
    vote_cast(user=voter, article=article, score=9)
    comment_create(article=article, author=article.author, body="A word from the author")
    html = page(reader_client, article)
    assert '"aggregateRating": {"@type": "AggregateRating", "ratingValue": 9.0' in html
    assert "A word from the author" in html
    # The content fragments were not thrown away for a vote or a comment.
    assert '<h1 id="article-title" class="article__title">Cached guide</h1>' in html


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


def test_new_readers_and_their_logins_do_not_retire_cached_pages(
    client, article, django_user_model
):
    anonymous = Client()
    page(anonymous, article)
    person = django_user_model.objects.create_user(username="kim", password="a long password")
    person.display_name = "Kim"  # as the sign-up form does, in a second save
    person.save(update_fields=["display_name"])
    assert client.login(username="kim", password="a long password")  # saves last_login
    assert anonymous.get(article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_commenter_renaming_themselves_refreshes_the_pages_they_are_on(
    article, django_user_model
):
    anonymous = Client()
    person = django_user_model.objects.create_user(username="kim", display_name="Kim")
    comment_create(article=article, author=article.author, body="First")
    page(anonymous, article)
    # Not on any page yet: the cached page stays.
    person.display_name = "Kim A."
    person.save()
    assert anonymous.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    Comment.objects.create(article=article, author=person, body="Me too", body_html="Me too")
    invalidation.thread_changed(slug=article.slug)  # what the comment services announce
    assert "Kim A." in page(anonymous, article)
    person.display_name = "Kim Andersen"
    person.save()
    html = page(anonymous, article)
    assert "Kim Andersen" in html


def test_with_fragments_off_every_view_renders(settings, reader_client, article):
    settings.CACHING_FRAGMENT_SECONDS = 0
    page(reader_client, article)
    Article.objects.filter(pk=article.pk).update(title="Changed behind our back")
    assert "Changed behind our back" in page(reader_client, article)


def test_a_vote_committed_while_the_page_is_built_is_not_kept_under_the_new_version(
    reader_client, article, django_user_model
):
    """The fragments' versions are read before the article: a vote landing between the
    article's read and the fragment's store must not leave the old star average (in the
    head's JSON-LD) under the version that vote set."""
    from django.db.models.signals import post_init

    voter = django_user_model.objects.create_user(username="vic", password="a long password")
    vote_cast(user=voter, article=article, score=4)
    page(reader_client, article)

    def vote_meanwhile(sender, instance, **kwargs):
        post_init.disconnect(vote_meanwhile, sender=Article)
        vote_cast(user=voter, article=Article.objects.get(pk=article.pk), score=10)

    post_init.connect(vote_meanwhile, sender=Article, weak=False)
    try:
        assert '"ratingValue": 4.0' in page(reader_client, article)  # read before the vote
    finally:
        post_init.disconnect(vote_meanwhile, sender=Article)
    html = page(reader_client, article)
    assert '"ratingValue": 10.0' in html and "Rating: 10.0/10" in html
