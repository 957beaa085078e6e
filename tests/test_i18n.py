"""Interface text is marked for translation, and a catalogue really changes what a page says.

The first test is a heuristic: it reads each template in scope the way Django's lexer does,
drops what a translator never sees (template comments, variables, tags, whatever sits inside
{% translate %} / {% blocktranslate %}), parses the HTML that is left and reports any text
node or reader-visible attribute (alt, title, aria-label, placeholder) that still holds
letters. Brand names and format strings go in ALLOWED.

Every reader-facing template of the project is checked, the comments app's and its
notification emails included; the moderators' back office stays in English (BACK_OFFICE).
A template that cannot be marked yet goes in NOT_YET, with the reason.
"""

import ast
import re
import struct
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.template.base import Lexer, TokenType
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

BASE_DIR = Path(settings.BASE_DIR)

# Templates whose text a reader or an editor sees, all marked for translation.
CHECKED_DIRS = [
    "templates",
    "articles/templates",
    "ratings/templates",
    "feedback/templates",
    "medical/templates",
    "comments/templates",
]
# The moderators' back office (Django's admin and the comments app's admin pages) stays in
# English, like the operators' commands: see the README, "Languages".
BACK_OFFICE = {
    "templates/admin/index.html",
    "templates/admin/base_site.html",
    "comments/templates/admin/comments/comment/change_form.html",
    "comments/templates/admin/comments/comment/confirm_decision.html",
    "comments/templates/admin/comments/comment/decisions.html",
    "comments/templates/admin/comments/comment/summary.html",
    "comments/templates/admin/comments/moderate_link.html",
    "comments/templates/admin/comments/queue_count.html",
    "comments/templates/admin/comments/screeningphrase/change_list.html",
    "comments/templates/admin/comments/screeningphrase/try.html",
    "comments/templates/comments/admin/moderationevent_change_list.html",
    "comments/templates/comments/admin/suspension_change_form.html",
}
# Templates to mark later (none left: add one here with the reason, never silently).
NOT_YET = set()
# Words that are the same in every language: names, units, format markers.
ALLOWED = {"Atom", "DOI", "RSS", "px"}

VISIBLE_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
TRANSLATE_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans"}
# Template blocks that hold markup settings rather than text (the admin's body classes).
NON_TEXT_BLOCKS = {"bodyclass", "extrastyle", "extrahead"}


def template_paths():
    for folder in CHECKED_DIRS:
        for path in sorted((BASE_DIR / folder).rglob("*.html")):
            relative = path.relative_to(BASE_DIR).as_posix()
            if relative not in NOT_YET and relative not in BACK_OFFICE:
                yield relative


def html_without_translated_text(source):
    """The template's HTML with every template construct and every translated piece removed."""
    pieces = []
    closing = None  # the end tag of the comment or blocktranslate being skipped
    for token in Lexer(source).tokenize():
        if closing:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
            continue
        if token.token_type == TokenType.TEXT:
            pieces.append(token.contents)
        elif token.token_type == TokenType.BLOCK:
            name = token.contents.split()[0]
            if name == "comment":
                closing = "endcomment"
            elif name in TRANSLATE_BLOCKS:
                closing = TRANSLATE_BLOCKS[name]
            elif name == "block" and token.contents.split()[1] in NON_TEXT_BLOCKS:
                closing = "endblock"
    return "".join(pieces)


class TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self.raw_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self.raw_depth += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.texts.append((f'{name}="{value}"', value))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in {"script", "style"}:
            self.raw_depth -= 1

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self.raw_depth -= 1

    def handle_data(self, data):
        if not self.raw_depth:
            self.texts.append((data, data))


def untranslated_text(source):
    collector = TextCollector()
    collector.feed(html_without_translated_text(source))
    collector.close()
    found = []
    for shown, text in collector.texts:  # an attribute's words are in its value
        words = [word for word in re.findall(r"[^\W\d_]+", text) if word not in ALLOWED]
        if words:
            found.append(" ".join(shown.split()))
    return found


@pytest.mark.parametrize("relative_path", list(template_paths()))
def test_template_text_is_marked_for_translation(relative_path):
    source = (BASE_DIR / relative_path).read_text(encoding="utf-8")
    assert untranslated_text(source) == [], f"unmarked text in {relative_path}"


def test_the_checker_finds_unmarked_text_and_accepts_marked_text():
    assert untranslated_text('<p title="Hint">Hello {{ name }}</p>') == ['title="Hint"', "Hello"]
    assert untranslated_text('<img alt="{% translate "A stretch" %}">') == []
    marked = (
        "{% load i18n %}<p>{% blocktranslate trimmed count counter=n %}{{ counter }} vote"
        "{% plural %}{{ counter }} votes{% endblocktranslate %}</p>"
        "{% comment %}Notes for developers{% endcomment %}<script>let x = 1;</script>"
    )
    assert untranslated_text(marked) == []


def write_mo(path, translations):
    """A compiled GNU gettext catalogue (.mo) holding `translations` ({msgid: msgstr}), so
    the test needs no gettext tools (msgfmt) on the machine."""
    catalogue = {"": "Content-Type: text/plain; charset=UTF-8\n", **translations}
    keys = sorted(catalogue)
    ids = [key.encode() for key in keys]
    strs = [catalogue[key].encode() for key in keys]
    header_size = 7 * 4
    ids_table = header_size
    strs_table = ids_table + len(keys) * 8
    data_start = strs_table + len(keys) * 8
    table, data = [], b""
    for text in ids + strs:
        table.append((len(text), data_start + len(data)))
        data += text + b"\0"
    header = struct.pack("<7I", 0x950412DE, 0, len(keys), ids_table, strs_table, 0, data_start)
    entries = b"".join(struct.pack("<2I", length, offset) for length, offset in table)
    path.write_bytes(header + entries + data)


@pytest.fixture
def welsh_catalogue(tmp_path, settings):
    """The site's locale/ replaced by a Welsh catalogue with one translated string."""
    messages = tmp_path / "cy" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    write_mo(
        messages / "django.mo",
        {
            "Latest articles": "Erthyglau diweddaraf",
            "Skip to content": "Neidio i’r cynnwys",
            "Write a comment": "Ysgrifennu sylw",
            "Print the exercise guide": "Argraffu’r canllaw ymarfer",
        },
    )
    settings.LOCALE_PATHS = [tmp_path]  # Django's setting_changed handler drops loaded catalogues
    yield
    translation.deactivate()


def po_msgids(path):
    """The msgids of a .po file (continuation lines joined, escapes undone)."""
    msgids, current = set(), None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current = [line[len("msgid ") :]]
        elif line.startswith('"') and current is not None:
            current.append(line)
        else:
            if current is not None:
                msgids.add("".join(ast.literal_eval(part) for part in current))
            current = None
    return msgids


def test_settings_name_english_and_a_second_language():
    codes = [code for code, _name in settings.LANGUAGES]
    assert settings.LANGUAGE_CODE == "en-gb"
    assert codes[0] == "en-gb" and len(codes) >= 2
    assert settings.USE_I18N
    assert BASE_DIR / "locale" in [Path(path) for path in settings.LOCALE_PATHS]
    for code in codes[1:]:
        assert (
            BASE_DIR / "locale" / translation.to_locale(code) / "LC_MESSAGES" / "django.po"
        ).exists()


@pytest.mark.django_db
def test_a_page_shows_the_translated_text_in_the_sites_language(client, welsh_catalogue, settings):
    settings.LANGUAGE_CODE = "cy"
    translation.deactivate()  # no language chosen per request: the site's language applies
    html = client.get(reverse("articles:list")).content.decode()
    assert "Erthyglau diweddaraf" in html
    assert "Latest articles" not in html


@pytest.mark.django_db
def test_in_english_the_page_keeps_its_english_text(client, welsh_catalogue):
    html = client.get(reverse("articles:list")).content.decode()
    assert "Latest articles" in html
    assert "Erthyglau diweddaraf" not in html


def test_the_welsh_catalogue_holds_every_translate_string_of_the_templates():
    """A reminder to run makemessages: a string marked in a template but missing from
    locale/cy/LC_MESSAGES/django.po would never reach a translator."""
    msgids = po_msgids(BASE_DIR / "locale" / "cy" / "LC_MESSAGES" / "django.po")
    marked = set()
    for relative_path in template_paths():
        source = (BASE_DIR / relative_path).read_text(encoding="utf-8")
        marked |= set(re.findall(r'{% (?:translate|trans) "([^"]*)"', source))
    assert marked, "no {% translate %} found: the pattern is wrong"
    assert sorted(marked - msgids) == []


@pytest.mark.django_db
def test_the_site_runs_in_the_second_language_with_the_shipped_catalogue(
    client, settings, make_article, make_step
):
    """locale/cy as shipped (no translations yet): pages still render, in English where
    nothing is translated, with Django's own Welsh for dates."""
    article = make_article(title="Gentle stretches")
    make_step(article, 1)
    make_step(article, 2)
    settings.LANGUAGE_CODE = "cy"
    translation.deactivate()
    listing = client.get(reverse("articles:list"))
    page = client.get(article.get_absolute_url())
    search = client.get(reverse("articles:search"), {"q": "stretches"})
    missing = client.get("/no-such-page/")
    assert listing.status_code == page.status_code == search.status_code == HTTPStatus.OK
    assert missing.status_code == HTTPStatus.NOT_FOUND
    with translation.override("cy"):
        welsh_month = date_format(article.published_at, "F")
    assert welsh_month in listing.content.decode()
    assert "Latest articles" in listing.content.decode()
    assert "Gentle stretches" in page.content.decode()
    assert "“stretches”" in search.content.decode()


@pytest.mark.django_db
def test_the_page_language_follows_the_sites_language(client, settings):
    """<html lang> names the active language in BCP 47 form, for screen readers and
    hyphenation: en-GB as before, cy when the site runs in Welsh."""
    assert '<html lang="en-GB">' in client.get(reverse("articles:list")).content.decode()
    settings.LANGUAGE_CODE = "cy"
    translation.deactivate()
    # Another page: the list's English copy is in the page cache, whose key holds no language.
    assert '<html lang="cy">' in client.get("/no-such-page/").content.decode()


@pytest.mark.django_db
def test_the_layout_the_guide_and_the_comments_follow_the_catalogue(
    client, welsh_catalogue, settings, make_article, make_step
):
    article = make_article(title="Gentle stretches")
    make_step(article, 1)
    settings.LANGUAGE_CODE = "cy"
    translation.deactivate()
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="cy">' in html
    for welsh in ("Neidio i’r cynnwys", "Argraffu’r canllaw ymarfer", "Ysgrifennu sylw"):
        assert welsh in html
    for english in ("Skip to content", "Print the exercise guide", "Write a comment"):
        assert english not in html
