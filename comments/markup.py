"""What a comment's text becomes on the page.

Comments are written in a small part of Markdown, as people write emails: paragraphs, line
breaks, *emphasis*, **bold**, lists, > quotes, `code`, [links](https://…), and web addresses
that become links. Not pictures, tables, rules or HTML: a typed tag is shown as the text that
was typed. A heading ("# …") is shown as a bold line, not as a heading of the page.

markdown-it-py turns the text into HTML, and that HTML then goes through the sanitiser's
comment allow-list (sciatica_site.sanitizer.clean_comment_markdown_html) like any comment:
the sanitiser stays the one wall, whatever this module or the library does.

Comments written before Markdown, and those imported from WordPress, keep their own rules
(`Comment.BodyFormat.HTML`: a few HTML tags, sanitiser.clean_comment_html); `render_body`
picks the rules by the comment's format, so editing an old comment keeps how it reads.
"""

import functools
import re
import threading

from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt

from sciatica_site.sanitizer import clean_comment_html, clean_comment_markdown_html

from .models import Comment

# Quotes and lists inside one another: shown this deep at most (deeper ones at this depth,
# their text kept), so that a pasted "> > > > …" cannot make a page of nested boxes.
MAX_DEPTH = 4
# Markers at the start of one line ("> > > …", "- - - …") read at most this many; the rest
# is dropped before parsing, as the parser would drop the text nested past its own limit.
MAX_MARKERS_PER_LINE = 8
# The parser's own limit on nesting, against deep recursion (each list is two levels: the
# list and its item). Text nested deeper still is left out by the parser: it takes about 20
# lists inside one another, dozens of spaces of indentation, never a reader's comment. Its
# time on runs of "[" grows with this limit too (bench/markdown.py): 40 keeps it under 0.1 s.
_PARSER_NESTING = 40

_CONTAINERS = frozenset({"blockquote", "bullet_list", "ordered_list"})
_ONE_MARKER = r"[ \t]*+(?:>|[-+*](?=[ \t]|$)|\d{1,9}+[.)](?=[ \t]|$))"
_MARKER = re.compile(_ONE_MARKER)
# A run of container markers at the start of a line (possessive: linear, whatever the line).
_MARKER_RUN = re.compile(rf"^(?:{_ONE_MARKER}){{{MAX_MARKERS_PER_LINE + 1},}}+", re.M)

_local = threading.local()


def _parser() -> MarkdownIt:
    """The Markdown parser, built once per thread: CommonMark without raw HTML, pictures,
    rules or tables; a single line break is kept as one, as in an email."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = MarkdownIt(
            "commonmark",
            {
                "html": False,
                "breaks": True,
                "linkify": False,  # bare addresses: the sanitiser's linkify, as for all text
                "typographer": False,
                "maxNesting": _PARSER_NESTING,
            },
        )
        parser.disable(["image", "hr", "html_block", "html_inline"])
        parser.core.ruler.push("comment_depth", _limit_depth)
        parser.add_render_rule("heading_open", _heading_open)
        parser.add_render_rule("heading_close", _heading_close)
        _local.parser = parser
    return parser


def _heading_open(self, tokens, idx, options, env):
    return "<p><strong>"


def _heading_close(self, tokens, idx, options, env):
    return "</strong></p>\n"


def _limit_depth(state):
    """Leave out the quotes and lists nested deeper than MAX_DEPTH, keeping their text:
    it shows at the deepest level allowed, a paragraph per item."""
    kept, shown, stack = [], 0, []
    for token in state.tokens:
        kind = token.type.removesuffix("_open").removesuffix("_close")
        if kind in _CONTAINERS or kind == "list_item":
            if token.nesting == 1:
                if kind == "list_item":
                    show = stack[-1] if stack else True  # an item goes with its list
                else:
                    show = shown < MAX_DEPTH
                    shown += show
                stack.append(show)
            else:
                show = stack.pop() if stack else True
                if kind in _CONTAINERS:
                    shown -= show
            if not show:
                continue
        elif kind == "paragraph" and stack and not stack[-1]:
            token.hidden = False  # a tight list's item, its list left out: a paragraph
        kept.append(token)
    state.tokens = kept


def _fewer_markers(match) -> str:
    run = match.group(0)
    end = 0
    for _marker in range(MAX_MARKERS_PER_LINE):
        end = _MARKER.match(run, end).end()
    return run[:end]


# The line break the parser puts after each block's tags (never inside <pre>, where a "<"
# is always escaped): left out, as comments written before Markdown have none.
_BLOCK_BREAK = re.compile(
    r'(</(?:p|blockquote|ul|ol|li|pre)>|<(?:blockquote|ul|ol|li)(?: start="\d+")?>)\n'
)


def render_markdown(text: str) -> str:
    """The safe HTML of a comment written in Markdown."""
    text = _MARKER_RUN.sub(_fewer_markers, (text or "").replace("\r\n", "\n"))
    rendered = _BLOCK_BREAK.sub(r"\1", _parser().render(text))
    return clean_comment_markdown_html(rendered).strip()


def render_body(body: str, body_format: str = Comment.BodyFormat.MARKDOWN) -> str:
    """The safe HTML of a comment's text, by the rules it was written with."""
    if body_format == Comment.BodyFormat.HTML:
        return clean_comment_html(body)
    return render_markdown(body)


# The examples under the comment box ("What you can write"), each as typed; what they show
# is rendered by render_markdown itself, so the help cannot drift from the rules.
EXAMPLES = (
    (_("Bold"), "**sharp pain**"),
    (_("Italic"), "*gently*"),
    (_("A list"), "- first exercise\n- second exercise"),
    (_("A numbered list"), "1. lie on your back\n2. bend one knee"),
    (_("A quote"), "> My physiotherapist said…"),
    (_("A link"), "[NHS: sciatica](https://www.nhs.uk/conditions/sciatica/)"),
    (_("A web address"), "https://www.nhs.uk"),
)


@functools.cache
def examples() -> tuple[tuple[str, str, str], ...]:
    """(what, typed, shown as HTML) for each example: rendered once per process."""
    return tuple((what, typed, render_markdown(typed)) for what, typed in EXAMPLES)
