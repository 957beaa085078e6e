"""Finding the screening phrases moderators keep in the admin (ScreeningPhrase) in a
comment's text. Screening (comments/screening.py) and the red-flag check before a comment
is saved both read them here.

How a phrase matches (the admin's help text says the same, for moderators):

- as whole words, ignoring case; any run of spaces or punctuation between its words
  ("stop  taking", "stop-taking") counts as one space;
- each word of three letters or more also matches its usual endings: "stop taking" finds
  "stopped taking" and "stops taking", "cure" finds "cured", "cures" and "curing";
- a word of n't matches both spellings and the long form: "don't trust" finds "dont trust",
  "don’t trust" and "do not trust";
- `*` stands for any one word: "stop * meds" finds "stop your meds" and "stop the meds";
- `...` stands for up to five words in the same sentence: "stop ... meds" also finds
  "stop all of your meds";
- `a|b` is either word (or words): "ditch|bin ... pills";
- `{medicine}`, `{care}` and `{alcohol}` stand for any word of a list below (a medicine or
  a word for one; a doctor, physiotherapy, a hospital or a treatment; a drink):
  "stop ... {medicine}" finds "stop the gabapentin" and "stopped my blood thinners".

The active phrases are read from the database at each check, so moderators' edits count at
once. `find_advice` is `find` for advice: it leaves out what is not advice from the poster
(see there).
"""

import re
from functools import lru_cache

from .models import ScreeningPhrase

SEPARATOR = r"[\W_]+"
# Between the words a `...` skips: no sentence end.
_GAP = r"(?:[^\w.!?]+\w+){0,5}?[^\w.!?]+"

# "don't" is read as the words "don" and "t": the first part, and the long form's verb.
_NOT = {
    "don": "do",
    "doesn": "does",
    "didn": "did",
    "can": "can",
    "won": "will",
    "shouldn": "should",
    "wouldn": "would",
    "couldn": "could",
    "isn": "is",
    "aren": "are",
    "wasn": "was",
    "haven": "have",
    "hasn": "has",
}

CLASSES = {
    "medicine": (
        "medicine|medication|meds|pills|tablets|painkillers|pain killers|drugs|prescription"
        "|prescriptions|dose|doses|dosage|ibuprofen|naproxen|diclofenac|aspirin|paracetamol"
        "|acetaminophen|codeine|co-codamol|cocodamol|tramadol|morphine|oxycodone|opioids|opiates"
        "|gabapentin|pregabalin|amitriptyline|nortriptyline|duloxetine|diazepam|prednisolone"
        "|steroids|steroid|antidepressants|antidepressant|antibiotics|anti-inflammatories"
        "|anti-inflammatory|nsaids|blood thinners|warfarin|muscle relaxants|sleeping tablets"
        "|patches|injection|injections|epidural"
    ),
    "care": (
        "doctor|doctors|gp|gps|physio|physios|physiotherapist|physiotherapy|consultant"
        "|surgeon|specialist|nurse|pharmacist|hospital|hospitals|a&e|nhs|surgery|operation"
        "|treatment|scan|mri|appointment|appointments"
    ),
    "alcohol": "alcohol|beer|beers|wine|whisky|whiskey|vodka|gin|drink|drinks|booze",
}


def _forms(word: str) -> str:
    """The word and its usual English endings, as a regular expression."""
    if not word.isalpha() or len(word) < 3:
        return re.escape(word)
    forms = {word, word + "s", word + "es", word + "d", word + "ed", word + "ing"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing"}
    if word.endswith("y") and len(word) > 3:
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    if re.search(r"(?:^|[^aeiou])[aeiou][bdgmnprt]$", word):
        forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return "(?:" + "|".join(sorted(map(re.escape, forms), key=len, reverse=True)) + ")"


def _words(text: str) -> str:
    """Words (spaces or punctuation between them) as a regular expression."""
    words = re.findall(r"\w+", text.lower())
    parts = []
    index = 0
    while index < len(words):
        word = words[index]
        if word in _NOT and index + 1 < len(words) and words[index + 1] == "t":
            parts.append(rf"(?:{re.escape(word)}[\W_]*t|{re.escape(_NOT[word])}{SEPARATOR}not)")
            index += 2
            continue
        parts.append(_forms(word))
        index += 1
    return SEPARATOR.join(parts)


def _slot(chunk: str) -> str | None:
    """One space-separated piece of a phrase: `*`, a {class}, or words with `|`."""
    if chunk == "*":
        return r"\w+"
    alternatives = []
    for choice in chunk.split("|"):
        named = re.fullmatch(r"\{(\w+)\}", choice)
        if named and named.group(1).lower() in CLASSES:
            alternatives += CLASSES[named.group(1).lower()].split("|")
        else:
            alternatives.append(choice)
    choices = [_words(choice) for choice in alternatives if re.search(r"\w", choice)]
    if not choices:
        return None
    return choices[0] if len(choices) == 1 else "(?:" + "|".join(choices) + ")"


@lru_cache(maxsize=4096)
def pattern(phrase: str) -> re.Pattern | None:
    """The phrase as a regular expression (None for one without a word)."""
    # "a | b" and "a|b" alike; "..." is its own piece even when typed against a word.
    text = re.sub(r"\s*\|\s*", "|", phrase.strip())
    text = re.sub(r"\s*(?:\.\.\.|…)\s*", " ... ", text)
    regex = ""
    gap = False
    for chunk in text.split():
        if chunk == "...":
            gap = bool(regex)
            continue
        slot = _slot(chunk)
        if slot is None:
            continue
        if regex:
            regex += _GAP if gap else SEPARATOR
        regex += slot
        gap = False
    if not regex or regex == r"\w+":
        return None
    return re.compile(r"(?<!\w)" + regex + r"(?!\w)", re.I)


def matches(text: str, phrase: str) -> bool:
    compiled = pattern(phrase)
    return bool(compiled and compiled.search(text or ""))


def active(kind: str) -> list[str]:
    return list(
        ScreeningPhrase.objects.filter(kind=kind, is_active=True).values_list("phrase", flat=True)
    )


def find(text: str, phrases) -> list[str]:
    """The phrases found in `text`, in the list's order, each once."""
    return [phrase for phrase in dict.fromkeys(phrases) if matches(text, phrase)]


def find_active(text: str, kind: str) -> list[str]:
    return find(text, active(kind))


# Advice: what the poster tells others to do, not what they ask or report.

_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")
_CLINICIAN = (
    r"(?:doctor|doctors|dr|gp|physio|physiotherapist|consultant|surgeon|specialist|nurse"
    r"|pharmacist|midwife|rheumatologist|neurologist|anaesthetist|prescriber)"
)
_REPORTED = re.compile(
    rf"\b{_CLINICIAN}\b(?:\W+\w+){{0,3}}?\W+(?:told|tells|said|says|advised|advises|suggested"
    r"|recommended|recommends|wants|wanted|explained|instructed|asked|agreed|increased|reduced"
    r"|changed|switched|stopped|started|put|reminded|warned|prescribed|gave|offered|and i)\b"
    rf"|\b(?:asked|told|checked with|according to)\W+(?:my|the|our|your)\W+{_CLINICIAN}\b"
    rf"|\bon\W+(?:my|the|our)\W+{_CLINICIAN}(?:'?s)?\W+(?:advice|orders|instructions)\b",
    re.I,
)
_OWN_QUESTION = re.compile(
    r"\b(?:should i|should we|shall i|can i|could i|may i|do i|would it|is it|is there|are there"
    r"|if i should|whether i should|whether to|wondering if|wondering whether|anyone know)\b",
    re.I,
)
_SUGGESTION = re.compile(
    r"\b(?:why not|why don'?t you|have you tried|did you try|how about|what about|you should)\b",
    re.I,
)
_NEGATED = re.compile(
    r"\b(?:(?:not|never|don'?t|do not|didn'?t|shouldn'?t|mustn'?t|won'?t|wouldn'?t)"
    r"(?:\W+(?:to|just|ever|suddenly|simply|really|abruptly|try to))?\W*|no\s+)$",
    re.I,
)
_TURN = re.compile(r"\b(?:but|however|though|honestly|instead|ignore)\b", re.I)


def _is_advice(sentence: str, start: int, end: int) -> bool:
    """Whether the phrase found at `start` of `sentence` is the poster's own advice: not
    when the sentence asks for the poster (a question such as "should I stop taking it?"),
    reports what a clinician said before the phrase ("my GP told me to stop taking it"),
    or the phrase is negated ("I would never stop taking it")."""
    before = sentence[:start]
    if _TO_A_CLINICIAN.search(sentence):  # "ask your pharmacist before mixing painkillers"
        return False
    if sentence.rstrip().endswith("?") and not _SUGGESTION.search(sentence):
        return False
    if _OWN_QUESTION.search(before) and not _SUGGESTION.search(before):
        return False
    if _NEGATED.search(before):
        return False
    # The report may end inside the phrase: "my doctor increased my dose".
    reported = [m for m in _REPORTED.finditer(sentence[:end]) if m.start() < start]
    return not (reported and not _TURN.search(sentence[reported[-1].end() : start]))


def hits(text: str, phrases, *, advice: bool = False) -> list[tuple[str, int, int]]:
    """(phrase, start, end) for each phrase found in `text` (its first place), in the list's
    order; with `advice`, only where it is the poster's own advice (see find_advice)."""
    text = text or ""
    sentences = [(m.start(), m.group(0)) for m in _SENTENCE.finditer(text) if m.group(0)]
    found = []
    for phrase in dict.fromkeys(phrases):
        compiled = pattern(phrase)
        if compiled is None:
            continue
        for offset, sentence in sentences:
            match = next(
                (
                    m
                    for m in compiled.finditer(sentence)
                    if not advice or _is_advice(sentence, m.start(), m.end())
                ),
                None,
            )
            if match is not None:
                found.append((phrase, offset + match.start(), offset + match.end()))
                break
    return found


def excerpts(text: str, found) -> list[str]:
    """The words `hits` found, as the reader wrote them, overlapping ones joined ("take
    more" and "more ibuprofen" are "take more ibuprofen"), in the text's order."""
    spans = []
    for _, start, end in sorted(found, key=lambda hit: hit[1]):
        if spans and start <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], end)
        else:
            spans.append([start, end])
    return list(dict.fromkeys(" ".join(text[start:end].split()) for start, end in spans))


def find_advice(text: str, phrases) -> list[str]:
    """The phrases found in `text` as advice from the poster: a phrase counts when at least
    one place it is found is not in a question the poster asks for themselves, not after
    "my doctor said…" in the same sentence (unless a "but" comes between), and not right
    after a "not"/"don't"/"never"."""
    return [phrase for phrase, _, _ in hits(text, phrases, advice=True)]


# Advice about a medicine or a treatment, told to the reader: found by the sentence's shape
# rather than by a phrase, for the many wordings no list foresees ("take six a day instead
# of three", "walk away from the operation"). A sentence counts when it names a medicine or
# a treatment and tells the reader what to do (it starts with an instruction, or says "you
# should", "my advice", "I'd"...), unless it sends them to a clinician ("ask your GP",
# "see a doctor"), asks, or reports what a clinician said (as for the phrases).

TREATMENTS = CLASSES["medicine"] + (
    "|surgery|operation|op|physio|physiotherapy|pain clinic|mri|scan|antibiotics|hospital"
    "|a&e|er|dose|doses|mg|co-codamol|oxycodone|codeine|morphine|fentanyl|diazepam|valium"
)
_TREATMENT = re.compile(
    r"(?<!\w)(?:" + "|".join(_words(word) for word in TREATMENTS.split("|")) + r")(?!\w)", re.I
)
_INSTRUCTION = re.compile(
    r"(?:^|[,;:]\s*)\W*(?:(?:honestly|seriously|just|so|and|then|trust me|my advice(?: is)?(?: to)?"
    r"|please)"
    r"\W+)*(?:take|stop|quit|skip|drop|ditch|chuck|bin|throw|cut|halve|double|triple|up"
    r"|increase|try|use|buy|order|grab|get|put|mix|swap|switch|keep|forget|ignore|avoid"
    r"|refuse|cancel|walk away|give up|go|don'?t|do not|never|have|stretch|push|rub|apply"
    r"|drink|hang|crush|wean|come off|lie|rest|sleep|say no|tell|borrow|ask around|sort"
    r"|pop|knock back|load up|fast)\b",
    re.I,
)
_DIRECTED = re.compile(
    r"\b(?:you should|you can|you could|you need to|you have to|you must|you'?ll|you will"
    r"|you don'?t need|you won'?t need|you don'?t have to|my advice|trust me"
    r"|(?:i'?d|i would)(?: just)? (?:stop|skip|ditch|drop|bin|avoid|recommend|say|take|try"
    r"|give up|cancel|refuse|forget|ignore|go|double|up|swap|come off|get off)"
    r"|everyone should|do the same|give it a go|highly recommend|worth asking around"
    r"|worth trying|no need for|no need to|is all you need|is the only (?:way|thing))\b",
    re.I,
)
_TO_A_CLINICIAN = re.compile(
    r"(?<!not )(?<!n't )(?<!never )\b(?:ask|asking|check with|checking with|talk to|speak to"
    r"|see|call|ring|phone|go to|get to|get checked|second opinion|tell|mention it to)\b"
    r"(?:\W+\w+){0,3}?\W+(?:your|a|the|my)?\W*(?:gp|doctor|pharmacist|physio|nurse|prescriber"
    r"|consultant|surgeon|specialist|111|999|a&e|hospital|emergency|midwife|clinician)\b"
    r"|\bsecond opinion\b",
    re.I,
)


def directed_advice(text: str) -> list[str]:
    """The sentences of `text` that tell the reader what to do about a medicine or a
    treatment (shortened), see above."""
    found = []
    for match in _SENTENCE.finditer(text or ""):
        sentence = match.group(0)
        if _TREATMENT.search(sentence) is None or _TO_A_CLINICIAN.search(sentence):
            continue
        telling = _INSTRUCTION.search(sentence) or _DIRECTED.search(sentence)
        # Asked, reported ("my physio said…, and go back a step") or negated: not advice.
        if telling is None or not _is_advice(sentence, telling.start(), telling.end()):
            continue
        words = sentence.split()
        found.append(" ".join(words[:12]) + (" …" if len(words) > 12 else ""))
    return found
