"""Whole-page cache of article pages for anonymous readers, in Django's cache.

A reader without a session (no login, no draft, no pending message) gets the same page as
every other such reader, so it is rendered once and served from the cache until something
on it changes. Each page's key holds two version numbers:

- the article's page version, bumped by `touch_article` whenever anything on its page
  changes: the article, its comments or its ratings (articles, comments and ratings call
  it after their writes);
- the site version, bumped by `touch_site` when something shown on every page changes: an
  article saved or deleted (the author box counts stories; lists change), a category or
  tag, an article's categories or tags, the name or bio of a person shown on pages.

The article's own content (header to tags, author box) is also kept as template fragments
for every reader, logged in or not, under a third version, the article's content version
(`touch_article_content`, which bumps the page version too): comments and votes leave it
alone, so a busy thread does not throw the fragments away. The head's fragment (its JSON-LD
carries the star average) follows the page version. Changes no write of ours announces are
watched for with signals (`watch_related_changes`, `watch_people`).

A scheduled article going live changes no row: lists and other articles' story counts show
it once their entries expire (ARTICLES_PAGE_CACHE_SECONDS, ARTICLES_FRAGMENT_CACHE_SECONDS).

Pages are kept per address (scheme, host, path) with only the query parameters the page
reads (ARTICLES_PAGE_QUERY_PARAMETERS; `page` on lists): any other parameter is served the
kept page, and a page rendered for it is not stored.

Old entries are never deleted; they just stop being asked for, and expire after
ARTICLES_PAGE_CACHE_SECONDS. Cached and fresh anonymous pages carry an ETag and a
Last-Modified (the newer version), so a repeat visit costs a 304, and Cache-Control lets a
shared proxy keep them briefly. Pages for people with a session are never stored and say
`private, no-store`.
"""

import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, urlencode

from .conf import conf

SITE_KEY = "page-version:site"
# Version numbers are kept a week: one that expires just starts again (its pages are
# rendered afresh), and one asked for a slug that exists nowhere does not stay forever.
VERSION_SECONDS = 7 * 86400
LISTINGS_KEY = "page-version:listings"


def _slug_hash(slug):
    return hashlib.blake2b(slug.encode(), digest_size=10).hexdigest()


def _article_key(slug):
    return f"page-version:article:{_slug_hash(slug)}"


def _content_key(slug):
    return f"page-version:content:{_slug_hash(slug)}"


def _now_version():
    return time.time_ns() // 1000  # microseconds: unique enough, and a date


def _bump(key):
    """New version now, and again once the surrounding transaction commits: a page
    rendered in between from the old, still committed data would otherwise be stored
    under the new version and outlive the change."""

    def bump():
        cache.set(key, _now_version(), VERSION_SECONDS)

    bump()
    transaction.on_commit(bump, robust=True)


def touch_article(article=None, *, slug=None):
    """Something on this article's page changed: readers get a fresh page."""
    _bump(_article_key(slug or article.slug))


def touch_article_content(article=None, *, slug=None):
    """The article's own content changed (its fields, its picture guide): fresh fragments
    and a fresh page."""
    slug = slug or article.slug
    _bump(_content_key(slug))
    _bump(_article_key(slug))


def touch_site():
    """Something shown on every page changed (an article was saved)."""
    _bump(SITE_KEY)


def touch_listings():
    """Something shown on the lists of articles changed (e.g. a star average)."""
    _bump(LISTINGS_KEY)


def _version(key):
    version = cache.get(key)
    if version is None:
        version = _now_version()
        if not cache.add(key, version, VERSION_SECONDS):
            version = cache.get(key, version)
    return version


def fragment_versions(request, slug):
    """(head, content): the versions of the fragments every reader shares, from one cache
    round trip. Both hold the site's version and the address asked at (absolute links are
    built from it); the head's follows the page version (its JSON-LD has the star average),
    the content's the content version. (The template adds whether the article is live:
    the preview banner, and a scheduled article goes live by the clock, with no write.)

    Read before the article itself: a change committed while the page is being built (a
    vote) then leaves what this view read under the old version, never under the new."""
    keys = [SITE_KEY, _article_key(slug), _content_key(slug)]
    found = cache.get_many(keys)
    site, page, content = (found.get(key) or _version(key) for key in keys)
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
    patch_cache_control(response, public=True, max_age=0, s_maxage=conf.PAGE_CACHE_SHARED_SECONDS)
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
    storable = len(read) == len(query) and all(
        value.isascii() and value.isdigit() and len(value) <= 6 for _, value in read
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


def _cached_view(view, version_keys, parameters):
    """Serve anonymous readers from the cache; mark every other response private.
    `version_keys(**view_kwargs)` names the versions the page depends on, `parameters()`
    the query parameters that change it."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = conf.PAGE_CACHE_SECONDS
        if not seconds or not is_shared_page_request(request):
            response = view(request, *args, **kwargs)
            if request.method in ("GET", "HEAD"):
                patch_cache_control(response, private=True, no_cache=True, no_store=True)
            return response

        keys = version_keys(**kwargs)
        versions = [_version(key) for key in keys]
        address, storable = _page_address(request, parameters())
        path_hash = hashlib.blake2b(address.encode(), digest_size=8).hexdigest()
        key = f"page:{view.__name__}:{':'.join(map(str, versions))}:{path_hash}"
        last_modified = max(versions)
        stored = cache.get(key)
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
            cache.set(key, stored, seconds)

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


def cache_article_page(view):
    """An article page: changes with the site and with its own article."""
    return _cached_view(
        view,
        lambda slug, **kwargs: [SITE_KEY, _article_key(slug)],
        parameters=lambda: conf.PAGE_QUERY_PARAMETERS,
    )


def cache_listing_page(view):
    """A list of articles (home, category, tag, author): changes with the site and with
    what the cards show of attached apps (star averages)."""
    return _cached_view(
        view, lambda **kwargs: [SITE_KEY, LISTINGS_KEY], parameters=lambda: ("page",)
    )


def _labels_changed(sender, action, **kwargs):
    """An article's categories or tags were added, removed or cleared, from either side
    (the admin, a script, the importer): its page and the lists of that category or tag
    change."""
    if action.startswith("post_"):
        touch_site()


def _shown_everywhere_changed(sender, **kwargs):
    """An article, category or tag was saved or deleted, one by one or by a queryset's
    delete (the admin's "delete selected"): lists, labels and story counts change."""
    touch_site()


def watch_related_changes():
    """Connect the changes no write of ours announces (ArticlesConfig.ready)."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from .models import Article, Category, Tag

    for through in (Article.categories.through, Article.tags.through):
        m2m_changed.connect(_labels_changed, sender=through, dispatch_uid=f"labels-{through}")
    for model in (Category, Tag):
        post_save.connect(_shown_everywhere_changed, sender=model, dispatch_uid=f"save-{model}")
    for model in (Article, Category, Tag):
        post_delete.connect(_shown_everywhere_changed, sender=model, dispatch_uid=f"delete-{model}")
    watch_people(
        lambda person: Article.objects.filter(author_id=person.pk).exists(), name="authors"
    )
    from sciatica_site.cache import recovered

    recovered.connect(_cache_came_back, dispatch_uid="page-cache-recovered")


def _cache_came_back(sender, **kwargs):
    """The shared cache answers again after an outage, during which no change could bump
    a version: retire every page and fragment it still holds."""
    touch_site()
    touch_listings()


# Saves of these fields alone change nothing any page shows.
_UNSEEN_PERSON_FIELDS = {"last_login", "password"}


def watch_people(is_shown, *, name):
    """Retire every cached page when a person shown on pages (`is_shown(user)`: an
    author, a commenter) saves a change: their name or bio may be on any page. New
    accounts and saves of unseen fields only (logging in) are left alone."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save

    def person_changed(sender, instance, created, update_fields=None, **kwargs):
        if created or (update_fields is not None and set(update_fields) <= _UNSEEN_PERSON_FIELDS):
            return
        if is_shown(instance):
            touch_site()

    post_save.connect(
        person_changed, sender=get_user_model(), weak=False, dispatch_uid=f"people-{name}"
    )
