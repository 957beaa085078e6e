"""Unsafe-advice and red-flag screening in everyday words (issue #15 part 6, the fourth
held-out set's misses): the phrases of migration 0010, the wider red-flag wording the
generic rule reads (a symptom waved away), and the exemptions for normal discussion that
only looked like advice. The texts are made-up look-alikes of the misses, not copies of the
set; each is posted as a new comment by a reader whose comments are otherwise published."""

import importlib

import pytest
from django.apps import apps

from comments import phrases
from comments.models import Comment, ScreeningPhrase
from comments.services import comment_create

pytestmark = pytest.mark.django_db

HELD = "possible unsafe health advice"
RED_FLAG = "red-flag symptoms"


@pytest.mark.parametrize(
    "body",
    [
        # more at once, someone else's old medicine, two products of the same medicine
        "If the pills aren't doing much just take three at a time instead of two.",
        "Nan's old tramadol is in the cupboard, if you've got some lying around just take it.",
        "my dads old codeine sorted me right out, if there's any lying around use it",
        "Take paracetamol with your co-codamol for extra kick.",
        # medicines without a prescription, off a medicine without the prescriber
        "You can get the strong stuff from overseas with no prescription needed.",
        "You don't need to wait for your GP's approval to come off pregabalin.",
        # dismissing clinicians, cancelling care
        "Pharmacists are just shopkeepers, ignore what they say about the dose.",
        "Listen to your body, not the doctors.",
        "Skipped my MRI and felt fine. Skip yours.",
        # forcing through pain
        "If the nerve stretch hurts, push it further, that's how it loosens.",
        "Stop coddling your back and lift the heavy box.",
    ],
)
def test_unsafe_advice_in_everyday_words_is_held(article, trusted_reader, body):
    comment = comment_create(article=article, author=trusted_reader, body=body)
    assert comment.status == Comment.Status.PENDING
    assert HELD in comment.held_reason


@pytest.mark.parametrize(
    "body",
    [
        "Peeing myself a little since the flare, it's common, no need to see anyone.",
        "Both legs have gone numb but nobody needs to call 111 for a flare.",
        "Lost about a stone without trying this year, nothing to get checked, it's just stress.",
        "Took a tumble down the stairs? Just rest it at home, A&E is a waste of everyone's time.",
        "Struggling to hold my pee lately but it'll settle, it's just the nerve.",
        "Numb down below since Monday but it's just a bad flare, don't panic.",
        "Pins and needles in my privates, meh, it'll sort itself out.",
        "Can't really feel when I need a wee anymore, but that's sciatica for you, crack on.",
        "Peed myself a bit on the walk home but honestly it's nothing, don't bother the GP.",
    ],
)
def test_a_red_flag_in_everyday_words_waved_away_is_held_first_as_both(
    article, trusted_reader, body
):
    comment = comment_create(article=article, author=trusted_reader, body=body)
    assert comment.status == Comment.Status.PENDING
    assert comment.hold_priority == 10
    assert RED_FLAG in comment.held_reason
    assert HELD in comment.held_reason


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("If you're wetting yourself or can't feel your bum, go to A&E now.", "wetting yourself"),
        ("I lost a stone without trying and my GP sent me for blood tests.", "lost a stone"),
        ("Having trouble holding my wee since yesterday, ringing 111 now.", "holding my wee"),
        ("Both legs went numb this morning, my partner is driving me to A&E.", "Both legs went"),
        ("Had a fall on the stairs last week, seeing the GP today.", "Had a fall"),
        ("Numb down below when I wipe, is that something to worry about?", "Numb down below"),
        (
            "I can't always tell when I need to go since the flare, seeing the GP tomorrow.",
            "can't always tell when I need to",
        ),
    ],
)
def test_red_flags_in_everyday_words_are_held_only_as_red_flags(
    article, trusted_reader, body, words
):
    comment = comment_create(article=article, author=trusted_reader, body=body)
    assert comment.status == Comment.Status.PENDING
    assert comment.hold_priority == 10
    assert comment.held_reason.startswith(f"{RED_FLAG} (")
    assert words in comment.held_reason
    assert HELD not in comment.held_reason


@pytest.mark.parametrize(
    "body",
    [
        # a change a clinician made, told as such
        "My physio swapped my stretch for a gentler one instead, much better.",
        "My GP gave me a different tablet instead and it suits me better.",
        "I stopped the hamstring stretch because it pinched, and my physio showed me a "
        "different one instead.",
        # unsafe advice called the worst thing, or rejected in everyday words
        "Weeks of bed rest is the last thing you want, my physio says keep moving gently.",
        "Weeks in bed is probably the worst thing you can do for sciatica.",
        "'Stop taking your tablets and meditate' - no thank you.",
        "Someone online said take two at once instead of one. Hard disagree.",
        "A stranger told me to bin my meds. No thanks, they help.",
        "Read somewhere that you should 'stretch through the numbness'. Strongly disagree.",
        "Cancel yours? Please don't, the physio is worth it.",
        # deferring to a clinician, warning against advice from strangers
        "@Jo ignore the comment above, your GP knows your history.",
        "Listen to your physio, not random people online.",
        "Please ignore anyone who says to stop your meds without talking to your GP.",
        "Don't take medication advice from strangers on the internet, ask your pharmacist.",
        # the words of the new phrases, negated or about something else
        "Don't force the stretch further than is comfortable.",
        "Never push it harder when the nerve pain flares.",
        "I ordered a lumbar cushion from abroad, arrived in a week.",
        "My mums old walking stick works wonders.",
        "My friend's old foam roller works wonders, borrow one if you can.",
    ],
)
def test_normal_discussion_that_looks_like_the_new_advice_is_published(
    article, trusted_reader, body
):
    comment = comment_create(article=article, author=trusted_reader, body=body)
    assert comment.status == Comment.Status.APPROVED
    assert comment.held_reason == ""


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        ("two|three|four|2|3|4 at a time instead", "have 3 at a time instead", True),
        ("two|three|four|2|3|4 at a time instead", "take the stairs two at a time", False),
        ("wetting|weeing|peeing myself|yourself|themselves", "kept weeing myself", True),
        (
            "lost|dropped|shed ... stone|kilos|pounds|weight without trying|meaning|dieting",
            "dropped nearly two stone without meaning to",
            True,
        ),
        (
            "lost|dropped|shed ... stone|kilos|pounds|weight without trying|meaning|dieting",
            "lost two stone on a diet",
            False,
        ),
        ("stuff ... from abroad|overseas", "the good stuff from overseas", True),
    ],
)
def test_the_new_default_phrases(phrase, text, found):
    assert phrases.matches(text, phrase) is found


def _migration():
    return importlib.import_module("comments.migrations.0010_colloquial_screening_phrases")


def test_the_new_phrases_leave_the_moderators_changes_alone():
    turned_off = ScreeningPhrase.objects.get(kind="red_flag", phrase="had a fall")
    turned_off.is_active = False
    turned_off.note = "Too many old falls."
    turned_off.save()
    ScreeningPhrase.objects.filter(kind="unsafe", phrase="cancel|skip|ditch|bin yours").delete()
    _migration().add_phrases(apps, None)
    turned_off.refresh_from_db()
    assert (turned_off.is_active, turned_off.note) == (False, "Too many old falls.")
    assert ScreeningPhrase.objects.filter(phrase="cancel|skip|ditch|bin yours").exists()


def test_reversing_removes_only_the_phrases_nobody_changed():
    changed = ScreeningPhrase.objects.get(kind="red_flag", phrase="numb down below|there")
    changed.note = "Ours now."
    changed.save()
    _migration().remove_phrases(apps, None)
    assert list(
        ScreeningPhrase.objects.filter(
            phrase__in=[
                phrase
                for groups in (_migration().RED_FLAG, _migration().UNSAFE)
                for phrases_ in groups.values()
                for phrase in phrases_
            ]
        ).values_list("phrase", flat=True)
    ) == ["numb down below|there"]
    # a phrase of 0006 with the same meaning is not this migration's to remove
    assert ScreeningPhrase.objects.filter(kind="red_flag", phrase="after a fall").exists()
