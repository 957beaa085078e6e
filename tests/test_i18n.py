"""Interface text is marked for translation, and a catalogue really changes what a page says.

The first test is a heuristic: it reads each template in scope the way Django's lexer does,
drops what a translator never sees (template comments, variables, tags, whatever sits inside
{% translate %} / {% blocktranslate %}), parses the HTML that is left and reports any text
node or reader-visible attribute (alt, title, aria-label, placeholder) that still holds
letters. Brand names and format strings go in ALLOWED.

Every reader-facing template of the project is checked, the comments app's and its
notification emails included; the moderators' back office stays in English (BACK_OFFICE).
A template that cannot be marked yet goes in NOT_YET, with the reason.

The readers' scripts are checked the same way: every string literal that reads as words
must be an argument of gettext() (djangojs.po, served as static/jsi18n/<language>.js), and
the accounts' refusals and messages must go through gettext. Welsh translations of a few
of those strings, shipped in locale/cy, show that they reach the page.
"""

import ast
import importlib.util
import json
import re
import struct
from html.parser import HTMLParser
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
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


# --- The readers' scripts and the accounts' messages ----------------------------------


# The scripts readers run: the site's own (static/js) and each app's (<app>/static/<app>/);
# the back office's sit in admin/ folders below those and stay in English.
def reader_script_paths():
    paths = sorted(BASE_DIR.glob("static/js/*.js")) + sorted(BASE_DIR.glob("*/static/*/*.js"))
    return [path.relative_to(BASE_DIR).as_posix() for path in paths]


# After these (or at the start), "/" opens a regular expression rather than dividing.
REGEX_MAY_FOLLOW = {"", *"(,=:[!&|?{};+-*%<>~^"}
GETTEXT_CALL = re.compile(r"\b(?:gettext|ngettext|pgettext|gettext_noop)\s*\(")
# Strings that are code, not words, though they look like words.
JS_ALLOWED = {"use strict"}


def js_string_literals(source):
    """The string literals of a script as (start, end, value), and the script with every
    comment, string and regular expression literal blanked out (same length), so that
    brackets can be counted. A tokenizer just good enough for the project's plain ES5."""
    literals, masked, i = [], list(source), 0

    def blank(start, end):
        masked[start:end] = " " * (end - start)

    def previous_significant(position):
        before = "".join(masked[:position]).rstrip()
        return before[-1] if before else ""

    while i < len(source):
        char, pair = source[i], source[i : i + 2]
        if pair == "//":
            end = source.find("\n", i)
            end = len(source) if end == -1 else end
            blank(i, end)
            i = end
        elif pair == "/*":
            end = source.index("*/", i) + 2
            blank(i, end)
            i = end
        elif char in "\"'`":
            end = i + 1
            while source[end] != char:
                end += 2 if source[end] == "\\" else 1
            end += 1
            value = source[i + 1 : end - 1] if char == "`" else ast.literal_eval(source[i:end])
            literals.append((i, end, value))
            blank(i, end)
            i = end
        elif char == "/" and previous_significant(i) in REGEX_MAY_FOLLOW:
            end, in_class = i + 1, False  # a regular expression literal
            while in_class or source[end] != "/":
                if source[end] == "\\":
                    end += 1
                elif source[end] == "[":
                    in_class = True
                elif source[end] == "]":
                    in_class = False
                end += 1
            blank(i, end + 1)
            i = end + 1
        else:
            i += 1
    return literals, "".join(masked)


def gettext_calls(source):
    """The msgids a script passes to gettext() and friends (first argument, its string
    literals joined as `+` joins them), and the spans of those calls."""
    literals, masked = js_string_literals(source)
    calls = []
    for match in GETTEXT_CALL.finditer(masked):
        depth, position, first_argument_end = 1, match.end(), None
        while depth:
            if masked[position] in "([{":
                depth += 1
            elif masked[position] in ")]}":
                depth -= 1
            elif masked[position] == "," and depth == 1 and first_argument_end is None:
                first_argument_end = position
            position += 1
        first_argument_end = first_argument_end or position
        msgid = "".join(
            value for start, _end, value in literals if match.end() <= start < first_argument_end
        )
        calls.append((match.start(), position, msgid))
    return literals, calls


# A word as prose has it (letters, an apostrophe inside, punctuation after), unlike a class
# name, a selector or a key ("button--link", "form.comment-form,", "data-theme").
PROSE_WORD = re.compile(r"\(?[^\W\d_]+(?:[’'][^\W\d_]+)*[,.:;!?…)]*")


def looks_like_words(text):
    """Text a reader would read: two words of prose side by side, or one capitalised word
    ending like a sentence or a button ("Saved.", "Share…")."""
    words = [bool(PROSE_WORD.fullmatch(token)) for token in text.split(" ")]
    return any(a and b for a, b in zip(words, words[1:], strict=False)) or bool(
        re.fullmatch(r"[A-Z][a-z]+[.…!?]", text)
    )


def unmarked_script_text(source):
    literals, calls = gettext_calls(source)
    return [
        value
        for start, _end, value in literals
        if looks_like_words(value)
        and value not in JS_ALLOWED
        and not any(call_start <= start < call_end for call_start, call_end, _ in calls)
    ]


@pytest.mark.parametrize("relative_path", reader_script_paths())
def test_script_text_is_marked_for_translation(relative_path):
    source = (BASE_DIR / relative_path).read_text(encoding="utf-8")
    assert unmarked_script_text(source) == [], f"text outside gettext() in {relative_path}"


def test_the_script_checker_finds_bare_text_and_accepts_marked_text():
    source = """
      // A comment with "Quoted words" is not shown.
      /* Nor "this one" */
      var pattern = /[^0-9"]+/g, selector = "form.comment-form, form.comment-edit-form";
      cancel.className = "respond__cancel-js button--link";
      status.textContent = "Link copied.";
      button.textContent = 'Cancel reply';
      note.textContent = gettext("Saved.") + " " + interpolate(
        gettext("Reply to %(name)s"), { name: "Ann Smith" }, true
      );
      label = ngettext("One vote", "Many votes", count);
      fetch(url, { method: "POST", headers: { Accept: "application/json" } });
    """
    assert unmarked_script_text(source) == ["Link copied.", "Cancel reply", "Ann Smith"]
    _literals, calls = gettext_calls(source)
    assert [msgid for _start, _end, msgid in calls] == [
        "Saved.",
        "Reply to %(name)s",
        "One vote",
    ]
    assert gettext_calls('gettext("One long " +\n  "sentence.")')[1][0][2] == "One long sentence."


def test_the_welsh_catalogue_holds_every_gettext_string_of_the_scripts():
    """A reminder to run `make messages`: a string marked in a script but missing from
    locale/cy/LC_MESSAGES/djangojs.po never reaches a translator."""
    msgids = po_msgids(BASE_DIR / "locale" / "cy" / "LC_MESSAGES" / "djangojs.po")
    marked = set()
    for relative_path in reader_script_paths():
        source = (BASE_DIR / relative_path).read_text(encoding="utf-8")
        marked |= {msgid for _start, _end, msgid in gettext_calls(source)[1]}
    assert "Link copied." in marked, "no gettext() found in the scripts: the checker is wrong"
    assert sorted(marked - msgids) == []


# The calls whose words a reader sees: refusals, and the messages shown on the next page.
MESSAGE_CALLS = {"ValidationError", "debug", "info", "success", "warning", "error", "add_message"}
# The back office (Django's admin) stays in English, like the operators' commands.
ACCOUNTS_BACK_OFFICE = {"admin.py", "roles.py"}


def unmarked_messages(source):
    """(line, text) of every string given as is to ValidationError() or messages.*():
    a literal, an f-string or a formatted literal, where a gettext call belongs."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "attr", getattr(node.func, "id", None))
        if name not in MESSAGE_CALLS:
            continue
        for argument in node.args:
            if isinstance(argument, ast.BinOp):
                argument = argument.left
            if isinstance(argument, ast.JoinedStr) or (
                isinstance(argument, ast.Constant)
                and isinstance(argument.value, str)
                and re.search(r"[^\W\d_]", argument.value)
            ):
                found.append((argument.lineno, ast.unparse(argument)))
    return found


@pytest.mark.parametrize(
    "relative_path",
    [
        path.relative_to(BASE_DIR).as_posix()
        for path in sorted((BASE_DIR / "accounts").glob("*.py"))
        if path.name not in ACCOUNTS_BACK_OFFICE
    ],
)
def test_accounts_messages_are_marked_for_translation(relative_path):
    source = (BASE_DIR / relative_path).read_text(encoding="utf-8")
    assert unmarked_messages(source) == [], f"a message without gettext in {relative_path}"


def test_the_message_checker_finds_bare_messages_and_accepts_marked_ones():
    source = """
raise ValidationError("A name needs a letter.", code="empty")
raise ValidationError(f"A {what} cannot look like a role.")
messages.error(request, "We could not send you an email." % {})
raise ValidationError(_("A name needs a letter."), code="empty")
raise ValidationError(REFUSALS[what], code="role")
messages.success(request, _("Saved."))
"""
    assert unmarked_messages(source) == [
        (2, "'A name needs a letter.'"),
        (3, "f'A {what} cannot look like a role.'"),
        (4, "'We could not send you an email.'"),
    ]


@pytest.fixture
def welsh_site(settings):
    """The site in Welsh, with the catalogues in locale/cy as shipped (a few strings of the
    scripts and of the accounts are translated there)."""
    settings.LANGUAGE_CODE = "cy"
    translation.deactivate()
    yield
    translation.deactivate()


def load_js_catalogues():
    """scripts/js_catalogues.py, which writes static/jsi18n/<language>.js (make messages)."""
    spec = importlib.util.spec_from_file_location(
        "js_catalogues", BASE_DIR / "scripts" / "js_catalogues.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_scripts_catalogues_are_up_to_date():
    """A reminder to run `make messages`: each language's static/jsi18n/<language>.js is
    what Django's JavaScript catalogue makes of locale/ now (a .po changed and compiled,
    or a Django upgrade, without the files written again fails here)."""
    files = load_js_catalogues().catalogue_files()
    assert {path.name for path in files} == {f"{code}.js" for code, _name in settings.LANGUAGES}
    stale = [
        path.relative_to(BASE_DIR).as_posix()
        for path, content in files.items()
        if not path.exists() or path.read_bytes() != content
    ]
    assert stale == [], "run make messages (scripts/js_catalogues.py)"


def loaded_catalogue(html, language):
    """The translations ({msgid: msgstr}) of the catalogue the page loads for `language`:
    a script of the site's own static files, before the scripts that call gettext()."""
    source = re.search(rf'<script src="(/static/jsi18n/{language}(?:\.\w+)?\.js)" defer>', html)[1]
    assert html.index(source) < html.index("js/site.js")
    script = Path(finders.find(f"jsi18n/{language}.js")).read_text(encoding="utf-8")
    start = script.find("const newcatalog = ")
    if start == -1:  # nothing translated: Django leaves the catalogue out
        return {}
    return json.JSONDecoder().raw_decode(script, start + len("const newcatalog = "))[0]


@pytest.mark.django_db
def test_the_page_loads_the_scripts_words_in_the_sites_language(client, welsh_site, make_article):
    article = make_article(title="Walking through the day")
    response = client.get(article.get_absolute_url())
    # A static file of our own, no inline script: what the Content-Security-Policy allows.
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    catalogue = loaded_catalogue(response.content.decode(), "cy")
    assert catalogue["Link copied."] == "Dolen wedi’i chopïo."
    assert catalogue["Reply to %(name)s"] == "Ymateb i %(name)s"
    assert catalogue["This may show who you are."] == "Gallai hyn ddangos pwy ydych chi."
    assert "Your vote could not be sent. Check your connection and try again." not in catalogue


@pytest.mark.django_db
def test_in_english_the_scripts_keep_their_own_words(client, make_article):
    article = make_article(title="Sitting at a desk")
    html = client.get(article.get_absolute_url()).content.decode()
    assert loaded_catalogue(html, "en-gb") == {}


@pytest.mark.django_db
def test_sign_up_refuses_a_username_in_the_sites_language(client, welsh_site, django_user_model):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "dots@example.org",
            "username": "..",
            "display_name": "",
            "password1": "correct horse battery",
            "password2": "correct horse battery",
        },
    )
    page = response.content.decode()
    assert "Mae angen o leiaf un llythyren neu ddigid mewn enw defnyddiwr." in page
    assert "A username needs at least one letter or digit." not in page
    assert not django_user_model.objects.filter(email="dots@example.org").exists()


@pytest.mark.django_db
def test_the_profile_refuses_a_display_name_in_the_sites_language(
    client, welsh_site, django_user_model
):
    reader = django_user_model.objects.create_user(username="ann", password="a long password")
    client.force_login(reader)
    response = client.post("/accounts/profile/", {"display_name": "evil-prize.com", "bio": ""})
    page = response.content.decode()
    assert "Ni all enw arddangos gynnwys cyfeiriad gwe." in page
    reader.refresh_from_db()
    assert reader.display_name == ""
