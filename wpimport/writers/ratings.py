"""WP-PostRatings totals: each post's number of votes (ratings_users) and sum of stars
(ratings_score) become its article's imported totals, set by the ratings app's own
summary_import."""

import math

from django.core.exceptions import ValidationError

from articles.models import Article
from ratings.models import MAX_SCORE as RATING_MAX_SCORE
from ratings.services import summary_import

from ..wxr import WPItem
from .ledger import Kind, Skip

# Most votes one article's imported totals may hold (their sum, ten stars each, must fit
# the database's integer).
MAX_IMPORTED_VOTES = 100_000_000


class RatingWriter:
    def __init__(self, context, *, ratings_max):
        """`ratings_max`: the most stars a vote could give on the old blog; totals are put
        on the site's scale."""
        self.context = context
        self.ratings_max = ratings_max

    def write(self, item: WPItem, article_id):
        users, score = item.meta.get("ratings_users"), item.meta.get("ratings_score")
        ledger = self.context.ledger
        if users is None and score is None and ledger.get(Kind.RATING, item.wp_id) is None:
            return
        label = f"{item.label}: {users} votes, score {score}"
        count, total, problem = _rating_meta(users, score, self.ratings_max)
        if problem:
            self.context.report.count("ratings", "skipped", reason=problem, label=label)
            return
        scaled = round(total * RATING_MAX_SCORE / self.ratings_max)
        scaled = min(max(scaled, count), count * RATING_MAX_SCORE)
        if not count:
            scaled = 0

        def write(_object_id, values):
            article = Article.objects.only("slug").get(pk=article_id)
            try:
                summary_import(article=article, count=count, total=scaled)
            except ValidationError:
                # _rating_meta let these through: reported as its own refusal would be.
                raise Skip(_out_of_range(self.ratings_max)) from None
            return article_id

        ledger.import_item(
            Kind.RATING,
            item.wp_id,
            values=lambda: {"count": count, "sum": scaled},
            write=write,
            label=label,
        )


def _out_of_range(ratings_max):
    return f"rating meta out of range (votes 1 to {ratings_max} expected)"


def _rating_meta(users, score, ratings_max):
    """(votes, sum of stars, problem) from WP-PostRatings' meta; problem is None when they
    can be imported, else why not, for the summary."""
    try:
        count, total = float(users or 0), float(score or 0)
    except ValueError:
        return 0, 0.0, "rating meta that is not a number"
    if not (math.isfinite(count) and math.isfinite(total)) or count != int(count):
        return 0, 0.0, "rating meta that is not a number of votes"
    count = int(count)
    if count > MAX_IMPORTED_VOTES:
        return 0, 0.0, f"rating meta with more than {MAX_IMPORTED_VOTES:,} votes"
    if count < 0 or (count and not (count <= total <= count * ratings_max)):
        return 0, 0.0, _out_of_range(ratings_max)
    return count, total, None
