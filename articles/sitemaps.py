from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Category, Tag


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return (
            Article.objects.published().posts().only("slug", "kind", "updated_at", "published_at")
        )

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(Sitemap):
    """The site's pages (About...) on the site, each at its address under its parents: two
    queries whatever their number and depth (the pages, then the pages above them all).
    A page under a draft is not on the site (Article.is_on_site), so not listed."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        # A list, not the queryset: the paginator then needs no count query of its own.
        return list(
            Article.objects.on_site()
            .pages()
            .only("slug", "kind", "parent_id", "updated_at")
            .with_page_paths()
        )

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4

    def items(self):
        return Category.objects.filter(articles__in=Article.objects.published().posts()).distinct()


class TagSitemap(CategorySitemap):
    def items(self):
        return Tag.objects.filter(articles__in=Article.objects.published().posts()).distinct()


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
    "pages": PageSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
}
