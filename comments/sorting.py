"""The order of a thread's top-level threads: oldest first, newest first or most helpful.

Replies always stay in conversation order under their thread (a pinned answer first:
comments/pins.py); only whole threads move. "Most helpful" orders threads by their first
comment's helpful count, ties oldest first.

The reader chooses with `?csort=` (a small form above the thread, no JavaScript needed).
The choice is part of the page-cache key (comments.page.QUERY_PARAMETERS), so each order
is its own cached page. A logged-in reader's choice is kept in their session and used
when the address names none; a visitor's is never kept (it would give them a session, and
a cached page must never carry one reader's choice to another): their links carry it.
Without a choice: COMMENTS_NEWEST_FIRST decides between oldest and newest first.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .conf import conf

SORT_PARAMETER = "csort"
SESSION_KEY = "comments_sort"


class Sort(models.TextChoices):
    OLDEST = "oldest", _("Oldest first")
    NEWEST = "newest", _("Newest first")
    HELPFUL = "helpful", _("Most helpful")


def default_sort() -> Sort:
    return Sort.NEWEST if conf.NEWEST_FIRST else Sort.OLDEST


def parse(value) -> Sort | None:
    return Sort(value) if value in Sort.values else None


def reader_sort(request) -> tuple[Sort, bool]:
    """(the order this request shows, whether it was asked as given). An unknown value
    shows the reader's usual order (the page is then served, not cached); a valid one
    asked by a logged-in reader becomes their kept choice."""
    asked = request.GET.get(SORT_PARAMETER)
    user = getattr(request, "user", None)
    logged_in = user is not None and user.is_authenticated
    if asked is not None:
        sort = parse(asked)
        if sort is not None:
            if logged_in and request.session.get(SESSION_KEY) != sort.value:
                request.session[SESSION_KEY] = sort.value
            return sort, True
    kept = parse(request.session.get(SESSION_KEY)) if logged_in else None
    return kept or default_sort(), asked is None


def order_roots(roots, sort) -> list:
    """`roots` (Nodes or comments, in time order) in the order `sort` shows them."""
    if sort == Sort.NEWEST:
        return roots[::-1]
    if sort == Sort.HELPFUL:

        def comment(item):
            return getattr(item, "comment", item)

        return sorted(
            roots,
            key=lambda item: (
                -(getattr(comment(item), "helpful_count", 0) or 0),
                comment(item).created_at,
                comment(item).pk,
            ),
        )
    return list(roots)


def query_string(sort, *, page=None) -> str:
    """ "?cpage=2&csort=newest": the thread's links keep the order (the default one is
    left out, so the default page keeps its one address)."""
    from .threads import PAGE_PARAMETER

    parts = []
    if page is not None:
        parts.append(f"{PAGE_PARAMETER}={page}")
    if sort != default_sort():
        parts.append(f"{SORT_PARAMETER}={sort.value if hasattr(sort, 'value') else sort}")
    return "?" + "&".join(parts) if parts else "?"
