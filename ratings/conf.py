"""Settings of the ratings app, with their defaults (see sciatica_site.appsettings)."""

from sciatica_site.appsettings import AppSettings


class RatingSettings(AppSettings):
    prefix = "RATINGS"

    @property
    def RATE_LIMIT(self):
        """How many votes (cast, change or withdraw, stars and thumbs together) one reader
        may send: "<count>/<period>", the period being s, m, h or d with an optional number
        in front ("20/m", "100/h", "5/10s"). None or "" turns the limit off."""
        return self._setting("RATE_LIMIT", "20/m")

    @property
    def JSONLD(self):
        """Add schema.org aggregateRating to the article's JSON-LD (when it has votes)."""
        return self._setting("JSONLD", True)

    @property
    def TOP_COUNT(self):
        """How many articles the home page's "Top rated" list shows."""
        return self._setting("TOP_COUNT", 5)

    @property
    def TOP_MIN_VOTES(self):
        """Articles with fewer star votes than this stay out of "Top rated"."""
        return self._setting("TOP_MIN_VOTES", 1)

    @property
    def TOP_PRIOR_WEIGHT(self):
        """The damped average counts this many imaginary votes at the prior mean, so that
        an article needs many good votes to rise above it."""
        return self._setting("TOP_PRIOR_WEIGHT", 10)

    @property
    def TOP_PRIOR_MEAN(self):
        """Where an article with few votes is pulled to. The default, the middle of the
        scale, makes no assumption about a new article. None uses the site-wide mean of
        all star votes, which suits a site where many articles have votes; on a site where
        one article holds most votes that mean is its own average, and a single 10-star
        vote elsewhere would rank above it."""
        return self._setting("TOP_PRIOR_MEAN", 5.5)


conf = RatingSettings()
