"""Per-reader limit on votes, counted in the Django cache (shared by every worker and host
when the cache is Redis) in fixed windows."""

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
    """Count one vote request of `user`. Returns the seconds to wait when over the limit,
    else None."""
    rate = parse_rate(conf.RATE_LIMIT)
    if rate is None:
        return None
    now = time.time()
    window = int(now // rate.seconds)
    key = f"ratings:votes:{user.pk}:{rate.seconds}:{window}"
    cache.add(key, 0, timeout=rate.seconds + 1)
    try:
        used = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=rate.seconds + 1)
        used = 1
    if used > rate.count:
        return max(1, int((window + 1) * rate.seconds - now))
    return None
