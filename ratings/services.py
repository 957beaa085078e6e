"""How votes are counted. Every change to a vote, and to its article's totals, goes through
the functions here; views, the demo loader, management commands and tests all call them.

Each function works in one transaction. It first locks the article's RatingSummary row
(creating it on the first vote), so votes on one article are counted one after another:
the reader's existing vote, read after the lock, is current, and the totals change by
database-side arithmetic (F expressions) in the same transaction as the vote row. A vote
costs at most three write statements: the summary's INSERT on an article's first vote, the
vote's INSERT, UPDATE or DELETE, and the summary's UPDATE.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce, Now
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts import suspensions
from articles.models import Article
from caching import invalidation

from .models import (
    MAX_SCORE,
    MIN_SCORE,
    SCORE_FIELDS,
    SCORES,
    RatingSummary,
    StarVote,
    ThumbVote,
    votes_of_field,
)

SCORE_ERROR = format_lazy(_("Choose from {low} to {high} stars."), low=MIN_SCORE, high=MAX_SCORE)
THUMB_ERROR = _("Choose thumbs up or thumbs down.")
NOT_LIVE_ERROR = _("This article is not published, so it cannot be rated.")

_THUMB_FIELD = {ThumbVote.Direction.UP: "thumbs_up", ThumbVote.Direction.DOWN: "thumbs_down"}
# Summary fields the star average comes from (shown on lists too, unlike the thumbs).
# The spread (votes_of_1 ... votes_of_10) changes with them but is shown on the article only.
STAR_FIELDS = {"star_count", "star_sum", "imported_count", "imported_sum"}


def _check_live(article):
    if not article.is_live:
        raise ValidationError(NOT_LIVE_ERROR, code="not_live")


def _check_score(score):
    if isinstance(score, bool) or not isinstance(score, int):
        raise ValidationError(SCORE_ERROR, code="invalid_score")
    if not MIN_SCORE <= score <= MAX_SCORE:
        raise ValidationError(SCORE_ERROR, code="invalid_score")


def _check_thumb(value):
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(THUMB_ERROR, code="invalid_thumb")
    if value not in ThumbVote.Direction.values:
        raise ValidationError(THUMB_ERROR, code="invalid_thumb")


def _lock_summary(article_id):
    """Lock the article's summary row, creating it on the first vote. Every writer takes
    this lock before it reads or writes a vote of the article."""
    locked = RatingSummary.objects.select_for_update()
    summary = locked.filter(article_id=article_id).first()
    if summary is None:
        # The first vote. Two first votes at once: the second's insert does nothing (ON
        # CONFLICT DO NOTHING), where get_or_create left an error in PostgreSQL's log.
        RatingSummary.objects.bulk_create(
            [RatingSummary(article_id=article_id)], ignore_conflicts=True
        )
        summary = locked.get(article_id=article_id)
    return summary


def _add_to_summary(article, **deltas):
    """Change the article's totals in the database itself (count = count + 1), never by
    writing back a value read earlier, and renew the cached page."""
    changes = {field: F(field) + delta for field, delta in deltas.items() if delta}
    if changes:
        RatingSummary.objects.filter(pk=article.pk).update(**changes, updated_at=Now())
        invalidation.ratings_changed(
            slug=article.slug, average_moved=bool(changes.keys() & STAR_FIELDS)
        )


@transaction.atomic
def vote_cast(*, user, article, score):
    """Give the article `score` stars (1-10) from `user`, or change the user's earlier
    score. Returns the vote. Casting the same score again writes nothing. A suspended
    reader's vote is refused (accounts.suspensions.Suspended)."""
    _check_score(score)
    _check_live(article)
    suspensions.check(user)
    _lock_summary(article.pk)
    vote = StarVote.objects.filter(user=user, article=article).first()
    if vote is None:
        vote = StarVote.objects.create(user=user, article=article, score=score)
        _add_to_summary(article, star_count=1, star_sum=score, **{votes_of_field(score): 1})
    elif vote.score != score:
        previous = vote.score
        vote.score = score
        vote.save(update_fields=["score", "updated_at"])
        _add_to_summary(
            article,
            star_sum=score - previous,
            **{votes_of_field(previous): -1, votes_of_field(score): 1},
        )
    return vote


@transaction.atomic
def vote_withdraw(*, user, article):
    """Take back the user's star vote. Returns the withdrawn vote, or None if there was
    none."""
    _lock_summary(article.pk)
    vote = StarVote.objects.filter(user=user, article=article).first()
    if vote is None:
        return None
    StarVote.objects.filter(pk=vote.pk).delete()
    _add_to_summary(
        article, star_count=-1, star_sum=-vote.score, **{votes_of_field(vote.score): -1}
    )
    return vote


@transaction.atomic
def thumb_cast(*, user, article, value):
    """Give the article a thumbs up (+1) or down (-1) from `user`, or turn the user's
    earlier thumb around. Returns the vote. A suspended reader's vote is refused."""
    _check_thumb(value)
    _check_live(article)
    suspensions.check(user)
    value = ThumbVote.Direction(value)
    _lock_summary(article.pk)
    vote = ThumbVote.objects.filter(user=user, article=article).first()
    if vote is None:
        vote = ThumbVote.objects.create(user=user, article=article, value=value)
        _add_to_summary(article, **{_THUMB_FIELD[value]: 1})
    elif vote.value != value:
        previous = ThumbVote.Direction(vote.value)
        vote.value = value
        vote.save(update_fields=["value", "updated_at"])
        _add_to_summary(article, **{_THUMB_FIELD[previous]: -1, _THUMB_FIELD[value]: 1})
    return vote


@transaction.atomic
def thumb_withdraw(*, user, article):
    """Take back the user's thumbs vote. Returns the withdrawn vote, or None."""
    _lock_summary(article.pk)
    vote = ThumbVote.objects.filter(user=user, article=article).first()
    if vote is None:
        return None
    ThumbVote.objects.filter(pk=vote.pk).delete()
    _add_to_summary(article, **{_THUMB_FIELD[ThumbVote.Direction(vote.value)]: -1})
    return vote


@transaction.atomic
def summary_import(*, article, count, total):
    """Set the star totals brought from the old site (WP-PostRatings: number of votes and
    sum of stars, on the scale of 10). They have no vote rows; readers see them added to
    the live votes, and recompute_ratings leaves them alone. Returns the summary."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValidationError("The imported vote count must be a whole number, 0 or more.")
    if isinstance(total, bool) or not isinstance(total, int):
        raise ValidationError("The imported sum of stars must be a whole number.")
    if not count * MIN_SCORE <= total <= count * MAX_SCORE:
        raise ValidationError(
            f"{count} votes of {MIN_SCORE} to {MAX_SCORE} stars cannot add up to {total}."
        )
    summary = _lock_summary(article.pk)
    if (summary.imported_count, summary.imported_sum) != (count, total):
        RatingSummary.objects.filter(pk=article.pk).update(
            imported_count=count, imported_sum=total, updated_at=Now()
        )
        invalidation.ratings_changed(slug=article.slug, average_moved=True)
        summary.refresh_from_db()
    return summary


VOTE_FIELDS = ("star_count", "star_sum", "thumbs_up", "thumbs_down", *SCORE_FIELDS)


@dataclass(frozen=True)
class Drift:
    """An article whose stored totals differed from its votes (before the recompute)."""

    article: Article
    stored: dict
    actual: dict


def _totals_from_votes(article_id):
    stars = StarVote.objects.filter(article_id=article_id).aggregate(
        star_count=Count("id"),
        star_sum=Coalesce(Sum("score"), 0),
        **{votes_of_field(score): Count("id", filter=Q(score=score)) for score in SCORES},
    )
    thumbs = ThumbVote.objects.filter(article_id=article_id).aggregate(
        thumbs_up=Count("id", filter=Q(value=ThumbVote.Direction.UP)),
        thumbs_down=Count("id", filter=Q(value=ThumbVote.Direction.DOWN)),
    )
    return {**stars, **thumbs}


@transaction.atomic
def _summary_recompute(article_id):
    summary = _lock_summary(article_id)
    stored = {field: getattr(summary, field) for field in VOTE_FIELDS}
    actual = _totals_from_votes(article_id)
    if stored == actual:
        return None
    RatingSummary.objects.filter(pk=article_id).update(**actual, updated_at=Now())
    slug = Article.objects.values_list("slug", flat=True).get(pk=article_id)
    invalidation.ratings_changed(slug=slug, average_moved=True)
    return stored, actual


def summaries_recompute():
    """Rebuild every article's vote-derived totals from its vote rows, one article at a
    time under its summary's lock (so it may run while readers vote). The imported totals
    are left as they are. Returns a Drift for each article whose totals were wrong."""
    article_ids = (
        set(RatingSummary.objects.values_list("pk", flat=True))
        | set(StarVote.objects.order_by().values_list("article_id", flat=True).distinct())
        | set(ThumbVote.objects.order_by().values_list("article_id", flat=True).distinct())
    )
    changed = {}
    for article_id in sorted(article_ids):
        result = _summary_recompute(article_id)
        if result is not None:
            changed[article_id] = result
    articles = Article.objects.in_bulk(changed.keys())
    return [
        Drift(article=articles[article_id], stored=stored, actual=actual)
        for article_id, (stored, actual) in changed.items()
    ]
