"""manage.py recompute_feedback rebuilds the results from the answers and reports any drift."""

import io

import pytest
from django.core.management import call_command

from feedback.models import Answer, Result

from .helpers import results, results_from_answers

pytestmark = pytest.mark.django_db


def recompute():
    out = io.StringIO()
    call_command("recompute_feedback", stdout=out)
    return out.getvalue()


def test_no_drift_is_reported_as_such(article, steps, answer_all):
    answer_all(article, ["helped", "worse"])
    answer_all(article, ["no_change"], step=steps[0])
    assert recompute() == "No drift: every result matches its answers.\n"
    assert results(article) == (1, 0, 1)


def test_drift_is_reported_per_item_and_repaired(article, steps, make_article, answer_all):
    other = make_article(title="Walking", slug="walking")
    answer_all(article, ["helped", "worse"])
    answer_all(article, ["no_change", "no_change"], step=steps[2])
    answer_all(other, ["helped"])
    Result.objects.filter(article=article, step=None).update(helped=5)
    Result.objects.filter(step=steps[2]).update(no_change=0, worse=3)
    output = recompute()
    assert 'Drift in "Easing sciatica" (easing-sciatica), this article: helped 5 -> 1\n' in output
    assert (
        'Drift in "Easing sciatica" (easing-sciatica), step 3: no change 0 -> 2, '
        "made it worse 3 -> 0\n"
    ) in output
    assert "Walking" not in output
    assert "Rebuilt 2 results.\n" in output
    assert results(article) == results_from_answers(article) == (1, 0, 1)
    assert results(article, steps[2]) == results_from_answers(article, steps[2]) == (0, 2, 0)
    assert recompute().startswith("No drift")


def test_missing_result_is_rebuilt_and_a_stale_one_emptied(article, steps, reader):
    Answer.objects.create(user=reader, article=article, step=steps[1], choice="worse")  # uncounted
    Result.objects.create(article=article, helped=2)  # counts no answer
    output = recompute()
    assert "step 2: made it worse 0 -> 1" in output
    assert "this article: helped 2 -> 0" in output
    assert results(article, steps[1]) == (0, 0, 1)
    assert results(article) == (0, 0, 0)
