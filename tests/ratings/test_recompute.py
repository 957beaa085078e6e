"""manage.py recompute_ratings rebuilds the totals from the votes and reports any drift."""

import importlib
import io

import pytest
from django.core.management import call_command

from ratings.models import RatingSummary, StarVote, ThumbVote

from .helpers import totals, totals_from_votes

pytestmark = pytest.mark.django_db


def recompute():
    out = io.StringIO()
    call_command("recompute_ratings", stdout=out)
    return out.getvalue()


def test_no_drift_is_reported_as_such(article, cast_votes):
    cast_votes(article, stars=[7, 8], thumbs=[1])
    assert recompute() == "No drift: every article's totals match its votes.\n"
    assert totals(article) == (2, 15, 1, 0)


def test_drift_is_reported_per_article_and_repaired(article, make_article, cast_votes):
    other = make_article(title="Walking", slug="walking")
    cast_votes(article, stars=[7, 8], thumbs=[1, -1])
    cast_votes(other, stars=[5])
    # Three 8-star votes that are not there (the spread must add up: the database says so).
    RatingSummary.objects.filter(article=article).update(
        star_count=5, star_sum=39, thumbs_up=0, votes_of_8=4
    )
    output = recompute()
    assert (
        'Drift in "Easing sciatica" (easing-sciatica): star votes 5 -> 2, sum of stars 39 -> 15, '
        "thumbs up 0 -> 1, 8-star votes 4 -> 1\n"
    ) in output
    assert "Walking" not in output
    assert "Rebuilt the totals of 1 article.\n" in output
    assert totals(article) == totals_from_votes(article) == (2, 15, 1, 1)
    assert recompute().startswith("No drift")


def test_missing_summary_is_rebuilt_and_stale_one_emptied(article, make_article, reader):
    emptied = make_article(title="Emptied", slug="emptied")
    StarVote.objects.create(user=reader, article=article, score=9)  # bypassing the counting
    ThumbVote.objects.create(user=reader, article=article, value=-1)
    RatingSummary.objects.create(article=emptied, star_count=1, star_sum=4, votes_of_4=1)
    output = recompute()
    assert 'Drift in "Easing sciatica"' in output and 'Drift in "Emptied"' in output
    assert "Rebuilt the totals of 2 articles." in output
    assert totals(article) == (1, 9, 0, 1)
    assert totals(emptied) == (0, 0, 0, 0)


def test_recompute_keeps_imported_totals(article, cast_votes):
    cast_votes(article, stars=[6])
    RatingSummary.objects.filter(article=article).update(
        star_count=3, star_sum=18, votes_of_6=3, imported_count=25, imported_sum=181
    )
    recompute()
    summary = RatingSummary.objects.get(article=article)
    assert (summary.star_count, summary.star_sum) == (1, 6)
    assert (summary.imported_count, summary.imported_sum) == (25, 181)
    assert summary.vote_count == 26


def test_migration_counts_the_spread_from_the_votes_and_repairs_drifted_totals(
    article, make_article, reader
):
    from django.apps import apps

    migration = importlib.import_module("ratings.migrations.0002_rating_spread")
    unsummed = make_article(title="Votes, no totals")
    StarVote.objects.create(user=reader, article=article, score=9)  # bypassing the counting
    StarVote.objects.create(user=reader, article=unsummed, score=4)
    RatingSummary.objects.create(article=article, star_count=0, star_sum=0)

    migration.fill_spread(apps, None)

    summary = RatingSummary.objects.get(article=article)
    assert (summary.star_count, summary.star_sum, summary.votes_of(9)) == (1, 9, 1)
    created = RatingSummary.objects.get(article=unsummed)
    assert (created.star_count, created.star_sum, created.votes_of(4)) == (1, 4, 1)
