"""Settings of the articles app, with their defaults (see sciatica_site.appsettings).

What other apps add to article pages is not a setting: they register with
articles.extensions in their AppConfig.ready().
"""

from django.utils.translation import gettext_lazy as _

from sciatica_site.appsettings import AppSettings

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
    {"key": "email", "name": _("Email"), "url": "mailto:?subject={title}&body={url}"},
    {"key": "rss", "name": _("RSS feed"), "url": "{feed}"},
    {"key": "copy", "name": _("Copy link"), "url": ""},
]


class ArticleSettings(AppSettings):
    prefix = "ARTICLES"

    @property
    def SHARE_SERVICES(self):
        """The share bars' links (see DEFAULT_SHARE_SERVICES for the format)."""
        return self._setting("SHARE_SERVICES", DEFAULT_SHARE_SERVICES)

    @property
    def PER_PAGE(self):
        """Articles per page of the lists."""
        return self._setting("PER_PAGE", 10)

    @property
    def READING_WORDS_PER_MINUTE(self):
        """Reading speed behind the byline's "N min read"."""
        return self._setting("READING_WORDS_PER_MINUTE", 200)

    @property
    def RELATED_COUNT(self):
        """How many articles "Read next" at the end of an article offers."""
        return self._setting("RELATED_COUNT", 4)

    @property
    def SEARCH_RANK_BODIES_UP_TO(self):
        """A search finding at most this many articles ranks them by their whole text
        (title > excerpt > body, and how often); one finding more, by title and excerpt,
        then the newest (reading thousands of bodies' vectors would be slow)."""
        return self._setting("SEARCH_RANK_BODIES_UP_TO", 1000)

    @property
    def IMAGE_MAX_BYTES(self):
        """Largest upload accepted for a featured image or a picture-guide step."""
        return self._setting("IMAGE_MAX_BYTES", 5 * 1024 * 1024)

    @property
    def IMAGE_MAX_PIXELS(self):
        """Largest width x height accepted (a guard against decompression bombs)."""
        return self._setting("IMAGE_MAX_PIXELS", 40_000_000)


conf = ArticleSettings()
