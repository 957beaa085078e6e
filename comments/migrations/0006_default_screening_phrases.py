"""The default screening phrases: a starting list moderators then keep in the admin.

Unsafe advice (hold for a moderator): what a reader must not be told by another reader on a
health site, because following it could hurt them: stopping, starting or changing a
medicine or a treatment on a stranger's word (the dose, the schedule, someone else's
prescription, alcohol with it), turning down or avoiding care (doctors, physiotherapy,
surgery, the emergency department), pushing through nerve pain or long bed rest (both
against current sciatica guidance), and miracle cures or dangerous home remedies. Each
phrase is how such advice is usually worded; a question ("should I stop taking it?") may
match too, and a moderator seeing it is fine.

Red flags (the reader may need urgent care; held first in the queue): the signs that turn
sciatica from "wait and move gently" into "be seen today": cauda equina syndrome (numbness
in the saddle area, the groin, between the legs or around the back passage; new trouble
passing urine or holding it, or the bowels; symptoms in both legs), a nerve getting worse
(weakness that grows, a foot that drops or a leg that gives way), infection (pain with a
fever or night sweats), a fracture (pain after a fall or an accident) and cancer
(unexplained weight loss, a history of cancer).

Phrases match whole words with their usual endings, n't spelled either way, and `*` for any
one word (comments/phrases.py). Removing the migration's phrases in reverse leaves the
ones moderators added themselves.
"""

from django.db import migrations

STOP_CHANGE = "Tells people to stop, skip or change a medicine or treatment."
DOSE = "Tells people to take more, or another way, than prescribed."
SOMEONE_ELSES = "Medicines without a prescription, someone else's, or with alcohol."
IGNORE_CARE = "Tells people to ignore or avoid doctors, physiotherapy or urgent care."
MIRACLE = "Promises a cure, or a remedy that is unproven or dangerous."
AGAINST_GUIDANCE = "Against current sciatica guidance (pushing through nerve pain, bed rest)."

UNSAFE = {
    STOP_CHANGE: [
        "stop|stopped|quit|ditch|drop|skip|bin ... {medicine}",
        "stop|quit taking",
        "come|get|coming|getting off ... {medicine}",
        "come|get off it",
        "throw|flush ... {medicine}",
        "throw them|it away",
        "cold turkey",
        "don't bother tapering",
        "no need to taper",
        "wean yourself off",
        "just stop it",
        "stop it tomorrow|today|now",
        "instead of ... {medicine}|{care}",
        "{medicine}|{care} ... instead",
        "swap|swapped|replace ... {medicine}",
        "better than ... {medicine}|{care}",
        "don't|won't need ... {medicine}|{care}",
        "you don't have to take",
        "neither should you",
        "{medicine} ... poison|rots",
        "{medicine}|{care} ... is|are the problem",
        "{medicine} ... only makes it",
        "mask the pain",
        "cancel|refuse ... {medicine}|{care}",
        "refuse it",
        "say no to ... {medicine}|{care}",
        "never let ... operate",
        "never let ... touch",
        "don't let them",
        "don't have the surgery|operation|injection",
        "surgery|operation|injection ... scam",
        "stop all treatment",
        "don't bother with ... {care}|exercises",
        "don't waste your time|money",
        "skip|forget ... {care}",
        "bin the ... exercise",
        "{care} is|are a waste",
        "{care} is|are useless|pointless",
        "exercises are a waste",
        "exercises are useless",
        "stop wasting money",
    ],
    DOSE: [
        "double|triple|up|increase ... {medicine}",
        "double up",
        "higher|bigger|extra|huge|massive|large ... dose|doses",
        "extra {medicine}",
        "take|taking ... extra",
        "take an extra",
        "more than it says",
        "more than the label|packet|box",
        "more than prescribed|recommended",
        "twice what",
        "ignore ... label|packet|dose|warnings",
        "take|taking ... at once",
        "more {medicine}",
        "take more",
        "more is better",
        "as many as you need",
        "a few of the strong ones",
        "whole day's",
        "every two|three hours",
        "for months ... totally safe",
        "totally safe",
        "megadose|megadoses",
        "mega dose|doses",
        "high dose of ... vitamin",
        "crush|chew ... {medicine}|tablets",
        "crush my|your",
        "take three|four|five|six ... {medicine}",
    ],
    SOMEONE_ELSES: [
        "someone|somebody else's",
        "gave me some of",
        "ask ... friend|family|neighbour ... for|if",
        "any spare",
        "mum's|dad's|friend's|partner's|neighbour's|wife's|husband's ... {medicine}",
        "without ... prescription",
        "no prescription needed",
        "no rx",
        "buy|order ... {medicine}",
        "buy|order it ... online|abroad",
        "online pharmacy|pharmacies",
        "{medicine} ... with ... {alcohol}",
        "{alcohol} with ... {medicine}",
        "mix ... {medicine}",
        "{alcohol} ... best painkiller",
        "{alcohol} a night",
    ],
    IGNORE_CARE: [
        "{care} don't know",
        "{care} know nothing",
        "{care} ... clueless|useless|idiots|scam|kickbacks|greedy",
        "{care} ... paid|for the money",
        "{care} just want",
        "{care} won't tell you",
        "{care} will never tell you",
        "won't tell you",
        "ignore|forget ... {care}",
        "ignore|forget what ... said",
        "ignore them",
        "ignore the ... numbness|weakness|warnings|advice",
        "don't listen to",
        "don't trust ... {care}",
        "trust your body",
        "never trust",
        "no need for a doctor",
        "no need to see ... {care}",
        "no need for ... {care}",
        "don't go to|see ... {care}",
        "don't wait to see",
        "don't waste ... {care}",
        "avoid ... {care}",
        "stay away from ... {care}",
        "big pharma",
        "pharma",
        "don't want you to know",
        "medical establishment",
        "scaremongering",
        "ride it out",
        "can't do anything",
    ],
    MIRACLE: [
        "miracle cure|remedy|result|patch|treatment",
        "cure|cures ... sciatica|nerve|back|inflammation|everything",
        "cure for sciatica",
        "cured my|mine|me|it",
        "will cure",
        "fix any",
        "guaranteed",
        "100% cure",
        "permanent|instant cure",
        "cure sciatica permanently",
        "permanently",
        "instant relief",
        "secret remedy",
        "natural cure",
        "colloidal silver",
        "chlorine dioxide",
        "kratom",
        "mms",
        "turpentine",
        "kerosene",
        "bleach",
        "dmso",
        "detox",
        "fasting",
        "fast for",
        "stop eating",
        "copper bracelet",
        "essential oils ... neat",
        "cleared my nerve pain",
    ],
    AGAINST_GUIDANCE: [
        "push through",
        "through the pain",
        "pain or no pain",
        "no matter how",
        "tough it out",
        "in your head",
        "pain means it's working",
        "keep going harder",
        "no pain no gain",
        "heaviest",
        "bed rest is",
        "bed rest for",
        "complete|strict bed rest",
        "stay in bed for",
        "don't move at all",
        "crack your own back",
        "crack it back",
        "walk on your back",
        "pops the disc",
        "hang upside down",
        "deep tissue ... on the nerve",
        "is nothing",
    ],
}

SADDLE = "Saddle or groin numbness: possible cauda equina syndrome (emergency)."
BLADDER = "Bladder or bowel changes: possible cauda equina syndrome (emergency)."
BOTH_LEGS = "Symptoms in both legs: possible cauda equina syndrome."
WEAKNESS = "Weakness getting worse: a nerve under growing pressure (urgent)."
FEVER = "Back pain with a fever: possible infection (urgent)."
FALL = "Pain after a fall or accident: possible fracture."
WEIGHT = "Unexplained weight loss or a history of cancer: rule out cancer."

RED_FLAG = {
    SADDLE: [
        "saddle numbness",
        "saddle anaesthesia",
        "saddle anesthesia",
        "saddle area",
        "numb groin",
        "groin is numb",
        "groin numbness",
        "numbness in * groin",
        "numb in * groin",
        "numbness around * groin",
        "tingling in * groin",
        "numb between * legs",
        "numbness between * legs",
        "numb * bottom",
        "numb bum",
        "numbness around * bottom",
        "numbness around * anus",
        "numb around * back passage",
        "numb genitals",
        "numbness in * genitals",
        "can't feel * bottom",
        "can't feel * groin",
        "can't feel * private",
        "can't feel when i wipe",
        "numb when i wipe",
        "numb inner thighs",
    ],
    BLADDER: [
        "bladder control",
        "bowel control",
        "lost control of * bladder",
        "lost control of * bowels",
        "lost control of * bowel",
        "can't control * bladder",
        "can't control * bowels",
        "can't hold * wee",
        "can't hold * urine",
        "wet myself",
        "wetting myself",
        "soiled myself",
        "incontinence",
        "incontinent",
        "can't pee",
        "can't wee",
        "can't urinate",
        "unable to urinate",
        "unable to pee",
        "trouble peeing",
        "trouble passing urine",
        "difficulty urinating",
        "difficulty passing urine",
        "can't feel when i need to",
        "can't tell when i need",
    ],
    BOTH_LEGS: [
        "down both legs",
        "in both legs",
        "both legs are numb",
        "both legs went numb",
        "both my legs",
        "both feet are numb",
    ],
    WEAKNESS: [
        "weakness getting worse",
        "weakness is getting worse",
        "weaker and weaker",
        "getting weaker",
        "leg is getting weaker",
        "foot drop",
        "drop foot",
        "foot is dropping",
        "foot keeps dropping",
        "can't lift my foot",
        "can't lift * toes",
        "can't stand on * toes",
        "can't stand on * heel",
        "leg gives way",
        "leg gave way",
        "leg giving way",
        "legs give way",
        "tripping over my foot",
        "dragging my foot",
        "dragging my leg",
    ],
    FEVER: [
        "fever",
        "feverish",
        "high temperature",
        "running a temperature",
        "night sweats",
        "shivering and",
        "chills",
    ],
    FALL: [
        "after a fall",
        "after falling",
        "since i fell",
        "since the fall",
        "since my fall",
        "fell down the stairs",
        "fell on my back",
        "fell off",
        "car accident",
        "car crash",
        "after an accident",
        "since the accident",
    ],
    WEIGHT: [
        "unexplained weight loss",
        "weight loss without trying",
        "losing weight without trying",
        "lost weight without trying",
        "losing weight for no reason",
        "lost weight for no reason",
        "weight is dropping",
        "history of cancer",
        "had cancer",
    ],
}


def rows():
    for kind, groups in (("unsafe", UNSAFE), ("red_flag", RED_FLAG)):
        for note, phrases in groups.items():
            for phrase in phrases:
                yield kind, phrase, note


def add_phrases(apps, schema_editor):
    ScreeningPhrase = apps.get_model("comments", "ScreeningPhrase")
    for kind, phrase, note in rows():
        ScreeningPhrase.objects.get_or_create(kind=kind, phrase=phrase, defaults={"note": note})


def remove_phrases(apps, schema_editor):
    ScreeningPhrase = apps.get_model("comments", "ScreeningPhrase")
    for kind, phrase, note in rows():
        ScreeningPhrase.objects.filter(kind=kind, phrase=phrase, note=note).delete()


class Migration(migrations.Migration):
    dependencies = [("comments", "0005_thread_answers")]

    operations = [migrations.RunPython(add_phrases, remove_phrases)]
