"""Every feed, read the way a feed reader reads it, carries no live markup.

A reader parses the feed as XML, then renders fields as HTML: in RSS any of them may be
(the description by the spec, the title and names in many readers), in Atom those that
say type="html". Each such field is parsed here as HTML placed in a page (inside a
<div>, so that a tag left open takes what follows, as it would there)."""

import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.utils import timezone
from model_bakery import baker

from articles.feeds import rss_text
from articles.models import Category
from comments.models import Comment
from sciatica_site.sanitizer import clean_comment_html

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"

HOSTILE = [
    "WA559 <img/src=`%00` onerror=this.onerror=confirm(1)",
    "<script>alert(1)</script>",
    '"><svg/onload=alert(1)>',
    '<a href="javascript:alert(1)">click</a>',
    "&lt;img src=x onerror=alert(1)&gt;",
    "<<img src=x onerror=alert(1)//<",
    '<iframe src="jav&#x09;ascript:alert(1)"></iframe>',
]
FEEDS = ["/feed/", "/feed/atom/", "/comments/feed/", "/comments/feed/{slug}/"]


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, attrs))

    handle_startendtag = handle_starttag


def elements_in(fragment):
    """The elements a browser would make of `fragment` placed in a page."""
    parser = _Elements()
    parser.feed(f"<div>{fragment}</div>")
    parser.close()
    return parser.found[1:]


def is_live(tag, attrs):
    """An element that runs code: a script, an event handler, a javascript: URL."""
    if tag == "script":
        return True
    for name, value in attrs:
        if name.startswith("on"):
            return True
        if value and re.sub(r"[\x00-\x20]", "", value).lower().startswith("javascript:"):
            return True
    return False


def fields_read_as_html(root):
    """(field, HTML) for each field a reader may render as HTML, and (field, None) for
    each plain-text title the feed declares as such."""
    if root.tag == f"{ATOM}feed":
        for element in root.iter():
            kind = element.get("type")
            name = element.tag.removeprefix(ATOM)
            if kind == "html":
                yield name, element.text or ""
            elif name in ("title", "subtitle"):
                assert kind == "text", f"Atom {name} without type=text"
                yield name, None
        return
    for element in root.iter():
        if element.tag in ("title", "description", "category", DC_CREATOR):
            yield element.tag, element.text or ""


@pytest.fixture
def hostile_site(request, django_user_model, make_article):
    """An article, a category, authors and comments all carrying one hostile string:
    names saved before names were checked, and an imported comment's given name."""
    text = request.param
    writer = django_user_model.objects.create_user(
        username="writer", email="w@example.org", display_name=text[:80]
    )
    article = make_article(title=text, slug="hostile", excerpt=text, author=writer)
    article.categories.add(baker.make(Category, name=text[:80], slug="hostile"))
    nameless = django_user_model.objects.create_user(
        username="nameless", email="n@example.org", first_name=text[:150]
    )
    for number, (author, given_name) in enumerate([(writer, ""), (nameless, ""), (None, text)]):
        Comment.objects.create(
            article=article,
            author=author,
            author_name=given_name,
            body=text,
            body_html=clean_comment_html(text),
            created_at=timezone.now() - timedelta(minutes=number + 1),
        )
    return article


@pytest.mark.parametrize("hostile_site", HOSTILE, indirect=True)
@pytest.mark.parametrize("url", FEEDS)
def test_feed_readers_get_no_live_markup(client, hostile_site, url):
    response = client.get(url.format(slug=hostile_site.slug))
    root = ET.fromstring(response.content)
    fields = list(fields_read_as_html(root))
    assert len(fields) > 3
    for field, fragment in fields:
        if fragment is None:
            continue
        elements = elements_in(fragment)
        assert not [element for element in elements if is_live(*element)], (field, fragment)
        if field in ("title", "category", DC_CREATOR):  # plain text: no markup at all
            assert elements == [], (field, fragment)


@pytest.mark.parametrize("hostile_site", HOSTILE[:1], indirect=True)
def test_the_issues_comment_feed_reads_as_its_text(client, hostile_site, settings):
    """The per-article comment feed of the report: the title and the name arrive as text
    in readers that render RSS titles and descriptions as HTML."""
    settings.SITE_NAME = "Back in Motion"
    root = ET.fromstring(client.get(f"/comments/feed/{hostile_site.slug}/").content)
    title = hostile_site.title
    assert root.findtext("channel/title") == rss_text(f"Comments on “{title}”")
    assert root.findtext("channel/description") == (
        "Comments on “WA559 &lt;img/src=`%00` onerror=this.onerror=confirm(1)” at Back in Motion."
    )
    item_titles = [item.findtext("title") for item in root.iter("item")]
    assert item_titles[0] == rss_text(f"{title} on “{title}”")
    assert item_titles[0].startswith("WA559 &lt;img/src=")


@pytest.mark.parametrize(
    ("title", "in_rss"),
    [
        ("Walk & stretch <daily>", "Walk & stretch &lt;daily&gt;"),
        ("Q&A: sitting, standing & walking", "Q&A: sitting, standing & walking"),
        ("Why “&lt;” means less", "Why “&amp;lt;” means less"),
        ("Pain > 3 days? Don't wait", "Pain &gt; 3 days? Don't wait"),
    ],
)
def test_rss_titles_read_as_their_text_as_html_and_stay_readable_as_text(
    client, make_article, title, in_rss
):
    make_article(title=title)
    root = ET.fromstring(client.get("/feed/").content)
    assert root.findtext("channel/item/title") == in_rss


def test_atom_titles_are_plain_text_and_summaries_html(client, make_article):
    make_article(title="Walk & stretch <daily>", excerpt="Plain <b>words</b>.")
    root = ET.fromstring(client.get("/feed/atom/").content)
    entry = root.find(f"{ATOM}entry")
    title = entry.find(f"{ATOM}title")
    assert (title.get("type"), title.text) == ("text", "Walk & stretch <daily>")
    summary = entry.find(f"{ATOM}summary")
    assert (summary.get("type"), summary.text) == ("html", "Plain words.")
    assert root.find(f"{ATOM}subtitle").get("type") == "text"
