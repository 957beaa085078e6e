import operator
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q

from articles.models import Article

MIN_SCORE = 1
MAX_SCORE = 10
# The id of the rating block on the article page: votes come back to it.
RATING_ANCHOR = "rating"


def rating_url(article):
    """The article page, at its rating block."""
    return f"{article.get_absolute_url()}#{RATING_ANCHOR}"


SCORES = range(MIN_SCORE, MAX_SCORE + 1)


def votes_of_field(score: int) -> str:
    """The RatingSummary field counting the live votes of `score` stars."""
    return f"votes_of_{score}"


SCORE_FIELDS = tuple(votes_of_field(score) for score in SCORES)


def _votes_of(score):
    return models.PositiveIntegerField(
        default=0, help_text=f"Votes of {score} star{'s' if score != 1 else ''} cast here."
    )


class Vote(models.Model):
    """What a star vote and a thumbs vote share: when it was given and changed, the order
    the admin lists them in, and where it is shown (the article's rating block)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ["-updated_at", "-id"]

    def get_absolute_url(self):
        return rating_url(self.article)


class StarVote(Vote):
    """One reader's stars (1-10) for one article. No IP address is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="star_votes"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="star_votes")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(MIN_SCORE), MaxValueValidator(MAX_SCORE)],
        help_text=f"From {MIN_SCORE} to {MAX_SCORE} stars.",
    )

    class Meta(Vote.Meta):
        verbose_name = "star vote"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], name="ratings_one_star_vote_per_user_and_article"
            ),
            models.CheckConstraint(
                condition=Q(score__gte=MIN_SCORE) & Q(score__lte=MAX_SCORE),
                name="ratings_star_score_1_to_10",
            ),
        ]
        indexes = [models.Index(fields=["article", "score"])]

    def __str__(self):
        return f"{self.user} gave {self.article} {self.score}/{MAX_SCORE}"


class ThumbVote(Vote):
    """One reader's thumbs up (+1) or down (-1) for one article. No IP address is kept."""

    class Direction(models.IntegerChoices):
        UP = 1, "Thumbs up"
        DOWN = -1, "Thumbs down"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="thumb_votes"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="thumb_votes")
    value = models.SmallIntegerField(choices=Direction.choices)

    class Meta(Vote.Meta):
        verbose_name = "thumbs vote"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"], name="ratings_one_thumb_vote_per_user_and_article"
            ),
            models.CheckConstraint(
                condition=Q(value__in=[1, -1]), name="ratings_thumb_value_up_or_down"
            ),
        ]

    def __str__(self):
        return f"{self.user}: {self.get_value_display().lower()} for {self.article}"


class RatingSummary(models.Model):
    """An article's totals, kept in step with its votes by ratings.services.

    The star_* and thumbs_* fields derive from the vote rows (recompute_ratings rebuilds
    them). imported_count and imported_sum hold totals brought from the old site
    (WP-PostRatings), which have no vote rows: they are shown together with the live votes
    and never touched by a recompute.
    """

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="rating_summary"
    )
    star_count = models.PositiveIntegerField(default=0, help_text="Star votes cast here.")
    star_sum = models.PositiveIntegerField(default=0, help_text="Sum of those votes' stars.")
    thumbs_up = models.PositiveIntegerField(default=0)
    thumbs_down = models.PositiveIntegerField(default=0)
    imported_count = models.PositiveIntegerField(
        default=0, help_text="Star votes brought from the old site (no vote rows)."
    )
    imported_sum = models.PositiveIntegerField(
        default=0, help_text="Sum of the imported votes' stars."
    )
    # The spread of the live votes, kept with the totals so the rating block reads one row.
    votes_of_1 = _votes_of(1)
    votes_of_2 = _votes_of(2)
    votes_of_3 = _votes_of(3)
    votes_of_4 = _votes_of(4)
    votes_of_5 = _votes_of(5)
    votes_of_6 = _votes_of(6)
    votes_of_7 = _votes_of(7)
    votes_of_8 = _votes_of(8)
    votes_of_9 = _votes_of(9)
    votes_of_10 = _votes_of(10)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "rating summary"
        verbose_name_plural = "rating summaries"
        constraints = [
            # Each vote is worth 1 to 10 stars, so the sum lies between count and 10 x count.
            models.CheckConstraint(
                condition=Q(star_sum__gte=F("star_count"))
                & Q(star_sum__lte=F("star_count") * MAX_SCORE),
                name="ratings_summary_star_sum_in_range",
            ),
            # The spread adds up to the count and, score by score, to the sum.
            models.CheckConstraint(
                condition=Q(star_count=reduce(operator.add, (F(f) for f in SCORE_FIELDS)))
                & Q(
                    star_sum=reduce(
                        operator.add, (F(votes_of_field(score)) * score for score in SCORES)
                    )
                ),
                name="ratings_summary_spread_matches_totals",
            ),
            models.CheckConstraint(
                condition=Q(imported_sum__gte=F("imported_count"))
                & Q(imported_sum__lte=F("imported_count") * MAX_SCORE),
                name="ratings_summary_imported_sum_in_range",
            ),
        ]

    # The scale, for the templates ("7.3/10", "from 1 to 10 stars").
    best = MAX_SCORE
    worst = MIN_SCORE

    def __str__(self):
        return f"Ratings of {self.article}"

    def get_absolute_url(self):
        return rating_url(self.article)

    @property
    def vote_count(self) -> int:
        """Star votes shown to readers: those cast here and those imported."""
        return self.star_count + self.imported_count

    @property
    def vote_sum(self) -> int:
        return self.star_sum + self.imported_sum

    @property
    def average(self) -> Decimal | None:
        """The star average to one decimal (7.3), None without votes."""
        if not self.vote_count:
            return None
        return (Decimal(self.vote_sum) / Decimal(self.vote_count)).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def star_percent(self) -> int:
        """How much of the row of stars to fill: the average to the tenth, as a
        percentage of the best score (7.3 of 10 -> 73)."""
        average = self.average
        return int(average * 100 / MAX_SCORE) if average is not None else 0

    def votes_of(self, score: int) -> int:
        """How many live votes gave `score` stars."""
        return getattr(self, votes_of_field(score))

    @property
    def thumbs_count(self) -> int:
        return self.thumbs_up + self.thumbs_down

    @property
    def thumbs_score(self) -> int:
        return self.thumbs_up - self.thumbs_down
