"""The anonymous page cache: hits, conditional requests, privacy and invalidation."""

import time
from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.services import comment_create

pytestmark = pytest.mark.django_db(transaction=True)  # pages are retired after commit


@pytest.fixture
def article(make_article):
    return make_article(title="Cached guide", slug="cached-guide")


def test_second_anonymous_visit_is_served_from_the_cache(client, article):
    first = client.get(article.get_absolute_url())
    assert first.status_code == HTTPStatus.OK and "X-Page-Cache" not in first
    with CaptureQueriesContext(connection) as queries:
        second = client.get(article.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert "public" in second["Cache-Control"] and "s-maxage=30" in second["Cache-Control"]
    assert "Cookie" in second["Vary"]


def test_repeat_visit_with_etag_or_date_gets_304(client, article):
    time.sleep(1.05)  # Last-Modified is sent once the second of the last change is over
    first = client.get(article.get_absolute_url())
    etag, modified = first["ETag"], first["Last-Modified"]
    assert (
        client.get(article.get_absolute_url(), headers={"if-none-match": etag}).status_code == 304
    )
    response = client.get(article.get_absolute_url(), headers={"if-modified-since": modified})
    assert response.status_code == HTTPStatus.NOT_MODIFIED


def test_a_change_in_the_same_second_never_gets_a_304_by_date(client, article, author):
    """Last-Modified has whole seconds: it is held back while the second of the last
    change lasts (the ETag covers it), so If-Modified-Since never hides a change made
    later in that second."""
    time.sleep(1 - time.time() % 1)  # at the start of a second
    comment_create(article=article, author=author, body="A change")
    fresh = client.get(article.get_absolute_url())  # within the same second
    assert "Last-Modified" not in fresh and fresh["ETag"]
    time.sleep(1 - time.time() % 1 + 0.01)
    later = client.get(article.get_absolute_url())
    modified = later["Last-Modified"]
    assert (
        client.get(article.get_absolute_url(), headers={"if-modified-since": modified}).status_code
        == HTTPStatus.NOT_MODIFIED
    )


def test_logged_in_pages_are_never_cached(client, article, author):
    client.force_login(author)
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert "ETag" not in response


def test_new_approved_comment_refreshes_the_cached_page(client, article, author):
    client.get(article.get_absolute_url())
    comment_create(article=article, author=author, body="Fresh from the author")
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "Fresh from the author" in response.content.decode()


def test_editing_the_article_refreshes_the_cached_page(client, article):
    old_etag = client.get(article.get_absolute_url())["ETag"]
    article.title = "Renamed guide"
    article.save()
    response = client.get(article.get_absolute_url(), headers={"if-none-match": old_etag})
    assert response.status_code == HTTPStatus.OK
    assert "Renamed guide" in response.content.decode()


def test_unpublishing_removes_the_cached_page(client, article):
    client.get(article.get_absolute_url())
    article.status = "draft"
    article.save()
    assert client.get(article.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_reader_with_a_draft_in_their_session_gets_their_own_page(client, article):
    client.get(article.get_absolute_url())  # cached, empty form
    client.post(f"/comments/post/{article.slug}/", {"body": "Draft typed while logged out"})
    response = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in response
    assert "Draft typed while logged out</textarea>" in response.content.decode()
    assert "no-store" in response["Cache-Control"]


def test_cached_page_comment_form_still_keeps_an_anonymous_draft(article):
    """The cached page carries another visitor's CSRF token; posting a draft from it
    must still work (it only stores the draft and sends the reader to log in)."""
    Client().get(article.get_absolute_url())
    visitor = Client(enforce_csrf_checks=True)
    assert visitor.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    response = visitor.post(f"/comments/post/{article.slug}/", {"body": "Mine"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")


def test_other_query_parameters_get_the_kept_page_and_are_not_stored(client, article):
    """utm_source, fbclid, a cache-busting ?x=: served the page kept for the address
    without them; a page rendered for them is not stored (unique query strings must not
    fill the cache, and its links carry the parameter)."""
    url = article.get_absolute_url()
    first = client.get(f"{url}?utm_source=news")
    assert first.status_code == HTTPStatus.OK and "X-Page-Cache" not in first
    assert "X-Page-Cache" not in client.get(f"{url}?utm_source=news")  # nothing was stored
    client.get(url)
    hit = client.get(f"{url}?fbclid=abc123&x=9")
    assert hit["X-Page-Cache"] == "hit" and "fbclid" not in hit.content.decode()
    # The parameters the page reads keep their own entries.
    assert "X-Page-Cache" not in client.get(f"{url}?cpage=1")
    assert client.get(f"{url}?cpage=1")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("query", ["?cpage=7", "?cpage=0", "?replytocom=123456", "?cpage=abc"])
def test_made_up_values_of_the_parameters_a_page_reads_are_not_stored(client, article, query):
    """A comment page that is not there, a reply to no comment: served (the page shows
    what it can), never stored, so a loop over numbers cannot fill the cache."""
    url = article.get_absolute_url() + query
    assert client.get(url).status_code == HTTPStatus.OK
    assert "X-Page-Cache" not in client.get(url)


def test_a_list_page_past_the_end_is_not_stored(client, article):
    assert client.get("/?page=999").status_code == HTTPStatus.OK
    assert "X-Page-Cache" not in client.get("/?page=999")
    client.get("/?page=1")
    assert client.get("/?page=1")["X-Page-Cache"] == "hit"


def test_shared_pages_set_no_csrf_cookie(client, article):
    """A response a proxy may share must not hand one visitor's CSRF cookie to the next;
    the anonymous comment form posts without one."""
    fresh = client.get(article.get_absolute_url())
    assert "public" in fresh["Cache-Control"]
    assert "csrftoken" not in fresh.cookies


@pytest.fixture
def redis_cache(settings):
    import redis

    location = "redis://127.0.0.1:6379/3"
    redis.Redis.from_url(location).ping()  # fails loudly without Redis: never skipped
    settings.CACHES = {
        "default": {
            "BACKEND": "caching.redis.ResilientRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": "test-page-cache",
        }
    }
    cache = caches["default"]
    cache.clear()
    yield cache
    cache.clear()


def test_invalidation_works_on_the_shared_redis_cache(redis_cache, article, author):
    one, two = Client(), Client()  # two "app servers" sharing one Redis
    one.get(article.get_absolute_url())
    assert two.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    comment_create(article=article, author=author, body="Seen by every server")
    assert "Seen by every server" in two.get(article.get_absolute_url()).content.decode()
    assert redis_cache.get("page-version:site") is not None


def test_home_page_is_cached_and_refreshed_by_a_new_article(client, article, make_article):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    make_article(title="Brand new guide")
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "Brand new guide" in response.content.decode()


def test_with_the_shared_cache_logged_in_pages_read_sessions_from_it(
    redis_cache, settings, article, author
):
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    one, two = Client(), Client()  # two "app servers" sharing one Redis
    one.force_login(author)
    two.cookies = one.cookies
    with CaptureQueriesContext(connection) as queries:
        assert two.get(article.get_absolute_url()).context["user"] == author
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]
    one.logout()
    assert not two.get(article.get_absolute_url()).context["user"].is_authenticated


def test_any_page_for_a_reader_with_a_session_is_private(client, author):
    client.force_login(author)
    response = client.get("/accounts/profile/")
    assert response.status_code == HTTPStatus.OK
    assert "private" in response["Cache-Control"]


def test_a_page_kept_in_a_workers_memory_is_never_served_after_a_change(client, article, author):
    """Each worker keeps pages in its own memory too, under the shared versions: after a
    change the shared versions move and the memory's copy is never asked for again."""
    from django.core.cache import cache, caches

    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    assert caches["pages_local"]._cache  # the page is in this worker's memory
    cache.clear()  # another worker's view: the shared copy is gone, the memory's stays
    assert "X-Page-Cache" not in client.get(article.get_absolute_url())
    comment_create(article=article, author=author, body="A newer word")
    assert "A newer word" in client.get(article.get_absolute_url()).content.decode()
