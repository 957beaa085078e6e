"""Where the time of a fully rendered article page goes: its queries one by one, timed in
process beside a bare round trip, and the page with and without its shared fragments.

    .venv/bin/python bench/breakdown.py [--repeat 200] [--database-url postgres://...]

Builds its own scratch database (sciatica_breakdown, dropped and created again) with the
demo content, like bench/render.py. Each round calls every case once, in turns, so a slow
spell of the shared machine falls on all of them alike; prints medians and their ratio to
the bare round trip (`SELECT 1` through Django's connection) and writes
bench/results/breakdown.md. "prefilled" is the page with the four reads of the article's
own content (steps, categories, tags, story count) handed to it already done: what those
four reads cost the page, the ceiling of any way of folding them away.
"""

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def time_in_turns(cases, repeat, warm_up=3):
    """{name: median ms} of calling each case once per round, for repeat rounds.
    cases: {name: (settings overrides, call)}; cases with the same overrides run inside
    one override, entered before the clock starts (see bench/render.py)."""
    from django.conf import settings
    from django.core.cache import caches
    from django.test import override_settings

    groups = {}
    for name, (overrides, call) in cases.items():
        groups.setdefault(repr(sorted(overrides.items())), (overrides, {}))[1][name] = call
    times = {name: [] for name in cases}
    for round_number in range(repeat + warm_up):
        for overrides, calls in groups.values():
            with override_settings(**overrides):
                for alias in settings.CACHES:
                    caches[alias].get("bench-warm-up")
                for name, call in calls.items():
                    started = time.perf_counter()
                    call()
                    elapsed = (time.perf_counter() - started) * 1000
                    if round_number >= warm_up:
                        times[name].append(elapsed)
    return {name: statistics.median(measured) for name, measured in times.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_BREAKDOWN_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/sciatica_breakdown",
        ),
    )
    args = parser.parse_args()
    from bench.render import FRAGMENTS_OFF, postgres_version, setup_django

    setup_django(args.database_url)
    import django
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import Client

    import articles.views
    from articles.models import Article
    from comments.models import Comment
    from demo.content import MAIN_ARTICLE

    slug = MAIN_ARTICLE["slug"]
    anonymous = AnonymousUser()
    demo = Article.objects.get(slug=slug)
    url = demo.get_absolute_url()
    client = Client()

    def round_trip():
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchall()

    def page_article():
        return articles.views.extend(
            Article.objects.visible_to(anonymous).select_related("author")
        ).get(slug=slug)

    def story_count():
        demo.__dict__.pop("author_story_count", None)
        return demo.author_story_count

    content = {
        "steps": list(demo.steps.all()),
        "categories": list(demo.categories.all()),
        "tags": list(demo.tags.all()),
    }
    real_get_object_or_404 = articles.views.get_object_or_404
    prefill = []

    def get_object_or_404(queryset, **lookup):
        article = real_get_object_or_404(queryset, **lookup)
        if prefill:
            article._prefetched_objects_cache = dict(content)
            article.__dict__["author_story_count"] = demo.author_story_count
        return article

    articles.views.get_object_or_404 = get_object_or_404

    def page(prefilled=False):
        def call():
            prefill[:] = [True] if prefilled else []
            assert client.get(url).status_code == 200

        return call

    queries = {
        "bare round trip (SELECT 1)": round_trip,
        "Article.objects.get(slug=...)": lambda: Article.objects.get(slug=slug),
        "the page's article (author, rating totals, comment switch joined)": page_article,
        "steps": lambda: list(demo.steps.all()),
        "categories": lambda: list(demo.categories.all()),
        "tags": lambda: list(demo.tags.all()),
        "author's story count": story_count,
        "thread (17 comments)": lambda: (
            Comment.objects.for_article(demo).visible_to(anonymous).thread_rows()
        ),
    }
    cases = {name: (FRAGMENTS_OFF, call) for name, call in queries.items()}
    cases["page, everything rendered"] = (FRAGMENTS_OFF, page())
    cases["page, content reads prefilled"] = (FRAGMENTS_OFF, page(prefilled=True))
    cases["page, fragments cached"] = ({}, page())
    results = time_in_turns(cases, args.repeat)
    base = results["bare round trip (SELECT 1)"]
    lines = [
        f"# Breakdown of the article page ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Machine: {platform.node()}, {os.cpu_count()} cores, Python"
        f" {platform.python_version()}, Django {django.get_version()}, PostgreSQL"
        f" {postgres_version()} on 127.0.0.1, in process. Demo article, anonymous, page"
        f" cache off. {args.repeat} calls per row, in turns.",
        "",
        f"Command: `.venv/bin/python bench/breakdown.py --repeat {args.repeat}`",
        "",
        "| what | median ms | × bare round trip |",
        "| --- | ---: | ---: |",
    ]
    lines += [f"| {name} | {ms:.3f} | {ms / base:.1f} |" for name, ms in results.items()]
    report = "\n".join(lines) + "\n"
    print(report)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "breakdown.md").write_text(report)


if __name__ == "__main__":
    main()
