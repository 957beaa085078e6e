"""Writes to articles: plain functions that the admin, commands and tests share."""

from django.db import transaction
from django.utils import timezone

from .models import Article


@transaction.atomic
def article_publish(*, article: Article, now=None) -> Article:
    """Put an article live now (a scheduled one is brought forward)."""
    now = now or timezone.now()
    article.status = Article.Status.PUBLISHED
    if article.published_at is None or article.published_at > now:
        article.published_at = now
    article.save()
    return article


@transaction.atomic
def article_unpublish(*, article: Article) -> Article:
    """Take an article off the site; it stays editable as a draft."""
    article.status = Article.Status.DRAFT
    article.save()
    return article
