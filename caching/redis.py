"""Django's Redis cache backend, except that a Redis that cannot be reached makes the site
slower, not broken.

Everything the site keeps in the cache can be lost: pages and fragments are rendered
again, sessions are read from the database (cached_db), version numbers start again (every
page is fresh), rate-limit counters start again. So while Redis is unreachable, reads miss,
writes are dropped and counters start at one (the rate limits are off meanwhile), and the
outage is logged when it starts and when it ends. After an error the backend leaves Redis
alone for RETRY_SECONDS, so that a Redis that times out costs one timeout every few seconds
per worker, not one per cache call.

When Redis answers again after writes were dropped, every page and fragment kept is retired
(caching.invalidation.cache_recovered), since changes made during the outage could not bump
their versions. (Each worker does so when it sees Redis back.)

Known gap: a session ended while Redis is unreachable stays in Redis, if Redis kept its
data, until it expires (SESSION_COOKIE_AGE).
"""

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import AuthenticationError as RedisAuthenticationError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
_skip_until = 0.0  # per process: time.monotonic() before which Redis is not tried
_down = False  # per process: the last call failed
_writes_lost = False  # per process: a write was dropped since Redis last answered


def is_skipping():
    """True while the backend is leaving an unreachable Redis alone."""
    return time.monotonic() < _skip_until


def _unreachable(error):
    global _skip_until, _down
    if not _down:
        logger.error("Redis cache unreachable (%s); serving without it for now.", error)
    _down = True
    _skip_until = time.monotonic() + RETRY_SECONDS


def _reachable(backend):
    global _down, _writes_lost
    if _down:
        _down = False
        logger.warning("Redis cache reachable again.")
        if _writes_lost:  # versions may not have been bumped: pages kept may be stale
            _writes_lost = False
            from .invalidation import cache_recovered

            cache_recovered(backend)


def _or(fallback, *, writes=False):
    """Run the cache method; while Redis is unreachable, return fallback(*arguments).
    A refused password is a configuration error, not an outage: it is raised."""

    def decorate(method):
        @functools.wraps(method)
        def call(self, *args, **kwargs):
            global _writes_lost
            if not is_skipping():
                try:
                    result = method(self, *args, **kwargs)
                except RedisAuthenticationError:
                    raise
                except _UNREACHABLE as error:
                    _unreachable(error)
                else:
                    _reachable(self)
                    return result
            _writes_lost = _writes_lost or writes
            return fallback(*args, **kwargs)

        return call

    return decorate


class ResilientRedisCache(RedisCache):
    get = _or(lambda key, default=None, version=None: default)(RedisCache.get)
    get_many = _or(lambda keys, version=None: {})(RedisCache.get_many)
    has_key = _or(lambda key, version=None: False)(RedisCache.has_key)
    set = _or(lambda *args, **kwargs: None, writes=True)(RedisCache.set)
    set_many = _or(lambda data, *args, **kwargs: list(data), writes=True)(RedisCache.set_many)
    # add() answering True lets a caller that waits for a lock (allauth's rate limits) or
    # creates a version number go ahead.
    add = _or(lambda *args, **kwargs: True, writes=True)(RedisCache.add)
    touch = _or(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _or(lambda *args, **kwargs: False, writes=True)(RedisCache.delete)
    delete_many = _or(lambda *args, **kwargs: None, writes=True)(RedisCache.delete_many)
    incr = _or(lambda key, delta=1, version=None: delta, writes=True)(RedisCache.incr)
    clear = _or(lambda: None, writes=True)(RedisCache.clear)
