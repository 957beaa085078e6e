"""Reads: what the "Did this help?" block on the article page shows."""

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth.views import redirect_to_login
from django.db.models import BigIntegerField, CharField, F, FilteredRelation, Q, Value
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts import suspensions
from articles.models import Article, GuideStep

from .models import ANCHOR, Choice, item_anchor, item_url

# How much of a step's caption names it in the block (the guide above shows all of it).
CAPTION_WORDS = 12


@dataclass(frozen=True)
class Share:
    """One choice's part of an item's answers."""

    choice: str
    label: str
    count: int
    percent: int  # rounded, for the text
    offset: float  # where its stretch of the bar starts, in percent (exact)
    width: float


@dataclass(frozen=True)
class Item:
    """One question of the block: the article's (step_id None) or one step's, with its
    totals and, for a logged-in reader, their own answer."""

    step_id: int | None
    number: int | None  # the step's number in the picture guide (1, 2, ...)
    caption: str
    counts: dict
    mine: str | None
    error: str = ""

    @property
    def is_step(self):
        return self.step_id is not None

    @property
    def anchor(self):
        return item_anchor(self.step_id)

    @property
    def total(self):
        return sum(self.counts.values())

    @cached_property  # the template reads them twice (the text, the bar)
    def shares(self):
        total = self.total
        shares, offset = [], 0.0
        for choice in Choice:
            count = self.counts[choice.value]
            width = 100 * count / total if total else 0.0
            shares.append(
                Share(
                    choice=choice.value,
                    label=choice.label,
                    count=count,
                    percent=round(width),
                    offset=round(offset, 2),
                    width=round(width, 2),
                )
            )
            offset += width
        return shares

    @property
    def mine_label(self):
        return Choice(self.mine).label if self.mine else ""

    @property
    def mine_is_worse(self):
        return self.mine == Choice.WORSE


@dataclass(frozen=True)
class Refusal:
    """An answer the view refused, handed back to the block to show beside its question
    (`anchor`, see models.item_anchor), or atop the block when it names no question here."""

    message: str
    anchor: str | None = None


@dataclass(frozen=True)
class FeedbackPanel:
    """Everything the block shows for one article and one reader."""

    article: Article
    items: list
    can_answer: bool
    is_reader: bool
    login_url: str
    error: str = ""  # a refusal that belongs to no question on the page
    anchor: str = ANCHOR
    choices: tuple = tuple(Choice)
    # Set when the reader is suspended: shown in place of the buttons (suspensions.explain).
    suspended_message: str = ""

    @property
    def storable(self):
        """A page showing a refusal, or a suspended reader's block, is the reader's own:
        never kept in the page cache."""
        return (
            not self.error
            and not self.suspended_message
            and not any(item.error for item in self.items)
        )

    @property
    def shows_forms(self):
        return self.can_answer and self.is_reader and not self.suspended_message

    @property
    def article_item(self):
        return self.items[0]

    @property
    def step_items(self):
        return self.items[1:]


def step_number(step):
    """The step's number in its picture guide, as the article page shows it (1, 2, ...):
    one query."""
    earlier = GuideStep.objects.filter(article_id=step.article_id).filter(
        Q(position__lt=step.position) | Q(position=step.position, pk__lt=step.pk)
    )
    return earlier.count() + 1


def item_name(step):
    """ "this article", or "step 3"."""
    if step is None:
        return _("this article")
    return _("step %(number)s") % {"number": step_number(step)}


def login_url_for(article):
    """The login page, coming back to the article's "Did this help?" block afterwards."""
    return redirect_to_login(item_url(article)).url


def _rows(article, user):
    """(step_id, position, caption, helped, no_change, worse, my choice) for the article's
    own question (step_id None) and each step of its picture guide: one query, a UNION of
    the article's row and the steps', each joined to its result and the reader's answer."""
    article_row = Article.objects.filter(pk=article.pk).annotate(
        result=FilteredRelation("feedback_results", condition=Q(feedback_results__step=None))
    )
    step_rows = GuideStep.objects.filter(article=article)
    mine = Value(None, output_field=CharField())
    if user is not None:
        article_row = article_row.annotate(
            answer=FilteredRelation(
                "feedback_answers",
                condition=Q(feedback_answers__user=user, feedback_answers__step=None),
            )
        )
        step_rows = step_rows.annotate(
            answer=FilteredRelation("feedback_answers", condition=Q(feedback_answers__user=user))
        )
        mine = F("answer__choice")
    no_step = (Value(None, output_field=BigIntegerField()), Value(0), Value(""))
    article_counts = [f"result__{field}" for field in Choice.values]
    step_counts = [f"feedback_results__{field}" for field in Choice.values]
    return (
        article_row.order_by()
        .values_list(*no_step, *article_counts, mine)
        .union(
            step_rows.order_by().values_list("pk", "position", "caption", *step_counts, mine),
            all=True,
        )
        .order_by()  # the union takes the article's default order else; sorted by the caller
    )


def feedback_panel(article, user, refusal=None, suspension=None):
    """The state of the block: the article's question first, then one per step in the
    guide's order, each with its totals and the reader's answer. One query, whatever the
    number of steps and answers."""
    is_reader = bool(user and user.is_authenticated)
    rows = sorted(
        _rows(article, user if is_reader else None),
        key=lambda row: (row[0] is not None, row[1], row[0] or 0),
    )
    items = []
    for number, (step_id, _position, caption, *counts, mine) in enumerate(rows):
        error = refusal.message if refusal and refusal.anchor == item_anchor(step_id) else ""
        items.append(
            Item(
                step_id=step_id,
                number=number or None,
                caption=Truncator(caption).words(CAPTION_WORDS, truncate="…"),
                counts={
                    field: count or 0 for field, count in zip(Choice.values, counts, strict=True)
                },
                mine=mine,
                error=error,
            )
        )
    suspended_message = suspensions.explain(suspension) if suspension else ""
    # A refused answer of a suspended reader: the notice in place of the buttons says why.
    shown = refusal is None or any(item.error for item in items)
    shown = shown or refusal.message == suspended_message
    return FeedbackPanel(
        article=article,
        items=items,
        can_answer=article.is_live,
        is_reader=is_reader,
        login_url=login_url_for(article),
        error="" if shown else refusal.message,
        suspended_message=suspended_message,
    )


def read_panel(request, article, state=None):
    """The block's read function on the article page (feedback/apps.py); `state` is a
    Refusal when the view shows the page again after refusing an answer."""
    return feedback_panel(
        article, request.user, refusal=state, suspension=suspensions.of_request(request)
    )
