"""Per-reader limit on votes, counted in the Django cache (shared by every worker and host
when the cache is Redis) in a sliding window: the count of the current window plus the
previous window's, weighted by how much of it still lies within one period. (Fixed windows
let twice the rate through across a boundary: 20 votes at 0:59 and 20 more at 1:00.)"""

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
    """ "20/m" -> Rate(20, 60), "5/10s" -> Rate(5, 10); None or "" -> None (no limit)."""
    if not value:
        return None
    match = _RATE.match(str(value))
    if not match:
        raise ImproperlyConfigured(
            f"RATINGS_RATE_LIMIT {value!r} is not of the form '20/m' (count/period, the "
            "period being s, m, h or d, optionally with a number in front: '5/10s')."
        )
    count, multiple, unit = match.groups()
    return Rate(count=int(count), seconds=int(multiple or 1) * _UNITS[unit])


def consume(user):
    """Count one vote request of `user`. Returns the seconds to wait when over the limit
    (the refused request is not counted, so waiting that long is enough), else None."""
    rate = parse_rate(conf.RATE_LIMIT)
    if rate is None:
        return None
    window, into = divmod(time.time(), rate.seconds)
    window = int(window)
    key = _key(user, rate, window)
    keep = 2 * rate.seconds + 1  # the next window weighs this one
    cache.add(key, 0, timeout=keep)
    try:
        used = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=keep)
        used = 1
    before = cache.get(_key(user, rate, window - 1), 0)
    if used + before * (1 - into / rate.seconds) <= rate.count:
        return None
    cache.incr(key, -1)
    return max(1, math.ceil(_wait(rate, into, used - 1, before)))


def _wait(rate, into, used, before):
    """Seconds until one more request fits: until the previous window weighs little
    enough, in this window or, when this one is full, in the next (which this one then
    weighs on)."""
    room = rate.count - 1 - used  # what the previous window's weight must fall to
    if room >= 0 and before:
        return (1 - room / before) * rate.seconds - into
    # Next window: its own count is 0, this window weighs used * (1 - f).
    fraction = 1 - (rate.count - 1) / used if used else 0
    return rate.seconds - into + max(0.0, fraction) * rate.seconds


def _key(user, rate, window):
    return f"ratings:votes:{user.pk}:{rate.seconds}:{window}"
