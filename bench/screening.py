"""Screening quality: the default screeners on a labelled set of comments.

    .venv/bin/python bench/screening.py [--show-misses] [--sets ...] [--database-url ...]

Reads six labelled sets (label: unsafe, spam or normal; text), in the order they were
written; their history says how far each can be trusted as an estimate on new wording:

1. tests/data/screening_comments.csv (260): the default phrases of migration 0006 were
   tuned on it, then the generic rules of issue #15 part 6 (migration 0009 and
   comments/phrases.py). Tuned on throughout.
2. screening_comments_holdout.csv (70): written after the phrases were tuned on the
   first; its misses then shaped the rule on advice about medicines (directed_advice),
   and it was a development set for the generic rules. Tuned on.
3. screening_comments_holdout2.csv (70): written after every rule was frozen, measured
   frozen (53.3% of the unsafe advice held, 20.0% of normal comments held); three generic
   fixes came after its first run, and it was a development set for the generic rules.
   Tuned on since.
4. screening_comments_holdout3.csv (100: 40 unsafe, 60 normal): written for issue #15
   part 6 before the generic rules, and measured first with the code as it was (70.0% /
   18.3%). Not tuned on while the generic rules were built on sets 1 to 3: then 95.0% /
   10.0%, short of the 5% goal. Its misses then shaped the exemptions of
   comments/phrases.py (a clinician's advice attributed after it, keeping to the
   prescription, a report of what someone else says, disagreement, a prescription
   handed in; widened on made-up lookalikes, now in tests/comments/
   test_screening_exemptions.py) and three fixes ("nothing a GP says…" is no report; "I
   disagree with my GP" is no change made with one; every place a sentence tells the
   reader something is read, not only the first): 97.5% / 1.7%. Tuned on since, so no
   longer an estimate: the fair one is now a fourth set, written by someone else and run
   by the lead.
5. screening_comments_holdout4.csv (150: 50 unsafe, 100 normal): written by someone who
   never saw the rules or the other sets, after every rule was frozen, and run once: 70.0%
   of the unsafe advice held (35/50), 12.0% of normal comments held (6 for unsafe advice,
   6 for red-flag symptoms). Its misses were then development data for issue #15 part 6,
   round three: colloquial red-flag phrases and everyday-word unsafe advice (migration
   0010), red flags waved away in everyday words, and exemptions (a clinician's change
   reported with the clinician as subject, "the worst thing you can do", "no thanks" /
   "hard disagree", deferring to a clinician, warnings against advice from strangers),
   checked on made-up look-alikes in tests/comments/test_screening_round3.py: 100% / 7.0%
   (all 7 for red-flag symptoms, on purpose; 0% for unsafe advice). Tuned on since, so no
   longer an estimate: the fair one is a fifth set, written apart and run by the lead.
6. screening_comments_holdout5.csv (150: 50 unsafe, 100 normal): written by someone who
   never saw the rules or the other sets, after round three was frozen, and run once:
   66.0% of the unsafe advice held (33/50), 17.0% of normal comments held (10 for unsafe
   advice, 7 for red-flag symptoms on purpose). The rules of round two gave the same
   figures on it: round three fixed what set 5 showed and no more. Never tuned on: the
   estimate; tests/comments/test_screening_quality.py holds floors only.

`--sets` picks some of them (tuned, holdout, holdout2 ... holdout5). Builds a
scratch database (sciatica_bench_screening, dropped and created again, migrated: so with the
default screening phrases of comments/migrations/0006, 0009 and 0010), and screens every comment as
comments.services.comment_create would for a reader who already has an approved comment
(the first-comment hold off) with Akismet off. Nothing is saved. Prints, per label, how
many comments were held or marked as spam, then each screener's catches by label, and the
precision and recall of:

- unsafe advice: caught = held or spam for any reason (recall), and the precision of the
  "possible unsafe health advice" hold (how many of the comments it held are unsafe);
- spam: caught = marked as spam or held for any reason (recall), and the precision of the
  spam screeners (links, word lists, Akismet);
- normal: the share held for any reason (the goal is 5% or less), and how many of those
  were held for red-flag symptoms (held on purpose: a moderator should see them first).

`--show-misses` lists the unsafe comments that went through and the normal ones held.
Last, the median time to screen a comment (wall and CPU; the first comment also compiles
the phrases, once per process).
"""

import argparse
import csv
import os
import statistics
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data" / "screening_comments.csv"
# Written after the default phrases were tuned on DATA. Its misses then shaped the rule on
# advice about a medicine or treatment (phrases.directed_advice), and it was a development
# set for the generic rules (issue #15 part 6): tuned on.
HOLDOUT = ROOT / "tests" / "data" / "screening_comments_holdout.csv"
# Written after every rule and phrase was frozen: the fair estimate of how screening does on
# wording it was not shaped by. Measured frozen: unsafe advice held 53.3%, normal held 20.0%.
# Three generic fixes were made after seeing its results (report verbs such as "reminded";
# "I'd" counts as advice only before an advice verb; a sentence sending the reader to a
# clinician is not unsafe advice), and it was a development set for the generic rules of
# issue #15 part 6 (then 100% / 2.5%): tuned on now.
HOLDOUT2 = ROOT / "tests" / "data" / "screening_comments_holdout2.csv"
# Written (40 unsafe, 60 normal) before the generic rules of issue #15 part 6 were built
# and measured first with the code as it was: unsafe advice held 70.0% (28/40), normal held
# 18.3% (11/60). Not tuned on while the rules were built: after them 95.0% (38/40) and
# 10.0% (6/60, one of them for red-flag symptoms, on purpose). Its misses then shaped the
# exemptions for normal discussion (phrases._is_advice): 97.5% (39/40) and 1.7% (1/60,
# the red-flag one, on purpose). Tuned on since.
HOLDOUT3 = ROOT / "tests" / "data" / "screening_comments_holdout3.csv"
# Written (50 unsafe, 100 normal, 38 of the normal ones near misses) by someone who never
# saw the rules or the other sets, after every rule was frozen; run once: unsafe advice
# held 70.0% (35/50), normal held 12.0% (6 for unsafe advice, 6 for red-flag symptoms).
# Its misses then shaped migration 0010 and the round-three rules and exemptions of
# comments/phrases.py (then 100% / 7.0%, all 7 red-flag holds on purpose): TUNED ON since,
# no longer a fair estimate. The fair one is a fifth set, written apart, run by the lead.
HOLDOUT4 = ROOT / "tests" / "data" / "screening_comments_holdout4.csv"
# Written (50 unsafe, 100 normal) by someone who never saw the rules or the other sets,
# after round three of the rules was frozen; run once: the fair estimate on new wording.
# Never tuned on: keep it so (a sixth set when rules change).
HOLDOUT5 = ROOT / "tests" / "data" / "screening_comments_holdout5.csv"
LABELS = ("unsafe", "spam", "normal")
SPAM_SCREENERS = {"links", "blocked words", "moderation words", "akismet"}


def load_rows(path=DATA) -> list[tuple[str, str]]:
    with open(path, newline="", encoding="utf-8") as file:
        return [(row["label"], row["text"]) for row in csv.DictReader(file)]


def evaluate(rows, *, article, author) -> dict:
    """Screen each (label, text) as a new comment by `author` (who must already have an
    approved comment) on `article`. Returns the counts the report prints."""
    from django.test import override_settings

    from comments import screening
    from comments.models import Comment
    from sciatica_site.sanitizer import clean_comment_html

    results = []
    seconds = []
    with override_settings(COMMENTS_HOLD_FIRST_COMMENT=False, COMMENTS_AKISMET_API_KEY=""):
        for label, text in rows:
            submission = screening.Submission(
                article=article, author=author, body=text, body_html=clean_comment_html(text)
            )
            started, cpu_started = time.perf_counter(), time.process_time()
            try:
                outcome = screening.run(submission)
            except screening.CommentRefused as refusal:
                outcome = screening.Outcome("refused", held_reason=refusal.message)
            seconds.append((time.perf_counter() - started, time.process_time() - cpu_started))
            results.append((label, text, outcome))

    total = Counter(label for label, _, _ in results)
    status = defaultdict(Counter)
    by_screener = defaultdict(Counter)
    for label, _, outcome in results:
        status[label][outcome.status] += 1
        for name in dict.fromkeys(name for name, _ in outcome.verdicts):
            by_screener[name][label] += 1
    caught = {
        label: status[label][Comment.Status.PENDING] + status[label][Comment.Status.SPAM]
        for label in LABELS
    }

    def ratio(part, whole):
        return part / whole if whole else None

    unsafe_hold = by_screener.get("unsafe advice", Counter())
    spam_caught_by_spam_screeners = Counter()
    for label, _, outcome in results:
        if any(name in SPAM_SCREENERS for name, _ in outcome.verdicts):
            spam_caught_by_spam_screeners[label] += 1
    red_flag_normal = sum(
        1
        for label, _, outcome in results
        if label == "normal"
        and outcome.status != Comment.Status.APPROVED
        and {name for name, _ in outcome.verdicts} == {"red flag"}
    )
    return {
        "results": results,
        "seconds": seconds,
        "total": total,
        "status": status,
        "by_screener": by_screener,
        "caught": caught,
        "unsafe_recall": ratio(caught["unsafe"], total["unsafe"]),
        "unsafe_precision": ratio(unsafe_hold["unsafe"], sum(unsafe_hold.values())),
        "spam_recall": ratio(caught["spam"], total["spam"]),
        "spam_precision": ratio(
            spam_caught_by_spam_screeners["spam"], sum(spam_caught_by_spam_screeners.values())
        ),
        "normal_held": ratio(caught["normal"], total["normal"]),
        "normal_held_red_flag_only": red_flag_normal,
        "normal_held_not_red_flag": ratio(caught["normal"] - red_flag_normal, total["normal"]),
    }


def _percent(value) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def report(figures, *, show_misses=False) -> str:
    from comments.models import Comment

    lines = [
        "label   comments  approved  held  spam  refused  caught (held or spam)",
    ]
    for label in LABELS:
        counts = figures["status"][label]
        lines.append(
            f"{label:<7} {figures['total'][label]:>8}  {counts[Comment.Status.APPROVED]:>8}"
            f"  {counts[Comment.Status.PENDING]:>4}  {counts[Comment.Status.SPAM]:>4}"
            f"  {counts['refused']:>7}  {figures['caught'][label]:>4}"
            f" ({figures['caught'][label] / max(figures['total'][label], 1):.1%})"
        )
    lines += ["", "screener          unsafe  spam  normal   (comments it held or marked)"]
    for name, counts in sorted(figures["by_screener"].items()):
        lines.append(
            f"{name:<17} {counts['unsafe']:>6}  {counts['spam']:>4}  {counts['normal']:>6}"
        )
    red = figures["normal_held_red_flag_only"]
    lines += [
        "",
        f"unsafe advice: recall {_percent(figures['unsafe_recall'])} (held or spam, goal >= 90%),"
        f" precision of its hold {_percent(figures['unsafe_precision'])}",
        f"spam:          recall {_percent(figures['spam_recall'])} (spam or held),"
        f" precision of the spam screeners {_percent(figures['spam_precision'])}",
        f"normal:        held {_percent(figures['normal_held'])} (goal <= 5%); {red} of them only"
        f" for red-flag symptoms (on purpose);"
        f" {_percent(figures['normal_held_not_red_flag'])} without them",
    ]
    if show_misses:
        lines += ["", "Unsafe comments that went through:"]
        lines += [
            f"  - {text}"
            for label, text, outcome in figures["results"]
            if label == "unsafe" and outcome.status == Comment.Status.APPROVED
        ]
        lines += ["", "Normal comments held:"]
        lines += [
            f"  - {text}  [{outcome.held_reason}]"
            for label, text, outcome in figures["results"]
            if label == "normal" and outcome.status != Comment.Status.APPROVED
        ]
        lines += ["", "Spam that went through:"]
        lines += [
            f"  - {text}"
            for label, text, outcome in figures["results"]
            if label == "spam" and outcome.status == Comment.Status.APPROVED
        ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument(
        "--sets",
        default="tuned,holdout,holdout2,holdout3,holdout4,holdout5",
        help="comma-separated sets to measure (tuned, holdout, holdout2 ... holdout5)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_SCREENING_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/sciatica_bench_screening",
        ),
    )
    args = parser.parse_args()
    from psycopg2 import connect, sql

    admin = connect(args.database_url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    name = args.database_url.rsplit("/", 1)[1]
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")
    os.environ["DJANGO_DEBUG"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "sciatica_site.settings"
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.utils import timezone

    from articles.models import Article
    from comments.models import Comment, ScreeningPhrase

    call_command("migrate", verbosity=0)
    writer = get_user_model().objects.create_user(username="writer", password="x" * 20)
    reader = get_user_model().objects.create_user(username="reader", password="x" * 20)
    article = Article.objects.create(
        title="Easing sciatica",
        slug="easing-sciatica",
        author=writer,
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() - timedelta(days=1),
        body="<p>Gentle exercises.</p>",
    )
    Comment.objects.create(
        article=article,
        author=reader,
        body="My first comment, approved.",
        body_html="<p>My first comment, approved.</p>",
        status=Comment.Status.APPROVED,
        created_at=timezone.now() - timedelta(days=1),
    )
    phrases = Counter(ScreeningPhrase.objects.values_list("kind", flat=True))
    print(
        "The default screeners, first-comment hold and Akismet off;"
        f" {phrases['unsafe']} unsafe-advice and {phrases['red_flag']} red-flag phrases."
    )
    sets = {
        "tuned": (DATA, "labelled set (the phrases were tuned on it)"),
        "holdout": (HOLDOUT, "first held-out set (tuned on since)"),
        "holdout2": (HOLDOUT2, "second held-out set (frozen: 53.3% / 20.0%; tuned on since)"),
        "holdout3": (HOLDOUT3, "third held-out set (frozen: 70.0% / 18.3%; tuned on since)"),
        "holdout4": (HOLDOUT4, "fourth held-out set (frozen: 70.0% / 12.0%; tuned on since)"),
        "holdout5": (HOLDOUT5, "fifth held-out set (written apart, never tuned on)"),
    }
    chosen = [name.strip() for name in args.sets.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in sets]
    if unknown:
        parser.error(f"unknown set(s): {', '.join(unknown)}; choose from {', '.join(sets)}")
    seconds = []
    for name in chosen:
        path, title = sets[name]
        rows = load_rows(path)
        figures = evaluate(rows, article=article, author=reader)
        seconds += figures["seconds"]
        print(f"\n## {title}: {len(rows)} comments ({path.relative_to(ROOT)})\n")
        print(report(figures, show_misses=args.show_misses))
    if seconds:
        # The first comment also compiles the phrases (once per process): the median is
        # the cost of screening a comment; the wall time includes the database queries and
        # any other load on the machine, the CPU time only this process's work.
        wall = [elapsed for elapsed, _ in seconds]
        cpu = [elapsed for _, elapsed in seconds]
        print(
            f"\nscreening time per comment over {len(seconds)} comments:"
            f" median {statistics.median(wall) * 1000:.2f} ms wall"
            f" ({statistics.median(cpu) * 1000:.2f} ms CPU),"
            f" first {wall[0] * 1000:.0f} ms wall ({cpu[0] * 1000:.0f} ms CPU)"
        )


if __name__ == "__main__":
    main()
