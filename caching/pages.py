"""Whole-page cache of article pages and lists for anonymous readers, and the versions of
the fragments every reader shares, in Django's cache.

A reader without a session (no login, no draft, no pending message) gets the same page as
every other such reader, so it is rendered once and served from the cache until something
on it changes. Each page is kept under the versions it depends on (`caching.invalidation`
owns them, and the rules of which change bumps which): an article page under SITE and its
PAGE version, a list under SITE and LISTINGS. The article's own content is also kept as
template fragments for every reader, logged in or not (`fragment_versions`).

A scheduled article going live changes no row: lists and other articles' story counts show
it once their entries expire (CACHING_PAGE_SECONDS, CACHING_FRAGMENT_SECONDS).

Pages are kept per address (scheme, host, path) with only the query parameters the page
reads (those the article extensions declare; `page` on lists): any other parameter is
served the kept page, and a page rendered for it is not stored.

Old entries are never deleted; they just stop being asked for, and expire after
CACHING_PAGE_SECONDS. Cached and fresh anonymous pages carry an ETag and a Last-Modified
(the newer version), so a repeat visit costs a 304, and Cache-Control lets a shared proxy
keep them briefly. Pages for people with a session are never stored and say
`private, no-store`.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode

from . import invalidation
from .conf import conf
from .invalidation import CONTENT, LISTINGS, PAGE, SITE


def fragment_versions(request, slug):
    """(head, content): the versions of the fragments every reader shares, from one cache
    round trip. Both hold the site's version and the address asked at (absolute links are
    built from it); the head's follows the page version (its JSON-LD has the star average),
    the content's the content version. (The template adds whether the article is live:
    the preview banner, and a scheduled article goes live by the clock, with no write.)

    Read before the article itself: a change committed while the page is being built (a
    vote) then leaves what this view read under the old version, never under the new."""
    site, page, content = invalidation.current_versions([SITE, PAGE(slug), CONTENT(slug)])
    where = f"{request.scheme}.{request.get_host()}"
    return f"{site}.{page}.{where}", f"{site}.{content}.{where}"


def is_shared_page_request(request):
    """True when this request sees exactly what any anonymous reader sees."""
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


def _whole_seconds(version):
    """A version (microseconds) as the whole second after it: what Last-Modified and
    If-Modified-Since compare."""
    return -(-version // 1_000_000)


def _public_headers(response, etag, last_modified):
    response["ETag"] = etag
    # Last-Modified has whole seconds, so it is sent only once the second after the last
    # change has begun: another change within that second would otherwise leave it as it
    # was, and a client asking If-Modified-Since would get a 304 for a changed page. The
    # ETag, which follows every change, covers the first second.
    seconds = _whole_seconds(last_modified)
    if time.time() >= seconds:
        response["Last-Modified"] = http_date(seconds)
    patch_cache_control(response, public=True, max_age=0, s_maxage=conf.PAGE_SHARED_SECONDS)
    patch_vary_headers(response, ["Cookie"])
    return response


def _page_address(request, parameters):
    """(address, storable): the address a page is kept under, and whether a freshly
    rendered page may be stored there. The address is the one asked at (pages hold absolute
    links built from its scheme and host) with only the query parameters the page reads.
    Any other parameter (utm_source, fbclid, a cache-busting ?x=123) is served the page
    kept for the address without it, but a page rendered for it is not stored: its links
    carry the parameter, and unique query strings must not fill the cache."""
    query = request.GET
    read = sorted((name, query[name]) for name in parameters if name in query)
    # Numbers (a comment page) and short words (a sort order): the panel that reads the
    # parameter marks a value it did not take as asked (keep_out_of_cache, `storable`).
    storable = len(read) == len(query) and all(
        value.isascii() and (value.isdigit() or value.isalpha()) and len(value) <= 8
        for _, value in read
    )
    canonical = request.path + (f"?{urlencode(read)}" if read else "")
    return request.build_absolute_uri(canonical), storable


def keep_out_of_cache(request):
    """This page was rendered for a query parameter it did not take as asked (a page
    number past the end, a reply to a comment that is not there): serve it, but do not
    store it, so that made-up values cannot fill the cache."""
    request.page_cache_skip = True


def _etag(content):
    return f'"{hashlib.blake2b(content, digest_size=12).hexdigest()}"'


# Rendered pages are also kept in each worker's memory (settings: the "pages_local" cache),
# which is safe by construction: a page's key holds the versions read from the shared
# cache, so a change anywhere makes every worker ask for a new key. Only the versions need
# the shared cache on a hit; the page itself (tens of kilobytes) comes from memory.
LOCAL_ALIAS = "pages_local"


def _local():
    return caches[LOCAL_ALIAS] if LOCAL_ALIAS in settings.CACHES else None


def _get_page(key, seconds):
    local = _local()
    stored = local.get(key) if local is not None else None
    if stored is None:
        stored = cache.get(key)
        if stored is not None and local is not None:
            local.set(key, stored, seconds)
    return stored


def _set_page(key, stored, seconds):
    cache.set(key, stored, seconds)
    local = _local()
    if local is not None:
        local.set(key, stored, seconds)


def _cached_view(view, version_keys, parameters):
    """Serve anonymous readers from the cache; mark every other response private.
    `version_keys(**view_kwargs)` names the versions the page depends on, `parameters()`
    the query parameters that change it."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = conf.PAGE_SECONDS
        if not seconds or not is_shared_page_request(request):
            response = view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                patch_cache_control(response, private=True, no_cache=True, no_store=True)
            return response

        versions = invalidation.current_versions(version_keys(**kwargs))
        address, storable = _page_address(request, parameters())
        path_hash = hashlib.blake2b(address.encode(), digest_size=8).hexdigest()
        key = f"page:{view.__name__}:{':'.join(map(str, versions))}:{path_hash}"
        last_modified = max(versions)
        stored = _get_page(key, seconds)
        response = None
        if stored is None:
            response = view(request, *args, **kwargs)
            # A shared page needs no CSRF cookie (its one form, the comment form, takes
            # anonymous posts without one: comments.views.post_comment), and a response a
            # proxy may share must not hand one visitor's cookie to the next.
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
            if response.status_code != 200 or response.cookies or response.streaming:
                return response
            if not storable or getattr(request, "page_cache_skip", False):
                return _public_headers(response, _etag(response.content), last_modified)
            content = response.content
            stored = (content, response["Content-Type"], _etag(content))
            _set_page(key, stored, seconds)

        content, content_type, etag = stored
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=_whole_seconds(last_modified)
        )
        if not_modified is not None:
            return _public_headers(not_modified, etag, last_modified)
        if response is None:
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
        return _public_headers(response, etag, last_modified)

    return wrapper


def cache_article_page(*, parameters):
    """Decorate an article page view: the page changes with the site and with its own
    article. `parameters()` names the query parameters the page reads."""

    def decorate(view):
        return _cached_view(view, lambda slug, **kwargs: [SITE, PAGE(slug)], parameters)

    return decorate


def cache_listing_page(view):
    """A list of articles (home, category, tag, author): changes with the site and with
    what the cards show of attached apps (star averages)."""
    return _cached_view(view, lambda **kwargs: [SITE, LISTINGS], parameters=lambda: ("page",))


def private_by_default(get_response):
    """Any response to a request that carries a session, and says nothing about caching
    itself (the profile, the back office, a form page), is `private`: only the article
    and list pages above decide what a shared cache may keep. Without this, a CDN with a
    default lifetime could keep one reader's page for the next."""

    def middleware(request):
        response = get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES and not response.has_header(
            "Cache-Control"
        ):
            patch_cache_control(response, private=True, no_cache=True)
        return response

    return middleware
