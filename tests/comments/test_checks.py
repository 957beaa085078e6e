"""The detectors behind the privacy nudge and the red-flag page (comments.checks)."""

from datetime import date

import pytest

from comments.checks import (
    check_before_saving,
    confirmation_token,
    highlighted,
    is_confirmed,
    nhs_number_is_valid,
    privacy_findings,
    seen_inline,
)
from comments.models import ScreeningPhrase

TODAY = date(2026, 12, 4)


def found(text):
    return [(finding.kind, finding.text) for finding in privacy_findings(text, TODAY)]


# (text, kind, the part found): the browser test (tests/e2e/test_red_flags.py) checks that
# checks.js finds the same.
FOUND = [
    ("Call me on 07700 900123 tonight", "phone", "07700 900123"),
    ("My mobile is 07700900123.", "phone", "07700900123"),
    ("ring +44 7700 900123 any time", "phone", "+44 7700 900123"),
    ("or +44 (0)20 7946 0958 at work", "phone", "+44 (0)20 7946 0958"),
    ("the clinic is (020) 7946 0958", "phone", "(020) 7946 0958"),
    ("try 0161 496 0000", "phone", "0161 496 0000"),
    ("from abroad 0044 20 7946 0958", "phone", "0044 20 7946 0958"),
    ("US: +1 (555) 123-4567", "phone", "+1 (555) 123-4567"),
    ("or 555-123-4567", "phone", "555-123-4567"),
    ("in France +33 1 23 45 67 89", "phone", "+33 1 23 45 67 89"),
    ("write to ada.l+back@example.org please", "email", "ada.l+back@example.org"),
    ("I live at 12 High Street", "address", "12 High Street"),
    ("221b Baker Street, London", "address", "221b Baker Street"),
    ("we are at 4 Elm Grove now", "address", "4 Elm Grove"),
    ("come to 7 station road", "address", "7 station road"),
    ("the postcode is SW1A 1AA", "address", "SW1A 1AA"),
    ("I was born on 3 May 1985", "birth_date", "born on 3 May 1985"),
    ("DOB: 03/05/85", "birth_date", "DOB: 03/05/85"),
    ("date of birth is 1985-05-03", "birth_date", "date of birth is 1985-05-03"),
    ("my birthday is the 3rd of May", "birth_date", "birthday is the 3rd of May"),
    ("Mum, 12/03/1961, has it too", "birth_date", "12/03/1961"),
    ("NHS number 943 476 5919", "health_number", "943 476 5919"),
    ("it is 9434765919", "health_number", "9434765919"),
    ("or 943-476-5919", "health_number", "943-476-5919"),
]


@pytest.mark.parametrize(("text", "kind", "part"), FOUND)
def test_what_identifies_a_person_is_found(text, kind, part):
    assert found(text) == [(kind, part)]


# Normal sentences of a sciatica thread: exercise counts, years, times, scores.
NORMAL = [
    "I do 3 sets of 10 reps, twice a day.",
    "Hold for 30 seconds, 10 times, then rest 60-90 seconds.",
    "3 x 10 bridges and 2 x 15 clams",
    "It started in 2019; by 2021 it was much better.",
    "Between 1998 and 2004 I ran every week.",
    "I was born in 1970 and never had back pain before.",
    "Since March 2020 I have walked daily.",
    "I walk 10 minutes down the road and back.",
    "I did 12 laps of the park.",
    "Walk 2 miles along the lane.",
    "2 days in a row, then a 10 bent over row.",
    "at 10:30 every morning, and again at 7pm",
    "10.30am is best for me",
    "Pain is 7/10 today, was 9/10 last week.",
    "On a scale 0 1 2 3 4 5 6 7 8 9 10 it is a 4.",
    "I saw the GP on 01/12/2026 and again on 15/12/2026.",
    "The scan showed L4 L5 and L5 S1 discs bulging.",
    "My physio said 20 reps twice a day for 6 weeks.",
    "I am 45 years old and lost 5 kg.",
    "My score went from 35 to 20 in 3 months.",
    "I rang 999 when it got bad.",
    "1234567890 is not a number anyone has.",
    "The study (2015) followed 1200 people for 2 years.",
    "Step 1, step 2, step 3: 10, 20, 30 seconds.",
]


@pytest.mark.parametrize("text", NORMAL)
def test_normal_sentences_are_left_alone(text):
    assert found(text) == []


def test_nhs_number_check_digit():
    assert nhs_number_is_valid("9434765919")
    assert not nhs_number_is_valid("9434765918")  # one digit wrong
    assert not nhs_number_is_valid("943476591")
    assert not nhs_number_is_valid("943476591x")


def test_a_wrong_nhs_check_digit_is_not_called_an_nhs_number():
    assert found("number 943 476 5918") != [("health_number", "943 476 5918")]


def test_a_recent_full_date_is_not_a_date_of_birth():
    assert found("appointment on 12/03/2021") == []
    assert found("born 12/03/2021") == [("birth_date", "born 12/03/2021")]


def test_several_parts_in_order():
    text = "Email bo@example.org or call 07700 900123; I live at 3 Mill Lane."
    assert found(text) == [
        ("email", "bo@example.org"),
        ("phone", "07700 900123"),
        ("address", "3 Mill Lane"),
    ]


def test_highlighting_escapes_the_text():
    text = "<b>call</b> 07700 900123 & <script>"
    html = highlighted(text, privacy_findings(text, TODAY))
    assert html == (
        '&lt;b&gt;call&lt;/b&gt; <mark class="privacy-mark">07700 900123</mark> '
        "&amp; &lt;script&gt;"
    )


def test_the_token_confirms_that_exact_text_only():
    token = confirmation_token("Call 07700 900123")
    assert is_confirmed("Call 07700 900123", token)
    assert is_confirmed("Call 07700 900123".replace("\n", "\r\n"), token)
    assert not is_confirmed("Call 07700 900124", token)
    assert not is_confirmed("Call 07700 900123", "")
    assert not is_confirmed("Call 07700 900123", None)


def test_inline_hints_count_only_when_they_showed_the_same_parts():
    findings = privacy_findings("a@example.org and 07700 900123", TODAY)
    assert seen_inline(findings, "a@example.org\x1f07700 900123")
    assert not seen_inline(findings, "a@example.org")
    assert not seen_inline(findings, None)
    assert seen_inline([], "")


@pytest.fixture
def red_flag():
    """Red-flag phrases as moderators keep them, starting from an empty list."""
    ScreeningPhrase.objects.filter(kind="red_flag").delete()

    def add(phrase, **fields):
        return ScreeningPhrase.objects.create(kind="red_flag", phrase=phrase, **fields)

    return add


@pytest.mark.django_db
def test_red_flag_phrases_come_from_the_admin_list(red_flag):
    red_flag("loss of bladder control")
    red_flag("saddle numbness", is_active=False)
    check = check_before_saving("Since Tuesday, loss of bladder control and saddle numbness")
    assert check.red_flags == ["loss of bladder control"]
    assert check.needs_confirming
    assert not check_before_saving("Three sets of ten bridges helped").needs_confirming


@pytest.mark.django_db
def test_a_confirmed_text_needs_no_more_checking(red_flag):
    red_flag("loss of bladder control")
    body = "loss of bladder control, call me 07700 900123"
    assert check_before_saving(body).needs_confirming
    assert not check_before_saving(body, confirm=confirmation_token(body)).needs_confirming
    assert check_before_saving(body, confirm=confirmation_token("other")).needs_confirming


@pytest.mark.django_db
def test_inline_hints_do_not_replace_the_red_flag_page(red_flag):
    red_flag("loss of bladder control")
    check = check_before_saving("loss of bladder control; 07700 900123", seen="07700 900123")
    assert check.privacy == [] and check.red_flags == ["loss of bladder control"]
