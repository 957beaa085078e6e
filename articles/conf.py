"""Settings of the articles app, with their defaults, read in one place.

Override any of them in the project settings under the same name.
"""

from django.conf import settings

# Share bars: a name for people and a URL template taking {url}, {title}, {text} (title and
# link together) and {feed} (the site's RSS feed), each URL-encoded except {feed}. The key
# "copy" is the copy-link button (Web Share API where the browser has it); it needs no URL.
DEFAULT_SHARE_SERVICES = [
    {"key": "bluesky", "name": "Bluesky", "url": "https://bsky.app/intent/compose?text={text}"},
    {"key": "facebook", "name": "Facebook", "url": "https://www.facebook.com/sharer.php?u={url}"},
    {"key": "x", "name": "X", "url": "https://x.com/intent/tweet?url={url}&text={title}"},
    {
        "key": "linkedin",
        "name": "LinkedIn",
        "url": "https://www.linkedin.com/sharing/share-offsite/?url={url}",
    },
    {
        "key": "reddit",
        "name": "Reddit",
        "url": "https://www.reddit.com/submit?url={url}&title={title}",
    },
    {"key": "whatsapp", "name": "WhatsApp", "url": "https://wa.me/?text={text}"},
    {"key": "email", "name": "Email", "url": "mailto:?subject={title}&body={url}"},
    {"key": "rss", "name": "RSS feed", "url": "{feed}"},
    {"key": "copy", "name": "Copy link", "url": ""},
]


def _get(name, default):
    return getattr(settings, name, default)


class ArticleSettings:
    @property
    def SHARE_SERVICES(self):
        return _get("ARTICLES_SHARE_SERVICES", DEFAULT_SHARE_SERVICES)

    @property
    def PER_PAGE(self):
        return _get("ARTICLES_PER_PAGE", 10)

    @property
    def IMAGE_MAX_BYTES(self):
        """Largest upload accepted for a featured image or a picture-guide step."""
        return _get("ARTICLES_IMAGE_MAX_BYTES", 5 * 1024 * 1024)

    @property
    def IMAGE_MAX_PIXELS(self):
        """Largest width x height accepted (a guard against decompression bombs)."""
        return _get("ARTICLES_IMAGE_MAX_PIXELS", 40_000_000)

    @property
    def PAGE_CACHE_SECONDS(self):
        """How long a rendered article page for anonymous readers is kept (0 turns the
        page cache off). Changes to the page invalidate it at once; this only bounds
        what nothing announces (an author renaming themselves, say)."""
        return _get("ARTICLES_PAGE_CACHE_SECONDS", 600)

    @property
    def FRAGMENT_CACHE_SECONDS(self):
        """How long the article's own content (head metadata, header to tags, author box)
        is kept as shared fragments, for every reader, logged in or not (0 renders it
        every time). Writes retire it at once, as for the page cache; this bounds what no
        write announces (another article of the author going live on schedule)."""
        return _get("ARTICLES_FRAGMENT_CACHE_SECONDS", 600)

    @property
    def PAGE_CACHE_SHARED_SECONDS(self):
        """s-maxage for shared caches (a reverse proxy) on anonymous article pages."""
        return _get("ARTICLES_PAGE_CACHE_SHARED_SECONDS", 30)

    @property
    def PAGE_PANELS(self):
        """Templates included on the article page between the picture guide and the second
        share bar, in order. Other apps (ratings, comments) attach their blocks here, so
        that articles imports none of them. Each is rendered with `article` in context."""
        return _get("ARTICLES_PAGE_PANELS", [])

    @property
    def PAGE_END_PANELS(self):
        """Templates included after the author box, at the end of the article (where the
        original page had its comments)."""
        return _get("ARTICLES_PAGE_END_PANELS", [])

    @property
    def PAGE_QUERY_PARAMETERS(self):
        """Query parameters the attached apps read on an article page (a comment page, a
        reply form): pages differing in them are kept apart in the page cache. Any other
        parameter is served the page without it."""
        return _get("ARTICLES_PAGE_QUERY_PARAMETERS", [])

    @property
    def CARD_PANELS(self):
        """Templates included at the end of each article card in lists (e.g. the star
        average). Rendered with `article` in context."""
        return _get("ARTICLES_CARD_PANELS", [])

    @property
    def HOME_PANELS(self):
        """Templates included on the home page after the latest articles (e.g. top rated)."""
        return _get("ARTICLES_HOME_PANELS", [])

    @property
    def QUERYSET_EXTENDERS(self):
        """Dotted paths of functions f(queryset) -> queryset applied to the article
        queries of lists and of the article page, so that attached apps can join what
        their panels show (select_related, annotate) instead of a query per article."""
        return _get("ARTICLES_QUERYSET_EXTENDERS", [])

    @property
    def JSONLD_EXTENDERS(self):
        """Dotted paths of functions f(article, data) -> None that add to the article's
        schema.org JSON-LD (ratings adds aggregateRating)."""
        return _get("ARTICLES_JSONLD_EXTENDERS", [])


conf = ArticleSettings()
