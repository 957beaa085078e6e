"""Reading a WordPress export (WXR 1.0-1.2) as a stream.

The file is fed to expat in chunks; each direct child of <channel> (an author, a category,
a tag, an item with its comments) is built as a small ElementTree element, handed over,
and forgotten, so memory stays bounded by the largest single item, not by the file.

Why expat directly rather than ElementTree.iterparse: it lets us refuse any DOCTYPE
(a WordPress export never has one, and entity declarations are how billion-laughs and
external-entity attacks start) before a single entity is declared, and it gives the line
number where each item starts, for error messages. Both come from the standard library.

Tags are named with their usual prefixes whatever namespace version the file declares:
"wp:post_id", "content:encoded", "excerpt:encoded", "dc:creator".
"""

import codecs
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from xml.parsers import expat

CHUNK_SIZE = 256 * 1024
_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
# Control characters XML 1.0 forbids, which WordPress writes as they were pasted (from a
# word processor, say). Safe to drop byte by byte in UTF-8, where no other character
# contains these bytes.
_FORBIDDEN_CONTROLS = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
SUPPORTED_MAJOR_VERSION = "1"

_WP_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/$")
_EXCERPT_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/\d+\.\d+/excerpt/$")
_KNOWN_NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# Elements that carry their starting line (as the attribute LINE) for error messages.
_LINE_TAGS = {"item", "wp:comment", "wp:author", "wp:category", "wp:tag", "wp:term"}
LINE = "{wpimport}line"


class WXRError(Exception):
    """The file cannot be read as a WordPress export. The message says why, for people."""

    def __init__(self, message, *, line=None):
        super().__init__(message)
        self.message = message
        self.line = line

    def __str__(self):
        if self.line:
            return f"line {self.line}: {self.message}"
        return self.message


@dataclass
class Record:
    """One direct child of <channel>: its tag, the element, and the line it starts on."""

    tag: str
    element: ET.Element
    line: int


@dataclass
class ChannelInfo:
    wxr_version: str = ""
    title: str = ""
    link: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""


class _Refused(Exception):
    """Raised inside an expat handler to stop the parse."""

    def __init__(self, error: WXRError):
        super().__init__(error.message)
        self.error = error


class WXRReader:
    """Iterate over the records of a WXR file: `for record in WXRReader(path).records()`.

    `info` fills in as the channel's header elements go by; `bytes_read` and `size` are
    there for a progress indicator. Raises WXRError for a file that is not XML, not a
    WordPress export, has a DOCTYPE, or is cut off (the error is raised when the problem is
    reached: the caller must treat everything it did as undone)."""

    def __init__(self, path, *, chunk_size=CHUNK_SIZE):
        self.path = Path(path)
        self.chunk_size = chunk_size
        self.info = ChannelInfo()
        self.bytes_read = 0
        self.size = self.path.stat().st_size
        self.controls_removed = 0  # forbidden control characters dropped from the text

    def records(self) -> Iterator[Record]:
        with self.path.open("rb") as stream:
            first = stream.read(self.chunk_size)
            to_utf8 = self._transcoder(first)
            self._parser = expat.ParserCreate("UTF-8" if to_utf8 else None, namespace_separator=" ")
            yield from self._parse(stream, first, to_utf8)
        if not self.info.wxr_version:
            raise WXRError(self._not_wxr_reason())

    def _transcoder(self, first):
        """How to feed the file to expat: None to give it the bytes as they are (UTF-8, or
        UTF-16 with its byte-order mark, which expat reads itself), else a function turning
        each chunk into UTF-8 (expat reads no multi-byte encoding but its own: GB2312,
        Shift_JIS, EUC-KR... are decoded by Python first)."""
        if first.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return None
        declared = _DECLARED_ENCODING.match(first.removeprefix(codecs.BOM_UTF8))
        name = declared.group(1).decode("ascii") if declared else "utf-8"
        try:
            codec = codecs.lookup(name)
        except LookupError:
            raise WXRError(
                f"the file says its text is in the encoding “{name}”, which is unknown. "
                "Export again from WordPress (it writes UTF-8), or convert the file to UTF-8.",
                line=1,
            ) from None
        if codec.name == "utf-8":
            return self._drop_controls
        decoder = codec.incrementaldecoder(errors="strict")

        def to_utf8(chunk, final=False):
            try:
                text = decoder.decode(chunk, final)
            except UnicodeDecodeError:
                raise WXRError(
                    f"the file says its text is in {name}, but it holds bytes that are not "
                    f"{name}. Export again from WordPress, or convert the file to UTF-8."
                ) from None
            return self._drop_controls(text.encode("utf-8"))

        return to_utf8

    def _drop_controls(self, chunk, final=False):
        cleaned = chunk.translate(None, _FORBIDDEN_CONTROLS)
        self.controls_removed += len(chunk) - len(cleaned)
        return cleaned

    def _parse(self, stream, first, to_utf8):
        parser = self._parser
        parser.buffer_text = True
        parser.buffer_size = 64 * 1024
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._data
        self._depth = 0
        self._root_seen = False
        self._in_channel = False
        self._builder = None
        self._record_tag = ""
        self._record_line = 0
        self._ready = []
        self.bytes_read = 0
        self.controls_removed = 0
        chunk = first
        while chunk:
            self.bytes_read += len(chunk)
            self._feed(to_utf8(chunk) if to_utf8 else chunk, final=False)
            yield from self._drain()
            chunk = stream.read(self.chunk_size)
        self._feed(to_utf8(b"", final=True) if to_utf8 else b"", final=True)
        yield from self._drain()

    # Expat plumbing

    def _feed(self, chunk, *, final):
        try:
            self._parser.Parse(chunk, final)
        except _Refused as refused:
            raise refused.error from None
        except expat.ExpatError as error:
            raise self._explain(error, final=final) from None

    def _drain(self):
        ready, self._ready = self._ready, []
        for record in ready:
            if record.tag == "item" and not self.info.wxr_version:
                raise WXRError(self._not_wxr_reason(), line=record.line)
            yield record

    def _explain(self, error, *, final):
        line, column = error.lineno, error.offset + 1
        reason = expat.errors.messages[error.code]
        if not self._root_seen:
            if final and error.code == _NO_ELEMENTS and self.size == 0:
                return WXRError("the file is empty.")
            return WXRError(
                f"this is not an XML file ({reason} at line {line}, column {column}). "
                "Choose the .xml file that WordPress's Tools → Export produced."
            )
        if final:
            return WXRError(
                f"the file is cut off: it ends at line {line} in the middle of the export "
                f"({reason}). Was the download or the export interrupted? Export again "
                "and use the complete file."
            )
        return WXRError(
            f"the XML is broken at line {line}, column {column} ({reason}). "
            "Export again from WordPress, or repair the file at that place."
        )

    def _refuse(self, message):
        raise _Refused(WXRError(message, line=self._parser.CurrentLineNumber))

    def _doctype(self, name, system_id, public_id, has_internal_subset):
        if (name or "").lower() == "html":
            self._refuse("this is an HTML page, not a WordPress export (WXR).")
        self._refuse(
            "the file has a DOCTYPE declaration. WordPress exports have none, and entity "
            "declarations are refused for safety (they can expand without limit or read "
            "other files)."
        )

    def _entity(self, *args):
        self._refuse("the file declares XML entities, which are refused for safety.")

    def _qname(self, name):
        if " " not in name:
            return name
        uri, local = name.split(" ", 1)
        if _WP_NAMESPACE.match(uri):
            return f"wp:{local}"
        if _EXCERPT_NAMESPACE.match(uri):
            return f"excerpt:{local}"
        prefix = _KNOWN_NAMESPACES.get(uri)
        return f"{prefix}:{local}" if prefix else f"{{{uri}}}{local}"

    def _start(self, name, attributes):
        self._depth += 1
        tag = self._qname(name)
        if self._depth == 1:
            self._root_seen = True
            if tag != "rss":
                self._refuse(
                    f"this XML file is not a WordPress export: its root element is <{tag}>, "
                    "a WordPress export (WXR) starts with <rss>."
                )
            return
        if self._depth == 2:
            self._in_channel = tag == "channel"
            return
        if self._depth == 3 and self._in_channel:
            self._builder = ET.TreeBuilder()
            self._record_tag = tag
            self._record_line = self._parser.CurrentLineNumber
        if self._builder is not None:
            attrib = {self._qname(key): value for key, value in attributes.items()}
            if tag in _LINE_TAGS:
                attrib[LINE] = str(self._parser.CurrentLineNumber)
            self._builder.start(tag, attrib)

    def _end(self, name):
        if self._builder is not None:
            element = self._builder.end(self._qname(name))
            if self._depth == 3:
                self._builder = None
                self._on_record(Record(self._record_tag, element, self._record_line))
        self._depth -= 1

    def _data(self, text):
        if self._builder is not None:
            self._builder.data(text)

    def _on_record(self, record):
        header = {
            "wp:wxr_version": "wxr_version",
            "title": "title",
            "link": "link",
            "wp:base_site_url": "base_site_url",
            "wp:base_blog_url": "base_blog_url",
        }
        if record.tag in header:
            value = (record.element.text or "").strip()
            setattr(self.info, header[record.tag], value)
            if record.tag == "wp:wxr_version" and value.split(".")[0] != SUPPORTED_MAJOR_VERSION:
                raise _Refused(
                    WXRError(
                        f"WXR version {value} is not supported (versions 1.0 to 1.2 are).",
                        line=record.line,
                    )
                )
            return
        self._ready.append(record)

    def _not_wxr_reason(self):
        return (
            "this XML file is not a WordPress export: it has no <wp:wxr_version> in the "
            "WordPress export namespace (an RSS feed is not an export; use Tools → Export "
            "in WordPress)."
        )


_NO_ELEMENTS = expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS]


# From elements to plain data


def element_line(element) -> int | None:
    value = element.get(LINE)
    return int(value) if value else None


def _text(element) -> str:
    return (element.text or "").strip() if element is not None else ""


def _simple_fields(element) -> dict:
    """Child tag -> stripped text, for the children that appear once."""
    fields = {}
    for child in element:
        fields.setdefault(child.tag, _text(child))
    return fields


def parse_date(value: str) -> datetime | None:
    """A WordPress date ("2012-08-26 12:39:00", UTC for the *_gmt fields) or None when
    empty or zero (drafts have "0000-00-00 00:00:00"). Raises ValueError otherwise."""
    value = (value or "").strip()
    if not value or value.startswith("0000-00-00"):
        return None
    return datetime.strptime(value, "%Y-%m-%d %H:%M:%S")


def as_utc(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None else None


@dataclass
class WPAuthor:
    login: str
    wp_id: str = ""
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""
    line: int | None = None


def parse_author(element) -> WPAuthor:
    fields = _simple_fields(element)
    return WPAuthor(
        login=fields.get("wp:author_login", ""),
        wp_id=fields.get("wp:author_id", ""),
        email=fields.get("wp:author_email", ""),
        display_name=fields.get("wp:author_display_name", ""),
        first_name=fields.get("wp:author_first_name", ""),
        last_name=fields.get("wp:author_last_name", ""),
        line=element_line(element),
    )


@dataclass
class WPTerm:
    taxonomy: str  # "category" or "post_tag" (others are ignored by the importer)
    term_id: str
    slug: str
    name: str
    description: str = ""
    parent: str = ""
    line: int | None = None


def parse_term(element) -> WPTerm:
    fields = _simple_fields(element)
    line = element_line(element)
    if element.tag == "wp:category":
        return WPTerm(
            taxonomy="category",
            term_id=fields.get("wp:term_id", ""),
            slug=fields.get("wp:category_nicename", ""),
            name=fields.get("wp:cat_name", ""),
            description=fields.get("wp:category_description", ""),
            parent=fields.get("wp:category_parent", ""),
            line=line,
        )
    if element.tag == "wp:tag":
        return WPTerm(
            taxonomy="post_tag",
            term_id=fields.get("wp:term_id", ""),
            slug=fields.get("wp:tag_slug", ""),
            name=fields.get("wp:tag_name", ""),
            description=fields.get("wp:tag_description", ""),
            line=line,
        )
    return WPTerm(
        taxonomy=fields.get("wp:term_taxonomy", ""),
        term_id=fields.get("wp:term_id", ""),
        slug=fields.get("wp:term_slug", ""),
        name=fields.get("wp:term_name", ""),
        description=fields.get("wp:term_description", ""),
        parent=fields.get("wp:term_parent", ""),
        line=line,
    )


@dataclass
class WPComment:
    wp_id: str
    author_name: str
    author_email: str
    author_url: str
    date: str
    date_gmt: str
    content: str
    approved: str
    comment_type: str
    parent: str
    user_id: str
    line: int | None = None


def parse_comment(element) -> WPComment:
    fields = _simple_fields(element)
    return WPComment(
        wp_id=fields.get("wp:comment_id", ""),
        author_name=fields.get("wp:comment_author", ""),
        author_email=fields.get("wp:comment_author_email", ""),
        author_url=fields.get("wp:comment_author_url", ""),
        date=fields.get("wp:comment_date", ""),
        date_gmt=fields.get("wp:comment_date_gmt", ""),
        content=fields.get("wp:comment_content", ""),
        approved=fields.get("wp:comment_approved", ""),
        comment_type=fields.get("wp:comment_type", ""),
        parent=fields.get("wp:comment_parent", "0") or "0",
        user_id=fields.get("wp:comment_user_id", "0") or "0",
        line=element_line(element),
    )


@dataclass
class WPItem:
    """A post, page, attachment or any other post type, with its comments and meta."""

    wp_id: str
    post_type: str
    title: str = ""
    creator: str = ""
    content: str = ""
    excerpt: str = ""
    slug: str = ""
    status: str = ""
    date: str = ""
    date_gmt: str = ""
    modified: str = ""
    modified_gmt: str = ""
    password: str = ""
    comment_status: str = ""
    parent: str = "0"
    menu_order: str = "0"
    attachment_url: str = ""
    link: str = ""  # its address on the old blog (the permalink)
    categories: list = field(default_factory=list)  # [(domain, nicename, name)]
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)
    line: int | None = None

    @property
    def label(self) -> str:
        title = html.unescape(self.title) or "(no title)"
        if len(title) > 80:
            title = title[:79] + "…"
        return f"“{title}” (WordPress ID {self.wp_id or '?'})"


def parse_item(element) -> WPItem:
    fields = {}
    categories, meta, comments = [], {}, []
    for child in element:
        if child.tag == "category":
            categories.append(
                (child.get("domain", ""), (child.get("nicename") or "").strip(), _text(child))
            )
        elif child.tag == "wp:postmeta":
            meta_fields = _simple_fields(child)
            key = meta_fields.get("wp:meta_key", "")
            if key:
                meta.setdefault(key, meta_fields.get("wp:meta_value", ""))
        elif child.tag == "wp:comment":
            comments.append(parse_comment(child))
        else:
            fields.setdefault(child.tag, child.text or "")
    return WPItem(
        wp_id=fields.get("wp:post_id", "").strip(),
        post_type=fields.get("wp:post_type", "").strip(),
        title=fields.get("title", "").strip(),
        creator=fields.get("dc:creator", "").strip(),
        content=fields.get("content:encoded", ""),
        excerpt=fields.get("excerpt:encoded", "").strip(),
        slug=fields.get("wp:post_name", "").strip(),
        status=fields.get("wp:status", "").strip(),
        date=fields.get("wp:post_date", "").strip(),
        date_gmt=fields.get("wp:post_date_gmt", "").strip(),
        modified=fields.get("wp:post_modified", "").strip(),
        modified_gmt=fields.get("wp:post_modified_gmt", "").strip(),
        password=fields.get("wp:post_password", "").strip(),
        comment_status=fields.get("wp:comment_status", "").strip(),
        parent=fields.get("wp:post_parent", "0").strip() or "0",
        menu_order=fields.get("wp:menu_order", "0").strip() or "0",
        attachment_url=fields.get("wp:attachment_url", "").strip(),
        link=fields.get("link", "").strip(),
        categories=categories,
        meta=meta,
        comments=comments,
        line=element_line(element),
    )
