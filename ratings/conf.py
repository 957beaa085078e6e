"""Settings of the ratings app, with their defaults, read in one place.

Override any of them in the project settings under the same name.
"""

from django.conf import settings


def _get(name, default):
    return getattr(settings, name, default)


class RatingSettings:
    @property
    def RATE_LIMIT(self):
        """How many votes (cast, change or withdraw, stars and thumbs together) one reader
        may send: "<count>/<period>", the period being s, m, h or d with an optional number
        in front ("20/m", "100/h", "5/10s"). None or "" turns the limit off."""
        return _get("RATINGS_RATE_LIMIT", "20/m")

    @property
    def JSONLD(self):
        """Add schema.org aggregateRating to the article's JSON-LD (when it has votes)."""
        return _get("RATINGS_JSONLD", True)

    @property
    def TOP_COUNT(self):
        """How many articles the home page's "Top rated" list shows."""
        return _get("RATINGS_TOP_COUNT", 5)

    @property
    def TOP_MIN_VOTES(self):
        """Articles with fewer star votes than this stay out of "Top rated"."""
        return _get("RATINGS_TOP_MIN_VOTES", 1)

    @property
    def TOP_PRIOR_WEIGHT(self):
        """The damped average counts this many imaginary votes at the prior mean, so that
        an article needs many good votes to rise above it."""
        return _get("RATINGS_TOP_PRIOR_WEIGHT", 10)

    @property
    def TOP_PRIOR_MEAN(self):
        """Where an article with few votes is pulled to. The default, the middle of the
        scale, makes no assumption about a new article. None uses the site-wide mean of
        all star votes, which suits a site where many articles have votes; on a site where
        one article holds most votes that mean is its own average, and a single 10-star
        vote elsewhere would rank above it."""
        return _get("RATINGS_TOP_PRIOR_MEAN", 5.5)


conf = RatingSettings()
