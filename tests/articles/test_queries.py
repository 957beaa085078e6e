"""A page costs the same number of queries however many articles or steps there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.django_db(transaction=True)  # the new articles retire the cached lists on commit
@pytest.mark.parametrize("url", ["/", "/authors/maren/", "/feed/", "/sitemap.xml"])
def test_listing_queries_do_not_grow_with_articles(client, make_article, url):
    make_article()
    few = count_queries(client, url)
    for _ in range(15):
        make_article()
    assert count_queries(client, url) == few


def test_article_page_queries_do_not_grow_with_steps(client, make_article, make_step, settings):
    settings.CACHING_PAGE_SECONDS = 0  # count what a render costs
    settings.CACHING_FRAGMENT_SECONDS = 0
    article = make_article()
    make_step(article, 1)
    few = count_queries(client, article.get_absolute_url())
    for position in range(2, 12):
        make_step(article, position)
    many = count_queries(client, article.get_absolute_url())
    assert many == few
    # The article (author, rating totals, comment switch joined), the author's story count,
    # the steps, categories and tags, the review byline, the sources and the "When to get
    # help now" box (medical), "Read next", the comment thread, and the "Did this help?" panel.
    assert many <= 11


def test_shared_fragments_spare_the_articles_own_queries(client, make_article, make_step, settings):
    settings.CACHING_PAGE_SECONDS = 0  # the page itself is rendered each time
    article = make_article()
    make_step(article, 1)
    first = count_queries(client, article.get_absolute_url())
    again = count_queries(client, article.get_absolute_url())
    # Steps, categories, tags, the story count, the review byline, the sources, the help
    # box and "Read next" come with the cached fragments: left are the article row, the
    # comment thread and the "Did this help?" panel.
    assert again == first - 8 == 3
