"""'Did this help?': one answer per reader for an article and for each step of its picture
guide, and the results (totals) kept beside them by feedback.services."""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.lookups import GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _

from articles.models import Article, GuideStep

from .conf import conf

# The id of the "Did this help?" block on the article page; each step's question has its
# own below it (item_anchor).
ANCHOR = "did-this-help"


def item_anchor(step_id=None):
    """The id of one question in the block: the article's, or a step's."""
    return ANCHOR if step_id is None else f"{ANCHOR}-step-{step_id}"


def item_url(article, step_id=None):
    """The article page, at one question of its "Did this help?" block."""
    return f"{article.get_absolute_url()}#{item_anchor(step_id)}"


class Choice(models.TextChoices):
    """What a reader can answer. The values name the Result fields that count them."""

    HELPED = "helped", _("Helped")
    NO_CHANGE = "no_change", _("No change")
    WORSE = "worse", _("Made it worse")


class Answer(models.Model):
    """One reader's answer for one article (step empty) or one step of its picture guide.
    The reader can change it; there is one per reader and item. No IP address is kept."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_answers"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback_answers")
    step = models.ForeignKey(
        GuideStep,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_answers",
        help_text="The picture-guide step answered for; empty for the whole article.",
    )
    choice = models.CharField(max_length=10, choices=Choice.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        constraints = [
            # step may be empty, and NULLs are distinct in a unique index: one partial
            # constraint for the article's question, one for the steps'.
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(step__isnull=True),
                name="feedback_one_answer_per_reader_and_article",
            ),
            models.UniqueConstraint(
                fields=["user", "step"],
                condition=Q(step__isnull=False),
                name="feedback_one_answer_per_reader_and_step",
            ),
            models.CheckConstraint(
                condition=Q(choice__in=Choice.values), name="feedback_answer_choice_known"
            ),
        ]

    def __str__(self):
        item = self.article if self.step_id is None else self.step
        return f"{self.user}: {self.get_choice_display().lower()} for {item}"

    def get_absolute_url(self):
        return item_url(self.article, self.step_id)


class ResultQuerySet(models.QuerySet):
    def with_flags(self):
        """Annotate `answers` (the item's total) and `flagged`: whether "made it worse"
        has a share of FEEDBACK_WORSE_THRESHOLD percent or more, out of at least
        FEEDBACK_WORSE_MIN_ANSWERS answers."""
        answers = F("helped") + F("no_change") + F("worse")
        over = GreaterThanOrEqual(F("worse") * 100, answers * Value(conf.WORSE_THRESHOLD))
        return self.annotate(
            answers=answers,
            flagged=Case(
                When(GreaterThanOrEqual(answers, conf.WORSE_MIN_ANSWERS) & over, then=True),
                default=False,
                output_field=models.BooleanField(),
            ),
        )

    def flagged(self):
        return self.with_flags().filter(flagged=True)


class Result(models.Model):
    """The totals of one item: an article's own question (step empty) or one step's. Kept
    in step with the answers by feedback.services; recompute_feedback rebuilds them."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="feedback_results")
    step = models.ForeignKey(
        GuideStep,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feedback_results",
        help_text="The picture-guide step; empty for the whole article.",
    )
    helped = models.PositiveIntegerField(default=0, help_text='Readers who answered "Helped".')
    no_change = models.PositiveIntegerField(
        default=0, help_text='Readers who answered "No change".'
    )
    worse = models.PositiveIntegerField(
        default=0, help_text='Readers who answered "Made it worse".'
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ResultQuerySet.as_manager()

    class Meta:
        # Article by article; the article's own question first, then its steps in order.
        ordering = ["article", F("step__position").asc(nulls_first=True), "step"]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(step__isnull=True),
                name="feedback_one_result_per_article",
            ),
            models.UniqueConstraint(
                fields=["step"],
                condition=Q(step__isnull=False),
                name="feedback_one_result_per_step",
            ),
        ]

    def __str__(self):
        return f"Did this help? {self.article if self.step_id is None else self.step}"

    def get_absolute_url(self):
        return item_url(self.article, self.step_id)

    @property
    def answer_count(self) -> int:
        return self.helped + self.no_change + self.worse
