"""Settings of the caching app, with their defaults (see sciatica_site.appsettings)."""

from sciatica_site.appsettings import AppSettings


class CachingSettings(AppSettings):
    prefix = "CACHING"

    @property
    def PAGE_SECONDS(self):
        """How long a rendered page for anonymous readers is kept (0 turns the page cache
        off). Changes invalidate it at once (caching.invalidation); this only bounds what
        no write announces (a scheduled article going live)."""
        return self._setting("PAGE_SECONDS", 600)

    @property
    def PAGE_SHARED_SECONDS(self):
        """s-maxage for shared caches (a reverse proxy) on anonymous pages."""
        return self._setting("PAGE_SHARED_SECONDS", 30)

    @property
    def FRAGMENT_SECONDS(self):
        """How long an article's own content (head metadata, header to tags, author box)
        is kept as fragments shared by every reader, logged in or not (0 renders it every
        time). Writes retire it at once; this bounds what no write announces."""
        return self._setting("FRAGMENT_SECONDS", 600)


conf = CachingSettings()
