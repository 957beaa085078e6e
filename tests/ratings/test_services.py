"""The counting rules in ratings.services, called directly."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from ratings.models import RatingSummary, StarVote, ThumbVote
from ratings.services import (
    summary_import,
    thumb_cast,
    thumb_withdraw,
    vote_cast,
    vote_withdraw,
)

from .helpers import spread, spread_from_votes, totals, totals_from_votes

pytestmark = pytest.mark.django_db

UP, DOWN = ThumbVote.Direction.UP, ThumbVote.Direction.DOWN


def write_statements(context):
    return [
        query["sql"]
        for query in context.captured_queries
        if query["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]


def test_first_star_vote_creates_the_summary_and_counts_it(article, reader):
    vote = vote_cast(user=reader, article=article, score=8)
    assert (vote.user, vote.article, vote.score) == (reader, article, 8)
    assert totals(article) == (1, 8, 0, 0)


def test_changing_a_star_vote_changes_the_sum_not_the_count(article, reader, cast_votes):
    cast_votes(article, stars=[6])
    vote_cast(user=reader, article=article, score=3)
    vote_cast(user=reader, article=article, score=9)
    assert StarVote.objects.get(user=reader, article=article).score == 9
    assert totals(article) == (2, 15, 0, 0)


def test_withdrawing_a_star_vote_takes_it_out_of_the_totals(article, reader, cast_votes):
    cast_votes(article, stars=[6])
    vote_cast(user=reader, article=article, score=9)
    withdrawn = vote_withdraw(user=reader, article=article)
    assert withdrawn.score == 9
    assert not StarVote.objects.filter(user=reader).exists()
    assert totals(article) == (1, 6, 0, 0)


def test_withdrawing_without_a_vote_changes_nothing(article, reader, cast_votes):
    cast_votes(article, stars=[6], thumbs=[UP])
    assert vote_withdraw(user=reader, article=article) is None
    assert thumb_withdraw(user=reader, article=article) is None
    assert totals(article) == (1, 6, 1, 0)


def test_thumbs_cast_turn_around_and_withdraw(article, reader, cast_votes):
    cast_votes(article, thumbs=[UP, DOWN])
    thumb_cast(user=reader, article=article, value=UP)
    assert totals(article) == (0, 0, 2, 1)
    thumb_cast(user=reader, article=article, value=DOWN)
    assert totals(article) == (0, 0, 1, 2)
    thumb_withdraw(user=reader, article=article)
    assert totals(article) == (0, 0, 1, 1)
    assert totals(article) == totals_from_votes(article)


def test_one_reader_has_one_star_vote_and_one_thumb_per_article(article, make_article, reader):
    other = make_article()
    for score in (4, 7, 7, 2):
        vote_cast(user=reader, article=article, score=score)
    thumb_cast(user=reader, article=article, value=UP)
    thumb_cast(user=reader, article=article, value=UP)
    vote_cast(user=reader, article=other, score=5)
    assert StarVote.objects.filter(user=reader, article=article).count() == 1
    assert ThumbVote.objects.filter(user=reader, article=article).count() == 1
    assert totals(article) == (1, 2, 1, 0)
    assert totals(other) == (1, 5, 0, 0)


def test_casting_the_same_vote_again_writes_nothing(article, reader):
    vote = vote_cast(user=reader, article=article, score=7)
    thumb_cast(user=reader, article=article, value=UP)
    with CaptureQueriesContext(connection) as context:
        again = vote_cast(user=reader, article=article, score=7)
        thumb_cast(user=reader, article=article, value=UP)
    assert write_statements(context) == []
    assert StarVote.objects.get(pk=again.pk).updated_at == vote.updated_at
    assert totals(article) == (1, 7, 1, 0)


@pytest.mark.parametrize(
    ("action", "prepare"),
    [
        (lambda user, article: vote_cast(user=user, article=article, score=4), None),
        (
            lambda user, article: vote_cast(user=user, article=article, score=9),
            lambda user, article: vote_cast(user=user, article=article, score=4),
        ),
        (
            lambda user, article: vote_withdraw(user=user, article=article),
            lambda user, article: vote_cast(user=user, article=article, score=4),
        ),
        (lambda user, article: thumb_cast(user=user, article=article, value=UP), None),
        (
            lambda user, article: thumb_cast(user=user, article=article, value=DOWN),
            lambda user, article: thumb_cast(user=user, article=article, value=UP),
        ),
        (
            lambda user, article: thumb_withdraw(user=user, article=article),
            lambda user, article: thumb_cast(user=user, article=article, value=UP),
        ),
    ],
    ids=["cast", "change", "withdraw", "thumb", "thumb-turn", "thumb-withdraw"],
)
def test_a_vote_costs_at_most_three_write_statements(article, reader, action, prepare):
    if prepare:
        prepare(reader, article)
    with CaptureQueriesContext(connection) as context:
        action(reader, article)
    assert 1 <= len(write_statements(context)) <= 3
    assert totals(article) == totals_from_votes(article)


@pytest.mark.parametrize("score", [0, 11, -3, 100, "7", 7.0, None, True])
def test_a_score_outside_1_to_10_is_refused_and_counts_nothing(article, reader, score):
    vote_cast(user=reader, article=article, score=5)
    with pytest.raises(ValidationError, match="Choose from 1 to 10 stars"):
        vote_cast(user=reader, article=article, score=score)
    assert StarVote.objects.get(user=reader).score == 5
    assert totals(article) == (1, 5, 0, 0)


@pytest.mark.parametrize("value", [0, 2, -2, "up", None, True, 1.0])
def test_a_thumb_other_than_up_or_down_is_refused(article, reader, value):
    with pytest.raises(ValidationError, match="thumbs up or thumbs down"):
        thumb_cast(user=reader, article=article, value=value)
    assert not ThumbVote.objects.exists()
    assert totals(article) == (0, 0, 0, 0)


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {
            "status": Article.Status.SCHEDULED,
            "published_at": timezone.now() + timedelta(days=2),
        },
    ],
    ids=["draft", "scheduled"],
)
def test_an_unpublished_article_cannot_be_rated(make_article, reader, fields):
    draft = make_article(**fields)
    with pytest.raises(ValidationError, match="not published"):
        vote_cast(user=reader, article=draft, score=8)
    with pytest.raises(ValidationError, match="not published"):
        thumb_cast(user=reader, article=draft, value=UP)
    assert not StarVote.objects.exists() and not ThumbVote.objects.exists()
    assert totals(draft) == (0, 0, 0, 0)


@pytest.mark.parametrize("score", [0, 11])
def test_the_database_refuses_a_score_outside_1_to_10(article, reader, score):
    with pytest.raises(IntegrityError), transaction.atomic():
        StarVote.objects.create(user=reader, article=article, score=score)


def test_the_database_refuses_a_second_vote_by_the_same_reader(article, reader):
    StarVote.objects.create(user=reader, article=article, score=3)
    ThumbVote.objects.create(user=reader, article=article, value=UP)
    with pytest.raises(IntegrityError), transaction.atomic():
        StarVote.objects.create(user=reader, article=article, score=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        ThumbVote.objects.create(user=reader, article=article, value=DOWN)


def test_the_database_refuses_a_thumb_other_than_plus_or_minus_one(article, reader):
    with pytest.raises(IntegrityError), transaction.atomic():
        ThumbVote.objects.create(user=reader, article=article, value=2)


def test_the_spread_follows_each_cast_change_and_withdrawal(article, reader, make_reader):
    other_reader = make_reader()
    vote_cast(user=reader, article=article, score=8)
    vote_cast(user=other_reader, article=article, score=3)
    assert spread(article) == [0, 0, 1, 0, 0, 0, 0, 1, 0, 0] == spread_from_votes(article)
    vote_cast(user=reader, article=article, score=10)
    assert spread(article) == [0, 0, 1, 0, 0, 0, 0, 0, 0, 1] == spread_from_votes(article)
    vote_withdraw(user=other_reader, article=article)
    assert spread(article) == [0] * 9 + [1] == spread_from_votes(article)
    assert totals(article) == (1, 10, 0, 0)


@pytest.mark.parametrize(
    "fields",
    [
        {"star_count": 1, "star_sum": 8},  # a vote with no place in the spread
        {"star_count": 1, "star_sum": 8, "votes_of_7": 1},  # in the wrong place
        {"star_count": 1, "star_sum": 8, "votes_of_8": 2},  # counted twice
    ],
)
def test_the_database_refuses_a_spread_that_disagrees_with_the_totals(article, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        RatingSummary.objects.create(article=article, **fields)


def test_the_database_refuses_totals_no_votes_could_give(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        RatingSummary.objects.create(article=article, star_count=2, star_sum=25)


def test_no_ip_address_is_stored_with_a_vote():
    for model in (StarVote, ThumbVote, RatingSummary):
        names = {field.name for field in model._meta.get_fields()}
        assert not {name for name in names if "ip" in name.split("_")}
        assert not any(
            field.get_internal_type() == "GenericIPAddressField"
            for field in model._meta.concrete_fields
        )


@pytest.mark.parametrize(
    ("count", "total", "imported_count", "imported_sum", "average"),
    [
        (27, 197, 0, 0, Decimal("7.3")),
        (1, 10, 0, 0, Decimal("10.0")),
        (3, 20, 0, 0, Decimal("6.7")),
        (2, 13, 0, 0, Decimal("6.5")),
        (0, 0, 27, 197, Decimal("7.3")),
        (1, 1, 1, 10, Decimal("5.5")),
        (0, 0, 0, 0, None),
    ],
)
def test_summary_average_to_one_decimal_counts_imported_votes(
    article, count, total, imported_count, imported_sum, average
):
    summary = RatingSummary(
        article=article,
        star_count=count,
        star_sum=total,
        imported_count=imported_count,
        imported_sum=imported_sum,
    )
    assert summary.average == average
    assert summary.vote_count == count + imported_count


def test_summary_thumbs_score_and_count(article):
    summary = RatingSummary(article=article, thumbs_up=6, thumbs_down=2)
    assert (summary.thumbs_score, summary.thumbs_count) == (4, 8)


def test_imported_totals_are_set_apart_from_live_votes(article, cast_votes):
    cast_votes(article, stars=[6], thumbs=[UP])
    summary = summary_import(article=article, count=25, total=181)
    assert (summary.imported_count, summary.imported_sum) == (25, 181)
    assert (summary.star_count, summary.star_sum, summary.vote_count) == (1, 6, 26)
    assert summary.average == Decimal("7.2")
    summary_import(article=article, count=0, total=0)
    assert totals(article) == (1, 6, 1, 0)


@pytest.mark.parametrize(("count", "total"), [(-1, 0), (2, 1), (2, 21), (1.5, 7), (3, "20")])
def test_imported_totals_no_votes_could_give_are_refused(article, count, total):
    with pytest.raises(ValidationError):
        summary_import(article=article, count=count, total=total)
    assert not RatingSummary.objects.filter(article=article).exists()
