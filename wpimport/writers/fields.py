"""WordPress's values made into what this site's fields accept."""

import re
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.text import slugify

from sciatica_site.sanitizer import strip_all_tags

PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")

_valid_url = URLValidator(schemes=["http", "https"])


def text_only(value) -> str:
    """Plain text from a bit of HTML: tags gone, entities decoded, and what was inside
    <script> or <style> dropped rather than shown."""
    value = (value or "").strip()
    if "<" not in value and "&" not in value:
        return value
    return strip_all_tags(value)


def plain(value, limit) -> str:
    """Text without markup or entities, cut to `limit` characters."""
    return text_only(value)[:limit].strip()


def slug_of(value, limit) -> str:
    """A slug the site's URLs accept. WordPress keeps non-ASCII slugs percent-encoded."""
    value = unquote((value or "").strip())
    if PLAIN_SLUG.fullmatch(value):
        return value.lower()[:limit].strip("-")
    return slugify(value)[:limit].strip("-")


def email_or_empty(value) -> str:
    value = (value or "").strip()
    if not value or len(value) > 254:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def url_or_empty(value, limit) -> str:
    """Only http(s) addresses are kept: a commenter's "website" is shown as a link."""
    value = (value or "").strip()
    if not value or len(value) > limit:
        return ""
    try:
        _valid_url(value)
    except ValidationError:
        return ""
    return value


def int_or_zero(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
