"""The site's feeds, and how each of their fields is encoded for feed readers.

Readers differ in what they take for HTML: an RSS item's description by the spec, and in
many readers the channel's description and the titles too. So every field carries one
kind of content, encoded so that the least careful reader still shows text as text:

- Titles, author names and categories are plain text. Atom says so (`type="text"` on
  titles and the subtitle; names and category terms are text by definition). RSS cannot
  say it, and the RSS Best Practices Profile finds readers that render text elements as
  HTML; so there `<` and `>` are escaped once more than XML needs, and `&` too where the
  text holds what HTML would read as a character reference: a reader that renders a
  title as HTML shows the title's text, never markup; one that shows it as text shows
  "&lt;" only for the rare title that holds "<".
- Descriptions (RSS item and channel descriptions, Atom summaries) are HTML, built from
  escaped text: a title or a name goes into them escaped, never as it is.

The feed classes return titles and names as plain text and descriptions as HTML; the
feed types below do the per-format encoding.
"""

import html

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape

from .models import Article


def rss_text(text):
    """Plain text for an RSS element that readers may render as HTML (a title, an author's
    name, a category): `<` and `>` become `&lt;` and `&gt;`, and every `&` becomes `&amp;`
    if the text holds something HTML would read as a character reference ("&lt;",
    "&copy"). Text without those characters is left as it is ("Q&A" stays "Q&A")."""
    if not text:
        return text
    if "&" in text and html.unescape(text) != text:
        text = text.replace("&", "&amp;")
    return text.replace("<", "&lt;").replace(">", "&gt;")


class _EncodingWriter:
    """The XML writer of a feed generator, passing each element's contents and attributes
    through `encode(name, contents, attrs)` first. Django's generators write every field
    with addQuickElement, so wrapping the writer encodes fields without copying them."""

    def __init__(self, handler, encode):
        self._handler = handler
        self._encode = encode

    def addQuickElement(self, name, contents=None, attrs=None):
        self._handler.addQuickElement(name, *self._encode(name, contents, attrs))

    def __getattr__(self, name):
        return getattr(self._handler, name)


_RSS_TEXT_ELEMENTS = frozenset({"title", "dc:creator", "category"})
_ATOM_TEXT_CONSTRUCTS = frozenset({"title", "subtitle"})


def _encode_rss(name, contents, attrs):
    return (rss_text(contents) if name in _RSS_TEXT_ELEMENTS else contents), attrs


def _encode_atom(name, contents, attrs):
    if name in _ATOM_TEXT_CONSTRUCTS:
        attrs = {**(attrs or {}), "type": "text"}
    return contents, attrs


class ReaderSafeRssFeed(Rss201rev2Feed):
    """RSS 2.0 whose text elements (titles, dc:creator, categories) no reader can take
    for markup; descriptions are written as given (HTML)."""

    def add_root_elements(self, handler):
        super().add_root_elements(_EncodingWriter(handler, _encode_rss))

    def add_item_elements(self, handler, item):
        super().add_item_elements(_EncodingWriter(handler, _encode_rss), item)


class ReaderSafeAtomFeed(Atom1Feed):
    """Atom 1.0 whose titles and subtitle say they are plain text (`type="text"`, the
    default Django leaves unsaid); summaries are written as given, `type="html"`."""

    def add_root_elements(self, handler):
        super().add_root_elements(_EncodingWriter(handler, _encode_atom))

    def add_item_elements(self, handler, item):
        super().add_item_elements(_EncodingWriter(handler, _encode_atom), item)


class LatestArticlesFeed(Feed):
    """RSS 2.0 feed of the latest published articles."""

    feed_type = ReaderSafeRssFeed

    def title(self):
        return settings.SITE_NAME

    def description(self):
        return escape(settings.SITE_DESCRIPTION)

    def link(self):
        return reverse("articles:list")

    def items(self):
        return (
            Article.objects.published()
            .posts()
            .select_related("author")
            .prefetch_related("categories")
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
    feed_type = ReaderSafeAtomFeed

    def subtitle(self):
        return settings.SITE_DESCRIPTION
