"""What to read next: the published articles closest to one article, in one query.

First those sharing its labels (a shared tag counts two, a shared category one: tags are
narrower), the most shared first, then the newest. When they are fewer than asked for, the
rest by text similarity on PostgreSQL: articles whose title or excerpt (`search_head`, small
enough to read for every article) has words of its title, best ranked first; that part of
the query runs only then. Drafts and articles scheduled for later never appear.

Shown in the article's content fragment, which every change to an article retires (its key
holds the site's version, which caching.invalidation.article_changed bumps).
"""

from django.db import connection
from django.utils import timezone

from .conf import conf
from .models import Article
from .search import CONFIG, words_of

TAG_WEIGHT, CATEGORY_WEIGHT = 2, 1

# The live articles (as ArticleQuerySet.published) other than the one read.
_LIVE = (
    "live.id <> %s AND live.kind = 'post' AND live.status IN ({statuses}) "
    "AND live.published_at <= %s"
)
# Those sharing labels with it: scored from the two link tables alone (narrow rows, their
# indexes), kept when live by their primary key, and only the few chosen read whole.
# Grouping the articles themselves by their labels, or joining every live article, read
# thousands of wide rows (bench/results/search.md).
_LABELLED = """
SELECT scores.article_id, scores.score, 0.0 AS similarity, live.published_at
FROM (
    SELECT article_id, sum(weight) AS score
    FROM (
        SELECT link.article_id, %s AS weight FROM {tags} AS link
        WHERE link.tag_id IN (SELECT tag_id FROM {tags} WHERE article_id = %s)
        UNION ALL
        SELECT link.article_id, %s FROM {categories} AS link
        WHERE link.category_id IN (SELECT category_id FROM {categories} WHERE article_id = %s)
    ) AS shared
    GROUP BY article_id
) AS scores
JOIN {articles} AS live ON live.id = scores.article_id
WHERE {live}
ORDER BY scores.score DESC, live.published_at DESC, live.id DESC
LIMIT %s
"""
# Those whose title or excerpt has words of its title; read only when the labelled ones
# are fewer than asked for (a one-time filter: PostgreSQL skips the scan otherwise).
_ALIKE = """
SELECT live.id, 0, ts_rank(live.search_head, query), live.published_at
FROM {articles} AS live, websearch_to_tsquery(%s, %s) AS query
WHERE (SELECT count(*) FROM labelled) < %s
  AND live.search_head @@ query AND {live}
  AND live.id NOT IN (SELECT article_id FROM labelled)
ORDER BY 3 DESC, live.published_at DESC, live.id DESC
LIMIT %s
"""
_RELATED = """
WITH labelled AS ({labelled}), best AS (
    SELECT * FROM labelled{alike}
)
SELECT {columns} FROM best JOIN {articles} AS other ON other.id = best.article_id
ORDER BY best.score DESC, best.similarity DESC, best.published_at DESC, other.id DESC
LIMIT %s
"""
# What "Read next" shows of an article (its template): the rest is left unread.
_SHOWN = ("id", "kind", "title", "slug", "excerpt", "summary_text", "word_count", "published_at")


def related_articles(article, *, limit=None) -> list[Article]:
    limit = conf.RELATED_COUNT if limit is None else limit
    if not article.pk or limit <= 0:
        return []
    quote = connection.ops.quote_name
    names = {
        "tags": quote(Article.tags.through._meta.db_table),
        "categories": quote(Article.categories.through._meta.db_table),
        "articles": quote(Article._meta.db_table),
    }
    live = _LIVE.format(statuses=", ".join(["%s"] * len(Article.LIVE_STATUSES)))
    live_params = [article.pk, *Article.LIVE_STATUSES, timezone.now()]
    labelled = _LABELLED.format(live=live, **names)
    params = [TAG_WEIGHT, article.pk, CATEGORY_WEIGHT, article.pk, *live_params, limit]
    alike = ""
    words = words_of(article.title)
    if words and connection.vendor == "postgresql":
        alike = f"\n    UNION ALL ({_ALIKE.format(live=live, **names)})"
        params += [CONFIG, " or ".join(words), limit, *live_params, limit]
    sql = _RELATED.format(
        labelled=labelled,
        alike=alike,
        columns=", ".join(f"other.{quote(column)}" for column in _SHOWN),
        **names,
    )
    return list(Article.objects.raw(sql, [*params, limit]))
