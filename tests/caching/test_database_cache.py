"""The default shared cache (caching/database.py): counters that hold under concurrency."""

import threading

import pytest
from django.core.cache import caches
from django.db import connection

from caching.models import CACHE_TABLE

pytestmark = pytest.mark.django_db(transaction=True)  # threads see only what is committed


@pytest.fixture
def shared(settings):
    # As the site sets it up (settings.py: a large cull threshold), on an empty table: other
    # tests' servers leave rows behind, and past Django's default of 300 a write culls a
    # third of them by key order, a counter of this test's included.
    settings.CACHES = {
        "default": settings.CACHES["default"],
        "shared": {
            "BACKEND": "caching.database.ResilientDatabaseCache",
            "LOCATION": CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 30000},
        },
    }
    caches["shared"].clear()
    return caches["shared"]


def test_two_workers_counting_at_once_lose_no_count(shared):
    """A rate limit counts with incr: 2 x 40 increments from two connections make 80."""
    shared.set("votes", 0, 60)
    start = threading.Barrier(2)

    def count():
        start.wait()
        try:
            for _ in range(40):
                caches["shared"].incr("votes")
        finally:
            connection.close()

    threads = [threading.Thread(target=count) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert shared.get("votes") == 80


def test_values_round_trip_and_expire(shared):
    shared.set("page", (b"<html>", "text/html", '"etag"'), 60)
    assert shared.get("page") == (b"<html>", "text/html", '"etag"')
    assert shared.add("page", "other") is False
    shared.set_many({"a": 1, "b": 2}, 60)
    assert shared.get_many(["a", "b", "c"]) == {"a": 1, "b": 2}


def test_counting_keeps_the_counters_expiry(shared):
    """A daily rate limit's counter must not be forgotten after Django's default five
    minutes because it was incremented."""
    shared.set("daily", 0, 86400)
    assert shared.incr("daily") == 1 and shared.incr("daily", -1) == 0
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT expires FROM {CACHE_TABLE}")  # noqa: S608
        (expires,) = cursor.fetchone()
    from django.utils import timezone

    assert (expires - timezone.now()).total_seconds() > 86000
