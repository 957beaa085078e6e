"""How "Did this help?" answers are counted. Every change to an answer, and to the results
beside it, goes through the functions here; the view, the demo loader, the recompute
command and tests all call them.

Each function works in one transaction. It first locks the result row of the item
answered (the article's own question, or one step's), creating it on the item's first
answer, so answers for one item are counted one after another: the reader's earlier
answer, read after the lock, is current, and the totals change by database-side
arithmetic (F expressions) in the same transaction as the answer row. An answer costs at
most three write statements: the result's INSERT on an item's first answer, the answer's
INSERT or UPDATE, and the result's UPDATE.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from accounts import suspensions
from articles.models import Article, GuideStep
from caching import invalidation

from .models import Answer, Choice, Result

CHOICE_ERROR = _('Choose "Helped", "No change" or "Made it worse".')
NOT_LIVE_ERROR = _("This article is not published, so it cannot be answered for yet.")
STEP_ERROR = _("That step is not part of this article's picture guide.")

# The Result fields, one per choice (the choices' values name them).
COUNT_FIELDS = tuple(Choice.values)


def _check_choice(choice):
    if not isinstance(choice, str) or choice not in Choice.values:
        raise ValidationError(CHOICE_ERROR, code="invalid_choice")


def _check_item(article, step):
    if not article.is_live:
        raise ValidationError(NOT_LIVE_ERROR, code="not_live")
    if step is not None and step.article_id != article.pk:
        raise ValidationError(STEP_ERROR, code="invalid_step")


def _lock_result(article_id, step_id):
    """Lock the item's result row, creating it on the item's first answer. Every writer
    takes this lock before it reads or writes an answer for the item."""
    key = {"article_id": article_id, "step_id": step_id}
    locked = Result.objects.select_for_update().order_by()  # no joins to lock
    result = locked.filter(**key).first()
    if result is None:
        # Two first answers at once: the second's insert does nothing (ON CONFLICT DO
        # NOTHING holds for the partial unique indexes too), then waits for the lock.
        Result.objects.bulk_create([Result(**key)], ignore_conflicts=True)
        result = locked.get(**key)
    return result


def _announce(slug):
    """The article page shows the totals to every reader: retire it."""
    invalidation.feedback_changed(slug=slug)


def _add_to_result(result, article, **deltas):
    """Change the item's totals in the database itself (count = count + 1), never by
    writing back a value read earlier, and renew the article page."""
    changes = {field: F(field) + delta for field, delta in deltas.items() if delta}
    if changes:
        Result.objects.filter(pk=result.pk).update(**changes, updated_at=Now())
        _announce(article.slug)


@transaction.atomic
def answer_give(*, user, article, choice, step=None):
    """Record `user`'s answer ("helped", "no_change" or "worse") for the article, or for
    one `step` of its picture guide, or change the user's earlier answer there. Returns
    the answer. Giving the same answer again writes nothing. A suspended reader's answer
    is refused (accounts.suspensions.Suspended)."""
    _check_choice(choice)
    _check_item(article, step)
    suspensions.check(user)
    result = _lock_result(article.pk, step.pk if step else None)
    answer = Answer.objects.filter(user=user, article=article, step=step).first()
    if answer is None:
        answer = Answer.objects.create(user=user, article=article, step=step, choice=choice)
        _add_to_result(result, article, **{choice: 1})
    elif answer.choice != choice:
        previous = answer.choice
        answer.choice = choice
        answer.save(update_fields=["choice", "updated_at"])
        _add_to_result(result, article, **{previous: -1, choice: 1})
    return answer


@transaction.atomic
def answer_withdraw(*, user, article, step=None):
    """Take back `user`'s answer for the article (or one step of it): the totals lose it.
    Returns the withdrawn answer, or None if there was none."""
    result = _lock_result(article.pk, step.pk if step else None)
    answer = Answer.objects.filter(user=user, article=article, step=step).first()
    if answer is None:
        return None
    Answer.objects.filter(pk=answer.pk).delete()
    _add_to_result(result, article, **{answer.choice: -1})
    return answer


@dataclass(frozen=True)
class Drift:
    """An item whose stored totals differed from its answers (before the recompute)."""

    article: Article
    step: GuideStep | None
    stored: dict
    actual: dict


def _totals_from_answers(article_id, step_id):
    return Answer.objects.filter(article_id=article_id, step_id=step_id).aggregate(
        **{field: Count("id", filter=Q(choice=field)) for field in COUNT_FIELDS}
    )


@transaction.atomic
def _result_recompute(article_id, step_id):
    result = _lock_result(article_id, step_id)
    stored = {field: getattr(result, field) for field in COUNT_FIELDS}
    actual = _totals_from_answers(article_id, step_id)
    if stored == actual:
        return None
    Result.objects.filter(pk=result.pk).update(**actual, updated_at=Now())
    _announce(Article.objects.values_list("slug", flat=True).get(pk=article_id))
    return stored, actual


def results_recompute():
    """Rebuild every item's totals from its answer rows, one item at a time under its
    result's lock (so it may run while readers answer). Returns a Drift for each item
    whose totals were wrong."""
    items = set(Result.objects.values_list("article_id", "step_id")) | set(
        Answer.objects.order_by().values_list("article_id", "step_id").distinct()
    )
    changed = {}
    for article_id, step_id in sorted(items, key=lambda item: (item[0], item[1] or 0)):
        outcome = _result_recompute(article_id, step_id)
        if outcome is not None:
            changed[article_id, step_id] = outcome
    articles = Article.objects.in_bulk({article_id for article_id, _ in changed})
    steps = GuideStep.objects.in_bulk({step_id for _, step_id in changed if step_id})
    return [
        Drift(article=articles[article_id], step=steps.get(step_id), stored=stored, actual=actual)
        for (article_id, step_id), (stored, actual) in changed.items()
    ]
