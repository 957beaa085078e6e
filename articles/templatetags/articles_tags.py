import json
from urllib.parse import quote

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import extensions
from ..conf import conf

register = template.Library()

# Characters that could end a <script> element or start an HTML comment inside JSON.
_JSON_IN_HTML_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def share_links(request, article):
    """The article's address and the share bar's links: (key, name, href, external)."""
    url = request.build_absolute_uri(article.get_absolute_url())
    values = {
        "url": quote(url, safe=""),
        "title": quote(article.title, safe=""),
        "text": quote(f"{article.title} {url}", safe=""),
        "feed": reverse("articles:feed"),
    }
    return url, [
        (
            service["key"],
            service["name"],
            service["url"].format(**values) if service["url"] else "",
            service["url"].startswith("http"),
        )
        for service in conf.SHARE_SERVICES
    ]


def _share_item(key, name, href, external, *, share_url, share_title):
    if key == "copy":
        # Hidden until site.js finds the Web Share API or the clipboard to work with.
        return format_html(
            '<li><button type="button" class="share__link share__link--copy" '
            'data-share-url="{}" data-share-title="{}" hidden>{}</button>'
            '<span class="share__status" role="status" aria-live="polite"></span></li>',
            share_url,
            share_title,
            name,
        )
    if external:
        return format_html(
            '<li><a class="share__link share__link--{}" href="{}" '
            'rel="noopener noreferrer nofollow" target="_blank">{}'
            '<span class="visually-hidden"> {}</span></a></li>',
            key,
            href,
            name,
            _("(opens in a new tab)"),
        )
    return format_html(
        '<li><a class="share__link share__link--{}" href="{}">{}</a></li>', key, href, name
    )


@register.simple_tag(takes_context=True)
def share_bar(context, article, label="Share this article"):
    """Plain share links: no third-party script runs on our page. Written in Python, not
    an inclusion template: a page shows two bars of nine links, and through the template
    engine they cost more than the rest of the article's header (bench/render.py)."""
    url, links = share_links(context["request"], article)
    items = format_html_join(
        "",
        "{}",
        ((_share_item(*link, share_url=url, share_title=article.title),) for link in links),
    )
    return format_html(
        '<nav class="share" aria-label="{label}"><p class="share__label">{label}</p>'
        '<ul class="share__list">{items}</ul></nav>',
        label=label,
        items=items,
    )


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
    return extensions.extend_jsonld(article, data)


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
def content_panels(context, article, slot):
    """{% content_panels article "byline" %}: what extensions add to the article's own
    content at that slot (articles/extensions.py), each template given `panel`."""
    from django.template.loader import render_to_string

    return mark_safe(  # noqa: S308 - templates, autoescaped
        "".join(
            render_to_string(
                item.template,
                {"article": article, "panel": item.content},
                request=context.get("request"),
            )
            for item in extensions.read_content_panels(article, slot)
        )
    )


@register.simple_tag
def article_body(article, html=None):
    """The article's body as the page shows it: its sanitised HTML (or `html`, made from
    it), through the extensions' body_html hooks (articles/extensions.py)."""
    html = article.body_html if html is None else html
    return mark_safe(extensions.extend_body_html(article, html))  # noqa: S308


@register.filter
def stories(count):
    """'1 story', '5 stories': the author box's count with the right plural."""
    count = count or 0
    return ngettext("%(count)s story", "%(count)s stories", count) % {"count": count}
