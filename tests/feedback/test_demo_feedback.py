"""The demo answers: the figures they are meant to show, and a second run changes nothing."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article
from demo.feedback import load_demo_feedback
from feedback.models import Answer, Result

from .helpers import results, results_from_answers

pytestmark = pytest.mark.django_db

DEMO_SLUG = "easing-sciatica-four-gentle-exercises"


def test_demo_answers_have_their_figures_and_load_twice_the_same(client, django_user_model):
    call_command("load_demo", "--no-admin", stdout=io.StringIO())
    article = Article.objects.get(slug=DEMO_SLUG)
    steps = list(article.steps.all())
    first = (
        django_user_model.objects.count(),
        list(Answer.objects.order_by("pk").values_list("pk", "choice", "updated_at")),
        list(Result.objects.order_by("pk").values_list("pk", "updated_at")),
    )
    load_demo_feedback(article)
    call_command("load_demo", "--no-admin", stdout=io.StringIO())
    assert (
        django_user_model.objects.count(),
        list(Answer.objects.order_by("pk").values_list("pk", "choice", "updated_at")),
        list(Result.objects.order_by("pk").values_list("pk", "updated_at")),
    ) == first

    assert results(article) == results_from_answers(article) == (14, 4, 1)
    assert [results(article, step) for step in steps] == [
        (9, 3, 0), (8, 2, 1), (5, 2, 2), (7, 3, 0), (6, 2, 0), (5, 2, 1)
    ]  # fmt: skip
    # The figure-four stretch (step 3) is the one the back office flags for review.
    assert [(r.step, r.worse) for r in Result.objects.flagged()] == [(steps[2], 2)]
    readers = django_user_model.objects.filter(feedback_answers__isnull=False).distinct()
    assert readers.count() == 19
    assert not any(reader.has_usable_password() for reader in readers)

    html = client.get(article.get_absolute_url()).content.decode()
    assert "19 answers:" in html and "14 helped (74%)," in html
    assert "2 made it worse (22%)" in html
