"""The generic rules of unsafe-advice screening (issue #15 part 6): the word lists
(comments/phrases.py CLASSES) with the phrases of migration 0009, the rules found by the
shape of a sentence (phrases.generic_hits) and the exemptions (a change made with a
clinician, advice quoted to be rejected, a warning against the unsafe thing itself).
Each text is posted as a new comment by a reader whose comments are otherwise published."""

import importlib

import pytest
from django.apps import apps

from comments import phrases
from comments.models import Comment, ScreeningPhrase
from comments.services import comment_create

pytestmark = pytest.mark.django_db

HELD = "possible unsafe health advice"


@pytest.mark.parametrize(
    "body",
    [
        # stopping or throwing out a medicine, in slang
        "Toss the pregabalin in the bin, mate, it's rubbish.",
        "Amitriptyline? Bin it. Made me a zombie.",
        "I flushed all my pills and never felt better, highly recommend.",
        "Honestly chuck the amitriptyline, it's poison.",
        "Quit the steroids straight away if you feel better, no need to wean.",
        # taking more
        "Max out the ibuprofen, it's only over the counter.",
        "i just upped my gabapentin myself when it got bad, you should too",
        "Ibuprofen every hour is fine when it's really bad.",
        # someone else's medicine
        "Get your nan's codeine, it's the same thing they'd give you anyway.",
        "Get some tramadol off your mate, doctors never give enough.",
        # dismissing clinicians or care
        "Surgeons are butchers, never let them near your spine.",
        "Your GP is just covering themselves, don't bother with the referral.",
        "Stop wasting your time with the pain clinic, a good massage does more.",
        "Doctors are paid by pharma to keep you on pills, come off them all.",
        # red-flag symptoms waved away
        "Numbness around your bottom is normal with sciatica, keep stretching.",
        "If you lose bladder control for a bit it's just the nerve, it'll pass.",
        "Can't feel anything between my legs since Tuesday. Totally normal, don't go to A&E.",
        "Trust me, stretching harder is the answer when your foot starts dropping.",
        # pushing through, extremes of heat, cold and rest
        "Lift through the pain, that's how you get stronger.",
        "Pain means progress, run through it.",
        "Sleep with the heating pad on all night, best thing ever.",
        "Put the ice pack straight on the skin for an hour, it numbs it properly.",
        "Ice straight from the freezer onto your back for as long as you can stand it.",
        "Two weeks flat on your back and it'll sort itself out.",
        # cure claims
        "This cream healed my disc in two days, no more pills.",
    ],
)
def test_unsafe_advice_in_new_wording_is_held(article, trusted_reader, body):
    comment = comment_create(article=article, author=trusted_reader, body=body)
    assert comment.status == Comment.Status.PENDING
    assert HELD in comment.held_reason  # a red flag waved away is also held as a red flag


@pytest.mark.parametrize(
    "body",
    [
        # changes made with a clinician, and reports of them
        "My GP suggested I come off the naproxen slowly and we made a plan together.",
        "I came off amitriptyline with my doctor's help over two months.",
        "Reduced my pregabalin with the pain clinic's taper plan, it went fine.",
        "My consultant upped my pregabalin to 150mg twice a day last month.",
        "I take my tablets as prescribed and keep a diary of the pain.",
        # bad advice quoted to be rejected, or told as a mistake
        "Someone in a Facebook group said to double your gabapentin. Please don't.",
        "My dad keeps telling me to push through the pain. Rubbish, my physio says pace yourself.",
        "Some people say the pain is all in your head. It isn't, nerve pain is real.",
        "Walking through the pain was the old advice; the article explains why pacing helps.",
        "I was on bed rest for two days and it made things worse, so I started walking.",
        "There's a lot of rubbish online about miracle cures, this article is honest.",
        # warnings against the unsafe thing itself
        "Never take someone else's prescription, it could interact with what you're on.",
        "Please do not share your medication with anyone.",
        "Don't put ice straight on your skin, wrap it in a cloth first.",
        # medicines, devices and exercise, without advice to change anything
        "Does anyone know how long gabapentin takes to work? Week 2 for me.",
        "I wrap the ice pack in a tea towel and never leave it on for more than 20 minutes.",
        "The TENS machine is great on a low setting, I use it for half an hour in the evening.",
        "Heat pack on for 15 minutes then gentle walking, that's my routine.",
        "I doubled my walking distance this month, very pleased.",
        "Borrowed a foam roller from my sister, it's helping my hamstrings.",
        "Keep a note of when you take your tablets and bring it to your review.",
        "My surgeon was brilliant, very clear about the risks.",
        "We stopped the car every hour on the drive to stretch my legs.",
    ],
)
def test_normal_discussion_in_new_wording_is_published(article, trusted_reader, body):
    comment = comment_create(article=article, author=trusted_reader, body=body)
    assert comment.status == Comment.Status.APPROVED
    assert comment.held_reason == ""


def test_a_red_flag_waved_away_is_held_with_the_words_the_moderator_should_read(
    article, trusted_reader
):
    comment = comment_create(
        article=article,
        author=trusted_reader,
        body="Can't pee properly? That's just the nerve settling, give it a week.",
    )
    assert comment.status == Comment.Status.PENDING
    assert comment.hold_priority == 10  # the red flag still puts it first in the queue
    found = "Can't pee properly? That's just the nerve"
    assert f'{HELD} ("{found}")' in comment.held_reason


def test_a_red_flag_with_the_advice_to_get_help_is_held_only_as_a_red_flag(article, trusted_reader):
    comment = comment_create(
        article=article,
        author=trusted_reader,
        body="Numbness in the groin is never normal, go to A&E straight away.",
    )
    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason.startswith("red-flag symptoms (")
    assert HELD not in comment.held_reason


def test_a_medicine_named_in_one_sentence_and_binned_in_the_next_is_held(article, trusted_reader):
    comment = comment_create(
        article=article, author=trusted_reader, body="Gabapentin is a crutch. Bin the lot."
    )
    assert comment.status == Comment.Status.PENDING
    assert '"Bin the lot"' in comment.held_reason


def test_the_generic_rules_follow_the_treatment_advice_setting(article, trusted_reader, settings):
    settings.COMMENTS_SCREEN_TREATMENT_ADVICE = False
    comment = comment_create(
        article=article, author=trusted_reader, body="Amitriptyline? Bin it. Made me a zombie."
    )
    assert comment.status == Comment.Status.APPROVED


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        ("{more} ... {medicine}", "I upped my own pregabalin", True),
        ("{more} ... {medicine}", "Up the walking. The tablets stay as they are.", False),
        ("{stop} ... {medicine}", "chuck the tramadol", True),
        ("{stop} ... {medicine}", "chuck the leaflet", False),
        ("{person}'s ... {medicine}", "my brother's leftover oxycodone", True),
        ("{person}'s ... {medicine}", "my brother's new bike", False),
        ("{clinician} ... too careful", "your PCP is being too careful", True),
        ("{device} ... all night", "heating pad on all night", True),
        ("{device} ... all night", "the pain kept me up all night", False),
    ],
)
def test_the_word_lists_in_phrases(phrase, text, found):
    assert phrases.matches(text, phrase) is found


def test_new_default_phrases_leave_the_moderators_changes_alone():
    """Running the migration's step again (as on a database where moderators already
    edited the list) adds what is missing and keeps a phrase a moderator turned off."""
    migration = importlib.import_module("comments.migrations.0009_generic_screening_phrases")
    turned_off = ScreeningPhrase.objects.get(kind="unsafe", phrase="{stop} ... {medicine}")
    turned_off.is_active = False
    turned_off.note = "Too broad for us."
    turned_off.save()
    ScreeningPhrase.objects.filter(phrase="pain is weakness").delete()
    migration.add_phrases(apps, None)
    turned_off.refresh_from_db()
    assert turned_off.is_active is False
    assert turned_off.note == "Too broad for us."
    assert ScreeningPhrase.objects.filter(phrase="pain is weakness", is_active=True).exists()
