"""Citations in an article's body: "[1]" or "[1, 3]", as an author types them in the admin
(or inside <sup>), made links to the numbered sources, each with an id the source's
"back to the text" link points at.

This works on the body's sanitised HTML (bleach's output: well-formed, every attribute
value in double quotes, "<" and "&" escaped in text). Only text is changed, never a tag,
and only outside links and code; what is inserted is built here with escaping, from
numbers. Ids of the body's own that would clash with the ones made here are dropped.
"""

import functools
import re
from collections import Counter

from django.utils.html import format_html
from django.utils.safestring import mark_safe

# A tag (attribute values may hold ">", always in double quotes), or the text between tags.
_TAG = re.compile(r'(<(?:[^>"]|"[^"]*")*>)')
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)")
_CITATION = re.compile(r"\[(\d{1,3}(?:\s*,\s*\d{1,3})*)\]")
# Where a citation is text, not a link: inside a link or code.
_NOT_LINKED = {"a", "code", "pre", "kbd", "samp"}
# The ids this module and the sources section give out.
_OUR_ID = re.compile(r'\sid="(?:sources|source-\d+|cite-\d+-\d+)"')


def source_id(number):
    return f"source-{number}"


def citation_id(number, occurrence):
    return f"cite-{number}-{occurrence}"


def link_citations(html, numbers):
    """(html, counts): the body with each citation of a source in `numbers` made a link,
    and how many times each number is cited. A bracket naming a number with no source
    ("[7]" when there are six, "[2024]") is left as it was."""
    counts = Counter()
    if not numbers:
        return html, counts
    depth = {name: 0 for name in _NOT_LINKED | {"sup"}}
    pieces = []
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            if match := _TAG_NAME.match(piece):
                closing, name = match.group(1), match.group(2).lower()
                if name in depth:
                    depth[name] = max(0, depth[name] + (-1 if closing else 1))
            pieces.append(_OUR_ID.sub("", piece))
        elif "[" not in piece or any(depth[name] for name in _NOT_LINKED):
            pieces.append(piece)
        else:
            cite = functools.partial(_cite, numbers=numbers, counts=counts, in_sup=depth["sup"] > 0)
            pieces.append(_CITATION.sub(cite, piece))
    return mark_safe("".join(pieces)), counts  # noqa: S308 - tags kept, text escaped


def _cite(match, *, numbers, counts, in_sup):
    cited = [int(part) for part in match.group(1).split(",")]
    if not all(number in numbers for number in cited):
        return match.group(0)
    links = []
    for number in cited:
        counts[number] += 1
        links.append(
            format_html(
                '<a class="cite__link" id="{}" href="#{}">'
                '<span class="visually-hidden">source </span>{}</a>',
                citation_id(number, counts[number]),
                source_id(number),
                number,
            )
        )
    inner = mark_safe("[" + ", ".join(links) + "]")  # noqa: S308 - built by format_html
    return inner if in_sup else format_html('<sup class="cite">{}</sup>', inner)


def link_body(article, html):
    """The body_html hook (articles/extensions.py): the body with its citations linked."""
    from .queries import cited_body

    return cited_body(article, html)[0]
