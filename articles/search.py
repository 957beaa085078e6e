"""Search over the published articles, and the index it reads.

On PostgreSQL each article carries a search vector (`Article.search_vector`, GIN-indexed):
its title weighted A, its excerpt B, its body and its picture guide's captions and alt text
C, stemmed for English; and `search_head`, the title and excerpt part alone. A search is
`websearch_to_tsquery` (words, "a phrase", or, -not) against the vector, ranked (see
_ranked_ids), with the matching words marked in the title and in a snippet of the body
(`ts_headline` over the plain-text body). When it finds nothing, or next to nothing, each
word the articles never use is replaced by the closest word they do (trigram similarity
over `SearchWord`, the vocabulary of the live articles): "siatica" finds "sciatica". On
SQLite (`make run`) a plain fallback: every word somewhere in the title, excerpt or body,
newest first.

The vectors are written by one statement (`refresh`) after every save of an article or of
a picture-guide step, whoever saves it (the admin and its inlines, the importer, the demo
loader, a shell): the model signals are connected in ArticlesConfig.ready(), as in
articles.announcements. A write that skips save() (`QuerySet.update`, `bulk_create`, raw
SQL) leaves them as they were: `manage.py rebuild_search_index` writes every one again.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db import connection, connections, router, transaction
from django.db.models import F, Q
from django.db.models.functions import Left
from django.db.models.signals import post_delete, post_save
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .conf import conf
from .models import Article, GuideStep, SearchWord

CONFIG = "english"
# What a search may be: longer ones are cut to this (and the reader told).
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
# The most results a search lists ("over 1,000 articles found" past it), and the most
# matches it reads.
MAX_RESULTS = 1000
MAX_MATCHES = 100_000
# Snippets come from the start of the body: ts_headline reads all it is given, and whole
# bodies made it the slowest part of the page. A match further on shows the summary.
SNIPPET_FROM_CHARS = 4000
# Fewer results than this and a corrected search is tried; it is offered ("Did you
# mean …?") when it finds more, used at once when the search found nothing.
FEW_RESULTS = 3
# Marks around the matched words in what ts_headline returns; the text is escaped, then
# each marked pair becomes <mark>…</mark> (characters of Unicode's private use area).
_START, _STOP = "\ue000", "\ue001"
_MARKED = re.compile(f"{_START}([^{_START}{_STOP}]*){_STOP}")
_BLOCK_END = re.compile(r"\s*\n\s*")
# Words a typo can be corrected in: letters only, three or more.
_WORD = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class Asked:
    """What the reader asked, made safe to search for."""

    text: str  # "" when there is nothing to search for
    shortened: bool  # the query was cut to MAX_QUERY_WORDS / MAX_QUERY_CHARS
    category: str  # slugs, "" for none
    tag: str


def read_query(params) -> Asked:
    """The search the query string asks for: control characters (NUL, which PostgreSQL
    refuses, among them) and extra spaces dropped, cut to MAX_QUERY_WORDS words and
    MAX_QUERY_CHARS characters."""
    raw = params.get("q", "")[: 4 * MAX_QUERY_CHARS]  # before any work on it
    visible = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in raw)
    words = visible.split()
    text = " ".join(words[:MAX_QUERY_WORDS])[:MAX_QUERY_CHARS].strip()
    shortened = len(words) > MAX_QUERY_WORDS or len(" ".join(words)) > MAX_QUERY_CHARS
    if not any(character.isalnum() for character in text):
        text = ""  # punctuation alone: nothing to look for
    return Asked(
        text=text,
        shortened=shortened and bool(text),
        category=params.get("category", "")[:80],
        tag=params.get("tag", "")[:60],
    )


@dataclass(frozen=True)
class Found:
    paginator: Paginator  # over the ids of the matches, best first (MAX_RESULTS at most)
    total: int  # how many articles match; MAX_RESULTS + 1 means more than MAX_RESULTS
    searched: str  # the query whose results these are
    corrected: str | None = None  # searched instead of what was asked (it found nothing)
    suggestion: str | None = None  # a corrected query that finds more ("Did you mean")

    @property
    def over(self) -> bool:
        """More match than MAX_RESULTS, the most that are listed."""
        return self.total > MAX_RESULTS

    @property
    def listed(self) -> int:
        return min(self.total, MAX_RESULTS)


def _postgres() -> bool:
    return connection.vendor == "postgresql"  # the replicas, if any, are PostgreSQL too


def _query(text):
    return SearchQuery(text, search_type="websearch", config=CONFIG)


def _ranked_ids(text, *, category, tag, using):
    """The ids of the published articles matching `text`, best first (MAX_RESULTS + 1 at
    most: one more says there are more). Ranked by title and excerpt (`search_head`, small
    and stored in the row) then the newest, in one query; when that finds at most
    conf.SEARCH_RANK_BODIES_UP_TO, those are ranked again by their whole vector (title >
    excerpt > body, and how often), in a second. Ranking thousands of matches by their
    bodies would read every one of their vectors, stored apart from the row (TOAST)."""
    articles = Article.objects.using(using).published().posts()
    if category is not None:
        articles = articles.filter(categories=category)
    if tag is not None:
        articles = articles.filter(tags=tag)
    if not _postgres():
        for word in text.split():
            articles = articles.filter(
                Q(title__icontains=word) | Q(excerpt__icontains=word) | Q(body_text__icontains=word)
            )
        ranked = articles.order_by("-published_at", "-id")
        return list(ranked.values_list("id", flat=True)[: MAX_RESULTS + 1])
    query = _query(text)
    # The match alone, in a subquery its LIMIT keeps apart: PostgreSQL plans it by itself,
    # where the GIN index is the one way to it (see find).
    matched = Article.objects.using(using).filter(search_vector=query).order_by().values("pk")
    matches = articles.filter(pk__in=matched[:MAX_MATCHES])

    def ranked_by(articles, vector):
        ranked = articles.annotate(rank=SearchRank(F(vector), query))
        ranked = ranked.order_by("-rank", "-published_at", "-id")
        return list(ranked.values_list("id", flat=True)[: MAX_RESULTS + 1])

    ids = ranked_by(matches, "search_head")
    if 1 < len(ids) <= min(conf.SEARCH_RANK_BODIES_UP_TO, MAX_RESULTS):
        ids = ranked_by(Article.objects.using(using).filter(pk__in=ids), "search_vector")
    return ids


def find(text, *, category=None, tag=None) -> Found:
    """Search, and correct the words the site does not use when that finds more: the
    ranked ids (one or two queries, see _ranked_ids) and, when they are few, the
    vocabulary and the corrected search.

    PostgreSQL is told to read the GIN index rather than the whole table: for a word in
    most articles its planner prefers reading the table, not counting that every row's
    vector is stored apart (TOAST) and must be fetched, ten times slower here
    (bench/results/search.md). `SET LOCAL` holds for this transaction only, on the
    connection the reads go to (a replica's, when sciatica_site.db_router picks one)."""
    using = router.db_for_read(Article)

    def search(query):
        ids = _ranked_ids(query, category=category, tag=tag, using=using)
        return Paginator(ids[:MAX_RESULTS], conf.PER_PAGE), len(ids)

    with transaction.atomic(using=using):
        if _postgres():
            with connections[using].cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        paginator, total = search(text)
        if total >= FEW_RESULTS:
            return Found(paginator, total, text)
        better = corrected(text, using=using)
        if better is None:
            return Found(paginator, total, text)
        better_paginator, better_total = search(better)
    if better_total <= total:
        return Found(paginator, total, text)
    if total == 0:
        return Found(better_paginator, better_total, better, corrected=better)
    return Found(paginator, total, text, suggestion=better)


def articles_on(page, searched, *, extend=lambda articles: articles) -> list[Article]:
    """The articles of a page of results, in its order, in one query, each with
    `search_title` and `search_snippet` to show (the matched words marked). `extend` adds
    to the query (articles.extensions' joins, for the cards' panels)."""
    ids = list(page.object_list)
    articles = extend(Article.objects.filter(pk__in=ids).for_listing())
    if _postgres():
        query = _query(searched)
        marks = {"config": CONFIG, "start_sel": _START, "stop_sel": _STOP}
        articles = articles.annotate(
            marked_title=SearchHeadline("title", query, highlight_all=True, **marks),
            marked_body=SearchHeadline(
                Left("body_text", SNIPPET_FROM_CHARS),
                query,
                max_words=30,
                min_words=12,
                max_fragments=2,
                fragment_delimiter=" … ",
                **marks,
            ),
        )
    by_id = {article.pk: article for article in articles}
    shown = [by_id[pk] for pk in ids if pk in by_id]
    for article in shown:
        title = getattr(article, "marked_title", None)
        body = getattr(article, "marked_body", None)
        article.search_title = marked(title) if title else article.title
        article.search_snippet = marked(body) if body and _START in body else article.summary
    return shown


def words_of(text) -> list[str]:
    """The words of `text` worth looking up (letters only, three or more), lower case,
    each once, in order."""
    return list(dict.fromkeys(word.lower() for word in _WORD.findall(text)))


# For each word typed: whether the articles use it, and the closest other word they use
# (pg_trgm's similarity, at least pg_trgm.similarity_threshold, 0.3) that is not the same
# word to the search ("exercise" for "exercises" would change nothing but the spelling).
_CLOSEST_WORDS = """
SELECT typed,
       EXISTS (SELECT 1 FROM {table} AS same WHERE same.word = typed),
       closest.word, closest.score
FROM unnest(%(typed)s::text[]) AS typed
LEFT JOIN LATERAL (
    SELECT known.word, similarity(known.word, typed) AS score FROM {table} AS known
    WHERE known.word %% typed
      AND plainto_tsquery(%(config)s, known.word) <> plainto_tsquery(%(config)s, typed)
    ORDER BY score DESC, known.word
    LIMIT 1
) AS closest ON true
"""
# A word the articles do use is replaced only by one this close (a typo that made it into
# an article: "siatica" in one body should still lead to "sciatica").
KNOWN_WORD_SIMILARITY = 0.5


def corrected(text, *, using=None) -> str | None:
    """`text` with its words corrected, in one query: a word the articles never use is
    replaced by the closest one they do, a word they use by a much closer one only; None
    when nothing changes (or not on PostgreSQL)."""
    typed = words_of(text)
    if not typed or not _postgres():
        return None
    with connections[using or router.db_for_read(SearchWord)].cursor() as cursor:
        cursor.execute(
            _CLOSEST_WORDS.format(table=SearchWord._meta.db_table),
            {"typed": typed, "config": CONFIG},
        )
        replacements = {
            word: closest
            for word, known, closest, score in cursor.fetchall()
            if closest and (not known or score >= KNOWN_WORD_SIMILARITY)
        }
    if not replacements:
        return None
    return _WORD.sub(lambda match: replacements.get(match.group(0).lower(), match.group(0)), text)


def marked(headline) -> str:
    """ts_headline's text, escaped, with the matched words in <mark>; where one block of
    the body ends and the next begins (a heading and its paragraph: a new line in
    body_text), a dash, so they do not read as one sentence."""
    escaped = _BLOCK_END.sub(" — ", escape(headline).strip())
    return mark_safe(  # noqa: S308 - escaped above; only our own <mark> tags added
        _MARKED.sub(r"<mark>\1</mark>", escaped).replace(_START, "").replace(_STOP, "")
    )


# --- the index ---------------------------------------------------------------------------

# One statement: the documents of the articles asked for, their vectors written, and the
# words of the live ones added to the vocabulary. (A data-modifying WITH runs once, to the
# end, whether or not the statement reads it.)
_REFRESH = """
WITH documents AS (
    SELECT article.id, article.status <> %(draft)s AS live, article.title, article.excerpt,
           setweight(to_tsvector(%(config)s, article.title), 'A')
           || setweight(to_tsvector(%(config)s, article.excerpt), 'B') AS head,
           concat_ws(' ', article.body_text, (
               SELECT string_agg(concat_ws(' ', step.caption, step.alt_text), ' ')
               FROM {step} AS step WHERE step.article_id = article.id
           )) AS body
    FROM {article} AS article
    WHERE %(ids)s::bigint[] IS NULL OR article.id = ANY(%(ids)s::bigint[])
), vectors AS (
    UPDATE {article} AS article
    SET search_head = documents.head,
        search_vector = documents.head || setweight(to_tsvector(%(config)s, documents.body), 'C')
    FROM documents WHERE article.id = documents.id
)
INSERT INTO {word} (word)
SELECT DISTINCT word FROM documents, unnest(tsvector_to_array(to_tsvector(
    'simple', concat_ws(' ', documents.title, documents.excerpt, documents.body)
))) AS word
WHERE documents.live AND word ~ '^[[:alpha:]]{{3,40}}$'
ON CONFLICT (word) DO NOTHING
"""


def refresh(article_ids=None, *, using=None, models=(Article, GuideStep, SearchWord)):
    """Write the search vectors of these articles (all when None) and add their words to
    the vocabulary, in one statement; nothing off PostgreSQL. `models` are the Article,
    GuideStep and SearchWord models to use (a migration passes its own)."""
    article, step, word = models
    target = connections[using or router.db_for_write(article)]
    if target.vendor != "postgresql":
        return
    sql = _REFRESH.format(
        article=target.ops.quote_name(article._meta.db_table),
        step=target.ops.quote_name(step._meta.db_table),
        word=target.ops.quote_name(word._meta.db_table),
    )
    ids = None if article_ids is None else [int(pk) for pk in article_ids]
    with target.cursor() as cursor:
        cursor.execute(sql, {"ids": ids, "draft": Article.Status.DRAFT, "config": CONFIG})


def rebuild(*, using=None, models=(Article, GuideStep, SearchWord)):
    """Every article's plain-text body, word count and vector written again, and the
    vocabulary made afresh (words of deleted or unpublished articles go)."""
    from sciatica_site.sanitizer import strip_all_tags

    article, _, word = models
    alias = using or router.db_for_write(article)
    with transaction.atomic(using=alias):
        rows = article.objects.using(alias).only("pk", "body_html", "body_text", "word_count")
        changed = []
        for row in rows.iterator(chunk_size=500):
            text = strip_all_tags(row.body_html)
            if (text, len(text.split())) != (row.body_text, row.word_count):
                row.body_text, row.word_count = text, len(text.split())
                changed.append(row)
        article.objects.using(alias).bulk_update(
            changed, ["body_text", "word_count"], batch_size=500
        )
        word.objects.using(alias).all().delete()
        refresh(using=alias, models=models)
    return len(changed)


def _article_saved(sender, instance, raw=False, using=None, **kwargs):
    if not raw:  # loaddata writes rows as they were dumped
        refresh([instance.pk], using=using)


def _step_saved_or_deleted(sender, instance, raw=False, using=None, **kwargs):
    if not raw:
        refresh([instance.article_id], using=using)


def connect():
    post_save.connect(_article_saved, sender=Article, dispatch_uid="search-article")
    for signal in (post_save, post_delete):
        signal.connect(_step_saved_or_deleted, sender=GuideStep, dispatch_uid="search-step")
