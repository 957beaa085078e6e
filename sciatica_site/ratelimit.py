"""A per-reader limit on how often they may do something (vote, answer "Did this help?"),
counted in the Django cache, which every worker and host shares, in a sliding window: the
count of the current window plus the previous window's, weighted by how much of it still
lies within one period. (Fixed windows let twice the rate through across a boundary: 20
votes at 0:59 and 20 more at 1:00.)

Each app states its limit as a setting ("20/m") and calls `consume` with its own scope.
"""

import math
import re
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(value, *, setting):
    """ "20/m" -> Rate(20, 60), "5/10s" -> Rate(5, 10); None or "" -> None (no limit).
    Anything else is a configuration error naming `setting`."""
    if not value:
        return None
    match = _RATE.match(str(value))
    if not match or int(match[1]) < 1:
        raise ImproperlyConfigured(
            f"{setting} {value!r} is not of the form '20/m' (a count of 1 or more, a slash, "
            "a period of s, m, h or d, optionally with a number in front: '5/10s')."
        )
    count, multiple, unit = match.groups()
    return Rate(count=int(count), seconds=int(multiple or 1) * _UNITS[unit])


def consume(user, *, rate, scope):
    """Count one request of `user` against `rate` (a Rate, or None for no limit) in
    `scope` ("ratings:votes"). Returns the whole seconds to wait when over the limit (the
    refused request is not counted, so waiting that long is enough), else None."""
    if rate is None:
        return None
    window, into = divmod(time.time(), rate.seconds)
    window = int(window)
    key = _key(scope, user, rate, window)
    keep = 2 * rate.seconds + 1  # the next window weighs this one
    cache.add(key, 0, timeout=keep)
    try:
        used = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=keep)
        used = 1
    before = cache.get(_key(scope, user, rate, window - 1), 0)
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


def _key(scope, user, rate, window):
    return f"{scope}:{user.pk}:{rate.seconds}:{window}"
