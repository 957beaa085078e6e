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
- `{medicine}`, `{care}`, `{clinician}`, `{alcohol}`, `{stop}`, `{more}`, `{device}` and
  `{person}` stand for any word of a list below (a medicine or a word for one; a doctor,
  physiotherapy, a hospital or a treatment; a doctor, nurse, physio or pharmacist; a drink;
  a verb of stopping or getting rid of; a verb of taking more; a heat pad, ice or a TENS
  machine; a friend or relative): "stop ... {medicine}" finds "stop the gabapentin" and
  "stopped my blood thinners"; `{person}'s` finds "my mate's" and "your nan's".

The active phrases are read from the database at each check, so moderators' edits count at
once. `find_advice` is `find` for advice: it leaves out what is not advice from the poster
(see there). `generic_hits` and `directed_advice`, at the end, find unsafe advice by the
shape of a sentence rather than by a phrase.
"""

import re
from functools import lru_cache

from .models import ScreeningPhrase

SEPARATOR = r"[\W_]+"
# Between the words a `...` skips: no sentence end.
_GAP = r"(?:[^\w.!?]+\w+){0,5}?[^\w.!?]+"
# Each `...` lets the matcher try six places for what follows, so n gaps cost up to 6**n
# tries at every word of a comment: five gaps took 4.5 s on a comment of 1,000 repeated
# words. Two is all a useful phrase needs (the admin refuses more; a phrase kept from before
# with more matches nothing).
MAX_GAPS = 2
_GAP_MARK = re.compile(r"\s*(?:\.\.\.|…)\s*")


def gaps(phrase: str) -> int:
    """How many `...` the phrase has."""
    return len(_GAP_MARK.findall(phrase))


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
        "medicine|medicines|medication|medications|meds|pills|tablets|painkillers|pain killers"
        "|pain pills|pain meds|drugs|prescription|prescriptions|script|scripts|dose|doses"
        "|dosage|ibuprofen|nurofen|advil|motrin|naproxen|aleve|diclofenac|voltarol|aspirin"
        "|paracetamol|acetaminophen|tylenol|codeine|co-codamol|cocodamol|dihydrocodeine"
        "|tramadol|morphine|oxycodone|oxycontin|oxy|percocet|hydrocodone|vicodin|fentanyl"
        "|opioids|opiates|gabapentin|pregabalin|lyrica|amitriptyline|nortriptyline|duloxetine"
        "|diazepam|valium|baclofen|cyclobenzaprine|methocarbamol|prednisolone|prednisone"
        "|steroids|steroid|antidepressants|antidepressant|antibiotics|anti-inflammatories"
        "|anti-inflammatory|anti inflammatories|nsaids|blood thinners|warfarin|muscle relaxants"
        "|muscle relaxers|sleeping tablets|sleeping pills|nerve tablets|nerve pills|patches"
        "|injection|injections|epidural|the strong stuff|the strong ones|the good stuff"
    ),
    "care": (
        "doctor|doctors|doc|docs|gp|gps|physio|physios|physiotherapist|physiotherapists"
        "|physiotherapy|physical therapy|physical therapist|pt|consultant|consultants|surgeon"
        "|surgeons|specialist|specialists|nurse|pharmacist|pharmacy|hospital|hospitals|a&e|er"
        "|emergency room|ambulance|nhs|surgery|operation|op|treatment|scan|mri|appointment"
        "|appointments|pain clinic|referral|referrals"
    ),
    "clinician": (
        "doctor|doctors|doc|docs|dr|gp|gps|physio|physios|physiotherapist|physiotherapists"
        "|physical therapist|pt|consultant|consultants|surgeon|surgeons|specialist|specialists"
        "|nurse|nurses|pharmacist|pharmacists|neurologist|rheumatologist|pcp"
        "|primary care doc|primary care doctor|medics|the medical profession"
    ),
    "alcohol": "alcohol|beer|beers|wine|whisky|whiskey|vodka|gin|drink|drinks|booze|pints",
    "stop": (
        "stop|quit|ditch|skip|bin|chuck|flush|toss|dump|throw away|throw out|cancel"
        "|halve|cut out|come off|get off|give up|pack in|knock on the head"
    ),
    "more": "double|triple|up|increase|crank up|max out|load up on|take extra|take more",
    "device": (
        "heat|heat pad|heating pad|heat pack|heat wrap|hot water bottle|electric blanket"
        "|ice|ice pack|ice packs|cold pack|frozen peas|tens|tens machine"
    ),
    "person": (
        "friend|friends|mate|mates|buddy|partner|wife|husband|mum|mom|dad|brother|sister"
        "|cousin|neighbour|neighbor|nan|gran|grandma|flatmate|colleague|family|someone|somebody"
    ),
}


def _forms(word: str) -> str:
    """The word and its usual English endings, as a regular expression."""
    if not word.isalpha() or len(word) < 2:
        return re.escape(word)
    if len(word) == 2:  # "up" also finds "ups", "upped" and "upping"; "gp" stays "gp"
        if re.fullmatch(r"[aeiou][bdgmnprt]", word):
            return f"(?:{word}{word[-1]}(?:ed|ing)|{word}s?)"
        return re.escape(word)
    # Written compactly (a long list such as {medicine} compiles many times faster so):
    # the word, +s, +es, +d, +ed, +ing, and the spellings below.
    forms = [re.escape(word) + "(?:s|es|d|ed|ing)?"]
    if word.endswith("e"):
        forms.append(re.escape(word[:-1]) + "ing")
    if word.endswith("y") and len(word) > 3:
        forms.append(re.escape(word[:-1]) + "i(?:es|ed)")
    if re.search(r"(?:^|[^aeiou])[aeiou][bdgmnprt]$", word):
        forms.append(re.escape(word + word[-1]) + "(?:ed|ing)")
    return "(?:" + "|".join(forms) + ")"


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
        named = re.fullmatch(r"\{(\w+)\}('s|’s)?", choice)
        if named and named.group(1).lower() in CLASSES:
            ending = "'s" if named.group(2) else ""
            alternatives += [word + ending for word in CLASSES[named.group(1).lower()].split("|")]
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
    if gaps(text) > MAX_GAPS:
        return None
    text = _GAP_MARK.sub(" ... ", text)
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
    r"|changed|switched|stopped|started|put|reminded|warned|prescribed|gave|offered|and i"
    r"|upped|doubled|lowered|halved|cut|tapered|weaned|moved|took me off|takes|took|showed"
    r"|taught|swapped|replaced|tweaked|adjusted)\b"
    rf"|\b(?:asked|told|checked with|according to|per|on the advice of|as advised by)\W+"
    rf"(?:my|the|our|your)\W+{_CLINICIAN}\b"
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
    r"\b(?:(?:not|never|don'?t|do not|didn'?t|shouldn'?t|mustn'?t|won'?t|wouldn'?t|isn'?t"
    r"|aren'?t|wasn'?t|weren'?t|nothing|without)"
    r"(?:\W+(?:to|just|ever|suddenly|simply|really|abruptly|try to|a|an))?\W*|no\s+)$"
    # "never put the ice straight on the skin", "don't take more than the packet says"
    r"|\b(?:never|don'?t|do not|shouldn'?t|mustn'?t)\W+(?:put|leave|use|apply|sleep|take|keep"
    r"|let|mix|try|lie|stay)\b(?:[^\w.!?,;:]+(?:the|a|an|your|my|it|them|this|that|any|more"
    r"|some|ice|heat|pack|pad|bottle|hot|cold|water|tens|machine|heating|anything|on|in))"
    r"{0,3}[^\w.!?,;:]*$",
    re.I,
)
_TURN = re.compile(r"\b(?:but|however|though|honestly|instead|ignore)\b", re.I)
# A change made with a clinician, told as such: "my GP and I reduced it", "as prescribed".
_GUIDED = re.compile(
    rf"\b(?:my|our|the)\W+{_CLINICIAN}\W+and\W+i\b"
    # not "I disagree with my GP: stop…"
    r"|(?<!disagree\W)(?<!disagreed\W)(?<!argue\W)(?<!argued\W)(?<!arguing\W)(?<!out\W)"
    r"(?<!n't agree\W)(?<!nt agree\W)(?<!not agree\W)(?<!n’t agree\W)"
    rf"\bwith\W+(?:my|our)\W+(?:{_CLINICIAN}|surgery|practice|pain clinic)\b"
    rf"|\bwith\W+the\W+(?:{_CLINICIAN}|surgery|practice|pain clinic)(?:'?s)?\W+(?:help|advice"
    r"|support|blessing|ok|okay|agreement|guidance|plan)\b|\bunder\W+(?:my|the|our)\W+\w+"
    r"(?:'?s)?\W+(?:supervision|care|guidance)\b"
    r"|\bas prescribed\b|\bas (?:my|the) (?:\w+ )?(?:label|leaflet|packet|box) says\b"
    rf"|\b(?:rang|called|phoned|asked|checked with|spoke to|talked to)\W+(?:my|the|our)\W+"
    rf"(?:{_CLINICIAN}|surgery|practice|pharmacy|clinic)\b"
    r"|\b(?:plan|schedule)\W+(?:she|he|they|my \w+|the \w+)\W+(?:wrote|gave|made|drew)\b"
    r"|\b(?:taper|tapering|reducing|weaning)\W+(?:plan|schedule)\b"
    rf"|\b(?:like|as)\W+(?:my|the|our)\W+{_CLINICIAN}\W+(?:said|says|told|advised|suggested"
    r"|recommended|prescribed|asked)\b"
    rf"|\bon\W+(?:my|the|our)\W+{_CLINICIAN}(?:'?s)?\W+(?:advice|orders|instructions)\b",
    re.I,
)
# Told as a mistake the poster made, not as advice: "I made the mistake of bed rest".
_REGRET = re.compile(
    r"\b(?:made the mistake|mistake of|big mistake|biggest mistake|wish i hadn'?t"
    r"|wish i'?d never|learn(?:t|ed) (?:my lesson|the hard way)|i regret|used to (?:think|believe)"
    r"|i was wrong|never again|(?:it|that|which|this) made (?:it|things|everything|me) worse)\b",
    re.I,
)
# Bad advice quoted to be rejected: "someone told me to push through it: rubbish".
_HEARSAY = re.compile(
    r"\b(?:told me|told us|was told|were told|keeps? telling|kept telling|tells me|tell you to"
    r"|you hear|people say|they say|some say|the idea that|advice to|advice like|advice that"
    r"|recommending|recommend(?:ed|s)? to me|said|says|saying|suggested|suggests|swears"
    r"|claims|rubbish|nonsense|myths|scams|lies|hype|(?:beware|sceptical|skeptical|wary) of)\b"
    r"|[\"“”‘]|(?<!\w)'(?=\w)",
    re.I,
)
_CALLED_WRONG = re.compile(
    # "weeks of bed rest is (about) the worst thing you can do" (the "is" may end the phrase)
    r"\W*(?:about |probably |honestly |really |actually )?the (?:worst|last) (?:thing|idea)\b"
    r"|\W*(?:\w+\W+){0,4}?(?:is|was|are|were)\W+(?:just\W+|a\W+|an\W+)?(?:myth|outdated|the old"
    r"|old advice|old-fashioned|bad advice|nonsense|rubbish|wrong|dangerous|bad idea"
    r"|not a good idea|not true|untrue"
    r"|(?:about |probably |honestly |really |actually )?the (?:worst|last) (?:thing|idea|advice)"
    r"|bad for (?:you|your|backs?|nerves?))\b",
    re.I,
)
_REJECTION = re.compile(
    r"\b(?:rubbish|nonsense|myth|myths|outdated|out of date|old-fashioned|bad advice"
    r"|terrible advice|awful advice|dangerous advice|not true|untrue|no evidence|please don'?t"
    r"|don'?t do (?:that|this|it)|bollocks|a load of|don'?t believe|not a good idea|ignore it"
    r"|absolutely not|definitely not|no way|do not do (?:that|this|it)|please do not"
    r"|(?:it|that) (?:isn'?t|is not)|that'?s not|old advice|beware|sceptical|skeptical|wary"
    # "'Just ditch your meds' - no thanks", "you should push through it. Hard disagree"
    r"|ignore (?:anyone|anybody|people|those|whoever)|no thanks|no thank you|hard disagree"
    r"|strongly disagree|i disagree|hard pass|no chance"
    r"|yeah right|not for me)\b",
    re.I,
)


# The exemptions below (issue #15 part 6, third held-out set) each read the shape of a
# sentence, not a memorised one.
_ANY_CLINICIAN = (
    r"(?:doctors?|docs?|dr|gps?|physios?|physiotherapists?|physical therapists?|pt|pcp"
    r"|consultants?|surgeons?|specialists?|(?:practice )?nurses?|pharmacists?|midwife"
    r"|rheumatologist|neurologist|anaesthetist|prescriber|pain clinic|pain team)"
)
# A clinician named as the source of what was just said, after it: "…, that's what my
# physio said", "… is what my GP told me", "…, per my doctor", "…, my physio says."
_REPORT_VERB = (
    r"(?:said|says|told|tells|advised|advises|suggested|suggests|recommended|recommends"
    r"|prescribed|showed|taught|explained|gave|wrote)"
)
_ATTRIBUTION = re.compile(
    r"\b(?:that|this|it|which|what|is|was|are|were)(?:['’]s|\s+is|\s+was)?\s+(?:exactly\s+"
    rf"|just\s+|precisely\s+)?(?:what|how)\s+(?:my|the|our|a)\s+{_ANY_CLINICIAN}\s+"
    rf"(?:\w+\s+)?{_REPORT_VERB}\b"
    rf"|\b(?:per|according to|on the advice of|as advised by|as recommended by|as told by"
    rf"|as shown by|advice from|orders from)\s+(?:my|the|our)\s+{_ANY_CLINICIAN}\b"
    rf"|\b(?:my|the|our)\s+{_ANY_CLINICIAN}['’]?s\s+(?:advice|orders|instructions|plan"
    r"|recommendation|suggestion)\b|\b(?:doctor|doctors|physio|gp)['’]?s['’]?\s+orders\b"
    rf"|[,;:(\-–—]\s*(?:or so\s+|at least that['’]?s what\s+)?(?:my|the|our)\s+"
    rf"{_ANY_CLINICIAN}\s+(?:said|says|told me|tells me|advised|advises|recommended"
    r"|recommends|suggested|suggests)(?:\s+(?:so|that|this|it))?\s*(?:[-.!,;)–—]|$)"
    rf"|[,;:(\-–—]\s*(?:my|the|our)\s+{_ANY_CLINICIAN}\s+(?:said|says|told me|tells me"
    r"|explained|reckons)\s+(?:that\s+)?(?:it|they|this|that|these|those|it['’]s|they['’]re"
    r"|that['’]s)\b",
    re.I,
)
# The same, as the next sentence: "Take it with food. That's what my GP told me."
_ATTRIBUTION_NEXT = re.compile(
    r"\W*(?:(?:that|this|it|which)(?:['’]s|\s+is|\s+was)\s+(?:exactly\s+|just\s+)?(?:what|how)"
    rf"\s+(?:my|the|our)\s+{_ANY_CLINICIAN}\s+(?:\w+\s+)?{_REPORT_VERB}\b"
    rf"|(?:per|according to|on the advice of)\s+(?:my|the|our)\s+{_ANY_CLINICIAN}\b"
    rf"|(?:my|the|our)\s+{_ANY_CLINICIAN}['’]?s\s+(?:advice|orders|instructions|plan)\b"
    r"|(?:doctor|doctors|physio|gp)['’]?s['’]?\s+orders\b"
    rf"|(?:my|the|our)\s+{_ANY_CLINICIAN}\s+(?:said|says|told me|advised|recommended"
    r"|suggested)(?:\s+(?:so|that|this|it|to))?\s*(?:[.!)]|$))",
    re.I,
)
# The poster keeping to their prescription (so rejecting what they quote): "but I'm
# sticking to what was prescribed", "I'll keep taking what I'm given".
_ADHERENCE = re.compile(
    r"\bi(?:['’]?m|\s+am|['’]?ll|\s+will|['’]?ve\s+been|\s+have\s+been)?"
    r"(?:\s+(?:just|only|always|still|going\s+to|gonna|carrying\s+on|continuing))?"
    r"\s+(?:stick\w*|stuck|keep\w*|kept|carry\w*\s+on|continu\w*|tak\w+|took|follow\w*"
    r"|do(?:ing)?)(?:\s+(?:to|with|taking|on))?\s+(?:exactly\s+|only\s+)?"
    r"(?:what\s+(?:was|is|i['’]?m|i\s+am|i\s+was|i\s+get|i\s+got|i['’]?ve\s+been|(?:my|the)"
    r"\s+\w+(?:\s+\w+)?)\s+(?:\w+\s+)?(?:prescribed|given|gave|gives|told|said|says"
    r"|recommended|advised)"
    r"|(?:my|the)\s+(?:\w+\s+)?(?:prescription|prescribed\s+dose|dose|plan|instructions)\b"
    r"|(?:it|them|my\s+\w+)\s+as\s+(?:prescribed|directed)|as\s+(?:prescribed|directed))"
    r"|\bi(?:['’]?m|\s+am|['’]?ll|\s+will)\s+(?:staying|stay|carrying\s+on|keeping)\s+(?:on|with)"
    r"\s+(?:it|them|my\s+\w+|the\s+\w+)\b"
    r"|\bi(?:['’]?m\s+not|\s+am\s+not|\s+won['’]?t|\s+will\s+not|\s+wouldn['’]?t)\s+"
    r"(?:stop\w*|chang\w+|touch\w*|com\w+\s+off|doubl\w+|increas\w+|tak\w+\s+more)\b"
    r"|\b(?:until|till|before)\s+(?:i\s+(?:see|speak\s+to|talk\s+to|ask|check\s+with)\b"
    r"|my\s+(?:next\s+)?(?:review|appointment))",
    re.I,
)
# The poster agreeing with a report: "my friend says bin it and she's right".
_ENDORSED = re.compile(
    r"\b(?:(?:she|he|they|it|that|this)(?:['’]s|['’]re|\s+is|\s+are|\s+was|\s+were)\s+"
    r"(?:\w+\s+)?right|spot on|(?:good|best|great|sound)\s+advice|agree with (?:her|him|them)"
    r"|worked (?:for me|a treat)|do it|try it)\b",
    re.I,
)
# Someone other than the poster said it, told as a report: "my sister says yoga cured her
# back" (advice only with a directive to the reader somewhere in the comment).
_PEOPLE = (
    CLASSES["person"]
    + "|guy|bloke|lady|woman|man|lad|girl|aunt|auntie|uncle|son|daughter|father|mother"
    + "|boss|coworker|co-worker|workmate|people|folk|folks|chap|fella|fellow"
)
_ANECDOTE = re.compile(
    rf"\b(?:(?:(?:my|a|his|her|our|their|this|one|some)\W+(?:\w+\W+)?(?:{_PEOPLE})"
    r"|someone|somebody|people|he|she|they)(?:\W+(?:at|from|in|on|down|of)\W+(?:\w+\W+)?\w+)?"
    r")\W+(?:says|said|swears|swore|reckons|reckoned"
    r"|claims|claimed|insists|insisted|believes|believed|thinks|thought|keeps saying"
    r"|kept saying)(?:\W+that)?\b",
    re.I,
)
_TO_THE_READER = re.compile(r"\b(?:you|your|yours|yourself|ya|u|ur|y['’]?all)\b", re.I)
# The poster disagreeing with what follows, in the same clause: "I disagree that everyone
# should avoid painkillers", "I don't buy that you need to rest for weeks".
_DISAGREE = re.compile(
    r"\bi\W+(?:(?:strongly|completely|totally|really|just|honestly|still|partly)\W+)?"
    r"(?:disagree|don['’]?t agree|do not agree|can['’]?t agree|cannot agree)"
    r"(?:\W+with\W+(?:\w+\W+){0,4}?(?:saying|who say|who says|that)|\W+that)?\b"
    r"|\b(?:not sure|unsure|not convinced)\W+(?:that\W+)?i\W+(?:fully\W+)?agree"
    r"(?:\W+with\W+(?:\w+\W+){0,4}?(?:saying|who say|who says|that)|\W+that)?\b"
    r"|\bi\W+(?:(?:really|just|honestly|still)\W+)?(?:don['’]?t|do not|can['’]?t|cannot)"
    r"\W+(?:buy|believe|accept)\W+(?:the\W+(?:idea|claim|advice|notion)\W+)?that\b"
    r"|\b(?:it['’]?s|it is|that['’]?s|that is)\W+(?:not true|a myth|nonsense|rubbish)\W+that\b",
    re.I,
)
_ANY_REPORT = re.compile(
    r"\b(?:nothing|anything|everything|whatever|what|ignore|never mind|forget)\W+"
    r"(?:(?:a|an|the|your|any|my|some)\W+)?$",
    re.I,
)
_CLAUSE_END = re.compile(r"[,;:.!?()–—]|\s-\s")
# Handing a medicine in, not getting rid of it: "I drop my prescription at the pharmacy".
_ERRAND = re.compile(
    r"\bdrop\w*\W+(?:\w+\W+){0,3}?(?:off|in|by|round)\b(?!\W+(?:them|it|the|my|your))"
    r"|\bdrop\w*\W+(?:\w+\W+){1,3}?(?:(?:off|in|back|round)\W+)?(?:at|to|into|with)\W+(?:the"
    r"|my|a|your|our)\W+(?:\w+\W+)?(?:pharmacy|pharmacist|chemist|surgery|practice|gp"
    r"|doctors?|counter|clinic|hospital|reception)\b",
    re.I,
)

# "Up" after a verb it belongs to ("picked up my prescription", "followed up the dose"),
# not the verb "up" of taking more.
_PHRASAL_UP = re.compile(
    r"\b(?:pick|picks|picked|picking|look|looks|looked|looking|set|sets|setting|call|called"
    r"|ring|rang|ringing|sign|signed|follow|followed|following|end|ended|ending|bring|brought"
    r"|brings|came|come|comes|coming|show|showed|turn|turned|make|made|mix|mixed|fed|get|got"
    r"|getting|wake|woke|woken|stand|stood|sit|sat|line|lined|queue|queued|back|backed|open"
    r"|opened|book|booked|write|wrote|written|sum|summed)\W+$",
    re.I,
)


# "the worst thing you can do", "the last thing you should do": no instruction.
_NOT_A_TELLING = re.compile(
    r"\b(?:worst|last|stupidest|dumbest|silliest) (?:thing|things|idea|mistake)s? (?:that )?$",
    re.I,
)


def _last(regex: re.Pattern, text: str, end: int | None = None) -> re.Match | None:
    """The last match of `regex` in `text` (up to `end`)."""
    found = None
    for found in regex.finditer(text, 0, len(text) if end is None else end):  # noqa: B007
        pass
    return found


def _next_sentence(context: str, sentence: str) -> str:
    """The sentence after `sentence` in `context` ("" when it is the last or not found)."""
    at = context.find(sentence) if context and sentence else -1
    if at < 0:
        return ""
    following = _SENTENCE.match(context, at + len(sentence))
    return following.group(0) if following else ""


def _attributed(sentence: str, start: int, end: int, context: str) -> bool:
    """Whether what ends at `end` is told as a clinician's advice, after it in the sentence
    ("up the walking slowly, that's what my physio said") or in the next one ("That's
    what my GP told me."); not when a "but" follows ("…, that's what my GP said, but")."""
    # From the phrase's start: its last words may be the clinician ("skip the sit-ups, my
    # physio said they…" finds "skip … physio").
    found = next((m for m in _ATTRIBUTION.finditer(sentence, start) if m.end() > end), None)
    if found is not None:
        return not (
            _TURN.search(sentence[end : max(end, found.start())])
            or _TURN.search(sentence[found.end() :])
        )
    following = _next_sentence(context, sentence)
    found = _ATTRIBUTION_NEXT.match(following) if following else None
    return found is not None and not _TURN.search(following[found.end() :])


def _disagreed(sentence: str, start: int, end: int) -> bool:
    """Whether the poster disagrees with what is found at `start`, in the same clause ("I
    disagree that everyone should…", but not "I disagree that you need them, bin them")."""
    found = _last(_DISAGREE, sentence, start)
    if found is None:
        return False
    between = sentence[found.end() : end]
    return not (_CLAUSE_END.search(between) or _TURN.search(between))


def _reported_by_someone(sentence: str, start: int, before: str, context: str) -> bool:
    """Whether the phrase is in a report of what someone else says ("my sister says yoga
    cured her back"), with nothing in it or in the comment telling the reader what to do."""
    found = _last(_ANECDOTE, before)
    if found is None or _TURN.search(before[found.end() :]):
        return False
    if _TO_THE_READER.search(sentence[found.end() :]) or _ENDORSED.search(context):
        return False
    return not _tells_the_reader(context)


@lru_cache(maxsize=16)
def _tells_the_reader(text: str) -> bool:
    """Whether any sentence of `text` tells the reader what to do (once per comment: the
    rules above ask it at every place they find)."""
    if _DIRECTED.search(text) or _FOLLOW_ME.search(text):
        return True
    return any(_INSTRUCTION.search(m.group(0)) for m in _SENTENCE.finditer(text))


@lru_cache(maxsize=16)
def _rejects(text: str) -> bool:
    """Whether `text` calls something wrong ("rubbish", "please don't"), once per comment."""
    return _REJECTION.search(text) is not None


def _is_advice(sentence: str, start: int, end: int, context: str = "") -> bool:
    """Whether the phrase found at `start` of `sentence` is the poster's own advice: not
    when the sentence asks for the poster (a question such as "should I stop taking it?"),
    sends the reader to a clinician, tells of a change made with one ("my GP and I reduced
    it"), reports what a clinician said before the phrase ("my GP told me to stop taking
    it") or after it, in the sentence or the next ("up the walking slowly, that's what my
    physio said"), tells of a mistake ("I made the mistake of bed rest"), quotes advice that
    the comment (`context`) rejects or that the poster keeps away from ("someone told me to
    push through it: rubbish", "…, but I'm sticking to what was prescribed"), reports what
    someone else says with nothing telling the reader what to do ("my sister says yoga cured
    her back"), disagrees with it ("I disagree that everyone should…"), tells of handing a
    prescription in ("I drop my prescription at the pharmacy"), the phrase is negated ("I
    would never stop taking it", "never put ice straight on skin") or follows "the worst
    thing" ("the worst thing you can do"). A clinician as the phrase's own first word counts
    as a report ("my physio gave me a different one instead"); quoted advice is rejected in
    everyday words too ("'Ditch your meds' - no thanks", "Hard disagree")."""
    before = sentence[:start]
    if _sends_to_a_clinician(sentence):  # "ask your pharmacist before mixing painkillers"
        return False
    if _GUIDED.search(sentence):
        return False
    if _REGRET.search(sentence) and not _FOLLOW_ME.search(context or sentence):
        return False
    # With the phrase's first character: a quote mark opening the phrase ("'Just ditch…").
    hearsay = _last(_HEARSAY, sentence[: start + 1])
    if (
        hearsay is not None
        and not _TURN.search(before[hearsay.end() :])
        and (
            _rejects(context or sentence)
            or _ADHERENCE.search(sentence[end:])
            or _ADHERENCE.search(_next_sentence(context, sentence))
        )
    ):
        return False
    if _disagreed(sentence, start, end):  # "I disagree that everyone should avoid painkillers"
        return False
    errand = _ERRAND.search(sentence, start)
    if errand is not None and errand.start() < end:  # "I drop my prescription at the chemist"
        return False
    if re.match(r"up\b", sentence[start:end], re.I) and _PHRASAL_UP.search(before):
        return False  # "I picked up my prescription"
    if _reported_by_someone(sentence, start, before, context or sentence):
        return False
    if _CALLED_WRONG.match(sentence[end:]):  # "bed rest for weeks is outdated advice"
        return False
    if sentence.rstrip().endswith("?") and not _SUGGESTION.search(sentence):
        return False
    if _OWN_QUESTION.search(before) and not _SUGGESTION.search(before):
        return False
    if _NEGATED.search(before):
        return False
    if _NOT_A_TELLING.search(before):  # "the worst thing you can do"
        return False
    # The report may end inside the phrase: "my doctor increased my dose"; not "nothing a
    # GP says is worth…", "whatever the doctor says" (no one's advice is reported there).
    reported = [
        m
        for m in _REPORTED.finditer(sentence[:end])
        if m.start() <= start and not _ANY_REPORT.search(sentence[: m.start()])
    ]
    if reported and not _TURN.search(sentence[reported[-1].end() : start]):
        return False
    # Or come after it: "up the walking slowly, that's what my physio said".
    return not _attributed(sentence, start, end, context or sentence)


def hits(text: str, phrases, *, advice: bool = False) -> list[tuple[str, int, int]]:
    """(phrase, start, end) for each phrase found in `text` (its first place), in the list's
    order; with `advice`, only where it is the poster's own advice (see find_advice)."""
    text = text or ""
    sentences = [(m.start(), m.group(0)) for m in _SENTENCE.finditer(text) if m.group(0)]
    found = []
    for phrase in dict.fromkeys(phrases):
        compiled = pattern(phrase)
        # One search of the whole text first: most phrases are in no comment at all, and
        # what a sentence holds the whole text holds too.
        if compiled is None or compiled.search(text) is None:
            continue
        for offset, sentence in sentences:
            match = next(
                (
                    m
                    for m in compiled.finditer(sentence)
                    if not advice or _is_advice(sentence, m.start(), m.end(), text)
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
    r"|pop|knock back|load up|fast|ask|flush|toss|dump|crank|max|wash|borrow|order)\b",
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
# A warning against the unsafe thing itself: "never take someone else's prescription",
# "do not share your medication", "don't stop it suddenly".
_SAFETY_WARNING = re.compile(
    r"\b(?:never|don'?t|do not|shouldn'?t|mustn'?t|please don'?t)\W+(?:ever\W+)?(?:share|lend"
    r"|borrow|give (?:\w+ )?(?:your|any)|exceed|go over|mix|combine|double|drink|drive"
    r"|take (?:\w+ )?(?:someone|somebody|anyone|anybody|other people|more than|extra)"
    # "don't take dosing advice from randoms online": a warning against the advice itself
    r"|take (?:\w+ ){0,2}?(?:advice|tips|recommendations)"
    r"|listen to (?:\w+ ){0,2}?(?:randoms|strangers|people online|internet)"
    r"|stop (?:\w+ ){0,3}?(?:suddenly|abruptly|without|on your own|yourself))\b"
    # "ignore anyone who says to stop your meds": rejecting what follows
    r"|(?<!n't )(?<!not )\bignore (?:anyone|anybody|people|those|whoever|randoms|strangers)\b",
    re.I,
)
# Instructions that change nothing about a treatment: "keep a note of when you take them".
_HOUSEKEEPING = re.compile(
    r"\b(?:note|notes|diary|record|log|list)\s+of\b|\b(?:write|jot)\w*\s+(?:it\s+)?down\b"
    r"|\b(?:bring|take)\s+(?:it|them|that|the list|a list)\s+(?:to|with)\b"
    r"|\bread the (?:leaflet|label|packet)\b|\bcheck the (?:dose|strength|label|leaflet)\b",
    re.I,
)
_TO_A_CLINICIAN = re.compile(
    r"(?<!not )(?<!n't )(?<!never )\b(?:ask|asking|check with|checking with|talk to|speak to"
    r"|see|call|ring|phone|go to|get to|get checked|second opinion|tell|mention it to)\b"
    r"(?:\W+\w+){0,3}?\W+(?:your|a|the|my)?\W*(?:gp|doctor|pharmacist|physio|nurse|prescriber"
    r"|consultant|surgeon|specialist|111|999|a&e|hospital|emergency|midwife|clinician)\b"
    r"|\bsecond opinion\b"
    # Deferring to one: "your physio knows your back", "listen to your GP", "trust the nurse".
    r"|\b(?:your|the|my|their|his|her)\W+(?:gp|doctor|doc|pharmacist|physio|nurse|consultant"
    r"|surgeon|specialist|midwife|clinician|physiotherapist)s?\W+(?:knows?|is right|are right"
    r"|knows? (?:best|better|what)|has seen|examined)\b"
    r"|\b(?:listen to|trust|go with|follow)\W+(?:your|the)\W+(?:gp|doctor|doc|pharmacist"
    r"|physio|nurse|consultant|surgeon|specialist|midwife|physiotherapist)s?\b(?!\W+not\b)",
    re.I,
)


_NOT_REALLY = re.compile(
    r"\b(?:not|never|don'?t|no need to|no point|pointless|won'?t|without|waste|nobody|no one"
    r"|no-one)"
    r"(?:[^\w.,;:!?]+\w+){0,2}[^\w.,;:!?]*$",
    re.I,
)
_WAY_AROUND = re.compile(
    r"\bif (?:they|he|she|the \w+|your \w+) (?:refuse|refuses|won'?t|will not|say no|says no"
    r"|don'?t|doesn'?t)\b|\botherwise\b|\bor just\b|\binstead\b",
    re.I,
)


def _sends_to_a_clinician(sentence: str) -> bool:
    """Whether the sentence sends the reader to a clinician ("ask your GP first"), not
    counting one that says not to ("don't wait to see your doctor") or a way around the
    clinician ("tell your doctor, and if they refuse, buy it online")."""
    if _WAY_AROUND.search(sentence):
        return False
    return any(
        not _NOT_REALLY.search(sentence[: match.start()])
        for match in _TO_A_CLINICIAN.finditer(sentence)
    )


_BARE_REFUSAL = re.compile(r"(?:please\W+)?(?:don['’]?t|do not|never)(?:\s*[,.;:!?]|\s*$)", re.I)


def directed_advice(text: str) -> list[str]:
    """The sentences of `text` that tell the reader what to do about a medicine or a
    treatment (shortened), see above."""
    found = []
    for match in _SENTENCE.finditer(text or ""):
        sentence = match.group(0)
        if (
            _TREATMENT.search(sentence) is None
            or _sends_to_a_clinician(sentence)
            or _HOUSEKEEPING.search(sentence)
        ):
            continue
        if _SAFETY_WARNING.search(sentence):
            continue
        # Asked, reported ("my physio said…, and go back a step") or negated: not advice.
        # Every place that tells counts, so one exempt place does not hide a later one.
        tellings = [*_INSTRUCTION.finditer(sentence), *_DIRECTED.finditer(sentence)]
        # From the telling's first word (its match may start at a quote mark or a comma).
        starts = [t.start() + len(re.match(r"\W*", t.group(0)).group(0)) for t in tellings]
        # "Please don't." on its own refuses what came before; it tells nothing.
        tellings = [
            (at, t)
            for at, t in zip(starts, tellings, strict=True)
            if not _BARE_REFUSAL.match(sentence, at)
        ]
        if not any(_is_advice(sentence, at, t.end(), text) for at, t in tellings):
            continue
        words = sentence.split()
        found.append(" ".join(words[:12]) + (" …" if len(words) > 12 else ""))
    return found


# Generic rules: advice found by the shape of what is said rather than by a phrase, for the
# wordings no list foresees (issue #15 part 6). Each gives (rule, start, end) as `hits`
# does, so the moderator reads the words that were found.


def _class_alternatives(*names: str) -> str:
    """The words of the lists `names` (see CLASSES) as one regular expression group."""
    words = [word for name in names for word in CLASSES[name].split("|")]
    return "(?:" + "|".join(_words(word) for word in words) + ")"


_MEDICINE = re.compile(rf"(?<!\w){_class_alternatives('medicine')}(?!\w)", re.I)

# Symptoms that may need urgent care (cauda equina, a nerve failing): the signs a reader
# must never be told are "normal". Wider than the red-flag phrases on purpose: here they
# hold only when something in the comment waves them away.
_NUMB = r"(?:numb\w*|tingl\w*|pins and needles|can'?t feel|cannot feel|no feeling|dead)"
_SADDLE = (
    r"(?:groin|saddle|crotch|genitals?|privates|bum|bottom|backside|butt|back passage|anus"
    r"|inner thighs?|down there|between (?:the|my|your|his|her) legs)"
)
_EMERGENCY = re.compile(
    rf"\b{_NUMB}\b(?:\W+\w+){{0,5}}?\W+{_SADDLE}\b"
    rf"|\b{_SADDLE}\b(?:\W+\w+){{0,4}}?\W+{_NUMB}"
    r"|\bsaddle (?:numbness|anaesthesia|anesthesia)\b"
    r"|\b(?:both|two) (?:legs|feet|sides)\b"
    r"|\b(?:bladder|bowel|bowels|incontinen\w*|urinat\w*|urine)\b"
    r"|\b(?:can'?t|cannot|couldn'?t|trouble|struggling to|unable to|problems?|difficulty)"
    r" (?:\w+ ){0,5}?(?:pee|wee|poo)\b"
    r"|\b(?:lost|losing|lose) control\b"
    r"|\b(?:wet\w*|pee\w*|wee\w*|poo\w*|soil\w*) (?:myself|yourself|themselves|ourselves)\b"
    r"|\bnumb (?:down below|down there)\b|\b(?:feel|tell|know) when (?:i|you) (?:need|want)"
    r" (?:a |to )?(?:wee|pee|poo|go)\b"
    # weight lost without trying, a fall (red flags of their own)
    r"|\b(?:lost|losing|lose|dropped|dropping|shed) (?:\w+ ){0,3}?(?:stone|kilos?|kg|pounds"
    r"|lbs?|weight) (?:\w+ ){0,2}?(?:without (?:trying|meaning|dieting)|for no reason)\b"
    r"|\b(?:had|after|since|took) (?:a|my|the) (?:fall|tumble)\b|\bfell (?:down|off|over|on)\b"
    r"|\b(?:leg|legs|foot|feet)\b(?:\W+\w+){0,3}?\W+(?:weaker|giving way|gives way|gave way"
    r"|flopping|dropping|dragging|slapping)\b|\b(?:foot|drop) (?:drop|foot)\b",
    re.I,
)
# Waving a symptom away: calling it normal or healing, or telling the reader to carry on,
# wait, or not bother anyone with it.
_WAVED_AWAY = re.compile(
    r"\b(?:normal|part of (?:sciatica|it|the \w+|having \w+)|everyone gets|all part of"
    r"|(?:just|only) (?:the|your|a) (?:nerve|disc|body|back|muscle)"
    r"|heal\w*|waking up|settl\w*|nothing to worry|don'?t worry|no big deal|nothing serious"
    r"|carry on|keep (?:going|stretching|walking|running|exercising|moving)|push on"
    r"|give it (?:a|another|some) \w+|will (?:pass|go away|settle)|goes away|go away on"
    r"|no need (?:for|to)|don'?t bother|pointless|waste (?:of|their|the|your)|don'?t waste"
    r"|(?:don'?t|never|no need to) (?:go|call|ring|phone|see|rush)|ignore (?:it|them|that)"
    r"|stretch\w* (?:it )?(?:harder|more|through)|you'?ll be fine|it'?s fine|just needs"
    r"|not (?:an |a real )?emergency|nothing urgent|(?:it'?s|that'?s|is) (?:just )?the nerve"
    r"|(?:just|only) sciatica"
    # everyday wording: "it'll settle", "common", "nobody needs to go in", "a waste of
    # everyone's time", "nothing to get checked", "just a bad flare", "rest it at home"
    r"|common|(?:nobody|no one|no-one) (?:needs? to|has to|should)|nothing to (?:get|be) \w+"
    r"|waste (?:of )?(?:anyone|everyone|anybody|everybody|people)['’]?s time"
    r"|(?:just|only) (?:a|the) (?:bad |bit of a |little )?(?:flare|spasm|strain|bruise)"
    r"|rest it (?:at home|off)|sleep it off|fob\w* (?:you|us|people|everyone) off"
    r"|don'?t panic|no need to panic|same goes for|crack on|get on with it|it happens"
    r"|sciatica for you|(?:don'?t|no need to) make a fuss|sorts? (?:it|them)sel(?:f|ves) out"
    r"|(?:it'?s|that'?s) nothing)\b",
    re.I,
)


def _dismissed_red_flags(text: str, sentences) -> list[tuple[str, int, int]]:
    """A red-flag symptom waved away in its sentence or the next one ("numb between the
    legs is normal", "Can't pee? That's just the nerve settling")."""
    for index, (offset, sentence) in enumerate(sentences):
        symptom = _EMERGENCY.search(sentence)
        if symptom is None:
            continue
        for next_offset, next_sentence in sentences[index : index + 2]:
            for waved in _WAVED_AWAY.finditer(next_sentence):
                if _is_advice(next_sentence, waved.start(), waved.end(), text):
                    start = offset + symptom.start()
                    end = next_offset + waved.end()
                    return [("red-flag symptom waved away", start, end)]
    return []


# Getting rid of a medicine named anywhere in the comment: "Amitriptyline? Flush it.",
# "Gabapentin is a crutch. Bin the lot."
_DISPOSE = re.compile(
    rf"(?<!\w){_class_alternatives('stop')}\W+"
    r"(?:it|them|the lot|the lot of them|mine|yours|the rest|the pack|the packet|the box"
    r"|everything|all of (?:it|them)|the whole lot)\b",
    re.I,
)
# Telling the reader to follow what the poster did: "I take both every day and so should
# you", "I chucked mine and I'm fine, you will be too".
_FOLLOW_ME = re.compile(
    r"\b(?:so should you|you should too|you should as well|you will be too|you'?ll be (?:fine|ok"
    r"|okay) too|you can too|do the same|try it yourself|you won'?t regret|works a treat"
    r"|can'?t recommend \w+ enough|highly recommend|i recommend|i'?d recommend"
    r"|everyone should|no reason you can'?t)\b",
    re.I,
)
_CHANGE = re.compile(
    r"\b(?:stop\w*|quit\w*|ditch\w*|dropp?\w*|skipp?\w*|binn?\w*|chuck\w*|flush\w*|toss\w*"
    r"|dump\w*|threw|throw\w*|cancel\w*|halv\w*|cut\w*|doubl\w*|tripl\w*|upp(?:ed|ing)"
    r"|increas\w*|came off|come off|got off|get off|take|took|taking|mix\w*|borrow\w*)\b",
    re.I,
)


def _changes_told_as_advice(text: str, sentences) -> list[tuple[str, int, int]]:
    """In a comment that names a medicine: throwing "it" out, told as an instruction or
    followed by "you will be too"; or a change to a medicine the poster made, followed by
    "so should you"."""
    if _MEDICINE.search(text) is None:
        return []
    follow_me = _FOLLOW_ME.search(text)
    for offset, sentence in sentences:
        for match in _DISPOSE.finditer(sentence):
            told = _INSTRUCTION.search(sentence[: match.end()])
            if (told or follow_me) and _is_advice(sentence, match.start(), match.end(), text):
                return [("medicine thrown out", offset + match.start(), offset + match.end())]
    if follow_me is None:
        return []
    for offset, sentence in sentences:
        change = _CHANGE.search(sentence)
        if (
            change
            and (_MEDICINE.search(sentence) or _FOLLOW_ME.search(sentence))
            and _is_advice(sentence, change.start(), change.end(), text)
        ):
            return [
                ("change told as advice", offset + change.start(), offset + change.end()),
                ("change told as advice", follow_me.start(), follow_me.end()),
            ]
    return []


def generic_hits(text: str) -> list[tuple[str, int, int]]:
    """(rule, start, end) for what the generic rules find in `text` (see above)."""
    text = text or ""
    sentences = [(m.start(), m.group(0)) for m in _SENTENCE.finditer(text) if m.group(0)]
    return _dismissed_red_flags(text, sentences) + _changes_told_as_advice(text, sentences)
