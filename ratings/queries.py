"""Reads: what the rating blocks, the cards and the "Top rated" list show."""

from dataclasses import dataclass

from django.contrib.auth.views import redirect_to_login
from django.db.models import ExpressionWrapper, F, FloatField, Q, Subquery, Sum, Value
from django.db.models.functions import Cast, Coalesce, NullIf

from accounts import suspensions
from articles.models import Article

from .conf import conf
from .models import (
    MAX_SCORE,
    MIN_SCORE,
    RATING_ANCHOR,
    SCORES,
    RatingSummary,
    StarVote,
    ThumbVote,
    rating_url,
)


def with_rating_summary(queryset):
    """Join each article's RatingSummary (registered in ratings/apps.py), so that cards,
    the rating block and the JSON-LD read it without a query per article."""
    return queryset.select_related("rating_summary")


def summary_of(article):
    """The article's RatingSummary, or an empty unsaved one when nobody has voted. No query
    when the summary was joined (with_rating_summary), even when there is none."""
    try:
        return article.rating_summary
    except RatingSummary.DoesNotExist:
        return RatingSummary(article_id=article.pk)


def login_url_for(article):
    """The login page, coming back to the article's rating block afterwards."""
    return redirect_to_login(rating_url(article)).url


@dataclass(frozen=True)
class ScoreBar:
    score: int
    count: int
    percent: int


def distribution(summary):
    """How many live votes gave each score, from 10 stars down to 1: read from the
    summary row, which keeps the spread with the totals (no query)."""
    total = summary.star_count
    return [
        ScoreBar(
            score=score,
            count=summary.votes_of(score),
            percent=round(100 * summary.votes_of(score) / total) if total else 0,
        )
        for score in reversed(SCORES)
    ]


@dataclass(frozen=True)
class RatingPanel:
    """Everything the rating block shows for one article and one reader."""

    article: Article
    summary: RatingSummary
    bars: list
    can_vote: bool
    is_reader: bool
    my_score: int | None
    my_thumb: int | None
    login_url: str
    scores: range = range(MIN_SCORE, MAX_SCORE + 1)
    anchor: str = RATING_ANCHOR
    # Set when the reader is suspended: shown in place of the buttons (suspensions.explain).
    suspended_message: str = ""

    @property
    def storable(self):
        """A suspended reader's block is theirs alone: never kept in the page cache."""
        return not self.suspended_message

    @property
    def shows_forms(self):
        return self.can_vote and self.is_reader and not self.suspended_message

    @property
    def my_thumb_is_up(self):
        return self.my_thumb == ThumbVote.Direction.UP

    @property
    def my_thumb_is_down(self):
        return self.my_thumb == ThumbVote.Direction.DOWN


def own_votes(user, article):
    """(stars, thumb) the reader gave the article, None for each not given: one query
    (a UNION of the two vote tables) rather than one per table."""
    stars = (
        StarVote.objects.filter(user=user, article=article)
        .order_by()
        .annotate(kind=Value("stars"))
        .values_list("kind", "score")
    )
    thumb = (
        ThumbVote.objects.filter(user=user, article=article)
        .order_by()
        .annotate(kind=Value("thumb"))
        .values_list("kind", "value")
    )
    given = dict(stars.union(thumb, all=True).order_by())
    return given.get("stars"), given.get("thumb")


def read_panel(request, article, state=None):
    """The rating block's read function on the article page (ratings/apps.py)."""
    return rating_panel(article, request.user, suspension=suspensions.of_request(request))


def rating_panel(article, user, summary=None, suspension=None):
    """The state of the rating block: totals and spread (from the joined summary) and, for
    a logged-in reader, their own votes (one query). A constant number of queries,
    whatever the number of votes."""
    summary = summary if summary is not None else summary_of(article)
    bars = distribution(summary) if summary.star_count else []
    is_reader = bool(user and user.is_authenticated)
    my_score = my_thumb = None
    if is_reader:
        my_score, my_thumb = own_votes(user, article)
    return RatingPanel(
        article=article,
        summary=summary,
        bars=bars,
        can_vote=article.is_live,
        is_reader=is_reader,
        my_score=my_score,
        my_thumb=my_thumb,
        login_url=login_url_for(article),
        suspended_message=suspensions.explain(suspension) if suspension else "",
    )


def _site_mean():
    """The mean of every star (live and imported) on published articles, as a subquery
    so that "Top rated" stays one query."""
    totals = (
        RatingSummary.objects.filter(article__in=Article.objects.published())
        .order_by()
        .annotate(everything=Value(1))
        .values("everything")
        .annotate(
            mean=Cast(Sum(F("star_sum") + F("imported_sum")), FloatField())
            / NullIf(Sum(F("star_count") + F("imported_count")), 0)
        )
        .values("mean")
    )
    return Coalesce(Subquery(totals[:1]), Value((MIN_SCORE + MAX_SCORE) / 2))


def top_rated(limit=None):
    """Published articles ranked by a damped (Bayesian) average: each counts
    TOP_PRIOR_WEIGHT imaginary votes at TOP_PRIOR_MEAN besides its real ones, so a single
    10-star vote does not outrank an article many readers rated well. One query."""
    weight = float(conf.TOP_PRIOR_WEIGHT)
    prior_mean = conf.TOP_PRIOR_MEAN
    mean = _site_mean() if prior_mean is None else Value(float(prior_mean))
    votes = F("rating_summary__star_count") + F("rating_summary__imported_count")
    stars = F("rating_summary__star_sum") + F("rating_summary__imported_sum")
    return (
        Article.objects.published()
        .posts()
        .select_related("rating_summary")
        .defer("body", "body_html")
        .annotate(vote_total=votes)
        .filter(Q(vote_total__gte=max(conf.TOP_MIN_VOTES, 1)))
        .annotate(
            damped_average=ExpressionWrapper(
                (Value(weight) * mean + Cast(stars, FloatField()))
                / (Value(weight) + Cast(votes, FloatField())),
                output_field=FloatField(),
            )
        )
        .order_by("-damped_average", "-vote_total", "-published_at", "-id")[
            : limit or conf.TOP_COUNT
        ]
    )
