"""Comments written in Markdown (comments/markup.py): the subset, hostile input, the
sanitiser still the wall, and what posting, editing and moderation make of it."""

from html.parser import HTMLParser
from http import HTTPStatus

import pytest

from comments.conf import conf
from comments.markup import MAX_DEPTH, examples, render_body, render_markdown
from comments.models import Comment
from comments.moderation import count_links
from comments.services import comment_create, comment_edit
from sciatica_site.sanitizer import COMMENT_MARKDOWN_TAGS, clean_comment_markdown_html


@pytest.mark.parametrize(
    ("typed", "html"),
    [
        ("Knee-to-chest helped.\n\nThanks!", "<p>Knee-to-chest helped.</p><p>Thanks!</p>"),
        ("first line\nsecond line", "<p>first line<br>\nsecond line</p>"),
        ("**sharp** and *gentle*", "<p><strong>sharp</strong> and <em>gentle</em></p>"),
        ("__sharp__ and _gentle_", "<p><strong>sharp</strong> and <em>gentle</em></p>"),
        ("- walk\n- stretch", "<ul><li>walk</li><li>stretch</li></ul>"),
        ("1. lie down\n2. bend a knee", "<ol><li>lie down</li><li>bend a knee</li></ol>"),
        ("3. third\n4. fourth", '<ol start="3"><li>third</li><li>fourth</li></ol>'),
        ("> my GP said rest", "<blockquote><p>my GP said rest</p></blockquote>"),
        ("use `ice` first", "<p>use <code>ice</code> first</p>"),
        ("```\n<b>as typed</b>\n```", "<pre><code>&lt;b&gt;as typed&lt;/b&gt;\n</code></pre>"),
        (
            "[NHS](https://www.nhs.uk/conditions/sciatica/)",
            '<p><a href="https://www.nhs.uk/conditions/sciatica/" rel="nofollow ugc">NHS</a></p>',
        ),
        (
            "<https://www.nhs.uk>",
            '<p><a href="https://www.nhs.uk" rel="nofollow ugc">https://www.nhs.uk</a></p>',
        ),
        (
            "see https://www.nhs.uk today",
            '<p>see <a href="https://www.nhs.uk" rel="nofollow ugc">https://www.nhs.uk</a>'
            " today</p>",
        ),
        ("a & b < c", "<p>a &amp; b &lt; c</p>"),
    ],
)
def test_the_markdown_a_reader_writes_becomes_this_html(typed, html):
    assert render_markdown(typed) == html


@pytest.mark.parametrize(
    ("typed", "html"),
    [
        # Headings are a bold line, not a heading of the page.
        ("# My story", "<p><strong>My story</strong></p>"),
        ("My story\n===", "<p><strong>My story</strong></p>"),
        # No pictures: the picture's address is a link at most.
        (
            "![x-ray](https://example.org/x.png)",
            '<p>!<a href="https://example.org/x.png" rel="nofollow ugc">x-ray</a></p>',
        ),
        # No rules, tables or strike-through: shown as typed.
        ("---", "<p>---</p>"),
        ("| a | b |\n|---|---|", "<p>| a | b |<br>\n|---|---|</p>"),
        ("~~old~~", "<p>~~old~~</p>"),
        # Typed HTML is text.
        ("<b>bold?</b>", "<p>&lt;b&gt;bold?&lt;/b&gt;</p>"),
        ('<img src="x" onerror="go()">',
         "<p>&lt;img src=&quot;x&quot; onerror=&quot;go()&quot;&gt;</p>"),
    ],
)  # fmt: skip
def test_what_is_outside_the_subset_is_shown_as_typed(typed, html):
    assert render_markdown(typed) == html


@pytest.mark.parametrize(
    "typed",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<javascript:alert(1)>",
        "[click][x]\n\n[x]: javascript:alert(1)",
        '[click](https://example.org "a" onmouseover="alert(1)")',
        "![x](javascript:alert(1))",
        "`<script>`",
        "<style>body{display:none}</style>",
        "<a href='javascript:alert(1)'>x</a>",
    ],
)
def test_hostile_markdown_gives_no_script_and_no_unsafe_link(typed):
    tags = _Tags()
    tags.feed(render_markdown(typed))
    assert {name for name, _ in tags.found} <= COMMENT_MARKDOWN_TAGS
    for _, attributes in tags.found:
        for name, value in attributes:
            assert name in ("href", "rel", "title", "start")
            if name == "href":
                assert value.startswith(("https://", "http://", "mailto:"))


class _Tags(HTMLParser):
    """The tags and attributes of some HTML, as a browser reads them."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))


def test_the_sanitiser_still_cleans_what_markdown_produced():
    """The wall is the sanitiser's, whatever the Markdown library lets through."""
    produced = (
        '<p onclick="x()">a</p><script>alert(1)</script><img src=x>'
        '<a href="javascript:alert(1)">b</a><h1>c</h1><ul><li>d</li></ul>'
    )
    cleaned = clean_comment_markdown_html(produced)
    assert cleaned == (
        "<p>a</p>&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x&gt;"
        '<a rel="nofollow ugc">b</a>&lt;h1&gt;c&lt;/h1&gt;<ul><li>d</li></ul>'
    )
    assert {"ul", "ol", "li", "pre"} <= COMMENT_MARKDOWN_TAGS
    assert not COMMENT_MARKDOWN_TAGS & {"img", "h1", "h2", "table", "iframe", "script", "hr"}


def test_code_keeps_what_was_typed_even_beside_a_link():
    """bleach's linkify escaped code twice when the comment also had a web address."""
    assert render_markdown("`<b>` and https://www.nhs.uk") == (
        '<p><code>&lt;b&gt;</code> and <a href="https://www.nhs.uk" rel="nofollow ugc">'
        "https://www.nhs.uk</a></p>"
    )


def test_deep_quotes_show_at_most_the_limit_and_keep_their_text():
    html = render_markdown("> " * 60 + "the words at the bottom")
    assert html.count("<blockquote>") == MAX_DEPTH
    assert "the words at the bottom" in html


def test_deep_lists_keep_every_item():
    typed = "\n".join("  " * level + f"- item {level}" for level in range(12))
    html = render_markdown(typed)
    assert html.count("<ul>") == MAX_DEPTH
    for level in range(12):
        assert f"item {level}" in html


def test_a_line_of_list_markers_is_limited_and_keeps_its_text():
    html = render_markdown("- " * 2000 + "end")
    assert html.count("<ul>") <= MAX_DEPTH
    assert "end" in html


@pytest.mark.parametrize(
    "typed",
    [
        "[" * 5000,
        "*a" * 2500,
        "`a" * 2500,
        ">" * 5000,
        "- " * 2500,
        "a\n" * 2500,
        "[a](" * 1250,
        "<http://" * 625,
        "www." * 1250,
        "x" * 5000,
        " ".join(["https://example.org/a"] * 230),
    ],
)
def test_pathological_comments_of_the_longest_length_are_rendered(typed):
    """Completes (bench/markdown.py times them: linear, well under 0.2 s each)."""
    typed = typed[: conf.MAX_LENGTH]
    html = render_markdown(typed)
    assert html.startswith("<") and len(html) < 40 * conf.MAX_LENGTH


def test_a_very_long_line_is_kept_whole():
    word = "sciatica" * 600
    assert render_markdown(word) == f"<p>{word}</p>"


def test_every_example_in_the_help_renders_as_markup():
    shown = {what: html for what, _, html in examples()}
    assert shown["Bold"] == "<p><strong>sharp pain</strong></p>"
    assert shown["A list"].startswith("<ul>")
    assert shown["A quote"].startswith("<blockquote>")
    assert 'rel="nofollow ugc"' in shown["A web address"]


@pytest.mark.parametrize(
    ("typed", "links"),
    [
        ("[one](https://a.example) and [two](https://b.example)", 2),
        ("https://a.example and www.b.example and <https://c.example>", 3),
        ("[ref][r]\n\n[r]: https://a.example", 1),
        ("`https://a.example` in code", 1),
        ("no links here", 0),
    ],
)
def test_moderation_counts_markdown_links(typed, links):
    assert count_links(render_markdown(typed)) == links


def test_older_comments_keep_their_html_rules():
    assert render_body("<b>old</b> **not bold**", Comment.BodyFormat.HTML) == (
        "<p><b>old</b> **not bold**</p>"
    )
    assert render_body("<b>new</b> **bold**", Comment.BodyFormat.MARKDOWN) == (
        "<p>&lt;b&gt;new&lt;/b&gt; <strong>bold</strong></p>"
    )


@pytest.mark.django_db
def test_a_posted_comment_is_markdown_and_screening_reads_the_typed_text(article, trusted_reader):
    comment = comment_create(article=article, author=trusted_reader, body="**Walking** helped")
    comment.refresh_from_db()
    assert comment.body == "**Walking** helped"
    assert comment.body_format == Comment.BodyFormat.MARKDOWN
    assert comment.body_html == "<p><strong>Walking</strong> helped</p>"


@pytest.mark.django_db
def test_too_many_markdown_links_hold_the_comment(article, trusted_reader):
    links = " ".join(f"[site {n}](https://s{n}.example)" for n in range(conf.MAX_LINKS + 1))
    comment = comment_create(article=article, author=trusted_reader, body=f"Look: {links}")
    assert comment.status == Comment.Status.PENDING
    assert "link" in comment.held_reason


@pytest.mark.django_db
def test_editing_keeps_the_comments_own_rules(article, reader, make_comment):
    from django.utils import timezone

    old = make_comment(
        article,
        author=reader,
        body="<b>old</b>",
        body_html="<p><b>old</b></p>",
        created_at=timezone.now(),
    )
    assert old.body_format == Comment.BodyFormat.HTML  # the default: older and imported
    comment_edit(comment=old, user=reader, body="<i>still old</i> **rules**")
    old.refresh_from_db()
    assert old.body_html == "<p><i>still old</i> **rules**</p>"

    new = make_comment(
        article, author=reader, body="x", body_format="markdown", created_at=timezone.now()
    )
    comment_edit(comment=new, user=reader, body="<i>typed</i> **bold**")
    new.refresh_from_db()
    assert new.body_html == "<p>&lt;i&gt;typed&lt;/i&gt; <strong>bold</strong></p>"


@pytest.mark.django_db
def test_bold_shows_bold_on_the_page_after_posting(client, article, trusted_reader):
    client.force_login(trusted_reader)
    response = client.post(
        f"/comments/post/{article.slug}/",
        {"body": "**Gentle walks** help me.\n\n<script>alert(1)</script>"},
    )
    assert response.status_code == HTTPStatus.FOUND
    page = client.get(response["Location"]).content.decode()
    assert "<strong>Gentle walks</strong> help me." in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "**Gentle walks**" not in page
