"""Search benchmark: the search page on 10,000 articles, in process, on PostgreSQL.

    .venv/bin/python bench/search.py [--articles 10000] [--repeat 30] [--database-url ...]

Builds a scratch database (sciatica_bench_search, dropped and created again) with the demo
content and 10,000 generated articles (300 to 1,500 words each, drawn with Zipf's law from
about 3,000 words: health words up front, made-up words in the long tail; a picture guide
on one in five; five categories and forty tags), indexes them with the statement every
save runs (articles.search.refresh, timed), then times the search page through Django's
test client (no network) for a common word, a rare word, a phrase, a typo, a filtered
search and one that finds nothing: median, p90, × the in-process floor (a view returning
a search page's HTML from memory through the same middleware), queries per page and
whether PostgreSQL reads the GIN index. Also times "Read next" (articles.related) and the
refresh of one article on save. Writes bench/results/search.md.
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

# Words of the site's subject, most frequent first; made-up words follow them.
HEALTH_WORDS = (
    "pain back leg exercise stretch nerve walking knee hip gentle muscle spine sitting "
    "sciatica lower morning posture sleep physiotherapist doctor disc relief daily breathing "
    "core strength flexibility hamstring buttock tingling numbness pillow chair desk "
    "movement recovery week habit mattress heat ice swelling inflammation routine bending "
    "lifting twisting standing driving yoga pilates swimming cycling footwear weight "
    "stiffness cramp spasm joint tendon ligament vertebra pelvis piriformis lumbar thoracic "
    "cervical shoulder neck ankle calf thigh glute abdominal balance stability mobility "
    "massage therapy medication ibuprofen paracetamol surgery scan diagnosis symptom flare "
    "acute chronic rest activity program progress repetition hold release relax tension "
    "warmup cooldown foam roller towel mat band"
).split()
FILLER = "the a of and to in is it that for you with on as are this be at or your can".split()
RARE_WORD = "zygapophyseal"  # placed in RARE_COUNT articles
RARE_COUNT = 12
SYLLABLES = "ka lo mi ne ru sa ti vo ber cal den for gul han jor kel mon pra sel tur".split()


def vocabulary(rng, size=3000):
    made_up = set()
    while len(made_up) < size - len(HEALTH_WORDS):
        made_up.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    words = HEALTH_WORDS + sorted(made_up)
    weights = [1 / rank for rank in range(1, len(words) + 1)]
    return words, weights


def paragraph(rng, words, weights, length):
    chosen = rng.choices(words, weights, k=length)
    out = []
    for word in chosen:
        out.append(word)
        if rng.random() < 0.45:
            out.append(rng.choice(FILLER))
    return " ".join(out).capitalize() + "."


def build_articles(count, rng):
    """(seconds to write the rows, seconds to index them)."""
    from django.contrib.auth import get_user_model

    from articles import search
    from articles.models import Article, Category, GuideStep, Tag

    author = get_user_model().objects.create_user("bench-author", display_name="Bench Author")
    categories = [
        Category.objects.create(name=f"Category {n}", slug=f"category-{n}") for n in range(5)
    ]
    tags = [Tag.objects.create(name=f"tag {n}", slug=f"tag-{n}") for n in range(40)]
    words, weights = vocabulary(rng)
    rare = set(rng.sample(range(count), RARE_COUNT))
    started = time.perf_counter()
    articles = []
    for number in range(count):
        paragraphs = []
        total = rng.randint(300, 1500)
        while sum(len(p.split()) for p in paragraphs) < total:
            paragraphs.append(paragraph(rng, words, weights, rng.randint(25, 90)))
        if number in rare:
            paragraphs[-1] += f" The {RARE_WORD} joints."
        title = " ".join(rng.choices(words[:120], k=rng.randint(3, 7))).capitalize()
        body_text = "\n\n".join(paragraphs)
        body_html = "".join(f"<p>{p}</p>" for p in paragraphs)
        articles.append(
            Article(
                title=title,
                slug=f"generated-{number}",
                author=author,
                excerpt=paragraphs[0][:300].rsplit(" ", 1)[0],
                body=body_html,
                body_html=body_html,
                body_text=body_text,
                word_count=len(body_text.split()),
                summary_text=paragraphs[0][:300].rsplit(" ", 1)[0],
                status=Article.Status.PUBLISHED,
                published_at=datetime(2020, 1, 1, tzinfo=UTC) + timedelta(hours=7 * number),
            )
        )
    articles = Article.objects.bulk_create(articles, batch_size=1000)
    Article.categories.through.objects.bulk_create(
        Article.categories.through(article_id=a.pk, category_id=rng.choice(categories).pk)
        for a in articles
    )
    Article.tags.through.objects.bulk_create(
        Article.tags.through(article_id=a.pk, tag_id=tag.pk)
        for a in articles
        for tag in rng.sample(tags, rng.randint(1, 4))
    )
    GuideStep.objects.bulk_create(
        GuideStep(
            article=article,
            position=position,
            image="articles/steps/bench.png",  # never opened: its size is given
            image_width=800,
            image_height=600,
            alt_text=paragraph(rng, words, weights, 8),
            caption=paragraph(rng, words, weights, 15),
        )
        for article in articles[::5]
        for position in range(1, 7)
    )
    written = time.perf_counter() - started
    started = time.perf_counter()
    search.refresh()  # the statement each save runs, here for every article at once
    return written, time.perf_counter() - started


def vacuum_analyze():
    """What autovacuum does after a bulk load: statistics, and the GIN index's pending
    entries moved into the index proper."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def look_at(url):
    """(how many articles the page says it found ("over 1,000" past the most it lists),
    whether PostgreSQL's plan for the
    ranked ids reads the GIN index), the plan made as the page makes it (see
    articles.search.find)."""
    import re

    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        html = Client().get(url).content.decode()
    found = re.search(r'id="results-title">((?:Over )?[\d,]+) article', html)
    ranked = [q["sql"] for q in captured.captured_queries if "ts_rank(" in q["sql"]]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + ranked[0])  # the one that finds the matches
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return found.group(1).lower() if found else "0", "articles_article_search_vector_gin" in plan


def time_call(call, repeat):
    measured = []
    for _ in range(3):
        call()
    for _ in range(repeat):
        started = time.perf_counter()
        call()
        measured.append((time.perf_counter() - started) * 1000)
    measured.sort()
    return statistics.median(measured), measured[int(len(measured) * 0.9) - 1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_SEARCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sciatica_bench_search"
        ),
    )
    args = parser.parse_args()
    floor_file = Path(tempfile.mkdtemp(prefix="bench-search-floor-")) / "search.html"
    os.environ["DJANGO_ROOT_URLCONF"] = "bench.floor_urls"
    os.environ["BENCH_FLOOR_HTML"] = str(floor_file)
    from bench.render import postgres_version, setup_django, timed_together

    setup_django(args.database_url)
    import django
    from django.test import Client

    from articles import search
    from articles.models import Article, Category, SearchWord, Tag
    from articles.related import related_articles

    rng = random.Random(17)
    written, indexed = build_articles(args.articles, rng)
    vacuum_analyze()
    client = Client()
    category, tag = Category.objects.get(slug="category-2"), Tag.objects.get(slug="tag-7")
    cases = {
        "common word (pain)": "/search/?q=pain",
        "common word, page 5": "/search/?q=pain&page=5",
        "two words (sciatica exercise)": "/search/?q=sciatica+exercise",
        f"rare word ({RARE_WORD})": f"/search/?q={RARE_WORD}",
        'phrase ("lower back")': "/search/?q=%22lower+back%22",
        "typo (siatica), corrected": "/search/?q=siatica",
        "typo in two words (piriformus stretchs)": "/search/?q=piriformus+stretchs",
        "filtered (pain, a category and a tag)": (
            f"/search/?q=pain&category={category.slug}&tag={tag.slug}"
        ),
        "nothing found (qwxzv)": "/search/?q=qwxzv",
    }
    floor_file.write_bytes(client.get(cases["common word (pain)"]).content)
    looks = {name: look_at(url) for name, url in cases.items()}
    timed = [("floor", client, "/__floor__/", {})]
    timed += [(name, client, url, {}) for name, url in cases.items()]
    results = timed_together(timed, args.repeat)
    floor = results.pop("floor")[0]

    article = Article.objects.get(slug=f"generated-{args.articles // 2}")
    related = time_call(lambda: related_articles(article), args.repeat)
    save = time_call(lambda: search.refresh([article.pk]), args.repeat)

    lines = [
        f"# Search benchmark ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Machine: {platform.node()}, {os.cpu_count()} cores, Python {platform.python_version()},"
        f" Django {django.get_version()}, PostgreSQL {postgres_version()} on 127.0.0.1, through"
        f" Django's test client (no network). {Article.objects.count():,} published articles"
        f" (generated: 300-1,500 words each, a picture guide on one in five),"
        f" {SearchWord.objects.count():,} words in the typo vocabulary. {args.repeat} requests"
        " per row, in turns. The search page is never kept in the page cache: every request"
        " searches.",
        "",
        f"Writing the {args.articles:,} rows took {written:.1f} s; indexing them all with the"
        f" statement each save runs (`articles.search.refresh`), {indexed:.1f} s"
        f" ({indexed / args.articles * 1000:.2f} ms an article).",
        "",
        f"Floor, measured in the same run: a view returning a search page's HTML from memory"
        f" through the same middleware, {floor:.2f} ms median.",
        "",
        f"Command: `.venv/bin/python bench/search.py --articles {args.articles} "
        f"--repeat {args.repeat}`",
        "",
        "| search | matches | median ms | p90 ms | × floor | queries | GIN index |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    lines += [
        f"| {name} | {looks[name][0]} | {median:.2f} | {p90:.2f} | {median / floor:.1f} |"
        f" {queries} | {'yes' if looks[name][1] else 'no'} |"
        for name, (median, p90, queries) in results.items()
    ]
    lines += [
        "",
        "A phrase of two words found in most articles is the slow case: the index finds the"
        " articles holding both words, and PostgreSQL must then read each one's positions"
        " from its vector (stored apart from the row, TOAST) to see whether they are side by"
        " side. Every other search reads the GIN index alone and ranks by the small title and"
        " excerpt vector when it finds over `ARTICLES_SEARCH_RANK_BODIES_UP_TO` (1,000)"
        " articles.",
        "",
        "Outside the page, called directly:",
        "",
        "| call | median ms | p90 ms |",
        "| --- | ---: | ---: |",
        f"| Read next for one article (`articles.related`, on a content fragment render) |"
        f" {related[0]:.2f} | {related[1]:.2f} |",
        f"| Refresh one article's vector and words (each save of an article or step) |"
        f" {save[0]:.2f} | {save[1]:.2f} |",
    ]
    report = "\n".join(lines) + "\n"
    print(report)
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "search.md").write_text(report)


if __name__ == "__main__":
    main()
