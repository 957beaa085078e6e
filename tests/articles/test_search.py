"""Search (/search/?q=): what a reader finds, how it is ranked, marked and corrected, what
hostile input gets, what it costs, and that the index follows every kind of write."""

import os
import re
import subprocess
import sys
from datetime import timedelta
from http import HTTPStatus
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search
from articles.models import Article, Category, SearchWord, Tag

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def results(client, **params):
    """(titles of the results in order, the page's HTML)."""
    response = client.get("/search/", params)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    titles = re.findall(r'class="search-result__title"><a href="[^"]+">(.*?)</a>', html)
    return [re.sub(r"</?mark>", "", title) for title in titles], html


def test_the_header_has_a_labelled_search_box_on_every_page(client, make_article):
    html = client.get("/").content.decode()
    form = re.search(r'<form class="site-search" role="search".*?</form>', html, re.S).group(0)
    assert 'action="/search/"' in form and 'method="get"' in form
    assert '<label class="visually-hidden" for="id_site_q">Search the articles</label>' in form
    assert 'id="id_site_q" name="q"' in form


def test_finds_words_in_title_excerpt_body_and_picture_guide(client, make_article, make_step):
    make_article(title="Hamstring basics", slug="hamstring")
    make_article(title="A", slug="a", excerpt="Why the piriformis matters.")
    make_article(title="B", slug="b", body="<p>Try a <strong>towel</strong> under the knee.</p>")
    with_guide = make_article(title="C", slug="c")
    make_step(with_guide, 1, caption="Roll onto the foam roller.", alt_text="A yoga block")
    assert results(client, q="hamstring")[0] == ["Hamstring basics"]
    assert results(client, q="piriformis")[0] == ["A"]
    assert results(client, q="towel")[0] == ["B"]
    assert results(client, q="roller")[0] == ["C"]
    assert results(client, q="yoga")[0] == ["C"]


def test_title_outranks_excerpt_outranks_body(client, make_article):
    make_article(title="In the body", slug="body", body="<p>Notes on walking daily.</p>")
    make_article(title="Walking", slug="title")
    make_article(title="In the excerpt", slug="excerpt", excerpt="About walking.")
    assert results(client, q="walking")[0] == ["Walking", "In the excerpt", "In the body"]


def test_many_matches_rank_by_title_and_excerpt_then_the_newest(client, make_article, settings):
    """Past ARTICLES_SEARCH_RANK_BODIES_UP_TO matches the bodies no longer count how often
    they use the word: ranking them would read every body's vector."""

    now = timezone.now()

    def make(title, days_ago, **fields):
        when = now - timedelta(days=days_ago)
        make_article(title=title, slug=title.lower(), published_at=when, **fields)

    make("Often", 3, body="<p>Sleep, sleep, sleep, sleep.</p>")
    make("Once", 1, body="<p>Sleep.</p>")
    make("Sleep", 9)
    make("Excerpt", 8, excerpt="Sleep well.")
    assert results(client, q="sleep")[0] == ["Sleep", "Excerpt", "Often", "Once"]
    settings.ARTICLES_SEARCH_RANK_BODIES_UP_TO = 3
    assert results(client, q="sleep")[0] == ["Sleep", "Excerpt", "Once", "Often"]


def test_words_are_stemmed_in_english(client, make_article):
    make_article(title="Stretching for runners", slug="runners")
    assert results(client, q="stretches")[0] == ["Stretching for runners"]
    assert results(client, q="stretched runner")[0] == ["Stretching for runners"]


def test_phrase_and_excluded_word(client, make_article):
    make_article(title="Knee pain at night", slug="knee-night")
    make_article(title="Night knee pain", slug="night-knee")
    assert set(results(client, q='"knee pain"')[0]) == {"Knee pain at night", "Night knee pain"}
    assert results(client, q='"pain at night"')[0] == ["Knee pain at night"]
    assert results(client, q="knee -night")[0] == []


def test_matches_are_marked_and_the_text_around_them_escaped(client, make_article):
    make_article(
        title="Sciatica <and> you",
        slug="marked",
        body='<p>If pain &lt; 5 &amp; sciatica &gt; 3, "rest".</p>',
    )
    titles, html = results(client, q="sciatica")
    assert titles == ["Sciatica &lt;and&gt; you"]
    assert "<mark>Sciatica</mark> &lt;and&gt; you" in html
    snippet = re.search(r'class="search-result__snippet">(.*?)</p>', html, re.S).group(1)
    assert "pain &lt; 5 &amp; <mark>sciatica</mark> &gt; 3, &quot;rest" in snippet


def test_a_snippet_keeps_a_heading_apart_from_its_paragraph(client, make_article):
    # Written by the editor (no line breaks between blocks), or hard-wrapped in the source.
    make_article(
        title="Posture",
        slug="posture",
        body="<h2>Before you start</h2><p>A few habits of\nsitting help.</p><p>Line<br>break</p>",
    )
    html = results(client, q="habits")[1]
    snippet = re.search(r'class="search-result__snippet">(.*?)</p>', html, re.S).group(1)
    assert "Before you start — A few <mark>habits</mark> of sitting help. — Line — break" in snippet


def test_a_snippet_without_a_match_in_the_body_is_the_summary(client, make_article):
    make_article(title="Posture", slug="posture", excerpt="Sit tall.", body="<p>Other text.</p>")
    html = results(client, q="posture")[1]
    assert re.search(r'class="search-result__snippet">Sit tall.</p>', html)


def test_a_typo_is_corrected_when_nothing_matches(client, make_article):
    make_article(title="Easing sciatica at home", slug="sciatica")
    titles, html = results(client, q="siatica")
    assert titles == ["Easing sciatica at home"]
    assert (
        "Showing results for <strong>sciatica</strong> (you searched for <em>siatica</em>)." in html
    )
    assert "<title>“siatica”: 1 result · Search" in html


def test_a_correction_keeps_the_words_spelled_right_and_the_quotes(client, make_article):
    make_article(title="Gentle stretches for sciatica", slug="gentle")
    titles, html = results(client, q='"gentle strecthes" siatica')
    assert titles == ["Gentle stretches for sciatica"]
    assert "Showing results for <strong>&quot;gentle stretches&quot; sciatica</strong>" in html


def test_a_few_results_offer_the_correction_that_finds_more(client, make_article):
    make_article(title="A note on sciatic nerves", slug="nerve", body="<p>I wrote siatica.</p>")
    for number in range(3):
        make_article(title=f"Sciatica {number}", slug=f"sciatica-{number}")
    titles, html = results(client, q="siatica")
    assert titles == ["A note on sciatic nerves"]
    assert 'Did you mean <a href="?q=sciatica">sciatica</a>?' in html


def test_a_word_from_a_draft_is_never_offered(client, make_article):
    make_article(title="Coccydynia explained", slug="draft", status=Article.Status.DRAFT)
    make_article(title="Tailbone pain", slug="tailbone")
    titles, html = results(client, q="coccydinia")
    assert titles == []
    assert "coccydynia" not in html.lower()
    assert not SearchWord.objects.filter(word="coccydynia").exists()


def test_drafts_and_articles_scheduled_for_later_are_not_found(client, make_article):
    make_article(title="Hidden sciatica draft", slug="draft", status=Article.Status.DRAFT)
    make_article(
        title="Future sciatica",
        slug="future",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=1),
    )
    make_article(title="Live sciatica", slug="live")
    assert results(client, q="sciatica")[0] == ["Live sciatica"]


def test_filters_by_category_and_tag(client, make_article):
    exercise = Category.objects.create(name="Exercise guides", slug="exercise")
    walking = Tag.objects.create(name="walking", slug="walking")
    in_category = make_article(title="Hip stretch guide", slug="guide")
    in_category.categories.add(exercise)
    tagged = make_article(title="Hip pain when walking", slug="walk")
    tagged.tags.add(walking)
    make_article(title="Hip replacement", slug="other")
    assert len(results(client, q="hip")[0]) == 3
    titles, html = results(client, q="hip", category="exercise")
    assert titles == ["Hip stretch guide"]
    assert '<option value="exercise" selected>Exercise guides</option>' in html
    assert results(client, q="hip", tag="walking")[0] == ["Hip pain when walking"]
    assert results(client, q="hip", category="exercise", tag="walking")[0] == []
    # A filter that names nothing is left out rather than hiding everything.
    assert len(results(client, q="hip", category="no-such-thing")[0]) == 3


def test_results_are_paginated_and_the_links_keep_the_search(client, make_article, settings):
    settings.ARTICLES_PER_PAGE = 10
    tag = Tag.objects.create(name="back", slug="back")
    for number in range(12):
        make_article(title=f"Back care {number}", slug=f"back-{number}").tags.add(tag)
    first, html = results(client, q="back care", tag="back")
    assert len(first) == 10
    assert "12 articles found" in html
    assert 'href="?q=back+care&amp;tag=back&amp;page=2">Next →</a>' in html
    second, html = results(client, q="back care", tag="back", page="2")
    assert len(second) == 2 and not set(first) & set(second)
    assert "Page 2 of 2" in html
    # A page past the end shows the last one; one that is not a number, the first.
    assert results(client, q="back care", page="99")[0] == second
    assert results(client, q="back care", page="x")[0] == first


def test_empty_search_shows_the_form_and_an_example(client):
    titles, html = results(client, q="")
    assert titles == []
    assert 'id="id_q" name="q" value=""' in html
    assert "Type a word or two above" in html
    assert '<meta name="robots" content="noindex">' in html


@pytest.mark.parametrize(
    "query",
    [
        "   ",
        "!!!",
        "a\x00b",
        "\x00",
        "'; DROP TABLE articles_article; --",
        "&|!:*()<>",
        "sciatica:*",
        '"unclosed phrase',
        "- -- or OR",
        "<script>alert(1)</script>",
        "%_\\",
        "🙂 pain",
        "the and of",
        "x" * 5000,
        "word " * 400,
        "\ue000sciatica\ue001",
    ],
)
def test_hostile_or_odd_queries_get_a_page_not_an_error(client, make_article, query):
    make_article(title="Sciatica and pain", slug="pain")
    response = client.get("/search/", {"q": query})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "\x00" not in html and "\ue000" not in html


def test_a_long_search_is_cut_and_the_reader_told(client, make_article):
    make_article(title="Sciatica", slug="sciatica")
    words = ["sciatica"] + [f"filler{n}" for n in range(30)]
    response = client.get("/search/", {"q": " ".join(words)})
    html = response.content.decode()
    assert "Your search was long: only its first words were looked for" in html
    assert search.read_query({"q": " ".join(words)}).text == " ".join(words[:12])
    assert len(search.read_query({"q": "y" * 5000}).text) == search.MAX_QUERY_CHARS


def count_queries(client, **params):
    """Statements a search page sends (less the savepoints of the test's own transaction)."""
    with CaptureQueriesContext(connection) as context:
        assert client.get("/search/", params).status_code == HTTPStatus.OK
    return len([q for q in context.captured_queries if "SAVEPOINT" not in q["sql"]])


def test_queries_do_not_grow_with_results(client, make_article):
    for number in range(3):
        make_article(title=f"Walking {number}", slug=f"walking-{number}")
    few = count_queries(client, q="walking")
    for number in range(3, 25):
        make_article(title=f"Walking {number}", slug=f"walking-{number}")
    assert count_queries(client, q="walking") == few
    # Categories and tags (the filters), SET LOCAL enable_seqscan, the ids ranked by title
    # and excerpt then by the whole text (at most 1,000 matches), the page's articles
    # (with what extensions join).
    assert few == 6
    # A typo costs the vocabulary and the corrected search on top.
    assert count_queries(client, q="walkign") == few + 2


def test_search_pages_are_not_kept_in_the_page_cache(client, make_article, settings):
    settings.CACHING_PAGE_SECONDS = 300
    make_article(title="Cached walking", slug="walk")
    response = client.get("/search/", {"q": "walking"})
    assert "X-Page-Cache" not in client.get("/search/", {"q": "walking"})
    assert "public" not in response.get("Cache-Control", "")


# --- the index follows every write ------------------------------------------------------


def test_the_vector_follows_edits_of_the_article_and_its_steps(client, make_article, make_step):
    article = make_article(title="Morning routine", slug="routine")
    assert results(client, q="routine")[0] == ["Morning routine"]
    article.title = "Evening habits"
    article.save()
    assert results(client, q="routine")[0] == []
    assert results(client, q="habits")[0] == ["Evening habits"]
    step = make_step(article, 1, caption="Lie on the mat.")
    assert results(client, q="mat")[0] == ["Evening habits"]
    step.caption = "Stand by the wall."
    step.save()
    assert results(client, q="mat")[0] == []
    assert results(client, q="wall")[0] == ["Evening habits"]
    step.delete()
    assert results(client, q="wall")[0] == []


def test_imported_articles_are_found(client, author):
    call_command("import_wordpress", str(ROOT / "tests/wpimport/files/blog.xml"), stdout=StringIO())
    titles = results(client, q="stretches")[0]
    assert "Morning stretches for a stiff back" in titles
    assert results(client, q="strecthes")[0] == titles


def test_rebuild_command_indexes_rows_written_past_save(client, author, make_article):
    gone = make_article(title="Zygapophyseal joints", slug="gone")
    gone.delete()
    Article.objects.bulk_create(  # no save(), no signals: no plain text, no vector
        [
            Article(
                title="Bulk loaded",
                slug="bulk",
                author=author,
                body="<p>Lumbar <em>support</em> cushions.</p>",
                body_html="<p>Lumbar <em>support</em> cushions.</p>",
                status=Article.Status.PUBLISHED,
                published_at=timezone.now() - timedelta(hours=1),
            )
        ]
    )
    assert results(client, q="lumbar")[0] == []
    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Search index rebuilt: 1 articles (1 plain-text bodies rewritten)" in out.getvalue()
    assert results(client, q="lumbar")[0] == ["Bulk loaded"]
    bulk = Article.objects.get(slug="bulk")
    assert (bulk.body_text, bulk.word_count) == ("Lumbar support cushions.", 3)
    assert not SearchWord.objects.filter(word="zygapophyseal").exists()
    assert SearchWord.objects.filter(word="lumbar").exists()


def test_the_vectors_and_the_vocabulary_have_their_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE indexname IN %s",
            [("articles_article_search_vector_gin", "articles_searchword_word_trgm")],
        )
        indexes = dict(cursor.fetchall())
        cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone()
    assert "USING gin (search_vector)" in indexes["articles_article_search_vector_gin"]
    assert "gin (word gin_trgm_ops)" in indexes["articles_searchword_word_trgm"]


def test_a_search_reads_the_gin_index_even_for_a_word_in_every_article(make_article):
    """PostgreSQL's planner would read the whole table for a common word (every row's
    vector fetched from TOAST); articles.search.find tells it not to. The plans are those
    of the search's own queries, in its own transaction."""
    for number in range(30):
        make_article(title=f"Walking {number}", slug=f"walking-{number}")
    plans = []

    def explain(execute, sql, params, many, context):
        if "ts_rank(" in sql:
            with context["connection"].connection.cursor() as cursor:  # past the wrapper
                cursor.execute("EXPLAIN " + sql, params)
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(explain):
        assert search.find("walking").total == 30
    # Ranked by title and excerpt (the index finds the matches), then those ranked again
    # by their whole text (read by their primary keys).
    assert len(plans) == 2
    assert "Bitmap Index Scan on articles_article_search_vector_gin" in plans[0], plans[0]
    assert "articles_article_pkey" in plans[1], plans[1]


def test_make_run_on_sqlite_migrates_and_searches(tmp_path):
    """`make run` migrates a SQLite file (no pg_trgm, no GIN index there); the search page
    answers with the plain fallback, and "Read next" works there too."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        DJANGO_DEBUG="1",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_SETTINGS_MODULE="sciatica_site.settings",
    )
    script = (
        "from django.core.management import call_command;"
        "from django.test import Client;"
        "call_command('migrate', verbosity=0);"
        "call_command('load_demo', no_admin=True, verbosity=0);"
        "page = Client().get('/search/', {'q': 'Sciatica gentle'}, HTTP_HOST='127.0.0.1');"
        "print(page.status_code, page.content.decode().count('class=\"search-result\"'));"
        "page = Client().get('/articles/easing-sciatica-four-gentle-exercises/',"
        " HTTP_HOST='127.0.0.1');"
        "print(page.status_code, page.content.decode().count('class=\"related__item\"'))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # One result; the demo article's two fellow articles to read next.
    assert result.stdout.split()[-4:] == ["200", "1", "200", "2"], result.stdout
