"""Read replicas against a real streaming replica of the test server (conftest.py): which
reads it serves, that nobody reads anything older than what they or a page version have
seen, and that a replica stopped or failing mid-page costs no page and no write."""

import json
import logging
import os
import subprocess
import sys
import time
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from comments.models import Comment
from comments.services import comment_create
from sciatica_site import db_router
from tests.servers import Server, production_env

from .conftest import ALIAS, ROOT

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", ALIAS])

FENCE = "SELECT pg_current_wal_flush_lsn()"  # the router's one query on the primary


class Reads:
    """The statements each database ran while the block ran."""

    def __enter__(self):
        self._captures = [CaptureQueriesContext(connections[a]) for a in ("default", ALIAS)]
        for capture in self._captures:
            capture.__enter__()
        return self

    def __exit__(self, *exc_info):
        for capture in self._captures:
            capture.__exit__(*exc_info)
        self.primary, self.replica = ([q["sql"] for q in c] for c in self._captures)

    @property
    def replica_page_queries(self):
        """The replica's statements other than the router's check of how far it is."""
        return [sql for sql in self.replica if "pg_last_wal_replay_lsn" not in sql]


def logged(caplog, text):
    return sum(text in record.getMessage() for record in caplog.records)


@pytest.fixture
def article(make_article):
    return make_article(title="Walking after a flare-up", slug="walking-after-a-flare-up")


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user(
        username="ilse", email="ilse@example.org", password="a long test password"
    )


@pytest.mark.parametrize("address", ["article", "/", "/feed/", "/sitemap.xml"])
def test_anonymous_pages_feeds_and_sitemap_are_read_from_the_replica(replica, article, address):
    replica.wait_until_caught_up()
    url = article.get_absolute_url() if address == "article" else address
    with Reads() as reads:
        response = Client().get(url)
    assert response.status_code == HTTPStatus.OK
    assert article.get_absolute_url() in response.content.decode()
    assert reads.primary == [FENCE]
    assert any("articles_article" in sql for sql in reads.replica_page_queries)
    assert not response.cookies  # a shared page carries no cookie


def test_a_page_is_never_read_from_a_replica_behind_the_primary(
    replica, article, author, settings, caplog
):
    """A comment bumps the page's version after it commits; a render reading a replica that
    has not replayed it would keep the old thread under the new version for ten minutes."""
    replica.wait_until_caught_up()
    anonymous = Client()
    assert "No comments yet" in anonymous.get(article.get_absolute_url()).content.decode()

    settings.DATABASE_REPLICA_BEHIND_LOG_SECONDS = 0
    settings.DATABASE_REPLICA_CATCH_UP_WAIT_SECONDS = 0
    replica.pause_replay()
    comment_create(article=article, author=author, body="Heat helped me more than ice.")
    assert replica.query("SELECT count(*) FROM comments_comment") == 0  # not replayed yet
    for _ in range(2):
        with Reads() as reads:
            page = anonymous.get(article.get_absolute_url())
        assert "Heat helped me more than ice." in page.content.decode()
        assert reads.replica_page_queries == []
    assert page["X-Page-Cache"] == "hit"  # the page kept is the fresh one
    assert logged(caplog, f"replica {ALIAS} has been behind the primary") == 1

    replica.resume_replay()
    replica.wait_until_caught_up()
    for _ in range(100):  # other tests write to this server too: it may be just behind
        cache.clear()
        with Reads() as reads:
            assert Client().get("/").status_code == HTTPStatus.OK
        if reads.replica_page_queries:
            break
    assert reads.replica_page_queries
    assert logged(caplog, f"replica {ALIAS} has caught up") == 1
    assert logged(caplog, f"replica {ALIAS} has been behind the primary") == 1


def test_a_reader_who_has_just_written_reads_from_the_primary_for_a_few_seconds(
    replica, article, reader, settings
):
    # Long enough for the steps below on a busy machine (5 s by default were once passed
    # between the post and the page in CI); the window's end is simulated further down.
    settings.DATABASE_REPLICA_STICKY_SECONDS = 60
    replica.wait_until_caught_up()
    client = Client()
    client.force_login(reader)
    with Reads() as reads:
        client.get(article.get_absolute_url())
    assert reads.replica_page_queries  # a logged-in reader's page, from the replica

    posted = client.post(f"/comments/post/{article.slug}/", {"body": "Day three: less pain."})
    assert posted.status_code == HTTPStatus.FOUND
    assert float(posted.cookies[db_router.STICKY_COOKIE].value) > time.time()
    assert client.post(f"/ratings/{article.slug}/stars/", {"score": "8"}).status_code == 302
    with Reads() as reads:
        page = client.get(article.get_absolute_url()).content.decode()
    assert "Day three: less pain." in page and "awaiting moderation" in page
    assert "Your rating: 8 out of 10" in page
    assert reads.replica == []  # not even asked how far it is

    client.cookies[db_router.STICKY_COOKIE] = str(time.time() - 1)  # the seconds have passed
    with Reads() as reads:
        page = client.get(article.get_absolute_url()).content.decode()
    assert "Day three: less pain." in page and "Your rating: 8 out of 10" in page
    assert reads.replica_page_queries


def test_with_the_replica_stopped_pages_answer_and_writes_land_once(
    replica, article, reader, settings, caplog
):
    settings.DATABASE_REPLICA_RETRY_SECONDS = 0  # try it at every request: still logged once
    caplog.set_level(logging.WARNING, logger="sciatica_site.db_router")
    replica.wait_until_caught_up()
    anonymous = Client()
    with Reads() as reads:
        assert anonymous.get(article.get_absolute_url()).status_code == HTTPStatus.OK
    assert reads.replica_page_queries

    replica.stop()
    for url in (article.get_absolute_url(), "/", "/feed/", "/sitemap.xml", "/", "/feed/"):
        cache.clear()  # rendered, not served from the page cache
        response = anonymous.get(url)
        assert response.status_code == HTTPStatus.OK, url
        assert article.get_absolute_url() in response.content.decode()
    client = Client()
    client.force_login(reader)
    posted = client.post(f"/comments/post/{article.slug}/", {"body": "Written while it was down"})
    assert posted.status_code == HTTPStatus.FOUND
    assert Comment.objects.filter(body="Written while it was down").count() == 1
    assert logged(caplog, f"replica {ALIAS} unreachable") == 1
    assert logged(caplog, "reachable again") == 0

    replica.start()
    replica.wait_until_caught_up()
    for _ in range(2):
        with Reads() as reads:
            assert anonymous.get("/feed/").status_code == HTTPStatus.OK
        assert reads.replica_page_queries
    assert logged(caplog, f"replica {ALIAS} reachable again") == 1
    assert logged(caplog, f"replica {ALIAS} unreachable") == 1
    written = "SELECT count(*) FROM comments_comment WHERE body = %s"
    assert replica.query(written, ["Written while it was down"]) == 1


def test_gunicorn_given_database_replica_urls_reads_the_replica_and_rides_out_its_stop(
    replica, article, static_root, tmp_path
):
    """As in production: the replica named in DATABASE_REPLICA_URLS, two gunicorn workers,
    the database as the cache, the replica stopped between two requests."""
    database = connections["default"].settings_dict
    replica_url = f"postgres://{database['USER']}@127.0.0.1:{replica.port}/{database['NAME']}"
    env = production_env(
        {"DJANGO_STATIC_ROOT": str(static_root), "DATABASE_REPLICA_URLS": replica_url}
    )
    server = Server(env, workers=2, log_path=tmp_path / "gunicorn.log").wait()
    try:
        replica.wait_until_caught_up()
        read_there = (
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND query LIKE '%%articles_article%%'"
        )
        for _ in range(50):  # the feed is rendered at each request (no page cache)
            status, _, body = server.request("/feed/")
            assert status == HTTPStatus.OK and "Walking after a flare-up" in body
            if replica.query(read_there):
                break
        assert replica.query(read_there)

        replica.stop()
        for path in (article.get_absolute_url(), "/", "/feed/", "/sitemap.xml") * 3:
            status, _, body = server.request(path)
            assert status == HTTPStatus.OK, (path, server.log())
            assert article.get_absolute_url() in body
        log = server.log()
        assert 1 <= log.count(f"Database replica {ALIAS} unreachable") <= 2  # once a worker
        assert "Traceback" not in log, log
    finally:
        server.stop()


def test_a_replica_failing_in_the_middle_of_a_page_is_read_again_from_the_primary(
    replica, article, caplog
):
    replica.wait_until_caught_up()
    cut = []

    def cut_the_connection_before_the_pages_first_query(execute, sql, params, many, context):
        if "pg_last_wal_replay_lsn" not in sql and not cut:
            backend = connections[ALIAS].connection.get_backend_pid()
            cut.append(replica.query("SELECT pg_terminate_backend(%s, 5000)", [backend]))
        return execute(sql, params, many, context)

    with (
        connections[ALIAS].execute_wrapper(cut_the_connection_before_the_pages_first_query),
        Reads() as reads,
    ):
        response = Client().get(article.get_absolute_url())
    assert cut == [True]
    assert response.status_code == HTTPStatus.OK
    assert "Walking after a flare-up" in response.content.decode()
    assert any("articles_article" in sql for sql in reads.primary)
    assert logged(caplog, f"replica {ALIAS} unreachable") == 1


def test_writes_transactions_and_reads_after_a_write_use_the_primary(replica, article):
    replica.wait_until_caught_up()
    with db_router.replica_reads() as state:
        with Reads() as reads:
            assert Article.objects.filter(pk=article.pk).exists()
        assert state.replica == ALIAS and reads.replica_page_queries

        with Reads() as reads, transaction.atomic():
            assert Article.objects.filter(pk=article.pk).exists()
            Article.objects.select_for_update().get(pk=article.pk)
        assert reads.replica == []
        assert sum("articles_article" in sql for sql in reads.primary) == 2

        with Reads() as reads:
            Article.objects.filter(pk=article.pk).update(title="Walking, week two")
            assert Article.objects.get(pk=article.pk).title == "Walking, week two"
        assert reads.replica == [] and state.wrote


def test_the_cache_table_is_read_from_the_primary_and_is_not_the_readers_write(
    replica, article, settings
):
    """Django's database cache (the default without Redis) keeps page versions: reading them
    from a replica could serve a retired page, and writing them is no reason to stick."""
    settings.CACHES = {
        "default": {
            "BACKEND": "caching.database.ResilientDatabaseCache",
            "LOCATION": "caching_cache_entry",
        }
    }
    replica.wait_until_caught_up()
    with Reads() as reads:
        response = Client().get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert any("caching_cache_entry" in sql for sql in reads.primary)
    assert not any("caching_cache_entry" in sql for sql in reads.replica)
    assert any("articles_article" in sql for sql in reads.replica_page_queries)
    assert not response.cookies


@pytest.mark.django_db(databases=[])
def test_replica_urls_become_aliases_that_give_up_connecting_after_two_seconds():
    code = (
        "import json; from django.conf import settings; print(json.dumps({alias: ["
        "db['HOST'], db['PORT'], db['OPTIONS'], db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'],"
        " db['TEST']['MIRROR']] for alias, db in settings.DATABASES.items()}))"
    )
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))},
        "DJANGO_SETTINGS_MODULE": "sciatica_site.settings",
        "DJANGO_DEBUG": "1",
        "DATABASE_URL": "postgres://blog@10.0.0.1:5432/blog",
        "DATABASE_REPLICA_URLS": (
            " postgres://reader@10.0.0.2:5432/blog,postgres://reader@10.0.0.3:6432/blog "
        ),
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    databases = json.loads(result.stdout)
    assert databases["replica_1"] == [
        "10.0.0.2",
        5432,
        {"connect_timeout": 2},
        60,
        True,
        "default",
    ]
    assert databases["replica_2"][:3] == ["10.0.0.3", 6432, {"connect_timeout": 2}]

    sqlite = {**env, "DATABASE_URL": "sqlite:///db.sqlite3"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=sqlite,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DATABASE_REPLICA_URLS needs PostgreSQL" in result.stderr


@pytest.mark.django_db(databases=[])
@pytest.mark.parametrize(
    ("ahead", "primary"),
    [
        (-1, False),  # the window has passed
        (0.001, True),
        (5, True),
        (5.0005, True),  # set at the end of the last request, rounded up to the millisecond
        (6.5, False),  # further ahead than we ever set: not ours, ignored
        (3600, False),
    ],
)
def test_the_read_primary_cookie_is_trusted_for_the_window_we_set_and_no_further(
    rf, settings, ahead, primary
):
    settings.DATABASE_REPLICA_STICKY_SECONDS = 5
    request = rf.get("/")
    request.COOKIES[db_router.STICKY_COOKIE] = f"{time.time() + ahead:.4f}"
    assert db_router._reads_from_primary_for_now(request) is primary
