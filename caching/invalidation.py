"""Which change retires which pages: every rule is in this file.

Pages and fragments kept in the shared cache are stored under version numbers (see
`caching.pages`); a new version number retires everything stored under the old one. There
are four kinds of version:

- SITE: part of every page's and fragment's key. Something shown on many pages changed.
- LISTINGS: the lists of articles (home, category, tag, author pages).
- PAGE(slug): one article's page, everything on it.
- CONTENT(slug): the article's own content (header to tags, author box), kept as fragments
  shared by every reader, logged in or not. Comments and votes leave it alone, so a busy
  thread does not throw those fragments away.

The apps announce what happened, in domain words, with one call per event; the rule of what
that retires is the function's body. Each call bumps its versions once, after the
surrounding transaction commits (at once outside a transaction): a page rendered before
then reads the old, still committed data under the old versions, so nothing stale can be
stored under a new one. A transaction that rolls back bumps nothing.

Versions are microseconds since the epoch, so the newest version of a page is also its
Last-Modified date. A version that expires or is evicted just starts again: the pages under
it are rendered afresh.
"""

import contextlib
import contextvars
import hashlib
import time

from django.core.cache import cache
from django.db import transaction

SITE = "page-version:site"
LISTINGS = "page-version:listings"
# A week: a version asked for a slug that exists nowhere does not stay forever.
VERSION_SECONDS = 7 * 86400


def _slug_hash(slug):
    return hashlib.blake2b(slug.encode(), digest_size=10).hexdigest()


def PAGE(slug):  # noqa: N802 - a key, named like the constants beside it
    return f"page-version:article:{_slug_hash(slug)}"


def CONTENT(slug):  # noqa: N802
    return f"page-version:content:{_slug_hash(slug)}"


def new_version():
    return time.time_ns() // 1000  # microseconds: unique enough, and a date


def current_versions(keys):
    """The versions of these keys, from one cache round trip; a key with none gets one."""
    found = cache.get_many(keys)
    versions = []
    for key in keys:
        version = found.get(key)
        if version is None:
            version = new_version()
            if not cache.add(key, version, VERSION_SECONDS):
                version = cache.get(key, version)
        versions.append(version)
    return versions


_batch = contextvars.ContextVar("invalidation_batch", default=None)


@contextlib.contextmanager
def batched():
    """Within this block, events collect the versions they retire; each is bumped once,
    when the block ends without an error (after commit, when the block is in a
    transaction). For writes that announce many events at once: an admin form with its
    inlines, a WordPress import. Yields the set of versions collected so far; a caller
    that retires everything itself afterwards may clear it."""
    if _batch.get() is not None:  # already batching: the outer block bumps
        yield _batch.get()
        return
    keys = set()
    token = _batch.set(keys)
    try:
        yield keys
    finally:
        _batch.reset(token)
    if keys:
        _retire(*keys)


def _retire(*keys):
    """Bump these versions once the surrounding transaction commits."""
    batch = _batch.get()
    if batch is not None:
        batch.update(keys)
        return

    def bump():
        version = new_version()
        cache.set_many(dict.fromkeys(keys, version), VERSION_SECONDS)

    transaction.on_commit(bump, robust=True)


# The events. Each names what happened; its body is the rule.


def article_changed(*, slug):
    """An article was saved or deleted (its fields, its status, its labels): its page and
    fragments, and every page that lists it or counts its author's stories (author boxes
    on the author's other articles): the site."""
    _retire(SITE, CONTENT(slug), PAGE(slug))


def article_content_changed(*, slug):
    """Part of an article's own content that lists do not show changed (a picture-guide
    step): its fragments and its page."""
    _retire(CONTENT(slug), PAGE(slug))


def thread_changed(*, slug):
    """A comment on the article was posted, edited, deleted, moderated, hidden by reports,
    or the thread was closed or opened: the article's page (not its content fragments)."""
    _retire(PAGE(slug))


def ratings_changed(*, slug, average_moved):
    """Votes on the article changed: its page; when the star average moved, also the lists
    (cards and "Top rated" show it). A thumb alone leaves the lists alone."""
    if average_moved:
        _retire(PAGE(slug), LISTINGS)
    else:
        _retire(PAGE(slug))


def feedback_changed(*, slug):
    """A reader answered "Did this help?" on the article or one of its steps: its page
    (the totals are shown to every reader), not its content or the lists."""
    _retire(PAGE(slug))


def person_changed():
    """A person shown on pages (an author, a commenter) changed their name, bio or
    picture: they may be on any page, so the site."""
    _retire(SITE)


def site_lists_changed():
    """Something shown on many pages changed: a category or tag (its name, its articles),
    an article taken off the site."""
    _retire(SITE)


def everything_changed():
    """Writes that went past the events above (a WordPress import writing rows in bulk):
    every page and fragment (SITE is part of every key; LISTINGS is said for clarity)."""
    _retire(SITE, LISTINGS)


def cache_recovered(backend=cache):
    """The shared cache answers again after an outage during which versions could not be
    bumped: every page and fragment, at once (the outage is over whatever a transaction
    around this call does)."""
    backend.set_many(dict.fromkeys((SITE, LISTINGS), new_version()), VERSION_SECONDS)
