"""Per-reader limit on answers (FEEDBACK_RATE_LIMIT), counted in the Django cache, so
every worker sees the same count when the cache is shared (Redis, the database cache).

The count is a sliding window: this window's answers plus the previous window's, weighted
by how much of it still lies within one period, so a reader cannot send twice the rate
across the turn of a window."""

import math
import re
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from .conf import conf

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(value):
    """ "30/m" -> Rate(30, 60), "5/10s" -> Rate(5, 10); None or "" -> None (no limit)."""
    if not value:
        return None
    match = _RATE.match(str(value))
    if not match or int(match[1]) < 1:
        raise ImproperlyConfigured(
            f"FEEDBACK_RATE_LIMIT {value!r} is not of the form '30/m' (a count of 1 or more, "
            "a slash, a period of s, m, h or d, optionally with a number in front: '5/10s')."
        )
    return Rate(count=int(match[1]), seconds=int(match[2] or 1) * _UNITS[match[3]])


def consume(user):
    """Count one answer of `user`. Returns the whole seconds to wait when over the limit
    (the refused answer is not counted), else None."""
    rate = parse_rate(conf.RATE_LIMIT)
    if rate is None:
        return None
    window, elapsed = divmod(time.time(), rate.seconds)
    key = f"feedback:answers:{user.pk}:{rate.seconds}:{int(window)}"
    cache.add(key, 0, timeout=2 * rate.seconds + 1)  # the next window still weighs this one
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, used := 1, timeout=2 * rate.seconds + 1)
    previous = cache.get(f"feedback:answers:{user.pk}:{rate.seconds}:{int(window) - 1}", 0)
    remaining = 1 - elapsed / rate.seconds  # the previous window's weight now
    if used + previous * remaining <= rate.count:
        return None
    cache.decr(key)
    return max(1, math.ceil(_seconds_until_room(rate, elapsed, used - 1, previous)))


def _seconds_until_room(rate, elapsed, used, previous):
    """When one more answer fits: once the previous window weighs little enough (in this
    window), or, when this window alone is full, in the next one, where this window's
    count weighs as the previous one."""
    room = rate.count - 1 - used
    if room >= 0 and previous:
        return (1 - room / previous) * rate.seconds - elapsed
    return rate.seconds - elapsed + max(0.0, 1 - (rate.count - 1) / used) * rate.seconds
