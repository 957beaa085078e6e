from .conf import conf
from .models import MAX_SCORE, MIN_SCORE
from .queries import summary_of


def add_aggregate_rating(article, data):
    """Nest schema.org AggregateRating in the article's own Article JSON-LD, when it has
    at least one star vote and RATINGS_JSONLD is on. The rated thing is the article: no
    Product or Recipe is made up for it."""
    if not conf.JSONLD:
        return
    summary = summary_of(article)
    if not summary.vote_count:
        return
    data["aggregateRating"] = {
        "@type": "AggregateRating",
        "ratingValue": float(summary.average),
        "ratingCount": summary.vote_count,
        "bestRating": MAX_SCORE,
        "worstRating": MIN_SCORE,
    }
