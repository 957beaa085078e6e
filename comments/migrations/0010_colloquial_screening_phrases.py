"""More default screening phrases (issue #15 part 6, fourth held-out set): everyday wording.

The red-flag list of 0006 named its symptoms in clinical words ("unable to urinate", "saddle
numbness"); readers write "trouble holding my wee", "numb down below", "both legs going
numb", "dropped a stone without trying". These phrases add the everyday wordings, so the
reader gets the urgent-care page and a moderator sees the comment first.

The unsafe-advice phrases add advice that names no medicine or clinician in the usual words:
more tablets at once, someone else's old medicine, medicines bought abroad without a
prescription, coming off a medicine without waiting for the prescriber, forcing a painful
stretch, dismissing pharmacists or every clinician ("listen to your body, not them"),
cancelling care ("cancel yours"). They count only as the poster's advice, as for 0006 and
0009 (comments/phrases.py, _is_advice).

As 0009: only phrases not on the list yet are added, and reversing removes only the phrases
this migration added and nobody changed since (same phrase and note).
"""

from django.db import migrations

from ._phrase_lists import phrase_list

BLADDER = "Bladder or bowel trouble in everyday words (cauda equina): urgent."
SADDLE = "Numbness of the groin or bottom in everyday words (cauda equina): urgent."
BOTH_LEGS = "Symptoms in both legs: urgent."
WEIGHT = "Weight loss without trying: see a GP."
FALL = "Back pain after a fall or injury: may need checking."

DOSE = "Tells people to take more at once or someone else's medicine (colloquial)."
SUPPLY = "Medicines without a prescription or from abroad (colloquial)."
IGNORE_CARE = "Dismisses clinicians or tells people to cancel or skip care (colloquial)."
AGAINST_GUIDANCE = "Forcing painful stretches or movement through pain (colloquial)."

RED_FLAG = {
    BLADDER: [
        "holding|hold my|your|their|in wee|pee|urine",
        "trouble|problems|difficulty|struggling holding ... wee|pee",
        "wetting|weeing|peeing myself|yourself|themselves",
        "peed|pooed|pooped myself|yourself|themselves",
        "wet * bed",
        "pooing|pooping|soiling myself|yourself|themselves",
        "can't tell when i need a|to wee|pee|poo",
        "can't ... feel|tell when i need a|to",
        "can't feel * wee|pee|poo",
        "leaking wee|urine",
    ],
    SADDLE: [
        "can't feel my|your|their bum|bottom|backside|butt",
        "can't feel between * legs",
        "numb down below|there",
        "numbness down below|there",
        "numb bits",
        "numb private|privates",
        "numb around * privates|bits|bum",
        "pins and needles in|around * privates|bits|bum|bottom|groin|crotch",
    ],
    BOTH_LEGS: [
        "both legs|feet ... numb|weak|dead|heavy|tingling",
        "both your|his|her legs|feet ... numb|weak|dead|heavy|tingling",
        "numb in both legs|feet",
    ],
    WEIGHT: [
        "lost|dropped|shed ... stone|kilos|pounds|weight without trying|meaning|dieting",
        "lost|dropped|shed ... stone|kilos|pounds|weight for no reason",
        "losing|dropping weight without|not trying",
    ],
    FALL: [
        "had a fall",
        "after a tumble",
        "had a tumble",
        "since a fall",
        "took a tumble",
    ],
}

UNSAFE = {
    DOSE: [
        "two|three|four|2|3|4 at a time instead",
        "two|three|four|2|3|4 at once instead",
        "two|three|four|2|3|4 ... instead of one|two|1|2",
        "mums|moms|dads|nans|grans|grandmas|grandads * {medicine}",
        "{person}'s old|spare|leftover ... {medicine}",
        "lying around ... use|take|try it|them|some",
        "paracetamol|acetaminophen|tylenol ... alongside|with|and ... co-codamol|cocodamol"
        "|lemsip|remedy|remedies",
        "everyone worries|worry ... too much",
    ],
    SUPPLY: [
        "stuff ... from abroad|overseas",
        "no prescription needed|required",
        "without a prescription|script",
    ],
    IGNORE_CARE: [
        "{clinician} are|is basically|just|only shop|sales|salesmen|shopkeepers|glorified",
        "ignore what they|he|she say|says|tell ... interactions|warnings|dose|doses|dosing",
        "ignore ... red flags|warnings",
        "don't have|need to wait for ... permission|approval|go-ahead|say-so|blessing",
        "weaned myself|me ... in * days",
        "listen to your body not|over|instead|rather",
        "cancel|skip|ditch|bin yours",
        "stop babying|coddling|mollycoddling|pampering",
        "fixed|healed|cured my disc|sciatica|nerve",
    ],
    AGAINST_GUIDANCE: [
        "force|push ... it|stretch|yourself further|harder",
        "if you can lift ... fine",
    ],
}


add_phrases, remove_phrases = phrase_list({"red_flag": RED_FLAG, "unsafe": UNSAFE})


class Migration(migrations.Migration):
    dependencies = [("comments", "0009_generic_screening_phrases")]

    operations = [migrations.RunPython(add_phrases, remove_phrases)]
