"""The one place that cleans HTML written by people.

Every call to bleach lives here, so that the library can be swapped (for nh3, say) by
changing this module alone. The Content-Security-Policy is the second wall behind it.
"""

import html
import re
import threading

from bleach.html5lib_shim import Filter
from bleach.linkifier import Linker, LinkifyFilter
from bleach.sanitizer import Cleaner

SAFE_PROTOCOLS = frozenset({"http", "https", "mailto"})

ARTICLE_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dl",
        "dt", "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
        "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub",
        "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
    }
)  # fmt: skip
# Elements whose content is code or hidden markup, not text: dropped whole, up to their
# closing tag (stripping only their tags would show the code as text). One left open is
# left to the sanitiser, which shows it as text: never a silent loss of what follows.
_NOT_TEXT = re.compile(
    r"<(script|style|template|noscript|iframe|object|textarea|title|noembed|noframes|xmp)"
    r"(?=[\s/>])[^>]*>.*?</\1\s*>",
    re.I | re.S,
)


# Word's pasted lists carry their bullet as text in a block only older browsers showed.
_OFFICE_LIST_BULLET = re.compile(r"<!\[if !supportLists\]>.*?<!\[endif\]>", re.I | re.S)


def _drop_code(raw_html):
    if "<" not in raw_html:
        return raw_html
    return _NOT_TEXT.sub("", _OFFICE_LIST_BULLET.sub("", raw_html))


class _DropOfficeClasses(Filter):
    """Word's own classes (MsoNormal, MsoListParagraph…) mean nothing on this site: a body
    pasted from a word processor keeps its text and structure, not them."""

    def __iter__(self):
        for token in super().__iter__():
            attributes = token.get("data") if token["type"] in ("StartTag", "EmptyTag") else None
            if attributes and (None, "class") in attributes:
                kept = [
                    name
                    for name in attributes[(None, "class")].split()
                    if not name.lower().startswith("mso")
                ]
                if kept:
                    attributes[(None, "class")] = " ".join(kept)
                else:
                    del attributes[(None, "class")]
            yield token


ARTICLE_ATTRIBUTES = {
    "a": ["href", "title", "rel"],
    "abbr": ["title"],
    "img": ["src", "alt", "width", "height", "loading", "title"],
    "ol": ["start", "reversed"],
    "td": ["colspan", "rowspan"],
    "th": ["colspan", "rowspan", "scope"],
    "*": ["id", "class", "dir", "lang"],  # dir and lang: right-to-left and other languages
}


# The page's own anchors and labels (and Django's form ids): an article's id must not take
# them, or #comments would jump into the article and the page's scripts find the wrong box.
_RESERVED_ID = re.compile(
    r"content|comments|respond|rating|picture-guide|[a-z-]*-(?:title|legend|help|errors)"
    r"|(?:step|comment)-\d+(?:-by)?|id_.*",
    re.I,
)
# rel values that only describe the link; "opener" and the like change what it can do.
_DESCRIPTIVE_REL = frozenset(
    {"nofollow", "noopener", "noreferrer", "ugc", "sponsored", "tag", "author", "external",
     "license", "help", "bookmark", "me", "alternate"}
)  # fmt: skip


def _article_attribute(tag, name, value):
    """bleach's attribute check for articles: ARTICLE_ATTRIBUTES, with ids that are not
    the page's own and descriptive rel values only."""
    if name not in ARTICLE_ATTRIBUTES.get(tag, ()) and name not in ARTICLE_ATTRIBUTES["*"]:
        return False
    if name == "id":
        return not _RESERVED_ID.fullmatch(value.strip())
    if name == "rel":
        return set(value.lower().split()) <= _DESCRIPTIVE_REL
    return True


COMMENT_TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "br", "cite", "code", "del", "em", "i", "p", "q", "strike",
     "strong"}
)  # fmt: skip
COMMENT_ATTRIBUTES = {"a": ["href", "title"], "abbr": ["title"], "q": ["cite"]}


_local = threading.local()  # bleach's cleaners and linkers are not thread-safe


def _cleaner(name, **options):
    """A Cleaner built once per thread (building one parses its allow-lists)."""
    cleaners = _local.__dict__.setdefault("cleaners", {})
    if name not in cleaners:
        cleaners[name] = Cleaner(**options)
    return cleaners[name]


def clean_comment_html(raw_text: str) -> str:
    """Turn what a reader typed into safe HTML, as WordPress does for comments: blank lines
    make paragraphs, single line breaks make <br>, a small set of inline tags is kept,
    anything else is shown as the text that was typed, and bare URLs become links marked
    rel="nofollow ugc"."""
    paragraphs = [part.strip() for part in (raw_text or "").replace("\r\n", "\n").split("\n\n")]
    html = "".join("<p>" + part.replace("\n", "<br>\n") + "</p>" for part in paragraphs if part)
    cleaned = _cleaner(
        "comment",
        tags=COMMENT_TAGS,
        attributes=COMMENT_ATTRIBUTES,
        protocols=SAFE_PROTOCOLS,
        strip=False,
        strip_comments=True,
    ).clean(html)
    return linkify(cleaned, rel="nofollow ugc")


# What a comment written in Markdown may become (comments/markup.py): the comment tags, and
# the lists and code blocks Markdown makes. Typed comments (above) keep the shorter list.
COMMENT_MARKDOWN_TAGS = COMMENT_TAGS | {"ul", "ol", "li", "pre"}
COMMENT_MARKDOWN_ATTRIBUTES = {**COMMENT_ATTRIBUTES, "ol": ["start"]}


def clean_comment_markdown_html(rendered_html: str) -> str:
    """Clean the HTML a comment's Markdown became, as any comment: the comment allow-list
    (with lists and code blocks), safe URLs only, anything else shown as text, and bare URLs
    made into links; every link marked rel="nofollow ugc"."""
    cleaned = _cleaner(
        "comment-markdown",
        tags=COMMENT_MARKDOWN_TAGS,
        attributes=COMMENT_MARKDOWN_ATTRIBUTES,
        protocols=SAFE_PROTOCOLS,
        strip=False,
        strip_comments=True,
    ).clean(rendered_html or "")
    return linkify(cleaned, rel="nofollow ugc")


def clean_article_html(raw_html: str) -> str:
    """Clean an article body written in the admin: a wide allow-list (headings, lists,
    figures, images, tables), no scripts (nor their code as text), no event handlers, no
    styles, safe URLs only."""
    return (
        _cleaner(
            "article",
            tags=ARTICLE_TAGS,
            attributes=_article_attribute,
            protocols=SAFE_PROTOCOLS,
            strip=True,
            strip_comments=True,
            filters=[_DropOfficeClasses],
        )
        .clean(_drop_code(raw_html or ""))
        .strip()
    )


_LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
_SPACES = re.compile(r"[^\S\n]*\n\s*")


def strip_all_tags(raw_html: str) -> str:
    """Text without any markup (for excerpts, feed descriptions, meta tags, search). In
    markup, whitespace reads as a browser shows it (a line wrapped in the source is one
    space) and each block (paragraph, heading, list item) or <br> starts a new line, so
    "Before you start" and the paragraph under it stay apart ("Line<br>break" was one
    word)."""
    source = _drop_code(raw_html or "")
    if "<" in source:
        source = _LINE_BREAK.sub("\n", re.sub(r"\s+", " ", source))
    escaped = _cleaner("text", tags=set(), attributes={}, strip=True).clean(source)
    return _SPACES.sub("\n", html.unescape(escaped)).strip()


class _CodeKeepingLinkifyFilter(LinkifyFilter):
    """bleach's LinkifyFilter passes the text of its skip_tags (code) on with its entities
    unparsed, so the serializer escapes them again and `&lt;b&gt;` in code shows as
    "&lt;b&gt;": parsed here as they are elsewhere."""

    def __iter__(self):
        skipping = 0
        for token in super().__iter__():
            kind = token["type"]
            if kind == "StartTag" and token["name"] in self.skip_tags:
                skipping += 1
            elif kind == "EndTag" and token["name"] in self.skip_tags:
                skipping = max(skipping - 1, 0)
            elif skipping and kind == "Characters":
                yield from self.extract_entities(token)
                continue
            yield token


class _Linker(Linker):
    def linkify(self, text):
        filtered = _CodeKeepingLinkifyFilter(
            source=self.walker(self.parser.parseFragment(text)),
            callbacks=self.callbacks,
            skip_tags=self.skip_tags,
            parse_email=self.parse_email,
            url_re=self.url_re,
            email_re=self.email_re,
        )
        return self.serializer.render(filtered)


def linkify(html: str, *, rel: str = "nofollow ugc") -> str:
    """Turn bare URLs into links carrying `rel` (used for text readers write)."""

    if "<a" not in html and "://" not in html and "www." not in html.lower():
        return html  # nothing to link or mark: skip the parse
    linkers = _local.__dict__.setdefault("linkers", {})
    if rel not in linkers:

        def set_rel(attrs, new=False):
            href = attrs.get((None, "href"), "")
            if href.startswith("mailto:"):
                return attrs
            attrs[(None, "rel")] = rel
            return attrs

        linkers[rel] = _Linker(callbacks=[set_rel], skip_tags={"pre", "code"})
    return linkers[rel].linkify(html)
