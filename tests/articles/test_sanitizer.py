from html.parser import HTMLParser

import pytest

from sciatica_site.sanitizer import ARTICLE_TAGS, clean_article_html, linkify, strip_all_tags

ATTACKS = [
    "<script>alert(1)</script><p>text</p>",
    '<img src="x.png" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<p onclick="alert(1)">text</p>',
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<p style="background:url(javascript:alert(1))">text</p>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example/"><input name="password"></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    "<img src=x onerror=alert(1)//",
    '<a href="&#106;avascript:alert(1)">x</a>',
]


class _Elements(HTMLParser):
    """Collect the real elements and attributes of a piece of HTML (text is ignored)."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.attributes = set(), []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes.extend(attrs)


@pytest.mark.parametrize("payload", ATTACKS)
def test_article_sanitiser_removes_scripts_and_handlers(payload):
    parsed = _Elements(clean_article_html(payload))
    assert parsed.tags <= ARTICLE_TAGS
    assert not parsed.tags & {"script", "iframe", "object", "embed", "form", "input", "style"}
    for name, value in parsed.attributes:
        assert not name.startswith("on") and name != "style"
        assert not (value or "").strip().lower().startswith(("javascript:", "data:"))


def test_article_sanitiser_keeps_the_structure_authors_need():
    html = (
        '<h2 id="start">Start</h2><p><strong>Bold</strong> and <em>em</em></p>'
        "<ol><li>One</li></ol><ul><li>Two</li></ul>"
        '<figure><img src="/media/a.png" alt="A pose" width="10" height="10">'
        "<figcaption>Caption</figcaption></figure>"
        '<a href="https://example.org/" title="t">link</a><blockquote>q</blockquote>'
    )
    assert clean_article_html(html) == html


def test_strip_all_tags_gives_plain_text():
    assert strip_all_tags("<p>a &lt; b <script>x</script></p>") == "a < b"


def test_linkify_marks_links_nofollow_ugc():
    assert 'rel="nofollow ugc"' in linkify("see https://example.org/page")


@pytest.mark.parametrize(
    "raw",
    [
        "<p>Before</p><script>alert('xss')</script><p>After</p>",
        "<p>Before</p><style>body{display:none}</style><p>After</p>",
        "<p>Before</p><SCRIPT type='text/javascript'>(adsbygoogle = window.adsbygoogle || [])"
        ".push({});</SCRIPT ><p>After</p>",
        "<p>Before</p><noscript><img src=x onerror=alert(1)></noscript><p>After</p>",
    ],
)
def test_code_inside_script_and_style_is_dropped_not_shown(raw):
    cleaned = clean_article_html(raw)
    assert cleaned == "<p>Before</p><p>After</p>"
    assert strip_all_tags(raw).split() == ["Before", "After"]


@pytest.mark.parametrize(
    "raw",
    [
        "<p>Intro</p><!-- old <iframe src=x> --><p>The rest of the article.</p>",
        '<p><a title="the <style> tag" href="/x">link</a></p><p>The rest of the article.</p>',
        "<p>Intro</p><style-guide>x</style-guide><p>The rest of the article.</p>",
        "<p>Intro</p><script>never closed<p>The rest of the article.</p>",
    ],
)
def test_what_only_looks_like_code_never_takes_the_rest_of_the_article(raw):
    assert "The rest of the article." in clean_article_html(raw)


def test_right_to_left_text_keeps_its_direction_and_language():
    raw = '<p dir="rtl" lang="ar">مرحبا</p>'
    assert clean_article_html(raw) == raw


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ('<p id="comments">x</p>', "<p>x</p>"),
        ('<h2 id="respond">x</h2>', "<h2>x</h2>"),
        ('<p id="step-2">x</p>', "<p>x</p>"),
        ('<h2 id="warm-up">x</h2>', '<h2 id="warm-up">x</h2>'),  # an author's own anchor
        ('<a href="https://x.example/" rel="opener">x</a>', '<a href="https://x.example/">x</a>'),
        (
            '<a href="https://x.example/" rel="nofollow noopener">x</a>',
            '<a href="https://x.example/" rel="nofollow noopener">x</a>',
        ),
    ],
)
def test_articles_cannot_take_the_pages_own_ids_or_open_their_opener(raw, cleaned):
    assert clean_article_html(raw) == cleaned


@pytest.mark.django_db
def test_the_migration_cleans_bodies_stored_before_the_script_fix(make_article):
    import importlib

    from django.apps import apps

    from articles.models import Article

    migration = importlib.import_module("articles.migrations.0005_clean_bodies_again")
    article = make_article(title="Old body", body="<p>Text</p><script>alert(1)</script>")
    untouched = make_article(title="Fine body", body="<p>Fine</p>")
    Article.objects.filter(pk=article.pk).update(body_html="<p>Text</p>alert(1)")
    migration.clean_again(apps, None)
    assert Article.objects.get(pk=article.pk).body_html == "<p>Text</p>"
    assert Article.objects.get(pk=untouched.pk).body_html == "<p>Fine</p>"
