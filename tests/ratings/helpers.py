"""Helpers for the ratings tests: what the database holds."""

from ratings.models import SCORES, RatingSummary, StarVote, ThumbVote


def totals(article):
    """What the stored summary says, (0, 0, 0, 0) when there is none."""
    summary = RatingSummary.objects.filter(article=article).first()
    if summary is None:
        return (0, 0, 0, 0)
    return (summary.star_count, summary.star_sum, summary.thumbs_up, summary.thumbs_down)


def totals_from_votes(article):
    stars = list(StarVote.objects.filter(article=article).values_list("score", flat=True))
    thumbs = list(ThumbVote.objects.filter(article=article).values_list("value", flat=True))
    return (len(stars), sum(stars), thumbs.count(1), thumbs.count(-1))


def spread(article):
    """The stored count of votes for each score, 1 to 10."""
    summary = RatingSummary.objects.filter(article=article).first()
    return [summary.votes_of(score) if summary else 0 for score in SCORES]


def spread_from_votes(article):
    scores = list(StarVote.objects.filter(article=article).values_list("score", flat=True))
    return [scores.count(score) for score in SCORES]
