from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from articles.models import Article
from articles.services import article_publish, article_unpublish

pytestmark = pytest.mark.django_db


def test_only_live_articles_are_published(make_article):
    live = make_article(title="Live")
    make_article(title="Draft", status=Article.Status.DRAFT)
    make_article(
        title="Later",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
    )
    assert list(Article.objects.published()) == [live]


def test_scheduled_article_goes_live_when_its_time_comes(make_article):
    article = make_article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(hours=2)
    )
    assert article not in Article.objects.published()
    assert article in Article.objects.published(now=timezone.now() + timedelta(hours=3))


def test_publishing_fills_in_the_time(make_article):
    article = make_article(status=Article.Status.DRAFT)
    assert article.published_at is None
    article_publish(article=article)
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at <= timezone.now()
    assert article in Article.objects.published()


def test_publishing_now_brings_a_scheduled_article_forward(make_article):
    article = make_article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(days=3)
    )
    article_publish(article=article)
    assert article in Article.objects.published()


def test_unpublishing_hides_the_article(make_article):
    article = make_article()
    article_unpublish(article=article)
    assert article not in Article.objects.published()


def test_published_with_a_future_time_becomes_scheduled_on_clean(make_article):
    article = make_article(status=Article.Status.DRAFT)
    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now() + timedelta(days=1)
    article.full_clean()
    assert article.status == Article.Status.SCHEDULED


def test_scheduled_without_a_time_is_refused(make_article):
    article = make_article(status=Article.Status.DRAFT)
    article.status = Article.Status.SCHEDULED
    with pytest.raises(ValidationError) as error:
        article.full_clean()
    assert "published_at" in error.value.message_dict


def test_database_refuses_a_live_article_without_a_time(make_article):
    article = make_article()
    with pytest.raises(IntegrityError):
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_staff_see_drafts_readers_do_not(make_article, staff, django_user_model):
    draft = make_article(status=Article.Status.DRAFT)
    reader = django_user_model.objects.create_user(username="reader", password="x" * 12)
    assert draft in Article.objects.visible_to(staff)
    assert draft not in Article.objects.visible_to(reader)


def test_summary_falls_back_to_the_body_as_plain_text(make_article):
    article = make_article(excerpt="", body="<p>Move <strong>gently</strong> &amp; often.</p>")
    assert article.summary == "Move gently & often."
