"""What an operator relies on: the health check, and a site that keeps serving when Redis,
its cache, cannot be reached."""

from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.test import Client

import caching.redis
from comments.services import comment_create

pytestmark = pytest.mark.django_db


def test_health_check_answers_probes_by_address_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.1.2.3")  # not an allowed host
    assert response.status_code == HTTPStatus.OK
    assert response.content.decode().splitlines() == [
        "ok",
        "database: ok",
        "cache: ok",
        "tasks: 0 waiting",
    ]
    assert response["Cache-Control"] == "no-store"
    assert client.post("/healthz").status_code == HTTPStatus.METHOD_NOT_ALLOWED


@pytest.fixture
def unreachable_redis(settings, monkeypatch):
    monkeypatch.setattr(caching.redis, "_skip_until", 0.0)
    monkeypatch.setattr(caching.redis, "_down", False)
    settings.CACHES = {
        "default": {
            "BACKEND": "caching.redis.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    yield caches["default"]


def test_without_redis_pages_sessions_and_votes_still_work(
    unreachable_redis, make_article, author, django_user_model, caplog
):
    article = make_article(title="Served without its cache", slug="no-cache")
    anonymous = Client()
    assert "Served without its cache" in anonymous.get(article.get_absolute_url()).content.decode()
    assert anonymous.get("/").status_code == HTTPStatus.OK
    comment_create(article=article, author=author, body="Still shown")
    assert "Still shown" in anonymous.get(article.get_absolute_url()).content.decode()

    reader = Client()
    reader.force_login(author)  # the session is in the database (cached_db)
    assert reader.get(article.get_absolute_url()).context["user"] == author
    vote = reader.post(f"/ratings/{article.slug}/stars/", {"score": "8"})
    assert vote.status_code == HTTPStatus.FOUND
    assert "8.0/10 (1 vote cast)" in anonymous.get(article.get_absolute_url()).content.decode()

    health = anonymous.get("/healthz")
    assert health.status_code == HTTPStatus.OK
    assert "cache: unreachable" in health.content.decode()
    assert sum("Redis cache unreachable" in r.getMessage() for r in caplog.records) == 1


def test_a_form_sent_without_its_security_token_gets_the_sites_own_page(author, make_article):
    article = make_article()
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(author)
    response = reader.post(f"/ratings/{article.slug}/stars/", {"score": "8"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    page = response.content.decode()
    assert "That form could not be accepted" in page and "reload the page" in page


def test_when_redis_answers_again_every_page_it_kept_is_retired(settings, monkeypatch):
    """Changes made during an outage could not bump the page versions: pages kept from
    before it must not come back."""
    import redis

    location = "redis://127.0.0.1:6379/5"
    redis.Redis.from_url(location).ping()  # fails loudly without Redis: never skipped
    settings.CACHES = {
        "default": {"BACKEND": "caching.redis.ResilientRedisCache", "LOCATION": location}
    }
    cache = caches["default"]
    cache.set("page-version:site", 1, None)
    monkeypatch.setattr(caching.redis, "_skip_until", 0.0)
    monkeypatch.setattr(caching.redis, "_down", True)  # as after a failed write
    monkeypatch.setattr(caching.redis, "_writes_lost", True)
    cache.get("anything")  # the first call that works again
    assert cache.get("page-version:site") != 1
    cache.clear()
