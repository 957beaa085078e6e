"""When PostgreSQL cannot be reached: a 503 with Retry-After instead of a 500, and what a
reader was sending given back to them.

Pages that need the database answer "503 Service Unavailable" with `Retry-After`, on the
site's own page (rendered without the database: no session, no messages). A form sent
during the outage (a comment, say) comes back on that page with what the reader typed and
a button to send it again, so nothing is lost on an error page. Anonymous pages kept in a
cache that still answers (Redis) are served as usual, since the page cache reads no table.

The outage is logged once when it starts and once when it ends (a probe of the database,
at most every PROBE_SECONDS, while it is down), not once per request.
"""

import logging
import sys
import time

from django.contrib.auth.models import AnonymousUser
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
PROBE_SECONDS = 5.0
_down_since = None  # per process: when this process first failed to reach the database
_last_probe = 0.0


def is_database_outage(error) -> bool:
    """A connection that could not be made or was lost (psycopg's OperationalError and
    InterfaceError), not a query that was wrong."""
    return isinstance(error, (OperationalError, InterfaceError))


def _went_down(error):
    global _down_since
    if _down_since is None:
        _down_since = time.monotonic()
        logger.error("Database unreachable (%s); answering 503 until it is back.", error)


def _probe():
    """While down, check now and then whether the database answers again."""
    global _down_since, _last_probe
    now = time.monotonic()
    if _down_since is None or now - _last_probe < PROBE_SECONDS:
        return
    _last_probe = now
    try:
        connection.close_if_unusable_or_obsolete()
        connection.ensure_connection()
    except DatabaseError:
        return
    logger.warning("Database reachable again after %.0f s.", now - _down_since)
    _down_since = None


def _sent_by_this_site(request):
    origin = request.headers.get("Origin") or request.headers.get("Referer") or ""
    return url_has_allowed_host_and_scheme(
        origin, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def outage_response(request, error):
    _went_down(error)
    typed = []
    if request.method == "POST" and _sent_by_this_site(request):
        # What the reader wrote, never a password (a login sent during the outage).
        typed = [
            (name, value)
            for name, value in request.POST.items()
            if value and name != "csrfmiddlewaretoken" and "password" not in name.lower()
        ]
    response = render(
        request,
        "503.html",
        {
            # Nothing on this page may need the database: no reader, no messages.
            "user": AnonymousUser(),
            "messages": (),
            "typed": typed,
            "longest": max(typed, key=lambda field: len(field[1]))[0] if typed else None,
            "token": request.POST.get("csrfmiddlewaretoken", ""),
            "action": request.path,
            "retry_after": RETRY_AFTER_SECONDS,
        },
        status=503,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Logged once when the outage starts (above), not as one error per request.
    response._has_been_logged = True
    return response


def server_error(request):
    """handler500: Django calls it while handling the error, so the error is at hand."""
    error = sys.exc_info()[1]
    if is_database_outage(error):
        return outage_response(request, error)
    return defaults.server_error(request)


def outage_middleware(get_response):
    """Notices the end of an outage (the start is noticed by server_error)."""

    def middleware(request):
        if _down_since is not None:
            _probe()
        return get_response(request)

    return middleware
