from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import Article


class LatestArticlesFeed(Feed):
    """RSS 2.0 feed of the latest published articles."""

    def title(self):
        return settings.SITE_NAME

    def description(self):
        return settings.SITE_DESCRIPTION

    def link(self):
        return reverse("articles:list")

    def items(self):
        return (
            Article.objects.published().select_related("author").prefetch_related("categories")
        )[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers read a description as HTML: the plain-text summary goes escaped,
        # so that text such as "<img ...>" in it stays text.
        return escape(item.summary)

    def item_author_name(self, item):
        return item.author.public_name

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed

    def subtitle(self):
        return settings.SITE_DESCRIPTION
