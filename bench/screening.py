"""Screening quality: the default screeners on a labelled set of comments.

    .venv/bin/python bench/screening.py [--show-misses] [--database-url ...]

Reads tests/data/screening_comments.csv (label: unsafe, spam or normal; text) and two
held-out sets: screening_comments_holdout.csv (written after the phrases were tuned on the
first; its misses then shaped the rule on advice about medicines, so partly tuned on) and
screening_comments_holdout2.csv (written after every rule was frozen: the fair estimate on
new wording; three generic fixes came after its first run, see HOLDOUT2). Builds a
scratch database (sciatica_bench_screening, dropped and created again, migrated: so with the
default screening phrases of comments/migrations/0006), and screens every comment as
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
"""

import argparse
import csv
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATA = ROOT / "tests" / "data" / "screening_comments.csv"
# Written after the default phrases were tuned on DATA. Its misses then shaped the rule on
# advice about a medicine or treatment (phrases.directed_advice), so it is partly tuned on.
HOLDOUT = ROOT / "tests" / "data" / "screening_comments_holdout.csv"
# Written after every rule and phrase was frozen: the fair estimate of how screening does on
# wording it was not shaped by. Measured frozen: unsafe advice held 53.3%, normal held 20.0%.
# Three generic fixes were made after seeing its results (report verbs such as "reminded";
# "I'd" counts as advice only before an advice verb; a sentence sending the reader to a
# clinician is not unsafe advice), so what it prints now is partly tuned on too.
HOLDOUT2 = ROOT / "tests" / "data" / "screening_comments_holdout2.csv"
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
    with override_settings(COMMENTS_HOLD_FIRST_COMMENT=False, COMMENTS_AKISMET_API_KEY=""):
        for label, text in rows:
            submission = screening.Submission(
                article=article, author=author, body=text, body_html=clean_comment_html(text)
            )
            try:
                outcome = screening.run(submission)
            except screening.CommentRefused as refusal:
                outcome = screening.Outcome("refused", held_reason=refusal.message)
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
    sets = (
        (DATA, "labelled set (the phrases were tuned on it)"),
        (HOLDOUT, "first held-out set (partly tuned on)"),
        (HOLDOUT2, "second held-out set (frozen: 53.3% / 20.0%; three fixes since)"),
    )
    for path, title in sets:
        rows = load_rows(path)
        figures = evaluate(rows, article=article, author=reader)
        print(f"\n## {title}: {len(rows)} comments ({path.relative_to(ROOT)})\n")
        print(report(figures, show_misses=args.show_misses))


if __name__ == "__main__":
    main()
