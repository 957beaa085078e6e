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
    """The site's pages (About...), each at its address under its parents: two queries
    whatever their number (the pages, then every page's slug and parent)."""

    changefreq = "monthly"
    priority = 0.5

    def items(self):
        pages = list(
            Article.objects.published().pages().only("slug", "kind", "parent_id", "updated_at")
        )
        if pages:
            tree = {
                pk: (slug, parent_id)
                for pk, slug, parent_id in Article.objects.pages().values_list(
                    "pk", "slug", "parent_id"
                )
            }
            for page in pages:
                page.page_path = _path_in(page.pk, tree)
        return pages

    def lastmod(self, item):
        return item.updated_at


def _path_in(pk, tree) -> str:
    """A page's path from `tree` (pk -> (slug, parent pk)), as Article.page_path."""
    path, seen = [], set()
    while pk in tree and pk not in seen:
        seen.add(pk)
        slug, pk = tree[pk]
        path.append(slug)
    return "/".join(reversed(path))


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
