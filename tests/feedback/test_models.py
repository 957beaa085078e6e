"""What the database itself refuses: a second answer for the same item, an unknown choice,
a second result row for the same item."""

import pytest
from django.db import IntegrityError, transaction

from feedback.models import Answer, Result

pytestmark = pytest.mark.django_db


def refused(**fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(**fields)


def test_one_answer_per_reader_for_the_article(article, reader):
    Answer.objects.create(user=reader, article=article, choice="helped")
    refused(user=reader, article=article, choice="worse")
    assert Answer.objects.count() == 1


def test_one_answer_per_reader_for_each_step(article, steps, reader):
    Answer.objects.create(user=reader, article=article, step=steps[0], choice="helped")
    refused(user=reader, article=article, step=steps[0], choice="no_change")
    # The article's own question and the other steps are separate items.
    Answer.objects.create(user=reader, article=article, choice="no_change")
    Answer.objects.create(user=reader, article=article, step=steps[1], choice="worse")
    assert Answer.objects.count() == 3


def test_other_readers_answer_the_same_item(article, steps, reader, make_reader):
    other = make_reader()
    for user in (reader, other):
        Answer.objects.create(user=user, article=article, choice="helped")
        Answer.objects.create(user=user, article=article, step=steps[0], choice="helped")
    assert Answer.objects.count() == 4


@pytest.mark.parametrize("choice", ["", "HELPED", "better", "helped "])
def test_unknown_choice_is_refused_by_the_database(article, reader, choice):
    refused(user=reader, article=article, choice=choice)
    assert not Answer.objects.exists()


def test_one_result_row_per_article_and_per_step(article, steps):
    Result.objects.create(article=article)
    Result.objects.create(article=article, step=steps[0])
    for fields in ({"article": article}, {"article": article, "step": steps[0]}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Result.objects.create(**fields)
    assert Result.objects.count() == 2


def test_counts_cannot_go_below_zero(article):
    result = Result.objects.create(article=article)
    with pytest.raises(IntegrityError), transaction.atomic():
        Result.objects.filter(pk=result.pk).update(worse=-1)


def test_deleting_a_step_takes_its_answers_and_result_with_it(article, steps, reader):
    Answer.objects.create(user=reader, article=article, step=steps[0], choice="worse")
    Result.objects.create(article=article, step=steps[0], worse=1)
    Answer.objects.create(user=reader, article=article, choice="helped")
    steps[0].delete()
    assert list(Answer.objects.values_list("step", "choice")) == [(None, "helped")]
    assert not Result.objects.filter(step__isnull=False).exists()


def test_answers_and_results_link_to_their_question_on_the_page(article, steps, reader):
    answer = Answer.objects.create(user=reader, article=article, step=steps[1], choice="helped")
    assert (
        answer.get_absolute_url() == f"/articles/easing-sciatica/#did-this-help-step-{steps[1].pk}"
    )
    result = Result.objects.create(article=article)
    assert result.get_absolute_url() == "/articles/easing-sciatica/#did-this-help"
    assert str(answer) == "Rosa Lind: helped for Easing sciatica — step 20"
