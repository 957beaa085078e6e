"""Helpers for the feedback tests: what the database holds."""

from feedback.models import Answer, Choice, Result


def results(article, step=None):
    """(helped, no_change, worse) as stored, (0, 0, 0) when there is no result row."""
    row = Result.objects.filter(article=article, step=step).first()
    return (row.helped, row.no_change, row.worse) if row else (0, 0, 0)


def results_from_answers(article, step=None):
    choices = list(
        Answer.objects.filter(article=article, step=step).values_list("choice", flat=True)
    )
    return tuple(choices.count(choice) for choice in Choice.values)
