"""The quality bar of the default screening (bench/screening.py prints the full figures):
on the labelled comments of tests/data, at least 90% of the unsafe-advice comments are held
and at most 5% of the normal ones, for a reader who already has an approved comment (the
first-comment hold off) and with Akismet off."""

import pytest

from bench.screening import (
    DATA,
    HOLDOUT,
    HOLDOUT2,
    HOLDOUT3,
    HOLDOUT4,
    HOLDOUT5,
    evaluate,
    load_rows,
)

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
    on new wording (it has been partly tuned on since, see bench/screening.py); what must
    hold is that normal discussion is not held."""
    figures = evaluate(load_rows(HOLDOUT), article=article, author=trusted_reader)
    assert figures["normal_held"] <= 0.05
    assert figures["unsafe_recall"] > 0.25  # a floor, so that a broken list is noticed


def test_the_second_held_out_set_meets_the_goal_it_was_tuned_towards(article, trusted_reader):
    """Tuned on since issue #15 part 6 (the generic rules were built on it with the
    labelled set and the first held-out set): a guard against a change that breaks them."""
    figures = evaluate(load_rows(HOLDOUT2), article=article, author=trusted_reader)
    assert figures["unsafe_recall"] >= 0.90
    assert figures["normal_held"] <= 0.05


def test_the_third_held_out_set_meets_the_goal_it_was_tuned_towards(article, trusted_reader):
    """Measured frozen before the generic rules (70% of the unsafe advice held, 18.3% of
    normal comments held) and after them (95%, 10%); its misses then shaped the exemptions
    for normal discussion (a clinician's advice attributed after it, keeping to the
    prescription, reports, disagreement): tuned on since, so held to the goal."""
    rows = load_rows(HOLDOUT3)
    labels = [label for label, _ in rows]
    assert (labels.count("unsafe"), labels.count("normal")) == (40, 60)
    figures = evaluate(rows, article=article, author=trusted_reader)
    assert figures["unsafe_recall"] >= 0.90
    assert figures["normal_held"] <= 0.05


def test_the_fourth_held_out_set_meets_the_goal_it_was_tuned_towards(article, trusted_reader):
    """Run once frozen (70% of the unsafe advice held, 12% of normal comments held: 6 for
    unsafe advice, 6 for red-flag symptoms); its misses then shaped migration 0010 and the
    round-three rules (tests/comments/test_screening_round3.py): tuned on since, so held to
    the goal. Normal comments that describe red-flag symptoms (mostly telling someone to get
    help) are held for them on purpose, first in the queue; the goal is for the rest."""
    rows = load_rows(HOLDOUT4)
    labels = [label for label, _ in rows]
    assert (labels.count("unsafe"), labels.count("normal")) == (50, 100)
    figures = evaluate(rows, article=article, author=trusted_reader)
    assert figures["unsafe_recall"] >= 0.90
    assert figures["unsafe_precision"] >= 0.90
    assert figures["normal_held_not_red_flag"] <= 0.05
    assert figures["normal_held_red_flag_only"] <= 8  # on purpose; 7 when tuned


def test_the_fifth_held_out_set_is_the_estimate_and_does_not_fall(article, trusted_reader):
    """Written apart and run once, never tuned on: the honest estimate on new wording
    (66% of the unsafe advice held; 10% of normal comments held for unsafe advice, 7% for
    red-flag symptoms on purpose), below the goal. Floors only, so that a change that
    makes screening worse is noticed; tuning on this set would end its use as an estimate."""
    rows = load_rows(HOLDOUT5)
    labels = [label for label, _ in rows]
    assert (labels.count("unsafe"), labels.count("normal")) == (50, 100)
    figures = evaluate(rows, article=article, author=trusted_reader)
    assert figures["unsafe_recall"] >= 0.60
    assert figures["normal_held_not_red_flag"] <= 0.12
