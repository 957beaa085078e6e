"""Read replicas: which reads may go to a copy of the database, and which must not.

`DATABASE_REPLICA_URLS` (settings.py) adds the aliases `replica_1` ... `replica_n`, each a
PostgreSQL streaming replica of the primary (`default`). The router sends a read to a
replica only when all of these hold:

- it happens in a GET or HEAD request, once the view runs (the middleware's
  `process_view`: anything a middleware reads before the view comes from the primary), and
  not in a transaction (`atomic` blocks, `select_for_update`);
- the request has not written (`db_for_write` marks it: every later read is the primary's),
  and the reader has not written in the last STICKY_SECONDS (a cookie the middleware sets on
  the response of a request that wrote, so their own comment or vote shows at once);
- it is not a read of the cache table (Django's database cache: page versions, rate limits);
- the replica has caught up: at the request's first read, one query on the primary gives
  the position of the write-ahead log it has flushed (every committed write is before it,
  PostgreSQL's default synchronous_commit) and one on the replica says whether it has
  replayed that far, waiting up to CATCH_UP_WAIT_SECONDS for it. A replica behind serves
  nothing in this request: its reads go to the primary.

So what a request reads from a replica is never older than the request's first read. The
page cache relies on this: page versions are bumped after the write commits and read before
the view reads anything (`caching.pages`), so a page or fragment stored under a version
holds data at least as new as that version, whichever copy it was read from. Reads outside
a request (management commands, the task worker, the shell) use the primary.

A replica that cannot be reached is left alone for RETRY_SECONDS (per process) and its reads
go to the primary; a read that fails on a replica during a page is read again from the
primary (the middleware's `process_exception`: a GET that has not written is safe to run
again). Each such state is logged once when it starts and once when it ends: unreachable,
and behind for more than BEHIND_LOG_SECONDS.
"""

import contextvars
import logging
import math
import random
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from .appsettings import AppSettings

logger = logging.getLogger(__name__)

REPLICA_PREFIX = "replica_"  # settings.py names the replicas replica_1 ... replica_n
STICKY_COOKIE = "read_primary_until"
# Models whose rows only the primary may answer for: Django's database cache keeps page
# versions and rate-limit counters there (and writing them is not the reader's write).
PRIMARY_ONLY_APPS = frozenset({"django_cache"})


class ReplicaSettings(AppSettings):
    prefix = "DATABASE_REPLICA"

    @property
    def STICKY_SECONDS(self):
        """After a request that wrote, how long that reader's reads stay on the primary."""
        return self._setting("STICKY_SECONDS", 5)

    @property
    def CATCH_UP_WAIT_SECONDS(self):
        """How long a request waits for a replica a few milliseconds behind (busy writes)
        before reading from the primary instead. A replica that has been behind for a
        second or more (paused, or far behind) is not waited for."""
        return self._setting("CATCH_UP_WAIT_SECONDS", 0.01)

    @property
    def RETRY_SECONDS(self):
        """How long an unreachable replica is left alone (per process) before it is tried
        again; each try costs at most the replica's connect timeout (2 s, settings.py)."""
        return self._setting("RETRY_SECONDS", 10)

    @property
    def BEHIND_LOG_SECONDS(self):
        """How long a replica must stay behind the primary before it is logged (a replica is
        often a few milliseconds behind; that is not news)."""
        return self._setting("BEHIND_LOG_SECONDS", 30)


conf = ReplicaSettings()


def replica_aliases():
    return [alias for alias in connections if alias.startswith(REPLICA_PREFIX)]


@dataclass
class _Reads:
    """What the reads of one request (or one `replica_reads` block) may do."""

    allowed: bool
    wrote: bool = False
    checked: bool = False
    replica: str | None = None  # the replica chosen at the first read, if any


_current = contextvars.ContextVar("replica_reads", default=None)


@contextmanager
def replica_reads(*, allowed=True):
    """Run a block whose reads may go to a caught-up replica (the middleware runs each
    request in one, allowed from its view on for GET and HEAD). Yields its state."""
    reads = _Reads(allowed=allowed)
    token = _current.set(reads)
    try:
        yield reads
    finally:
        _current.reset(token)


@dataclass
class _Health:
    """What this process knows of one replica."""

    unreachable: bool = False
    retry_at: float = 0.0  # time.monotonic() before which it is not tried
    behind_since: float | None = None
    behind_logged: bool = False

    def may_try(self):
        return time.monotonic() >= self.retry_at


_health = {}  # alias -> _Health, per process


def _health_of(alias):
    return _health.setdefault(alias, _Health())


def _close_quietly(alias):
    with suppress(DatabaseError):
        connections[alias].close()


def _mark_unreachable(alias, error):
    health = _health_of(alias)
    if not health.unreachable:
        logger.error(
            "Database replica %s unreachable (%s); reading from the primary until it answers.",
            alias,
            str(error).strip(),
        )
    health.unreachable = True
    health.retry_at = time.monotonic() + conf.RETRY_SECONDS
    _close_quietly(alias)


def _mark_reachable(alias):
    health = _health_of(alias)
    if health.unreachable:
        logger.warning("Database replica %s reachable again.", alias)
    health.unreachable = False


def _mark_behind(alias):
    health = _health_of(alias)
    now = time.monotonic()
    if health.behind_since is None:
        health.behind_since = now
    if not health.behind_logged and now - health.behind_since >= conf.BEHIND_LOG_SECONDS:
        health.behind_logged = True
        logger.warning(
            "Database replica %s has been behind the primary for %.0f s; reading from the "
            "primary until it catches up.",
            alias,
            now - health.behind_since,
        )


def _mark_caught_up(alias):
    health = _health_of(alias)
    if health.behind_logged:
        logger.warning("Database replica %s has caught up with the primary.", alias)
    health.behind_since = None
    health.behind_logged = False


def _has_replayed(alias, position):
    """Whether the replica has replayed the primary's log up to `position`, waiting up to
    CATCH_UP_WAIT_SECONDS unless it has been behind for a second already. A server that is
    not in recovery (a replica promoted since) answers NULL: never read."""
    now = time.monotonic()
    behind_since = _health_of(alias).behind_since
    patient = behind_since is None or now - behind_since < 1.0
    deadline = now + (conf.CATCH_UP_WAIT_SECONDS if patient else 0)
    with connections[alias].cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [position])
            (replayed,) = cursor.fetchone()
            if replayed or time.monotonic() >= deadline:
                return bool(replayed)
            time.sleep(0.0005)


def _caught_up_replica():
    """A replica that has replayed everything the primary has committed, or None."""
    candidates = [alias for alias in replica_aliases() if _health_of(alias).may_try()]
    if not candidates:
        return None
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_flush_lsn()")
        (position,) = cursor.fetchone()
    random.shuffle(candidates)  # spread the reads
    for alias in candidates:
        try:
            replayed = _has_replayed(alias, position)
        except DatabaseError as error:
            _mark_unreachable(alias, error)
            continue
        _mark_reachable(alias)
        if replayed:
            _mark_caught_up(alias)
            return alias
        _mark_behind(alias)
    return None


class PrimaryReplicaRouter:
    """Writes to the primary; reads to a replica when the current request allows it (see
    the module's docstring)."""

    def db_for_read(self, model, **hints):
        reads = _current.get()
        if (
            reads is None
            or not reads.allowed
            or reads.wrote
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return DEFAULT_DB_ALIAS
        if not reads.checked:
            reads.checked = True
            reads.replica = _caught_up_replica()
        return reads.replica or DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        reads = _current.get()
        if reads is not None and model._meta.app_label not in PRIMARY_ONLY_APPS:
            reads.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # every alias holds the same rows

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS  # replicas copy the primary's tables


def _reads_from_primary_for_now(request):
    """The reader's cookie says they wrote less than STICKY_SECONDS ago. (A value further
    ahead than that, by more than a second, was not set by us and is ignored. The second
    covers the cookie's rounding to milliseconds and a clock that steps: the next request
    can start well within a millisecond of the last one's end.)"""
    try:
        until = float(request.COOKIES.get(STICKY_COOKIE, ""))
    except ValueError:
        return False
    now = time.time()
    return now < until <= now + conf.STICKY_SECONDS + 1


class ReplicaReadsMiddleware:
    """Runs each request in a `replica_reads` block, allowed from the view on for GET and
    HEAD requests of readers who have not just written; tells the reader's browser when the
    request wrote; reads a page again from the primary when a replica fails during it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with replica_reads(allowed=False) as reads:
            response = self.get_response(request)
        seconds = conf.STICKY_SECONDS
        if reads.wrote and seconds:
            response.set_cookie(
                STICKY_COOKIE,
                f"{time.time() + seconds:.3f}",
                max_age=math.ceil(seconds),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        reads = _current.get()
        if (
            reads is not None
            and request.method in ("GET", "HEAD")
            and not _reads_from_primary_for_now(request)
        ):
            reads.allowed = True

    def process_exception(self, request, exception):
        reads = _current.get()
        if reads is None or reads.replica is None or reads.wrote:
            return None
        alias = reads.replica
        if not isinstance(exception, DatabaseError) or not connections[alias].errors_occurred:
            return None  # not the replica's failure
        if connections[alias].is_usable():
            # A query cancelled by the replica (a conflict with what it replays).
            logger.warning(
                "A read on database replica %s failed (%s); reading the page from the primary.",
                alias,
                str(exception).strip(),
            )
        else:
            _mark_unreachable(alias, exception)
        reads.allowed, reads.replica = False, None
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if callable(getattr(response, "render", None)):
            response = response.render()
        return response
