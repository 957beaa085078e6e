"""Old WordPress addresses: how they are written down (OldAddress.path) and found again
when a request comes for one."""

import re
from urllib.parse import unquote, urlsplit

from django.utils.encoding import escape_uri_path

from articles.models import Article

from .models import OldAddress

# The query forms of a WordPress address that work whatever its permalink settings.
QUERY_FORMS = ("p", "page_id", "attachment_id")
_SLASHES = re.compile(r"//+")


def address_key(url: str) -> str:
    """The form of an address this site compares: the path as Django's
    request.get_full_path() gives it (percent-encoded the same way, whatever case the
    export used), then "?" and the query string if any. "" for no address."""
    parts = urlsplit((url or "").strip())
    if not parts.path and not parts.query:
        return ""
    path = escape_uri_path(_single_slashes(unquote(parts.path or "/")))
    return f"{path}?{parts.query}" if parts.query else path


def _single_slashes(path: str) -> str:
    """WordPress writes some links with a doubled slash (example.org//about/)."""
    return _SLASHES.sub("/", path)


def _candidates(request) -> list[str]:
    """The keys a request may be stored under: its full address; without the query
    string (a link with tracking parameters added); with or without its final slash; and
    for the site's root, the canonical WordPress query form (?p=12&utm_source=x)."""
    path = escape_uri_path(_single_slashes(request.path))
    keys = [request.get_full_path(), path]
    keys.append(path[:-1] if path.endswith("/") and path != "/" else f"{path}/")
    for name in QUERY_FORMS:
        value = request.GET.get(name, "")
        if value.isascii() and value.isdigit():
            keys.append(f"{path}?{name}={int(value)}")
    return list(dict.fromkeys(key for key in keys if key))


def redirect_target(request) -> str | None:
    """Where an old address sends this reader (the article's address), or None: not an
    old address, or its article is not one this reader may see (a draft, or a page under
    a draft: its address, holding the draft's slug, is not given away)."""
    keys = _candidates(request)
    found = dict(OldAddress.objects.filter(path__in=keys).values_list("path", "article_id"))
    for key in keys:
        if key in found:
            article = (
                Article.objects.visible_to(request.user)
                .only("slug", "kind", "parent_id", "status", "published_at")
                .filter(pk=found[key])
                .first()
            )
            if article is None or not (request.user.is_staff or article.is_on_site):
                return None
            return article.get_absolute_url()
    return None


def is_query_form(request) -> bool:
    """/?p=123 and its kin: answered by the home page here, so looked up before it."""
    return request.path == "/" and any(name in request.GET for name in QUERY_FORMS)
