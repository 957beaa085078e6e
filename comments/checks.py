"""What a reader is told before their comment is saved: red-flag symptoms and privacy.

`check_before_saving(body)` looks for

- red-flag symptoms: the phrases moderators keep in the admin (ScreeningPhrase, kind
  "red_flag", matched by comments.phrases). The reader gets the urgent-care page (the
  message and emergency number editors keep in medical's urgent-care settings);
- what identifies a person (`privacy_findings`): phone numbers, email addresses, street
  addresses and postcodes, dates of birth, NHS numbers. The reader sees which parts.

Either way they may edit the comment or post it anyway: the confirm step is a page with
their text in hidden fields and `confirmation_token(body)`, a signature of that exact text;
`is_confirmed(body, token)` lets the same text through. The JavaScript enhancement
(comments/static/comments/checks.js) finds the same privacy parts as the reader types and
sends what it showed (`privacy_seen`); when that is what the server finds, the privacy
step was done inline (`seen_inline`). Red flags always get the page.

Nothing here logs or keeps the text: a text that is not posted leaves no trace on the
server (no log line, no session entry, no row). The detectors are regular expressions
written to be ported as they are to JavaScript (ASCII classes only; checks.js mirrors them
and a browser test compares the two on the same sentences).
"""

import re
from dataclasses import dataclass, field
from datetime import date

from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from .phrases import excerpts, find_active, hits

CONFIRM_FIELD = "confirm"
SEEN_FIELD = "privacy_seen"
# What separates the parts checks.js reports as seen (a character nobody types).
SEEN_SEPARATOR = "\x1f"

LABELS = {
    "email": _("an email address"),
    "health_number": _("what looks like an NHS number"),
    "birth_date": _("what looks like a date of birth"),
    "phone": _("a phone number"),
    "address": _("what looks like a street address or postcode"),
}

_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")

# Ten digits, together or as 3 3 4 (spaces or dashes), with a valid mod-11 check digit.
_HEALTH_NUMBER = re.compile(r"(?<![0-9])[1-9][0-9]{2}([ -]?)[0-9]{3}\1[0-9]{4}(?![0-9])")

_MONTHS = (
    "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_NUMERIC_DATE = r"[0-3]?[0-9][/.-][01]?[0-9][/.-](?:19|20)?[0-9]{2}"
_ISO_DATE = r"(?:19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]"
_WORD_DATE = (
    rf"[0-3]?[0-9](?:st|nd|rd|th)?(?: of)? (?:{_MONTHS})\.?,?(?: (?:19|20)[0-9]{{2}})?"
    rf"|(?:{_MONTHS})\.? [0-3]?[0-9](?:st|nd|rd|th)?,?(?: (?:19|20)[0-9]{{2}})?"
)
# "born on 3 May 1985", "DOB: 03/05/85", "date of birth 1985-05-03", "birthday is 3rd May".
_BIRTH_DATE_IN_CONTEXT = re.compile(
    r"(?<![A-Za-z])(?:born|d\.?o\.?b\.?|date of birth|birthday)(?![A-Za-z])"
    r"[ :,]*(?:(?:on|in|is|was|the)[ :,]+){0,2}"
    rf"({_ISO_DATE}|{_NUMERIC_DATE}|{_WORD_DATE})(?![0-9])",
    re.I,
)
# A whole numeric date with a four-digit year: a date of birth when the year is long
# enough ago (a recent date is an appointment, not a birthday).
_FULL_NUMERIC_DATE = re.compile(
    r"(?<![0-9/.-])(?:[0-3]?[0-9][/.-][01]?[0-9][/.-]((?:19|20)[0-9]{2})"
    r"|((?:19|20)[0-9]{2})-[01][0-9]-[0-3][0-9])(?![0-9/.-])"
)
BIRTH_YEARS_AGO = 10

# Phone numbers: +44 7700 900123, 0044 20 7946 0958, 07700 900123, (020) 7946 0958,
# +1 (555) 123-4567, 555-123-4567. A run of digits and separators, judged by its digits.
_PHONE = re.compile(r"(?<![A-Za-z0-9+/.:-])(?:\+|\(\+?)?[0-9][0-9 ().-]{6,20}[0-9](?![0-9])")
_PHONE_GROUPS_10 = re.compile(r"^\(?[0-9]{3}\)?[ .-]?[0-9]{3}[ .-][0-9]{4}$")


def _any_case(words: str) -> str:
    """`road|st` as `road|Road|ROAD|st|St|ST`: the same pattern in Python and JavaScript,
    without inline case flags."""
    return "|".join(
        f"{word}|{word[0].upper()}{word[1:]}|{word.upper()}" for word in words.split("|")
    )


_STREET_WORDS = _any_case("street|st|road|rd|avenue|ave|lane|ln|crescent|terrace|boulevard|mews")
# Words that are streets only when written with a capital (a "row" is also an exercise).
_STREET_WORDS_CAPITALISED = "Close|Way|Drive|Court|Place|Grove|Hill|Park|Walk|Square|Gardens"
_NOT_A_STREET_NAME = "|".join(
    f"{word}|{word[0].upper()}{word[1:]}"
    for word in (
        "a|an|the|my|your|his|her|our|their|of|to|on|in|at|for|and|or|then|down|up|along|"
        "round|around|minutes?|mins?|seconds?|secs?|hours?|hrs?|times?|reps?|sets?|miles?|"
        "km|metres?|meters?|yards?|steps?|days?|weeks?|months?|years?|laps?|x"
    ).split("|")
)
_STREET_NAME_WORD = rf"(?!(?:{_NOT_A_STREET_NAME})(?![A-Za-z]))[A-Za-z][A-Za-z'-]*"
_ADDRESS = re.compile(
    rf"(?<![A-Za-z0-9.,/:-])[0-9]{{1,4}}[A-Za-z]?,? (?:{_STREET_NAME_WORD} ){{1,3}}"
    rf"(?:{_STREET_WORDS}|{_STREET_WORDS_CAPITALISED})(?![A-Za-z])"
)
# UK postcodes, written in capitals: SW1A 1AA, M1 1AE, B33 8TH.
_POSTCODE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}(?![A-Za-z0-9])")


@dataclass(frozen=True)
class Finding:
    """A part of the text that may identify a person."""

    kind: str
    text: str
    start: int
    end: int

    @property
    def label(self):
        return LABELS[self.kind]


def nhs_number_is_valid(digits: str) -> bool:
    """The NHS number's mod-11 check: the first nine digits weighted 10 down to 2; eleven
    minus the remainder is the tenth digit (11 counts as 0, 10 is never issued)."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    weights = range(10, 1, -1)
    total = sum(int(digit) * weight for digit, weight in zip(digits[:9], weights, strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def _is_phone(candidate: str) -> bool:
    digits = re.sub(r"[^0-9]", "", candidate)
    if candidate.startswith(("+", "(+")) or digits.startswith("00"):
        return 8 <= len(digits) <= 15
    if any(len(group) < 3 for group in re.findall(r"[0-9]+", candidate)):
        return False  # "0 1 2 3 4 5 6 7 8 9" is a scale, not a number to call
    if digits.startswith("0"):  # a UK number dialled at home: 01…, 02…, 03…, 07…, 08…
        return len(digits) in (10, 11) and digits[1] in "123578"
    return len(digits) == 10 and bool(_PHONE_GROUPS_10.match(candidate))


def _candidates(text, today):
    for match in _EMAIL.finditer(text):
        yield "email", match.start(), match.end()
    for match in _HEALTH_NUMBER.finditer(text):
        if nhs_number_is_valid(re.sub(r"[^0-9]", "", match.group())):
            yield "health_number", match.start(), match.end()
    for match in _BIRTH_DATE_IN_CONTEXT.finditer(text):
        yield "birth_date", match.start(), match.end()
    for match in _FULL_NUMERIC_DATE.finditer(text):
        year = int(match.group(1) or match.group(2))
        if 1900 <= year <= today.year - BIRTH_YEARS_AGO:
            yield "birth_date", match.start(), match.end()
    for match in _PHONE.finditer(text):
        candidate = match.group().rstrip(" .-(")
        if _is_phone(candidate):
            yield "phone", match.start(), match.start() + len(candidate)
    for match in _ADDRESS.finditer(text):
        yield "address", match.start(), match.end()
    for match in _POSTCODE.finditer(text):
        yield "address", match.start(), match.end()


def privacy_findings(text: str, today=None) -> list[Finding]:
    """The parts of `text` that may identify a person, in the order they appear. Where two
    detectors find overlapping parts, the first in the order above keeps it (an NHS number
    is not also a phone number)."""
    text = text or ""
    taken: list[Finding] = []
    for kind, start, end in _candidates(text, today or date.today()):
        if any(start < other.end and other.start < end for other in taken):
            continue
        taken.append(Finding(kind, text[start:end], start, end))
    return sorted(taken, key=lambda finding: finding.start)


def highlighted(text: str, findings) -> SafeString:
    """The text, escaped, with each finding in a <mark>."""
    pieces, position = [], 0
    for finding in findings:
        pieces.append((text[position : finding.start], finding.text))
        position = finding.end
    marked = format_html_join("", '{}<mark class="privacy-mark">{}</mark>', pieces)
    return marked + format_html("{}", text[position:])


@dataclass(frozen=True)
class PreSaveCheck:
    """What the reader should see before their text is saved."""

    body: str
    red_flags: list[str] = field(default_factory=list)  # the phrases of the list found
    privacy: list[Finding] = field(default_factory=list)

    @property
    def red_flag_words(self) -> list[str]:
        """What the reader wrote that matched (not the list's phrase syntax: "can't
        control my bladder", never "can't control * bladder")."""
        return excerpts(self.body, hits(self.body, self.red_flags))

    @property
    def needs_confirming(self):
        return bool(self.red_flags or self.privacy)

    @property
    def highlighted_body(self):
        return highlighted(self.body, self.privacy)

    @property
    def token(self):
        return confirmation_token(self.body)


def _normalised(body: str) -> str:
    return (body or "").replace("\r\n", "\n")


def confirmation_token(body: str) -> str:
    """A signature of this exact text: the confirm page's "Post anyway" sends it back."""
    return salted_hmac("comments.checks.confirm", _normalised(body), algorithm="sha256").hexdigest()


def is_confirmed(body: str, token) -> bool:
    return bool(token) and constant_time_compare(confirmation_token(body), token)


def seen_inline(findings, seen) -> bool:
    """True when the page showed the reader, as they typed, exactly the parts found here."""
    if seen is None:
        return False
    shown = [part for part in seen.split(SEEN_SEPARATOR) if part]
    return shown == [_normalised(finding.text) for finding in findings]


def check_before_saving(body: str, *, confirm=None, seen=None) -> PreSaveCheck:
    """What to show before saving `body`: nothing (an empty check) when the text needs no
    step, or when the reader already confirmed this exact text (`confirm`, the token of
    the confirm page); the privacy step is also done when the page showed the same parts
    inline as they typed (`seen`)."""
    if is_confirmed(body, confirm):
        return PreSaveCheck(body)
    privacy = privacy_findings(_normalised(body))
    if seen_inline(privacy, seen):
        privacy = []
    return PreSaveCheck(_normalised(body), red_flags=find_active(body, "red_flag"), privacy=privacy)


def patterns_for_browser():
    """The privacy detectors for checks.js, so the browser uses these very patterns (it
    ports the few lines of logic around them): {"patterns": {name: [source, flags]}, ...}.
    """
    compiled = {
        "email": _EMAIL,
        "health_number": _HEALTH_NUMBER,
        "birth_date_in_context": _BIRTH_DATE_IN_CONTEXT,
        "full_numeric_date": _FULL_NUMERIC_DATE,
        "phone": _PHONE,
        "phone_groups_10": _PHONE_GROUPS_10,
        "address": _ADDRESS,
        "postcode": _POSTCODE,
    }
    return {
        "patterns": {
            name: [pattern.pattern, "i" if pattern.flags & re.I else ""]
            for name, pattern in compiled.items()
        },
        "birth_years_ago": BIRTH_YEARS_AGO,
        "labels": {kind: str(label) for kind, label in LABELS.items()},  # translated now
        "separator": SEEN_SEPARATOR,
        "seen_field": SEEN_FIELD,
    }
