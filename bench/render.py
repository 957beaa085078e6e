"""Render benchmark: server time of the article and home pages, in process, on PostgreSQL.

    .venv/bin/python bench/render.py [--repeat 30] [--database-url postgres://...]

Builds a scratch database (sciatica_bench, dropped and created again), fills it with an
article and 17, 200 and 2,000 threaded comments of realistic lengths, and 10 and 1,000
articles for the home page, then times each page through Django's test client (no network),
anonymous and logged in, with the page cache off so every request renders. Prints a
Markdown table (median, p90, queries per page) and writes it to bench/results/render.md.
"""

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES["staticfiles"] = {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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


def build_data(rng):
    from django.contrib.auth import get_user_model

    from articles.models import Article

    User = get_user_model()
    author = User.objects.create_user("author", display_name="Maren Holt", bio="Physio.")
    readers = [
        User.objects.create_user(f"reader{n}", display_name=f"Reader {n}") for n in range(40)
    ]
    body = "".join(f"<h2>Part {n}</h2><p>{sentence(rng, 60, 120)}</p>" for n in range(12))
    articles = {}
    for count in (17, 200, 2000):
        article = Article.objects.create(
            title=f"Article with {count} comments",
            slug=f"comments-{count}",
            author=author,
            body=body,
            status=Article.Status.PUBLISHED,
            published_at=datetime(2025, 1, 1, tzinfo=UTC),
        )
        make_comments(article, readers, count, rng)
        articles[count] = article
    return author, readers, articles


def analyze():
    """Fresh planner statistics, as autovacuum would have after a bulk load."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(client, url, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up templates and connections
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9) - 1], len(queries)


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
    setup_django(args.database_url)

    import django
    from django.test import Client

    from articles.models import Article

    rng = random.Random(7)
    author, readers, articles = build_data(rng)
    analyze()
    rows = []
    anonymous, logged_in = Client(), Client()
    logged_in.force_login(readers[0])
    for count, article in articles.items():
        for label, client in (("anonymous", anonymous), ("logged in", logged_in)):
            median, p90, queries = timed(client, article.get_absolute_url(), args.repeat)
            rows.append((f"article, {count} comments, {label}", median, p90, queries))
    per_comment = (rows[4][1] - rows[0][1]) / (2000 - 17)
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
        median, p90, queries = timed(anonymous, "/", args.repeat)
        rows.append((f"home, {total} articles, anonymous", median, p90, queries))

    lines = [
        f"# Render benchmark ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" Django {django.get_version()}, PostgreSQL on 127.0.0.1. {args.repeat} requests per "
        "row, page cache off (every request renders). Command: `.venv/bin/python bench/render.py`",
        "",
        "| page | median ms | p90 ms | queries |",
        "| --- | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {name} | {median:.2f} | {p90:.2f} | {queries} |" for name, median, p90, queries in rows
    ]
    lines += [
        "",
        f"Per-comment cost (anonymous, 2,000 vs 17 comments): {per_comment:.4f} ms per comment.",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "render.md").write_text(report)


if __name__ == "__main__":
    main()
