from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Category, Tag


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return Article.objects.published().only("slug", "updated_at", "published_at")

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return Category.objects.filter(articles__in=Article.objects.published()).distinct()


class TagSitemap(CategorySitemap):
    def items(self):
        return Tag.objects.filter(articles__in=Article.objects.published()).distinct()


class HomeSitemap(Sitemap):
    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["articles:list"]

    def location(self, item):
        return reverse(item)


sitemaps = {
    "home": HomeSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
}
