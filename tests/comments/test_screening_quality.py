"""The quality bar of the default screening (bench/screening.py prints the full figures):
on the labelled comments of tests/data, at least 90% of the unsafe-advice comments are held
and at most 5% of the normal ones, for a reader who already has an approved comment (the
first-comment hold off) and with Akismet off."""

import pytest

from bench.screening import DATA, HOLDOUT, evaluate, load_rows

pytestmark = pytest.mark.django_db


def test_the_labelled_set_is_large_and_varied_enough():
    rows = load_rows(DATA)
    labels = [label for label, _ in rows]
    assert len(rows) >= 220
    assert labels.count("unsafe") >= 80
    assert labels.count("spam") >= 40
    assert labels.count("normal") >= 100
    assert len({text for _, text in rows}) == len(rows)  # no comment twice


def test_unsafe_advice_is_held_and_normal_discussion_is_not(article, trusted_reader):
    figures = evaluate(load_rows(DATA), article=article, author=trusted_reader)
    assert figures["unsafe_recall"] >= 0.90
    assert figures["normal_held"] <= 0.05


def test_on_comments_the_phrases_were_not_tuned_on_normal_discussion_still_goes_through(
    article, trusted_reader
):
    """The held-out set was written after the phrases were tuned: it measures how they do
    on new wording. Recall there is much lower (see the README); what must hold is that
    normal discussion is not held."""
    figures = evaluate(load_rows(HOLDOUT), article=article, author=trusted_reader)
    assert figures["normal_held"] <= 0.05
    assert figures["unsafe_recall"] > 0.25  # a floor, so that a broken list is noticed
