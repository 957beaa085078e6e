"""Whole-page cache of article pages for anonymous readers, in Django's cache.

A reader without a session (no login, no draft, no pending message) gets the same page as
every other such reader, so it is rendered once and served from the cache until something
on it changes. Each page's key holds two version numbers:

- the article's version, bumped by `touch_article` whenever the article, its comments or
  its ratings change (articles, comments and ratings call it after their writes);
- the site version, bumped by `touch_site` when any article is saved (the author box counts
  stories; lists change).

The article's own content (head metadata, header to tags, author box) is also kept as
template fragments for every reader, logged in or not, under `content_version`. Changes no
write of ours announces are watched for (`watch_related_changes`): an article's categories
and tags, and a person's name or bio.

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
from django.utils.http import http_date

from .conf import conf

SITE_KEY = "page-version:site"
LISTINGS_KEY = "page-version:listings"


def _slug_hash(slug):
    return hashlib.blake2b(slug.encode(), digest_size=10).hexdigest()


def _article_key(slug):
    return f"page-version:article:{_slug_hash(slug)}"


def _now_version():
    return time.time_ns() // 1000  # microseconds: unique enough, and a date


def _bump(key):
    """New version now, and again once the surrounding transaction commits: a page
    rendered in between from the old, still committed data would otherwise be stored
    under the new version and outlive the change."""

    def bump():
        cache.set(key, _now_version(), None)

    bump()
    transaction.on_commit(bump, robust=True)


def touch_article(article=None, *, slug=None):
    """Something on this article's page changed: readers get a fresh page."""
    _bump(_article_key(slug or article.slug))


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
        if not cache.add(key, version, None):
            version = cache.get(key, version)
    return version


def content_version(request, article):
    """The version of the article's own content, for the fragments every reader shares:
    the site's and the article's versions (one cache round trip), the address it was
    asked at (absolute links are built from it) and whether it is live (the preview
    banner; a scheduled article goes live by the clock, with no write to announce it)."""
    keys = [SITE_KEY, _article_key(article.slug)]
    found = cache.get_many(keys)
    versions = [found.get(key) or _version(key) for key in keys]
    return f"{versions[0]}.{versions[1]}.{request.scheme}.{request.get_host()}.{article.is_live:d}"


def is_shared_page_request(request):
    """True when this request sees exactly what any anonymous reader sees."""
    cookies = request.COOKIES
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
    )


def _public_headers(response, etag, last_modified_ns):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified_ns / 1_000_000)
    patch_cache_control(response, public=True, max_age=0, s_maxage=conf.PAGE_CACHE_SHARED_SECONDS)
    patch_vary_headers(response, ["Cookie"])
    return response


def _cached_view(view, version_keys):
    """Serve anonymous readers from the cache; mark every other response private.
    `version_keys(**view_kwargs)` names the versions the page depends on."""

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
        # The address asked at, not just the path: pages hold absolute links built from it.
        address = request.build_absolute_uri()
        path_hash = hashlib.blake2b(address.encode(), digest_size=8).hexdigest()
        key = f"page:{view.__name__}:{':'.join(map(str, versions))}:{path_hash}"
        last_modified = max(versions)
        stored = cache.get(key)
        response = None
        if stored is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.cookies or response.streaming:
                return response
            content = response.content
            etag = f'"{hashlib.blake2b(content, digest_size=12).hexdigest()}"'
            stored = (content, response["Content-Type"], etag)
            cache.set(key, stored, seconds)

        content, content_type, etag = stored
        not_modified = get_conditional_response(
            request, etag=etag, last_modified=last_modified // 1_000_000
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
    return _cached_view(view, lambda slug, **kwargs: [SITE_KEY, _article_key(slug)])


def cache_listing_page(view):
    """A list of articles (home, category, tag, author): changes with the site and with
    what the cards show of attached apps (star averages)."""
    return _cached_view(view, lambda **kwargs: [SITE_KEY, LISTINGS_KEY])


def _article_labels_changed(sender, instance, action, reverse, **kwargs):
    """An article's categories or tags were added, removed or cleared (the admin, a
    script, the importer): its page changes, or, from a category's or tag's side, any
    article's may."""
    if not action.startswith("post_"):
        return
    if reverse:
        touch_site()
    else:
        touch_article(instance)


def _person_changed(sender, instance, created, update_fields=None, **kwargs):
    """A person's name or bio shows on their articles and comments everywhere. Logging in
    (last_login only) changes nothing shown, and a new account is on no page yet."""
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return
    touch_site()


def watch_related_changes():
    """Connect the changes that no write of ours announces (ArticlesConfig.ready)."""
    from django.contrib.auth import get_user_model
    from django.db.models.signals import m2m_changed, post_save

    from .models import Article

    for through in (Article.categories.through, Article.tags.through):
        m2m_changed.connect(_article_labels_changed, sender=through, dispatch_uid=str(through))
    post_save.connect(_person_changed, sender=get_user_model(), dispatch_uid="page-cache-user")
