"""What unsafe-advice screening does not hold (issue #15 part 6, found on the third
held-out set): a clinician's advice attributed after it, the poster keeping to their
prescription, a report of what someone else says with nothing telling the reader what to
do, the poster disagreeing, and handing a prescription in (or picking one up). Each
exemption comes with unsafe advice that looks like it and must still be held. Each text is
posted as a new comment by a reader whose comments are otherwise published."""

import pytest

from comments import phrases
from comments.models import Comment
from comments.services import comment_create

pytestmark = pytest.mark.django_db

HELD = "possible unsafe health advice"


def post(article, author, body):
    return comment_create(article=article, author=author, body=body)


@pytest.mark.parametrize(
    "body",
    [
        # a clinician's advice, attributed after it, in the sentence or the next one
        "Up the walking slowly, that's what my physio said - 5 extra minutes a week.",
        "Max 20 minutes of ice at a time is what my physio told me, with a cloth in between.",
        "Rest the leg for a day or two and then build up, per my GP.",
        "Increase the stretches gradually, my physio says.",
        "Walk a little further each day - doctor's orders!",
        "Keep the ice to 15 minutes. That's what the physio told me.",
        "Take the naproxen with food. That's what my GP told me.",
        "Per my GP, double the walking and halve the sitting.",
        "Stretch twice a day and don't push into the pain - my physio's advice, and it works.",
        "Skip the sit-ups, my physio said they were the worst thing for my disc.",
    ],
)
def test_advice_attributed_to_a_clinician_is_published(article, trusted_reader, body):
    comment = post(article, trusted_reader, body)
    assert comment.status == Comment.Status.APPROVED
    assert comment.held_reason == ""


@pytest.mark.parametrize(
    "body",
    [
        # the poster keeping to what was prescribed, against what they were told
        "My husband keeps telling me to just take more painkillers, but I'm sticking to what"
        " was prescribed.",
        "My brother-in-law keeps telling me to double my naproxen, but I'll keep taking what"
        " I'm given.",
        "People keep telling me to stop the pregabalin, but I'm sticking with my prescription.",
        "I take my tablets as prescribed, even though my friend says I should come off them.",
        "My friend keeps telling me to stop the amitriptyline, but I'm staying on it until my"
        " review.",
        "My dad says I should just take more tramadol, I told him I'll stick to my dose.",
    ],
)
def test_keeping_to_the_prescription_against_advice_is_published(article, trusted_reader, body):
    comment = post(article, trusted_reader, body)
    assert comment.status == Comment.Status.APPROVED
    assert comment.held_reason == ""


@pytest.mark.parametrize(
    "body",
    [
        # what someone else says, told as a report, with no directive to the reader
        "My sister says yoga cured her back but honestly it's more that it helped her manage it.",
        "My mum swears turmeric cured her sciatica, I'm not so sure.",
        "A guy at work reckons magnets cured his back. Each to their own.",
        "Someone on Facebook says CBD oil cured her sciatica. I'd love to see the evidence.",
        # the poster disagreeing with the advice
        "I disagree that everyone should avoid painkillers, they let me do the exercises."
        " Taken as prescribed, obviously.",
        "I don't buy that you need to stay in bed for weeks, walking helped me more.",
        "I disagree with people saying you should never take painkillers, they help me move.",
        "Not sure I agree that bed rest is always bad, I needed two days flat at the start.",
        # a prescription handed in, not dropped
        "I drop my prescription at the pharmacy on Mondays.",
        "Dropped my prescription off at the chemist this morning.",
        "I drop my repeat prescription in at the surgery every month.",
        "I dropped my meds off for the pharmacy's disposal scheme after my GP changed them.",
        # "up" that belongs to another verb
        "I picked up my prescription and the pharmacist went through the new dose with me.",
    ],
)
def test_reports_disagreement_and_errands_are_published(article, trusted_reader, body):
    comment = post(article, trusted_reader, body)
    assert comment.status == Comment.Status.APPROVED
    assert comment.held_reason == ""


@pytest.mark.parametrize(
    "body",
    [
        # a report or attribution, then the poster's own advice after a "but"
        "my physio said to rest, but honestly just double your pills",
        "Rest, that's what my physio said, but honestly just double your pills.",
        "Double your naproxen, that's what my GP said, but she's clueless.",
        "Honestly chuck the pregabalin, my GP said to keep going but what does she know.",
        "Just double the gabapentin. My GP said not to, but she's overcautious.",
        "Skip the surgery, it's what the surgeons want.",
        "Take twice the dose, that's what my mate said.",
        "Stop your meds. My GP said so, but she's an idiot.",
        "Just up your amitriptyline, I won't tell your GP.",
        "Nothing your doctor says is worth listening to, stop the meds.",
        "Nothing a GP says about sciatica is worth listening to.",
        # adherence said by someone else, or about the poster's own unsafe advice
        "My doctor says stick to what was prescribed, but honestly just double your pills.",
        "Halve your pills yourself, I'm sticking to that.",
        # a report with a directive to the reader
        "My sister says turmeric cured her back, so ditch your pills.",
        "My sister says turmeric cured her back. Bin your tablets and try it.",
        "My mate says ditch your meds, and he's right.",
        "My mate swears by doubling his tramadol, you should too.",
        "Your sister is right, turmeric cures sciatica, ditch the pills.",
        "My friend says bin the amitriptyline and she's right, it's poison.",
        "Someone on Reddit says you can double pregabalin safely.",
        "They say turmeric cures sciatica, so chuck the naproxen.",
        "I picked up my prescription and then doubled it myself, works a treat.",
        # disagreement, then advice in the next clause
        "I disagree that you need the tablets, bin them.",
        "I disagree with my GP: stop the gabapentin, it does nothing.",
        "I don't agree with my doctor at all, come off the steroids yourself.",
        # dropping the medicine itself
        "Drop the gabapentin, you don't need it.",
        "Stop your meds and drop them at the pharmacy.",
        "Drop the tramadol in the bin, you don't need it.",
        "Drop off your pills at the pharmacy, you don't need them.",
    ],
)
def test_unsafe_advice_that_looks_like_an_exemption_is_still_held(article, trusted_reader, body):
    comment = post(article, trusted_reader, body)
    assert comment.status == Comment.Status.PENDING
    assert HELD in comment.held_reason


@pytest.mark.parametrize(
    ("text", "advice"),
    [
        ("I drop my prescription at the pharmacy", False),
        ("drop off the prescription at the chemist", False),
        ("drop the prescription, you don't need it", True),
        ("drop your tablets in the bin", True),
    ],
)
def test_the_drop_phrase_of_0006_leaves_a_prescription_handed_in(text, advice):
    """The default phrase "stop|stopped|quit|ditch|drop|skip|bin ... {medicine}" (0006)."""
    phrase = "stop|stopped|quit|ditch|drop|skip|bin ... {medicine}"
    assert phrases.matches(text, phrase)
    assert (phrases.find_advice(text, [phrase]) == [phrase]) is advice
