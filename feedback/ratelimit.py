"""The per-reader limit on answers (FEEDBACK_RATE_LIMIT): the site's sliding-window
limiter (sciatica_site/ratelimit.py) in the "feedback:answers" scope."""

from sciatica_site import ratelimit
from sciatica_site.ratelimit import Rate  # noqa: F401 - part of this module's interface

from .conf import conf


def parse_rate(value):
    return ratelimit.parse_rate(value, setting="FEEDBACK_RATE_LIMIT")


def consume(user):
    """Count one answer of `user`: seconds to wait when over the limit, else None."""
    return ratelimit.consume(user, rate=parse_rate(conf.RATE_LIMIT), scope="feedback:answers")
