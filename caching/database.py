"""The default shared cache when no Redis is configured: Django's database cache, in a
table of our own (`caching.models.CacheEntry`, created by `migrate`).

Every worker and every app server that shares the database shares this cache, so what must
be seen by all of them is: page versions (a vote through one worker retires the page in
every other), the pages and fragments kept under them, and the rate limits (failed logins,
sign-ups, votes). A per-process cache cannot hold any of these with more than one worker
(measured: after one vote, two gunicorn workers served the old and the new average in
turn for ten minutes).

Django's database cache adds one to a counter by reading it and writing it back; two
requests at once could both read 3 and write 4, letting a reader past a rate limit. Here
the read and the write happen under a lock on the counter's row. And a database that
cannot be reached makes the cache miss rather than fail (ResilientDatabaseCache): the
pages and /healthz say the database is down, not a cache call in the middle of them.
"""

import functools
import logging
from datetime import UTC, datetime

from django.core.cache.backends.db import DatabaseCache
from django.db import InterfaceError, OperationalError, connections, router, transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


class SharedDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        """Add `delta` under a lock on the row, keeping the entry's expiry (Django's
        generic incr writes the value back with the default timeout: a counter of a
        daily rate limit would be forgotten after five minutes)."""
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self._table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        with transaction.atomic(using=db):
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT expires FROM {table} WHERE cache_key = %s{lock}",  # noqa: S608 - quoted table name
                    [self.make_and_validate_key(key, version=version)],
                )
                row = cursor.fetchone()
            value = self.get(key, self._missing_key, version=version)
            if row is None or value is self._missing_key:
                raise ValueError(f"Key '{key}' not found")
            expires = row[0]
            if isinstance(expires, str):  # SQLite
                expires = datetime.fromisoformat(expires)
            if timezone.is_naive(expires):
                expires = timezone.make_aware(expires, UTC)
            seconds = max(1, int((expires - timezone.now()).total_seconds()))
            new_value = value + delta
            self.set(key, new_value, timeout=seconds, version=version)
            return new_value


def _or(fallback):
    """Run the cache method; when the database cannot be reached, return
    fallback(*arguments) instead of failing: the database being down is reported by the
    pages and /healthz, not by the cache (which can always be lost)."""

    def decorate(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (OperationalError, InterfaceError) as error:
                logger.warning("Database cache unreachable: %s", error)
                return fallback(*args, **kwargs)

        return call

    return decorate


class ResilientDatabaseCache(SharedDatabaseCache):
    get = _or(lambda key, default=None, version=None: default)(SharedDatabaseCache.get)
    get_many = _or(lambda keys, version=None: {})(SharedDatabaseCache.get_many)
    has_key = _or(lambda key, version=None: False)(SharedDatabaseCache.has_key)
    set = _or(lambda *args, **kwargs: None)(SharedDatabaseCache.set)
    set_many = _or(lambda data, *args, **kwargs: list(data))(SharedDatabaseCache.set_many)
    add = _or(lambda *args, **kwargs: True)(SharedDatabaseCache.add)
    touch = _or(lambda *args, **kwargs: False)(SharedDatabaseCache.touch)
    delete = _or(lambda *args, **kwargs: False)(SharedDatabaseCache.delete)
    delete_many = _or(lambda *args, **kwargs: None)(SharedDatabaseCache.delete_many)
    incr = _or(lambda key, delta=1, version=None: delta)(SharedDatabaseCache.incr)
