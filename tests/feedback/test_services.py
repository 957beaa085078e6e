"""The counting rules in feedback.services, called directly."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from caching import invalidation
from feedback.models import Answer
from feedback.services import answer_give

from .helpers import results, results_from_answers

pytestmark = pytest.mark.django_db


def write_statements(context):
    return [
        query["sql"]
        for query in context.captured_queries
        if query["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]


def test_first_answer_creates_the_result_and_counts_it(article, reader):
    answer = answer_give(user=reader, article=article, choice="helped")
    assert (answer.user, answer.article, answer.step, answer.choice) == (
        reader, article, None, "helped"
    )  # fmt: skip
    assert results(article) == (1, 0, 0)


def test_a_step_is_counted_apart_from_the_article(article, steps, reader, answer_all):
    answer_all(article, ["helped", "no_change"])
    answer_give(user=reader, article=article, step=steps[1], choice="worse")
    assert results(article) == (1, 1, 0)
    assert results(article, steps[1]) == (0, 0, 1)
    assert results(article, steps[0]) == (0, 0, 0)


def test_changing_an_answer_moves_it_between_counts(article, steps, reader, answer_all):
    answer_all(article, ["helped"], step=steps[0])
    answer_give(user=reader, article=article, step=steps[0], choice="worse")
    answer_give(user=reader, article=article, step=steps[0], choice="no_change")
    assert Answer.objects.get(user=reader, step=steps[0]).choice == "no_change"
    assert results(article, steps[0]) == results_from_answers(article, steps[0]) == (1, 1, 0)
    assert Answer.objects.filter(user=reader).count() == 1


def test_an_answer_costs_at_most_three_writes_and_the_same_again_none(article, reader):
    with CaptureQueriesContext(connection) as first:
        answer_give(user=reader, article=article, choice="helped")
    assert len(write_statements(first)) == 3  # the result's INSERT, the answer, the totals
    with CaptureQueriesContext(connection) as change:
        answer_give(user=reader, article=article, choice="worse")
    assert len(write_statements(change)) == 2
    with CaptureQueriesContext(connection) as same:
        answer_give(user=reader, article=article, choice="worse")
    assert write_statements(same) == []
    assert results(article) == (0, 0, 1)


def test_the_totals_change_in_the_database_not_from_a_value_read_earlier(article, reader):
    with CaptureQueriesContext(connection) as context:
        answer_give(user=reader, article=article, choice="no_change")
    update = next(
        sql for sql in write_statements(context) if sql.startswith('UPDATE "feedback_result"')
    )
    assert '"no_change" = ("feedback_result"."no_change" + 1)' in update
    assert any("FOR UPDATE" in query["sql"] for query in context.captured_queries)


@pytest.mark.parametrize("choice", ["", "Helped", "better", None, 1, True, ["helped"]])
def test_unknown_choices_are_refused_and_change_nothing(article, reader, choice):
    answer_give(user=reader, article=article, choice="helped")
    with pytest.raises(ValidationError) as refused:
        answer_give(user=reader, article=article, choice=choice)
    assert refused.value.messages == ['Choose "Helped", "No change" or "Made it worse".']
    assert Answer.objects.get(user=reader).choice == "helped"
    assert results(article) == (1, 0, 0)


def test_a_step_of_another_article_is_refused(article, make_article, make_step, reader):
    elsewhere = make_step(make_article(title="Walking", slug="walking"), 1)
    with pytest.raises(ValidationError) as refused:
        answer_give(user=reader, article=article, step=elsewhere, choice="helped")
    assert refused.value.messages == ["That step is not part of this article's picture guide."]
    assert not Answer.objects.exists()
    assert results(article) == results(elsewhere.article, elsewhere) == (0, 0, 0)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.SCHEDULED, "published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_an_article_not_yet_published_cannot_be_answered(make_article, reader, fields):
    hidden = make_article(**fields)
    with pytest.raises(ValidationError, match="not published"):
        answer_give(user=reader, article=hidden, choice="helped")
    assert not Answer.objects.exists()


def test_an_answer_renews_the_article_page_once_it_commits(
    article, reader, django_capture_on_commit_callbacks
):
    keys = [invalidation.PAGE(article.slug), invalidation.CONTENT(article.slug),
            invalidation.LISTINGS, invalidation.SITE]  # fmt: skip
    page, *others = invalidation.current_versions(keys)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        answer_give(user=reader, article=article, choice="helped")
    assert invalidation.current_versions(keys)[0] == page  # not before the commit
    for callback in callbacks:
        callback()
    new_page, *new_others = invalidation.current_versions(keys)
    assert new_page != page
    assert new_others == others  # its content fragments, the lists and the site stay
    # The same answer again changes nothing, so it renews nothing.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        answer_give(user=reader, article=article, choice="helped")
    assert callbacks == []
