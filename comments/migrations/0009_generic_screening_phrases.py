"""More default screening phrases (issue #15 part 6): wider, generic ones.

The phrases of 0006 were tuned on one labelled set of comments and held only about half of
the unsafe advice in comments written later. These phrases are built from the shape of the
advice rather than from its words in the labelled comments: a verb of getting rid of or
changing (`{stop}`, `{more}`) near a medicine; a clinician (`{clinician}`) near a word that
dismisses them; a heat pad, ice or a TENS machine (`{device}`) near an extreme (all night,
straight on the skin, the highest setting); someone else's medicine (`{person}'s`); pushing
through pain; weeks of bed rest; cure claims. The lists in braces are in comments/phrases.py
(CLASSES). As for 0006, a phrase counts only as the poster's advice: not in a question the
poster asks, not negated, not after "my GP said" or with a clinician ("my GP and I reduced
it"), not attributed to a clinician after it ("that's what my physio said"), not quoted to
be rejected, not a report of what someone else says, not disagreed with (all in
comments/phrases.py, _is_advice).

Only phrases not on the list yet are added: a phrase a moderator already has (turned off,
or with their own note) is left as it is. Reversing removes only the phrases this migration
added and nobody changed since (same phrase and note).
"""

from django.db import migrations

from ._phrase_lists import phrase_list

STOP_CHANGE = "Tells people to stop, skip or change a medicine or treatment (generic)."
DOSE = "Tells people to take more, more often or another way than prescribed (generic)."
SOMEONE_ELSES = "Someone else's medicine, without a prescription, or with alcohol (generic)."
IGNORE_CARE = "Dismisses clinicians or tells people to avoid care (generic)."
MIRACLE = "Promises a cure (generic)."
AGAINST_GUIDANCE = "Pushing through nerve pain, weeks of bed rest (generic)."
EXTREMES = "Heat, cold or a TENS machine used at an extreme: burns, nerve damage."

UNSAFE = {
    STOP_CHANGE: [
        "{stop} ... {medicine}",
        "skip|cancel|ditch|bin|chuck|forget|avoid your ... {care}",
        "{medicine} ... con|scam|crutch",
        "no point ... taking",
        "don't touch what",
        "talk you into",
        "run a mile",
        "offer|offers|suggest|suggests ... {care} ... run",
    ],
    DOSE: [
        "{more} ... {medicine}",
        "double|triple it",
        "max|maxed ... out",
        "{medicine} ... every hour",
        "every hour ... {medicine}",
        "{medicine} ... every couple of hours",
        "{medicine} ... every few hours",
        "whole strip|packet|box|bottle|pack",
        "max|maximum ... is for",
        "max|maximum ... is only|just for",
        "more than the max|maximum",
    ],
    SOMEONE_ELSES: [
        "{person}'s ... {medicine}",
        "leftover|left over ... {medicine}",
        "borrow ... {medicine}|some|few|couple",
        "off a|your|my {person}",
        "ask|asking around",
        "ask ... {person} for|if",
        "{person} with a prescription|script",
        "{person} ... gave me ... {medicine}|some|few|couple",
        "{medicine} ... online|abroad|internet",
        "no script|scripts",
        "wash ... down with",
        "{alcohol} ... takes the edge off",
    ],
    IGNORE_CARE: [
        "{clinician} ... con|cons|quacks|cowboys|overprescribe|crooks|sheep|butchers",
        "never let ... near",
        "{clinician} ... too careful|cautious",
        "{clinician} ... in it|bed with",
        "{clinician} ... drug|pharma companies",
        "{clinician} ... make|making money",
        "{clinician} ... only want",
        "{clinician} ... personal trainers",
        "{clinician} ... covering themselves|their",
        "{clinician} ... haven't a clue",
        "{clinician} ... know nothing",
        "{clinician} ... don't know anything",
        "quit|stop listening",
        "worth listening",
        "cut you open",
        "waste your time|money ... {care}",
        "don't bother ... checked|seen|looked",
        "worse than it is",
        "exaggerate",
        "in your mind",
    ],
    MIRACLE: [
        "cure|heal|fix|clear ... in * days|hours|day",
        "cure|heal|fix|clear ... overnight",
        "never need ... {medicine}|{care}|pill|anything",
        "no {care}|{medicine} no {care}|{medicine}",
        "cure|cures ... damage",
        "been proven",
        "heal the disc|nerve",
    ],
    AGAINST_GUIDANCE: [
        "stretch|lift|train|deadlift|power|grind|squat|run|walk|exercise through ... pain"
        "|burning|numbness|tingling|agony",
        "stretch|lift|train|deadlift|power|grind|squat|run|walk through it",
        "pain means|equals|is progress|gain|good",
        "pain is weakness",
        "weakness leaving",
        "pain ... how you know",
        "the more it hurts",
        "never stop for ... pain",
        "never stop because ... pain",
        "even if ... shoots|burns|numb|agony|screaming|gives",
        "lift heavy",
        "keep running|lifting|training on it",
        "weeks|fortnight|month of ... rest",
        "bed|rest|flat ... for * weeks|fortnight|month|months",
        "weeks|fortnight|month ... flat|bed",
        "flat on your back for",
        "don't get up",
        "total|complete|strict rest",
    ],
    EXTREMES: [
        "{device} ... all night|day",
        "{device} ... overnight",
        "{device} ... every hour",
        "{device} ... for hours",
        "{device} ... for an hour",
        "{device} ... highest|hottest",
        "{device} ... full blast",
        "{device} ... right up",
        "{device} ... up to max|maximum",
        "{device} ... up to the max|maximum",
        "{device} ... straight|directly on",
        "{device} ... bare skin",
        "straight|directly on ... skin",
        "on bare skin",
        "as hot|cold as you can",
        "as long as you can stand|bear|take",
        "hotter the better",
        "sleep with it on",
        "sleep on it all night",
        "leave it on overnight",
        "leave it on all night",
    ],
}


add_phrases, remove_phrases = phrase_list({"unsafe": UNSAFE})


class Migration(migrations.Migration):
    dependencies = [("comments", "0008_comment_body_format")]

    operations = [migrations.RunPython(add_phrases, remove_phrases)]
