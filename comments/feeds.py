from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from articles.feeds import ReaderSafeRssFeed
from articles.models import Article
from sciatica_site.sanitizer import strip_all_tags

from .models import Comment


class LatestCommentsFeed(Feed):
    """The site's latest approved comments (RSS 2.0). Titles and names are plain text,
    descriptions HTML: articles.feeds says how each is encoded."""

    feed_type = ReaderSafeRssFeed

    def title(self):
        return _("Latest comments on %(site)s") % {"site": settings.SITE_NAME}

    def link(self):
        return reverse("articles:list")

    def description(self):
        return escape(_("Comments readers left on %(site)s.") % {"site": settings.SITE_NAME})

    def _comments(self):
        return (
            Comment.objects.public()
            .filter(is_deleted=False, article__in=Article.objects.on_site())
            .select_related("author", "article")
            .order_by("-created_at")
        )

    def items(self):
        return self._comments()[:30]

    def item_title(self, item):
        return _("%(name)s on “%(title)s”") % {
            "name": item.display_name,
            "title": item.article.title,
        }

    def item_description(self, item):
        # Read as HTML by feed readers: the comment's text goes escaped, so that what a
        # reader typed as "<img onerror=...>" stays text there too.
        return escape(Truncator(strip_all_tags(item.body_html)).chars(600))

    def item_link(self, item):
        return item.get_absolute_url()  # lands on the right comment page

    def item_pubdate(self, item):
        return item.created_at

    def item_author_name(self, item):
        return item.display_name


class ArticleCommentsFeed(LatestCommentsFeed):
    """Approved comments on one article."""

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.on_site(), slug=slug)

    def title(self, obj):
        return _("Comments on “%(title)s”") % {"title": obj.title}

    def link(self, obj):
        return obj.get_absolute_url()

    def description(self, obj):
        return escape(
            _("Comments on “%(title)s” at %(site)s.")
            % {"title": obj.title, "site": settings.SITE_NAME}
        )

    def items(self, obj):
        return self._comments().filter(article=obj)[:50]
