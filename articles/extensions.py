"""How other apps attach to the article pages, without articles importing any of them.

An app describes what it adds in one `ArticleExtension` and registers it in its own
`AppConfig.ready()`:

    from articles import extensions

    extensions.register(extensions.ArticleExtension(
        name="ratings",
        panels={"after_guide": extensions.Panel("ratings/article_panel.html", read=...)},
        card_template="ratings/card_panel.html",
        queryset=with_rating_summary,
        jsonld=add_aggregate_rating,
    ))

so reading an app's `apps.py` tells everything it adds to an article page. Removing the app
(its folder, its INSTALLED_APPS line, its urls line) removes its registration with it.

What an extension can add:

- `panels`: blocks on the article page, by slot (SLOTS, in page order). A panel is a
  template and a `read(request, article, state)` function whose result the template gets as
  `panel` (a plain data object: the template only shows it). `read` runs in the view,
  before rendering, for every reader: the panels are the per-reader part of the page (the
  article's own content around them is a fragment shared by everyone). `state` is what the
  app handed to `render_article_page` (a refused comment form, say), else None. When the
  result has `storable = False`, the page was rendered for a query parameter it did not
  take as asked (a comment page past the end): it is served, not kept in the page cache.
- `content_panels`: blocks in the article's own content, by slot (CONTENT_SLOTS), each a
  template and `read(article)`; rendered, with the article's content fragment, once for
  every reader (a medical review byline, a "When to get help" box, the sources).
- `body_html(article, html) -> html`: the sanitised body as the page shows it (citation
  numbers made links to the sources). Runs when the content fragment renders. What it
  inserts it builds itself, escaped; it returns markup as safe as the markup it was given.
- `card_template`, `home_template`: included in each article card of the lists, and on
  the home page after the latest articles; `article` is in the context.
- `queryset(queryset) -> queryset`: applied to the article queries of the lists and of the
  article page, so a panel can join what it shows (select_related) instead of a query per
  article.
- `jsonld(article, data)`: adds to the article's schema.org JSON-LD.
- `query_parameters`: the query parameters its panels read (a comment page, a reply form).
  They are the extension's part of the page cache key: pages differing in them are kept
  apart; any other parameter is served the page without it.
- `shows_person(user) -> bool`: whether this person appears on article pages through the
  extension (a commenter). Saving such a person's name or bio retires the cached pages.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest

# Where panels go on the article page, in page order: after the picture guide and tags
# (before the second share bar), and at the very end, after the author box. These are
# read for each reader.
SLOTS = ("after_guide", "end")
# Where content panels go: under the byline, before the body (after the featured image),
# after the body (before the picture guide). These are part of the article's own content,
# kept as a fragment every reader shares: their read function gets the article alone, and
# the extension announces caching.invalidation.article_content_changed when what they
# show changes.
CONTENT_SLOTS = ("byline", "before_body", "after_body")


@dataclass(frozen=True)
class Panel:
    template: str
    read: Callable[[HttpRequest, Any, Any], Any] | None = None


@dataclass(frozen=True)
class ArticleExtension:
    name: str
    panels: Mapping[str, Panel] = field(default_factory=dict)
    content_panels: Mapping[str, Panel] = field(default_factory=dict)
    body_html: Callable | None = None
    card_template: str | None = None
    home_template: str | None = None
    queryset: Callable | None = None
    jsonld: Callable | None = None
    query_parameters: tuple[str, ...] = ()
    shows_person: Callable | None = None

    def __post_init__(self):
        for given, slots in ((self.panels, SLOTS), (self.content_panels, CONTENT_SLOTS)):
            unknown = set(given) - set(slots)
            if unknown:
                raise ValueError(
                    f"Extension {self.name!r} names slots the article page does not have: "
                    f"{', '.join(sorted(unknown))}. Slots are {', '.join(slots)}."
                )


_registry: dict[str, ArticleExtension] = {}


def register(extension: ArticleExtension) -> ArticleExtension:
    """Attach an extension (from AppConfig.ready). Registering the same name again
    replaces it; order of registration is the order on the page."""
    _registry[extension.name] = extension
    return extension


def unregister(name: str) -> ArticleExtension | None:
    return _registry.pop(name, None)


def registered() -> list[ArticleExtension]:
    return list(_registry.values())


def extend_queryset(queryset):
    for extension in _registry.values():
        if extension.queryset is not None:
            queryset = extension.queryset(queryset)
    return queryset


def extend_jsonld(article, data):
    for extension in _registry.values():
        if extension.jsonld is not None:
            extension.jsonld(article, data)
    return data


def extend_body_html(article, html):
    """The article's sanitised body with every extension's body_html applied, in turn."""
    for extension in _registry.values():
        if extension.body_html is not None:
            html = extension.body_html(article, html)
    return html


def query_parameters() -> list[str]:
    return [name for extension in _registry.values() for name in extension.query_parameters]


def card_templates() -> list[str]:
    return [e.card_template for e in _registry.values() if e.card_template]


def home_templates() -> list[str]:
    return [e.home_template for e in _registry.values() if e.home_template]


def read_content_panels(article, slot) -> list["ReadPanel"]:
    """The content panels of one slot, read for the article (when its fragment renders)."""
    return [
        ReadPanel(panel.template, panel.read(article) if panel.read else None)
        for extension in _registry.values()
        if (panel := extension.content_panels.get(slot)) is not None
    ]


def shows_person(user) -> bool:
    return any(e.shows_person(user) for e in _registry.values() if e.shows_person)


@dataclass(frozen=True)
class ReadPanel:
    """A panel ready for the template: what to include, and what its read returned."""

    template: str
    content: Any


def read_panels(request, article, states=None) -> tuple[dict[str, list[ReadPanel]], bool]:
    """({slot: [ReadPanel, ...]}, storable): every registered panel read for this request.
    `states` maps an extension's name to the state it handed to render_article_page."""
    states = states or {}
    slots = {slot: [] for slot in SLOTS}
    storable = True
    for extension in _registry.values():
        for slot, panel in extension.panels.items():
            content = None
            if panel.read is not None:
                content = panel.read(request, article, states.get(extension.name))
                storable = storable and getattr(content, "storable", True)
            slots[slot].append(ReadPanel(panel.template, content))
    return slots, storable


def render_article_page(request, slug, *, states=None, status=200):
    """The article page, with every panel read for this request. The article view calls
    this; an extension calls it to show the page again with a state of its own (a refused
    comment with the reader's text and the reason), e.g. with status 400.

    The article's own content comes from fragments every reader shares (see the
    template), so its picture guide, categories, tags and the author's story count are
    read only when a fragment is rendered: lazily, from the template. The fragments'
    versions are read before the article: a change committed while the page is being
    built (a vote) then leaves what this read under the old versions, never the new."""
    from django.http import Http404
    from django.shortcuts import get_object_or_404, redirect, render

    from caching.conf import conf as caching_conf
    from caching.pages import fragment_versions, keep_out_of_cache

    from .models import Article

    head_version, content_version = fragment_versions(request, slug)
    queryset = extend_queryset(
        Article.objects.visible_to(request.user).select_related("author").without_search_columns()
    )
    article = get_object_or_404(queryset, slug=slug)
    match = request.resolver_match
    if article.kind == Article.Kind.PAGE and match and match.view_name == "articles:detail":
        if article.page_hidden_by is not None and not request.user.is_staff:
            raise Http404("A page above this one is not published.")  # (see page_detail)
        return redirect(article.get_absolute_url(), permanent=True)  # a page's own address
    panels, storable = read_panels(request, article, states)
    if not storable:
        keep_out_of_cache(request)
    context = {
        "article": article,
        "panels": panels,
        "fragment_seconds": caching_conf.FRAGMENT_SECONDS,
        "head_version": head_version,
        "content_version": content_version,
    }
    return render(request, "articles/article_detail.html", context, status=status)
