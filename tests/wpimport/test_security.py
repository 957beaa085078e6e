"""Hostile content in posts and comments is cleaned like anything else written here."""

from html.parser import HTMLParser

import pytest

from articles.models import Article
from comments.models import Comment

from .wxrkit import comment, export, post

pytestmark = pytest.mark.django_db

HOSTILE_POST = """Hello <script>alert('post')</script> reader.

<img src="http://oldblog.example.net/x.png" onerror="alert('img')" alt="x">
<a href="javascript:alert('link')">click me</a>
<iframe src="https://evil.example.com/"></iframe>
<p style="position:fixed" onclick="alert('p')">Styled</p>
[caption caption='<script>alert("c")</script>Safe caption']<img src=/y onload=alert(1)>[/caption]
<svg><script>alert('svg')</script></svg>"""

HOSTILE_COMMENT = """Nice <script>alert('comment')</script>
<a href="javascript:alert('c')" onclick="alert('c')">link</a> <b onmouseover="alert(2)">bold</b>
<img src=x onerror=alert(3)>"""


@pytest.fixture
def hostile(write_export, run_import):
    content = export(
        [
            post(
                5,
                "A <script>alert('title')</script>Title",
                HOSTILE_POST,
                slug="hostile",
                excerpt="<script>alert('excerpt')</script>Short",
                comments=[
                    comment(
                        9,
                        HOSTILE_COMMENT,
                        name="<b>Mallory</b><script>alert('name')</script>",
                        url="javascript:alert('url')",
                        email="not an email",
                    )
                ],
            )
        ]
    )
    run_import(write_export(content))
    return Article.objects.get(slug="hostile")


# Ids of the JSON data our own templates put on pages (django's json_script).
OWN_DATA = {"privacy-patterns"}


class MarkupAudit(HTMLParser):
    """Elements and attributes that could run a script, found by parsing the HTML (text
    that merely shows "<script>" escaped is harmless and not reported)."""

    ACTIVE_TAGS = {"script", "iframe", "svg", "object", "embed", "style"}

    def __init__(self, *, allow_own_scripts=False):
        super().__init__()
        self.allow_own_scripts = allow_own_scripts
        self.problems = []
        self._script_open = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.ACTIVE_TAGS:
            own = tag == "script" and (
                attributes.get("src", "").startswith("/static/")
                or attributes.get("type") == "application/ld+json"
                # Data for our own scripts (json_script: never run, its text escaped).
                or (
                    attributes.get("type") == "application/json"
                    and attributes.get("id") in OWN_DATA
                )
            )
            if not (self.allow_own_scripts and own):
                self.problems.append(f"<{tag}>")
            self._script_open = tag == "script"
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript"):
                self.problems.append(f"{tag} {name}={value}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script_open = False

    def handle_data(self, data):
        if self._script_open and "alert(" in data:
            self.problems.append(f"script running {data[:40]}")


def problems(html, **options):
    audit = MarkupAudit(**options)
    audit.feed(html)
    return audit.problems


def test_post_content_is_sanitised(hostile):
    assert problems(hostile.body_html) == []
    assert "Safe caption" in hostile.body_html
    assert "click me" in hostile.body_html
    assert hostile.title == "A Title"  # a script in a title is dropped, not shown
    assert hostile.excerpt == "Short"


def test_comment_content_and_author_fields_are_sanitised(hostile):
    comment = Comment.objects.get()
    assert problems(comment.body_html) == []
    assert "<b>bold</b>" in comment.body_html  # what commenters may use is kept
    assert comment.author_url == ""  # only http(s) addresses become links
    assert comment.author_email == ""
    assert comment.author_name == "Mallory"


def test_article_page_carries_no_script_from_the_import(client, hostile):
    page = client.get(hostile.get_absolute_url()).content.decode()
    assert problems(page, allow_own_scripts=True) == []
    assert "Mallory" in page and "Safe caption" in page


@pytest.mark.parametrize(
    ("title", "stored"),
    [
        ("WA559 &lt;img/src=`%00` onerror=this.onerror=confirm(1)", "WA559"),
        ("WA559 <img/src=`%00` onerror=this.onerror=confirm(1)", "WA559"),
        ("<b>Bold</b> move &amp; stretch", "Bold move & stretch"),
        ("Sit &lt; stand, 2 &gt; 1", "Sit < stand, 2 > 1"),
    ],
)
def test_imported_titles_keep_their_text_but_never_their_markup(
    write_export, run_import, title, stored
):
    run_import(write_export(export([post(6, title, "Body text.", slug="titled")])))
    assert Article.objects.get(slug="titled").title == stored


def test_imported_commenter_names_keep_their_text_but_never_their_markup(write_export, run_import):
    body = export(
        [
            post(
                7,
                "Named",
                "Body.",
                slug="named",
                comments=[comment(3, "Hi", name="Ann &lt;img src=x onerror=alert(1)&gt;")],
            )
        ]
    )
    run_import(write_export(body))
    assert Comment.objects.get().author_name == "Ann"
