import json
from urllib.parse import quote

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

from ..conf import conf

register = template.Library()

# Characters that could end a <script> element or start an HTML comment inside JSON.
_JSON_IN_HTML_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.inclusion_tag("articles/includes/share_bar.html", takes_context=True)
def share_bar(context, article, label="Share this article"):
    """Plain share links: no third-party script runs on our page."""
    request = context["request"]
    url = request.build_absolute_uri(article.get_absolute_url())
    values = {
        "url": quote(url, safe=""),
        "title": quote(article.title, safe=""),
        "text": quote(f"{article.title} {url}", safe=""),
        "feed": reverse("articles:feed"),
    }
    links = []
    for service in conf.SHARE_SERVICES:
        links.append(
            {
                "key": service["key"],
                "name": service["name"],
                "href": service["url"].format(**values) if service["url"] else "",
                "external": service["url"].startswith("http"),
            }
        )
    return {
        "links": links,
        "label": label,
        "share_url": url,
        "share_title": article.title,
    }


def article_jsonld_data(request, article):
    url = request.build_absolute_uri(article.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title[:110],
        "description": article.summary,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "author": {
            "@type": "Person",
            "name": article.author.public_name,
            "url": request.build_absolute_uri(article.author.get_absolute_url()),
        },
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    if article.updated_at:
        data["dateModified"] = article.updated_at.isoformat()
    if article.featured_image:
        data["image"] = request.build_absolute_uri(article.featured_image.url)
    for path in conf.JSONLD_EXTENDERS:
        import_string(path)(article, data)
    return data


@register.simple_tag(takes_context=True)
def article_jsonld(context, article):
    """The article's schema.org JSON-LD, safe to place inside a <script> element."""
    data = article_jsonld_data(context["request"], article)
    # Safe: JSON with <, > and & escaped cannot close the script element or open markup.
    return mark_safe(  # noqa: S308
        json.dumps(data, ensure_ascii=False).translate(_JSON_IN_HTML_ESCAPES)
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def absolute_static(context, path):
    return context["request"].build_absolute_uri(static(path))


@register.filter
def stories(count):
    """'1 story', '5 stories': the author box's count with the right plural."""
    count = count or 0
    return f"{count} {'story' if count == 1 else 'stories'}"
