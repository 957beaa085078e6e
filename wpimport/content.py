"""Turning a WordPress post's stored text into the HTML this site stores in Article.body.

WordPress keeps posts as text with bare line breaks and shortcodes, and adds paragraphs
and expands shortcodes each time it displays them (the `the_content` filters: wpautop,
shortcode_unautop, do_shortcode, in that order). We do the same once, at import:

- `wpautop` is a port of WordPress's function of that name (blank lines make paragraphs,
  single line breaks make <br />, block elements are left alone, <pre> is untouched);
  content made with the block editor (it has <!-- wp:... --> markers) is HTML already and
  is not run through it, as in WordPress.
- `[caption]` becomes <figure> with <figcaption>; `[gallery]` becomes a figure per image
  (attachments found in the export); `[embed]`, `[video]` and `[audio]` become links (the
  site allows no iframes or players).
- Other shortcodes come from plugins this site does not have. A pair `[x]text[/x]` keeps
  its text; a tag with attributes (`[contact-form-7 id="4"]`) or a self-closing one is
  removed; a bare word in brackets (`[sic]`, `[note]`) is left as the text it probably
  is. Every removal is counted, so the summary can name them.

The result is cleaned by Article.save() like anything an author writes.
"""

import functools
import html
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from sciatica_site.sanitizer import strip_all_tags

_ALLBLOCKS = (
    r"(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre"
    r"|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section"
    r"|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)"
)
_NEWLINE_PLACEHOLDER = " <!-- wpnl --> "
_TAG_OR_COMMENT = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[^<>]*>", re.S)
_MORE_MARKERS = re.compile(r"<!--(?:more(?:\s[^>]*)?|nextpage|noteaser)-->", re.I)
_BLOCK_EDITOR = "<!-- wp:"


def wpautop(text: str, br: bool = True) -> str:
    """WordPress's wpautop() (wp-includes/formatting.php), step by step."""
    if not text.strip():
        return ""
    pre_tags = {}
    text = text + "\n"
    if "<pre" in text:
        parts = text.split("</pre>")
        last = parts.pop()
        text = ""
        for index, part in enumerate(parts):
            start = part.find("<pre")
            if start == -1:
                text += part + "</pre>"
                continue
            name = f"<pre wp-pre-tag-{index}></pre>"
            pre_tags[name] = part[start:] + "</pre>"
            text += part[:start] + name
        text += last

    text = re.sub(r"<br\s*/?>\s*<br\s*/?>", "\n\n", text)
    text = re.sub(r"(<" + _ALLBLOCKS + r"[\s/>])", r"\n\n\1", text)
    text = re.sub(r"(</" + _ALLBLOCKS + r">)", r"\1\n\n", text)
    text = re.sub(r"(<hr\s*?/?>)", r"\1\n\n", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _TAG_OR_COMMENT.sub(lambda m: m.group(0).replace("\n", _NEWLINE_PLACEHOLDER), text)
    if "<option" in text:
        text = re.sub(r"\s*<option", "<option", text)
        text = re.sub(r"</option>\s*", "</option>", text)
    if "<source" in text or "<track" in text:
        text = re.sub(r"\s*(<(?:source|track)[^>]*>)\s*", r"\1", text)
    text = re.sub(r"\n\n+", "\n\n", text)

    paragraphs = [part for part in re.split(r"\n\s*\n", text) if part]
    text = "".join("<p>" + part.strip("\n") + "</p>\n" for part in paragraphs)

    text = re.sub(r"<p>\s*</p>", "", text)
    text = re.sub(r"<p>([^<]+)</(div|address|form)>", r"<p>\1</p></\2>", text)
    text = re.sub(r"<p>\s*(</?" + _ALLBLOCKS + r"[^>]*>)\s*</p>", r"\1", text)
    text = re.sub(r"<p>(<li.+?)</p>", r"\1", text)
    text = re.sub(r"<p><blockquote([^>]*)>", r"<blockquote\1><p>", text, flags=re.I)
    text = re.sub(r"</blockquote></p>", "</p></blockquote>", text, flags=re.I)
    text = re.sub(r"<p>\s*(</?" + _ALLBLOCKS + r"[^>]*>)", r"\1", text)
    text = re.sub(r"(</?" + _ALLBLOCKS + r"[^>]*>)\s*</p>", r"\1", text)
    if br:
        text = re.sub(
            r"<(script|style|svg).*?</\1>",
            lambda m: m.group(0).replace("\n", "<WPPreserveNewline />"),
            text,
            flags=re.S,
        )
        text = text.replace("<br>", "<br />").replace("<br/>", "<br />")
        text = re.sub(r"(?<!<br />)\s*\n", "<br />\n", text)
        text = text.replace("<WPPreserveNewline />", "\n")
    text = re.sub(r"(</?" + _ALLBLOCKS + r"[^>]*>)\s*<br />", r"\1", text)
    text = re.sub(r"<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)", r"\1", text)
    text = re.sub(r"\n</p>$", "</p>", text)
    for name, original in pre_tags.items():
        text = text.replace(name, original)
    if "<!-- wpnl -->" in text:
        text = text.replace(_NEWLINE_PLACEHOLDER, "\n")
    return text


# Titles

_LINE_BREAK = re.compile(r"<br\s*/?>", re.I)
# What starts a tag, an end tag, a comment or a declaration in HTML: "<" then a letter,
# "/", "!" or "?". One left open at the end runs to the end, as in a browser.
_TAG_LEFT_OPEN = re.compile(r"<[A-Za-z/!?][^>]*\Z")
_TAG_IN_TEXT = re.compile(r"<[A-Za-z/!?][^<>]*>")


def plain_title(text: str) -> str:
    """An imported title as this site keeps titles: one line of plain text.

    WordPress keeps a title as HTML. Its text, as a browser showed it, is kept (entities
    decoded: "Tom &amp; Jerry" is "Tom & Jerry"); its markup is not: tags go
    ("<b>Bold</b> move" is "Bold move"), with what scripts and styles held, a tag left
    open at the end takes the rest with it as in a browser ("WA559 <img/src=x onerror=..."
    is "WA559"), and text that still reads as a tag once entities are decoded
    ("&lt;b&gt;", or "&lt;img src=x" left open) goes too. A "<" or ">" that is not part
    of a tag stays ("a < b and c > d", "I <3 it"). Line breaks, tabs and control characters become
    spaces, runs of spaces one space."""
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text or "")
    text = strip_all_tags(_TAG_LEFT_OPEN.sub("", _LINE_BREAK.sub(" ", text)))
    while (without_tags := _TAG_LEFT_OPEN.sub("", _TAG_IN_TEXT.sub("", text))) != text:
        text = without_tags  # removing one tag can join two halves of another
    return " ".join(text.split())


# Shortcodes

_SHORTCODE_NAME = r"[A-Za-z][\w-]*"


def _shortcode_regex(names: str, *, enclosing=True, suffix="") -> re.Pattern:
    """WordPress's get_shortcode_regex(), with named groups (each name + `suffix`): `open`
    ("[" of an escaped shortcode), `name`, `attributes`, `self_closing` ("/"), `content`
    (enclosed), `close` ("]" of an escape). Without `enclosing`, the shortcodes enclose
    nothing (`content` is None)."""
    content = (
        rf"(?:(?P<content{suffix}>[^\[]*+(?:\[(?!/(?P=name{suffix})\])[^\[]*+)*+)"
        rf"\[/(?P=name{suffix})\])?"
        if enclosing
        else rf"(?P<content{suffix}>(?!x)x)?"
    )
    return re.compile(
        rf"\[(?P<open{suffix}>\[?)(?P<name{suffix}>{names})(?![\w-])"
        rf"(?P<attributes{suffix}>[^\]/]*(?:/(?!\])[^\]/]*)*?)"
        rf"(?:(?P<self_closing{suffix}>/)\]"
        rf"|\]{content})"
        rf"(?P<close{suffix}>\]?)"
    )


_CLOSING_TAG = re.compile(r"\[/(" + _SHORTCODE_NAME + r")\]")


@functools.lru_cache(maxsize=64)
def _shortcodes_in(closers: frozenset) -> re.Pattern:
    """Every shortcode, where only the names that have a closing tag somewhere in the text
    (`closers`) may enclose: looking for the closing tag of every other opening tag would
    scan the rest of the text each time (quadratic in the number of shortcodes)."""
    if not closers:
        return _shortcode_regex(_SHORTCODE_NAME, enclosing=False, suffix="_a")
    names = "|".join(sorted(map(re.escape, closers), key=len, reverse=True))
    enclosing = _shortcode_regex(f"(?:{names})", suffix="_e").pattern
    alone = f"(?!(?:{names})(?![\\w-])){_SHORTCODE_NAME}"
    alone = _shortcode_regex(alone, enclosing=False, suffix="_a").pattern
    return re.compile(f"{enclosing}|{alone}")


_ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)"""
    r"""|'([^']*)'(?:\s|$)"""
    r"""|(\S+)(?:\s|$)"""
)
# Shortcodes that become block elements (figures) are taken out of the paragraph wpautop
# put them in, as WordPress's shortcode_unautop() does; the others stay inline.
_UNAUTOP = re.compile(
    r"<p>[\s\u00a0]*+(?P<shortcode>"
    + _shortcode_regex("caption|wp_caption|gallery|playlist").pattern
    + r")[\s\u00a0]*+</p>"
)
# Bare shortcodes of plugins the old blog is likely to have had, removed even without
# attributes (the site shows its own rating block).
_REMOVED_BARE = {"ratings", "ratings_form", "toc", "adsense"}
_ALIGNMENTS = {"alignleft", "alignright", "aligncenter", "alignnone"}
_MEDIA_SOURCES = ("src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "ogg", "wav", "m4a")


def parse_attributes(text: str) -> dict:
    """WordPress's shortcode_parse_atts(): name="value" pairs; bare values get numbers."""
    text = re.sub(r"[\u00a0\u200b]+", " ", text or "")
    attributes, position = {}, 0
    for match in _ATTRIBUTE.finditer(text):
        groups = match.groups()
        if groups[0]:
            attributes[groups[0].lower()] = groups[1]
        elif groups[2]:
            attributes[groups[2].lower()] = groups[3]
        elif groups[4]:
            attributes[groups[4].lower()] = groups[5]
        else:
            value = next((g for g in groups[6:] if g is not None), "")
            attributes[str(position)] = value
            position += 1
    return attributes


@dataclass
class Attachment:
    """What the export says about one uploaded file (an item of post_type attachment)."""

    wp_id: str
    url: str
    attached_file: str = ""  # path under wp-content/uploads, from _wp_attached_file
    title: str = ""
    caption: str = ""
    alt: str = ""
    parent: str = "0"
    menu_order: int = 0


@dataclass
class Conversion:
    """The converted HTML and what the conversion had to leave out."""

    html: str
    removed_shortcodes: Counter = field(default_factory=Counter)
    missing_attachments: list = field(default_factory=list)
    players: int = 0  # embedded players turned into links


class ContentConverter:
    """Convert one post's content. `attachments` maps WordPress IDs to Attachment (for
    [gallery]); `children` maps a post's ID to its attachments' IDs, in menu order."""

    def __init__(self, *, attachments=None, children=None):
        self.attachments = attachments if attachments is not None else {}
        self.children = children if children is not None else {}

    def convert(self, text: str, *, post_id: str = "") -> Conversion:
        self._removed = Counter()
        self._missing = []
        self._players = 0
        self._post_id = post_id
        text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
        text = _MORE_MARKERS.sub("", text)
        if _BLOCK_EDITOR not in text:
            text = wpautop(text)
        text = _UNAUTOP.sub(lambda m: m.group("shortcode"), text)
        text = self.do_shortcodes(text)
        text = self._players_to_links(text)
        # A removed shortcode that had a line of its own leaves a stray break behind.
        text = re.sub(r"<p>(?:\s*<br\s*/?>)+\s*", "<p>", text)
        text = re.sub(r"(?:\s*<br\s*/?>)+\s*</p>", "</p>", text)
        text = re.sub(r"<p>\s*</p>\n?", "", text)
        text = re.sub(
            r"<p>\s*(https?://[^\s<>\"']+)\s*</p>",
            lambda m: f'<p><a href="{m.group(1)}">{m.group(1)}</a></p>',
            text,
        )
        return Conversion(
            html=text.strip(),
            removed_shortcodes=self._removed,
            missing_attachments=self._missing,
            players=self._players,
        )

    def _players_to_links(self, text: str) -> str:
        """Embedded players (<video>, <audio>, <iframe>, a block editor embed's bare URL)
        become links to what they played: the site runs no third-party players, and the
        sanitiser would leave an empty figure or the URL as text."""
        if "<" not in text:
            return text
        found = 0

        def link(match):
            nonlocal found
            found += 1
            return _link(html.unescape(match.group("src")))

        text = _EMBED_WRAPPER.sub(link, text)
        text = _PLAYER_WITH_SOURCE.sub(link, text)
        text = _PLAYER.sub(link, text)
        self._players += found
        return text

    def do_shortcodes(self, text: str) -> str:
        if "[" not in text:
            return text
        closers = frozenset(_CLOSING_TAG.findall(text))
        return _shortcodes_in(closers).sub(self._expand, text)

    def _expand(self, match) -> str:
        suffix = "_e" if match.groupdict().get("name_e") is not None else "_a"
        escape_open, escape_close = match.group("open" + suffix), match.group("close" + suffix)
        name, raw_attributes = match.group("name" + suffix), match.group("attributes" + suffix)
        self_closing = match.group("self_closing" + suffix)
        content = match.group("content" + suffix)
        if escape_open and escape_close:
            return match.group(0)[1:-1]
        name = name.lower()
        attributes = parse_attributes(raw_attributes)
        handler = getattr(self, f"_shortcode_{name.replace('-', '_')}", None)
        if handler is not None:
            return escape_open + handler(attributes, content or "") + escape_close
        if content is not None:
            # An enclosing shortcode of a plugin we do not have: keep what it enclosed.
            self._removed[name] += 1
            return escape_open + self.do_shortcodes(content) + escape_close
        if self_closing or "=" in raw_attributes or name in _REMOVED_BARE:
            self._removed[name] += 1
            return escape_open + escape_close
        return match.group(0)  # "[sic]": most likely just text in brackets

    def _shortcode_caption(self, attributes, content):
        content = self.do_shortcodes(content.strip())
        caption = attributes.get("caption", "")
        if not caption:
            found = re.match(
                r"((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)", content, re.I | re.S
            )
            if found:
                content, caption = found.group(1), found.group(2)
        caption = re.sub(r"^\s*(?:<br\s*/?>\s*)+|(?:\s*<br\s*/?>)+\s*$", "", caption).strip()
        align = attributes.get("align", "")
        classes = "wp-caption" + (f" {align}" if align in _ALIGNMENTS else "")
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f'<figure class="{classes}">{content}{figcaption}</figure>'

    _shortcode_wp_caption = _shortcode_caption

    def _shortcode_gallery(self, attributes, content):
        ids = [part.strip() for part in attributes.get("ids", "").split(",") if part.strip()]
        if not ids and "include" in attributes:
            ids = [part.strip() for part in attributes["include"].split(",") if part.strip()]
        if not ids:
            parent = attributes.get("id", self._post_id)
            ids = self.children.get(parent, [])
        figures = []
        for attachment_id in ids:
            attachment = self.attachments.get(attachment_id)
            if attachment is None:
                self._missing.append(attachment_id)
                continue
            alt = html.escape(attachment.alt or attachment.caption or "", quote=True)
            src = html.escape(attachment.url, quote=True)
            caption = html.escape(attachment.caption)
            figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
            figures.append(
                f'<figure class="wp-gallery-item"><img src="{src}" alt="{alt}">'
                f"{figcaption}</figure>"
            )
        return "\n".join(figures)

    def _shortcode_embed(self, attributes, content):
        return _link(content.strip())

    def _shortcode_video(self, attributes, content):
        source = next((attributes[key] for key in _MEDIA_SOURCES if attributes.get(key)), "")
        return _link(source or content.strip())

    _shortcode_audio = _shortcode_video

    def _shortcode_playlist(self, attributes, content):
        self._removed["playlist"] += 1
        return ""


_EMBED_WRAPPER = re.compile(
    r'<div class="wp-block-embed__wrapper">\s*(?P<src>https?://[^\s<>"\']+)\s*</div>'
)
_PLAYER_WITH_SOURCE = re.compile(
    r"<(?P<tag>video|audio)\b(?![^>]*\bsrc=)[^>]*>.*?<source\b[^>]*?\bsrc=[\"'](?P<src>[^\"']+)"
    r"[\"'].*?</(?P=tag)\s*>",
    re.I | re.S,
)
_PLAYER = re.compile(
    r"<(?P<tag>video|audio|iframe)\b[^>]*?\bsrc=[\"'](?P<src>[^\"']+)[\"'][^>]*>"
    r"(?:.*?</(?P=tag)\s*>)?",
    re.I | re.S,
)


def _link(url: str) -> str:
    if not url:
        return ""
    escaped = html.escape(url, quote=True)
    return f'<a href="{escaped}">{escaped}</a>'


# Reusable blocks and footnotes (block editor)

_BLOCK_REFERENCE = re.compile(r"<!--\s*wp:block\s+(\{[^{}]*\})\s*/-->")
_FOOTNOTE_ID = re.compile(r"[-\w]{1,100}")
MAX_BLOCK_NESTING = 10
# The most text reusable blocks may add to one post. Nesting is limited above, but a block
# using the next one ten times, six deep, is a 7.5 KB export that expands to a million
# times its size (17 s; seven deep ran out of memory): the text added is counted instead.
MAX_EXPANDED_CHARACTERS = 2_000_000


class BlocksTooLarge(ValueError):
    """The reusable blocks a post uses expand past MAX_EXPANDED_CHARACTERS."""


def block_references(text: str) -> set[str]:
    """The WordPress IDs of the reusable blocks (`wp_block` posts) a text uses."""
    found = set()
    for match in _BLOCK_REFERENCE.finditer(text or ""):
        ref = _block_ref(match)
        if ref:
            found.add(ref)
    return found


def _block_ref(match) -> str:
    try:
        attributes = json.loads(match.group(1))
    except ValueError:
        return ""
    ref = attributes.get("ref") if isinstance(attributes, dict) else None
    return str(ref) if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()) else ""


def expand_reusable_blocks(
    text: str, blocks: dict, *, missing: list | None = None, limit=MAX_EXPANDED_CHARACTERS
) -> str:
    """Each `<!-- wp:block {"ref":N} /-->` replaced by the content of the reusable block
    N (`blocks`: WordPress ID -> content), as WordPress shows it; a block used inside
    itself is expanded once. A block not in `blocks` is left out and its ID added to
    `missing`. Raises BlocksTooLarge when the blocks would add more than `limit`
    characters (counted as they are expanded, so the work stops there too)."""
    budget = [limit]

    def expand(text, inside):
        def replace(match):
            ref = _block_ref(match)
            if ref in blocks and ref not in inside and len(inside) < MAX_BLOCK_NESTING:
                budget[0] -= len(blocks[ref])
                if budget[0] < 0:
                    raise BlocksTooLarge(
                        f"its reusable blocks expand to more than {limit:,} characters "
                        f"(block {ref} and the blocks it uses repeat one another)"
                    )
                return expand(blocks[ref], inside | {ref})
            if ref not in blocks and missing is not None:
                missing.append(ref or match.group(1))
            return ""

        return _BLOCK_REFERENCE.sub(replace, text)

    if "wp:block" not in (text or ""):
        return text
    return expand(text, frozenset())


class BadFootnotes(ValueError):
    """The `footnotes` post meta is not the list WordPress writes; the message says why."""


def parse_footnotes(raw: str) -> list[tuple[str, str]]:
    """The footnotes WordPress keeps in the `footnotes` post meta (JSON:
    [{"id": "…", "content": "…"}, …]) as [(id, content HTML)], in order. Raises
    BadFootnotes when it is not that."""
    if not (raw or "").strip():
        return []
    try:
        notes = json.loads(raw)
    except ValueError as error:
        raise BadFootnotes(f"it is not JSON ({error.msg} at character {error.pos})") from None
    if not isinstance(notes, list):
        raise BadFootnotes("it is not a list of notes")
    found = []
    for number, note in enumerate(notes, start=1):
        if not isinstance(note, dict) or not isinstance(note.get("content"), str):
            raise BadFootnotes(f"note {number} has no text (“content”)")
        note_id = note.get("id")
        found.append((note_id if isinstance(note_id, str) else "", note["content"]))
    return found


def footnotes_html(footnotes: list[tuple[str, str]]) -> str:
    """The notes as a numbered list for the end of the body, each with a link back to
    where the text calls it (WordPress's markers: <sup data-fn="id"><a href="#id"
    id="id-link">). Cleaned with the rest of the body when the article is saved."""
    if not footnotes:
        return ""
    items = []
    for note_id, content in footnotes:
        if note_id and _FOOTNOTE_ID.fullmatch(note_id):
            back = f' <a href="#{note_id}-link" title="Back to the text">↩</a>'
            items.append(f'<li id="{note_id}">{content}{back}</li>')
        else:
            items.append(f"<li>{content}</li>")
    return '\n<ol class="footnotes">\n' + "\n".join(items) + "\n</ol>"
