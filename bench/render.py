"""Render benchmark: server time of the article and home pages, in process, on PostgreSQL.

    .venv/bin/python bench/render.py [--repeat 30] [--database-url postgres://...]

Builds a scratch database (sciatica_bench, dropped and created again) with the demo
content: the demo article as readers see it (picture guide, categories, tags, 27 star and
8 thumbs votes, its 17 threaded comments). Copies of that article carry 200, 500, 1,000
and 2,000 generated threaded comments of realistic lengths; 10 and 1,000 articles fill the
home page. Each page is timed through Django's test client (no network), anonymous and
logged in, with the page cache off so that every request renders. Prints a Markdown table
(median, p90, queries per page), writes it to bench/results/render.md and, when matplotlib
is installed (requirements-bench.txt), draws time against comment count in
bench/results/render.png.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COMMENT_COUNTS = (17, 200, 500, 1000, 2000)
# The naive thread (a recursive {% include %} per comment), measured on a bare Django page
# on this kind of machine (issue #7): the line the chart compares against.
NAIVE_MS_PER_COMMENT = 0.26

WORDS = (
    "stretch knee chest back hold breathe slowly gentle pain leg nerve walk sit hip calf "
    "morning evening better worse week days physio doctor mat floor towel chair helped "
    "tried thanks question answer sciatica lower muscle tight relax minutes twice daily"
).split()


def sentence(rng, low=6, high=22):
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


def comment_text(rng):
    paragraphs = rng.choice([1, 1, 1, 2, 2, 3])
    return "\n\n".join(
        " ".join(sentence(rng) for _ in range(rng.randint(1, 4))) for _ in range(paragraphs)
    )


def setup_django(database_url):
    from psycopg2 import connect, sql

    admin = connect(database_url.rsplit("/", 1)[0] + "/postgres")
    admin.autocommit = True
    name = database_url.rsplit("/", 1)[1]
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    admin.close()
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnop")
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost,127.0.0.1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "sciatica_site.settings"
    os.environ["DJANGO_PAGE_CACHE_SECONDS"] = "0"
    os.environ["DJANGO_MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-render-media-")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", no_admin=True, verbosity=0)


def make_comments(article, users, count, rng):
    from comments.models import Comment
    from sciatica_site.sanitizer import clean_comment_html

    start = datetime(2025, 1, 1, tzinfo=UTC)
    created = []
    for number in range(count):
        text = comment_text(rng)
        created.append(
            Comment(
                article=article,
                author=users[number % len(users)],
                body=text,
                body_html=clean_comment_html(text),
                status=Comment.Status.APPROVED,
                created_at=start + timedelta(minutes=37 * number),
            )
        )
    created = Comment.objects.bulk_create(created)
    # About half are replies, to a recent comment, so threads get several levels deep.
    for index, comment in enumerate(created):
        if index and rng.random() < 0.5:
            comment.parent_id = created[max(0, index - rng.randint(1, 6))].pk
    Comment.objects.bulk_update(created, ["parent"], batch_size=1000)


def copy_article(demo, count):
    """The demo article again, with its steps, categories, tags and votes, under a new
    slug (bulk writes: the page cache is off here)."""
    from articles.models import Article, GuideStep
    from ratings.models import RatingSummary, StarVote, ThumbVote

    article = Article.objects.create(
        title=f"{demo.title} ({count} comments)",
        slug=f"{demo.slug}-{count}",
        author=demo.author,
        excerpt=demo.excerpt,
        body=demo.body,
        guide_title=demo.guide_title,
        featured_image=demo.featured_image.name,
        featured_image_alt=demo.featured_image_alt,
        status=demo.status,
        published_at=demo.published_at,
    )
    GuideStep.objects.bulk_create(
        GuideStep(
            article=article,
            position=step.position,
            image=step.image.name,
            image_width=step.image_width,
            image_height=step.image_height,
            alt_text=step.alt_text,
            caption=step.caption,
        )
        for step in demo.steps.all()
    )
    article.categories.set(demo.categories.all())
    article.tags.set(demo.tags.all())
    for model in (StarVote, ThumbVote):
        votes = list(model.objects.filter(article=demo))
        for vote in votes:
            vote.pk, vote.article = None, article
        model.objects.bulk_create(votes)
    summary = RatingSummary.objects.get(article=demo)
    summary.pk, summary.article = None, article
    summary.article_id = article.pk
    summary.save(force_insert=True)
    return article


def build_data(rng):
    from django.contrib.auth import get_user_model

    from articles.models import Article
    from demo.content import MAIN_ARTICLE

    User = get_user_model()
    demo = Article.objects.get(slug=MAIN_ARTICLE["slug"])
    readers = [
        User.objects.create_user(f"reader{n}", display_name=f"Reader {n}") for n in range(40)
    ]
    articles = {17: demo}
    for count in COMMENT_COUNTS[1:]:
        article = copy_article(demo, count)
        make_comments(article, readers, count, rng)
        articles[count] = article
    return demo.author, readers, articles


def postgres_version():
    from django.db import connection

    return f"{connection.pg_version // 10000}.{connection.pg_version % 10000}"


def analyze():
    """Fresh planner statistics, as autovacuum would have after a bulk load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed_together(cases, repeat):
    """Time several pages in turns (one request of each per round) rather than one after
    the other, so that a slow spell of the shared machine falls on all of them alike.
    cases: (name, client, url, settings overrides). Cases with the same overrides run
    together inside one override, entered before the clock starts.
    Returns {name: (median, p90, queries)}."""
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    groups = {}
    for case in cases:
        groups.setdefault(repr(sorted(case[3].items())), []).append(case)
    times = {name: [] for name, *_ in cases}
    queries = {}
    for round_number in range(repeat + 3):  # three rounds to warm up
        for group in groups.values():
            with override_settings(**group[0][3]):
                for alias in settings.CACHES:  # set the cache backends up off the clock
                    caches[alias].get("bench-warm-up")
                for name, client, url, _ in group:
                    started = time.perf_counter()
                    response = client.get(url)
                    elapsed = (time.perf_counter() - started) * 1000
                    assert response.status_code == 200, (url, response.status_code)
                    if round_number >= 3:
                        times[name].append(elapsed)
                    if round_number == 2:
                        with CaptureQueriesContext(connection) as captured:
                            client.get(url)
                        queries[name] = len(captured)
    results = {}
    for name, measured in times.items():
        measured.sort()
        results[name] = (statistics.median(measured), measured[int(len(measured) * 0.9) - 1])
        results[name] += (queries[name],)
    return results


def draw_chart(series, path):
    """Median render time against comment count; False when matplotlib is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    figure, axes = plt.subplots(figsize=(7, 4.2), dpi=120)
    for label, points in series.items():
        counts, medians = zip(*points, strict=True)
        axes.plot(counts, medians, marker="o", label=f"article, {label}")
    anonymous = dict(series["anonymous"])
    base = anonymous[COMMENT_COUNTS[0]]
    naive = [base + NAIVE_MS_PER_COMMENT * (n - COMMENT_COUNTS[0]) for n in COMMENT_COUNTS]
    axes.plot(
        COMMENT_COUNTS,
        naive,
        linestyle=":",
        color="grey",
        label=f"{NAIVE_MS_PER_COMMENT} ms per comment (naive recursive include)",
    )
    axes.axhline(100, color="#b33", linewidth=0.8, linestyle="--", label="goal at 2,000: 100 ms")
    axes.set_xlabel("comments on the article")
    axes.set_ylabel("server time, median (ms)")
    axes.set_ylim(bottom=0, top=max(150, max(max(m for _, m in p) for p in series.values()) * 1.2))
    axes.set_title("Article page render time (page and fragment caches off)")
    axes.grid(alpha=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return True


FRAGMENTS_OFF = {
    "CACHING_FRAGMENT_SECONDS": 0,
    "CACHES": {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "template_fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    },
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sciatica_bench"
        ),
    )
    args = parser.parse_args()
    floor_file = Path(tempfile.mkdtemp(prefix="bench-render-floor-")) / "article.html"
    os.environ["DJANGO_ROOT_URLCONF"] = "bench.floor_urls"
    os.environ["BENCH_FLOOR_HTML"] = str(floor_file)
    setup_django(args.database_url)

    import django
    from django.test import Client

    from articles.models import Article

    rng = random.Random(7)
    author, readers, articles = build_data(rng)
    analyze()
    anonymous, logged_in = Client(), Client()
    logged_in.force_login(readers[0])
    demo_url = articles[COMMENT_COUNTS[0]].get_absolute_url()
    floor_file.write_bytes(anonymous.get(demo_url).content)
    readers_of = (("anonymous", anonymous), ("logged in", logged_in))
    cases = [("floor", anonymous, "/__floor__/", {})]
    for count, article in articles.items():
        for label, client in readers_of:
            name = f"article, {count} comments, {label}"
            cases.append((name, client, article.get_absolute_url(), FRAGMENTS_OFF))
    for count in (COMMENT_COUNTS[0], COMMENT_COUNTS[-1]):
        for label, client in readers_of:
            name = f"article, {count} comments, {label}, fragments cached"
            cases.append((name, client, articles[count].get_absolute_url(), {}))
    results = timed_together(cases, args.repeat)
    floor = results.pop("floor")[0]
    rows = [(name, *figures) for name, figures in results.items()]
    series = {
        label: [(count, results[f"article, {count} comments, {label}"][0]) for count in articles]
        for label, _ in readers_of
    }
    first, last = COMMENT_COUNTS[0], COMMENT_COUNTS[-1]
    anonymous_times = dict(series["anonymous"])
    per_comment = (anonymous_times[last] - anonymous_times[first]) / (last - first)
    for total in (10, 1000):
        existing = Article.objects.count()
        Article.objects.bulk_create(
            Article(
                title=f"Listing article {n}",
                slug=f"listing-{n}",
                author=author,
                body="<p>Short.</p>",
                body_html="<p>Short.</p>",
                excerpt=sentence(rng),
                summary_text="Short.",
                status=Article.Status.PUBLISHED,
                published_at=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(hours=n),
            )
            for n in range(existing, total)
        )
        analyze()
        name = f"home, {total} articles, anonymous"
        rows.append((name, *timed_together([(name, anonymous, "/", {})], args.repeat)[name]))

    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    charted = draw_chart(series, out / "render.png")
    lines = [
        f"# Render benchmark ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" Django {django.get_version()}, PostgreSQL {postgres_version()} on 127.0.0.1, through"
        " Django's test client"
        f" (no network). {args.repeat} requests per row. The page cache is off: every request"
        ' renders. Rows without "fragments cached" render everything, the article\'s own'
        " content included (DJANGO_FRAGMENT_CACHE_SECONDS=0). The 17-comment article is the"
        " demo article; the others are copies of it with generated comments.",
        "",
        f"Floor, measured in the same run: a view returning the demo article's HTML from memory"
        f' through the same middleware, {floor:.2f} ms median. "× floor" is each median'
        " divided by it (the machine is shared and noisy; ratios travel better than times).",
        "",
        f"Command: `.venv/bin/python bench/render.py --repeat {args.repeat}`",
        "",
        "| page | median ms | p90 ms | × floor | queries |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {name} | {median:.2f} | {p90:.2f} | {median / floor:.1f} | {queries} |"
        for name, median, p90, queries in rows
    ]
    lines += [
        "",
        f"Per-comment cost (anonymous, everything rendered, {last:,} vs {first} comments): "
        f"{per_comment:.4f} ms per comment.",
    ]
    if charted:
        lines += ["", "![Render time against comment count](render.png)"]
    report = "\n".join(lines) + "\n"
    print(report)
    (out / "render.md").write_text(report)


if __name__ == "__main__":
    main()
