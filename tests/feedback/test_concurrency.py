"""Many readers answering at the same moment, each on a database connection of their own,
never lose or double a count; one answer per reader and item whatever the interleaving."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connections

from feedback.models import Answer, Result
from feedback.services import answer_give

from .helpers import results, results_from_answers

READERS = 24
DOUBLE_CLICKERS = 6  # readers who send the same answers twice at once (two tabs)
CHOICES = ("helped", "no_change", "worse")


def plan(number):
    """What reader `number` answers, in order: for the article and for the step, then
    each changed once. Every reader's last answers are known, whatever the interleaving."""
    first, last = CHOICES[number % 3], CHOICES[(number + 1) % 3]
    return [(None, first), ("step", first), (None, last), ("step", CHOICES[number % 2])]


def expected(item):
    last = [
        choice
        for number in range(READERS)
        for where, choice in plan(number)[2:]
        if (where is None) == (item is None)
    ]
    return tuple(last.count(choice) for choice in CHOICES)


@pytest.mark.django_db(transaction=True)
def test_concurrent_answers_never_lose_a_count(make_article, make_step, make_reader):
    article = make_article()
    step = make_step(article, 1)
    readers = [make_reader() for _ in range(READERS)]
    # Each reader's plan, and a second copy of the first few readers' at the same time.
    jobs = list(range(READERS)) + list(range(DOUBLE_CLICKERS))
    everyone_ready = threading.Barrier(len(jobs))

    def run(number):
        """One reader's answers, on a database connection of this thread's own."""
        try:
            everyone_ready.wait(timeout=30)
            for where, choice in plan(number):
                item = step if where else None
                answer_give(user=readers[number], article=article, step=item, choice=choice)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        outcomes = [pool.submit(run, number) for number in jobs]
        errors = [repr(outcome.exception(timeout=120)) for outcome in outcomes]
    assert errors == ["None"] * len(jobs)
    assert len(jobs) >= 30
    assert results(article) == results_from_answers(article) == expected(None)
    assert results(article, step) == results_from_answers(article, step) == expected(step)
    assert Answer.objects.count() == 2 * READERS
    assert Result.objects.count() == 2
