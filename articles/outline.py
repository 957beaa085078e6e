"""Anchors on an article's headings, and the table of contents they make.

Worked out from the sanitised body (`Article.body_html`, serialised by the sanitiser: tags
in lower case, attribute values in double quotes) when the article's content fragment
renders, so the stored HTML stays what the sanitiser made of the author's. Each h2 and h3
gets an id: the author's own when it has one (the sanitiser kept it, so it is not one of
the page's), else `section-` and the heading's words. The page's own ids (comments,
rating, picture-guide, …-title) never start with `section-`, so the two cannot meet.
"""

import html
import re
from dataclasses import dataclass

from django.utils.text import slugify

# A table of contents is worth its space from this many headings (h2 and h3) on.
MIN_HEADINGS = 3
ANCHOR_PREFIX = "section-"

_HEADING = re.compile(r"<(h[23])(\s[^>]*)?>(.*?)</\1>", re.S | re.I)
_ID = re.compile(r'\sid="([^"]*)"')
_TAG = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Entry:
    text: str
    anchor: str
    children: tuple["Entry", ...] = ()


@dataclass(frozen=True)
class Outline:
    html: str  # the body with an id on every h2 and h3
    contents: tuple[Entry, ...]  # h2s with their h3s; empty below MIN_HEADINGS headings


def _heading_text(inner_html):
    return " ".join(html.unescape(_TAG.sub(" ", inner_html)).split())


def outline(body_html: str) -> Outline:
    taken = set(_ID.findall(body_html))
    headings = []  # (level, text, anchor)

    def anchor(match):
        tag, attributes, inner = match.group(1), match.group(2) or "", match.group(3)
        text = _heading_text(inner)
        own = _ID.search(attributes)
        if own:
            headings.append((tag.lower(), text, own.group(1)))
            return match.group(0)
        if not text:
            return match.group(0)  # a heading with nothing to read (an image alone)
        base = ANCHOR_PREFIX + (slugify(text)[:60].strip("-") or "heading")
        name, number = base, 1
        while name in taken:
            number += 1
            name = f"{base}-{number}"
        taken.add(name)
        headings.append((tag.lower(), text, name))
        return f'<{tag} id="{name}"{attributes}>{inner}</{tag}>'

    anchored = _HEADING.sub(anchor, body_html)
    listed = [heading for heading in headings if heading[1]]
    if len(listed) < MIN_HEADINGS:
        return Outline(anchored, ())
    contents = []  # [level, text, anchor, [its h3s]] while building
    for level, text, name in listed:
        if level == "h3" and contents and contents[-1][0] == "h2":
            contents[-1][3].append(Entry(text, name))
        else:
            contents.append([level, text, name, []])
    return Outline(
        anchored, tuple(Entry(text, name, tuple(subs)) for _, text, name, subs in contents)
    )
