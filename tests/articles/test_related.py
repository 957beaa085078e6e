"""The end of an article and the way through it: "Read next" (shared tags and categories,
then text similarity), the reading time, and the table of contents with its anchors."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Category, Tag
from articles.outline import outline
from articles.related import related_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def labels():
    return {
        "guides": Category.objects.create(name="Guides", slug="guides"),
        "living": Category.objects.create(name="Living", slug="living"),
        "sciatica": Tag.objects.create(name="sciatica", slug="sciatica"),
        "sleep": Tag.objects.create(name="sleep", slug="sleep"),
        "walking": Tag.objects.create(name="walking", slug="walking"),
    }


def labelled(make_article, labels, slug, *names, days_ago=1, **fields):
    article = make_article(
        title=fields.pop("title", slug.title()),
        slug=slug,
        published_at=timezone.now() - timedelta(days=days_ago),
        **fields,
    )
    for name in names:
        label = labels[name]
        (article.categories if isinstance(label, Category) else article.tags).add(label)
    return article


def slugs(articles):
    return [article.slug for article in articles]


def test_shared_tags_count_more_than_shared_categories(make_article, labels):
    article = labelled(make_article, labels, "main", "guides", "sciatica", "sleep")
    labelled(make_article, labels, "category-only", "guides", days_ago=0)
    labelled(make_article, labels, "one-tag", "sleep", days_ago=3)
    labelled(make_article, labels, "tag-and-category", "guides", "sciatica", days_ago=5)
    labelled(make_article, labels, "two-tags", "sciatica", "sleep", days_ago=9)
    labelled(make_article, labels, "unrelated", "living", "walking")
    assert slugs(related_articles(article, limit=10)) == [
        "two-tags",  # 2 + 2
        "tag-and-category",  # 2 + 1
        "one-tag",  # 2
        "category-only",  # 1
    ]


def test_ties_go_to_the_newest_and_the_limit_holds(make_article, labels):
    article = labelled(make_article, labels, "main", "sleep")
    for days in (4, 2, 6, 1, 3):
        labelled(make_article, labels, f"sleep-{days}", "sleep", days_ago=days)
    assert slugs(related_articles(article, limit=3)) == ["sleep-1", "sleep-2", "sleep-3"]


def test_drafts_scheduled_articles_and_itself_are_left_out(make_article, labels):
    article = labelled(make_article, labels, "main", "sleep")
    labelled(make_article, labels, "draft", "sleep", status=Article.Status.DRAFT)
    labelled(
        make_article,
        labels,
        "later",
        "sleep",
        status=Article.Status.SCHEDULED,
        days_ago=-1,  # tomorrow
    )
    labelled(make_article, labels, "live", "sleep")
    assert slugs(related_articles(article)) == ["live"]


def test_text_similarity_fills_what_labels_leave(make_article, labels):
    article = labelled(make_article, labels, "main", "sleep", title="Pillows for sciatica")
    labelled(make_article, labels, "same-tag", "sleep", title="Bedtime")
    make_article(title="Sciatica when driving", slug="driving")
    make_article(title="A pillow between the knees", slug="pillow", body="<p>Pillows.</p>")
    make_article(title="Gardening", slug="gardening")
    related = slugs(related_articles(article, limit=4))
    assert related[0] == "same-tag"
    assert set(related[1:]) == {"driving", "pillow"}
    assert slugs(related_articles(article, limit=1)) == ["same-tag"]


def test_one_query_whether_labels_or_text_fill_the_list(make_article, labels):
    article = labelled(make_article, labels, "main", "sleep", title="Pillows for sciatica")
    labelled(make_article, labels, "same-tag", "sleep")
    for number in range(8):
        make_article(title=f"Sciatica {number}", slug=f"sciatica-{number}")
    with CaptureQueriesContext(connection) as queries:
        assert len(related_articles(article)) == 4
        assert len(related_articles(article, limit=1)) == 1
    assert len(queries) == 2


def test_the_article_page_ends_with_read_next(client, make_article, labels):
    article = labelled(make_article, labels, "main", "sleep", title="Sleeping well")
    other = labelled(
        make_article,
        labels,
        "other",
        "sleep",
        title="Pillows & positions",
        excerpt="Where the pillow goes.",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    related = re.search(r'<section class="related".*?</section>', html, re.S).group(0)
    assert '<h2 class="related__title" id="related-title">Read next</h2>' in related
    assert f'href="{other.get_absolute_url()}">Pillows &amp; positions</a>' in related
    assert "Where the pillow goes." in related
    # After the author box, before the comments.
    assert html.index("author-box-title") < html.index("related-title")


def test_read_next_follows_a_newly_published_article(
    client, make_article, labels, settings, django_capture_on_commit_callbacks
):
    """The list lives in the article's cached content; publishing another article retires it."""
    settings.CACHING_PAGE_SECONDS = 300
    settings.CACHING_FRAGMENT_SECONDS = 300
    article = labelled(make_article, labels, "main", "walking")
    assert "Read next" not in client.get(article.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        labelled(make_article, labels, "new", "walking", title="Walking in winter")
    assert "Walking in winter" in client.get(article.get_absolute_url()).content.decode()


def test_reading_time_is_in_the_byline(client, make_article):
    article = make_article(body="<p>" + "word " * 900 + "</p>")
    assert article.word_count == 900
    html = client.get(article.get_absolute_url()).content.decode()
    byline = re.search(r'<p class="byline">.*?</p>', html, re.S).group(0)
    assert "· <span>5 min read</span>" in byline  # 900 words at 200 a minute
    short = make_article(slug="short", body="<p>Two words.</p>")
    assert short.reading_minutes == 1


LONG_BODY = """
<p>Intro.</p>
<h2>Why it hurts</h2><p>Text.</p>
<h2 id="my-anchor">What helps</h2>
<h3>Walking &amp; <em>moving</em></h3><p>Text.</p>
<h3>Comments</h3><p>Text.</p>
<h2>Why it hurts</h2><p>Again.</p>
<h4>Not listed</h4>
"""


def test_long_articles_get_a_table_of_contents_with_anchors(client, make_article, make_step):
    article = make_article(body=LONG_BODY)
    make_step(article, 1)
    make_step(article, 2)
    html = client.get(article.get_absolute_url()).content.decode()
    toc = re.search(r'<nav class="toc wrap".*?</nav>', html, re.S).group(0)
    links = re.findall(r'<a href="#([^"]+)">(.*?)</a>', toc)
    assert links == [
        ("section-why-it-hurts", "Why it hurts"),
        ("my-anchor", "What helps"),
        ("section-walking-moving", "Walking &amp; moving"),
        ("section-comments", "Comments"),
        ("section-why-it-hurts-2", "Why it hurts"),
        ("picture-guide", "Jump to the picture guide"),
    ]
    assert "(2 steps)" in toc
    body = html[html.index('class="article__body') :]
    for anchor, _ in links:
        assert html.count(f'id="{anchor}"') == 1  # each target once on the page
    assert '<h3 id="section-walking-moving">Walking &amp; <em>moving</em></h3>' in body
    assert '<h2 id="my-anchor">What helps</h2>' in body  # the author's own anchor kept
    assert "<h4>Not listed</h4>" in body
    # The h3s are listed under their h2.
    assert re.search(r"What helps</a>\s*<ol><li><a href=\"#section-walking-moving\"", toc)


def test_short_articles_get_no_table_of_contents_but_the_guide_link(
    client, make_article, make_step, settings
):
    settings.CACHING_PAGE_SECONDS = 0
    settings.CACHING_FRAGMENT_SECONDS = 0
    article = make_article(body="<h2>One</h2><p>x</p><h2>Two</h2><p>y</p>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="toc' not in html
    assert '<h2 id="section-one">One</h2>' in html  # still anchored, for links
    make_step(article, 1)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="toc' not in html.replace('class="toc__guide', "")
    assert '<a href="#picture-guide">Jump to the picture guide</a> (1 step)' in html


@pytest.mark.parametrize(
    "heading, anchor",
    [
        ("Comments", "section-comments"),  # never the page's own #comments
        ("Rating", "section-rating"),
        ("Picture guide", "section-picture-guide"),
        ("¿Qué?", "section-que"),
        ("!!!", "section-heading"),
        ("x" * 300, "section-" + "x" * 60),
    ],
)
def test_anchors_never_take_the_pages_own_ids(heading, anchor):
    html = outline(f"<h2>{heading}</h2>").html
    assert html == f'<h2 id="{anchor}">{heading}</h2>'


def test_a_heading_with_nothing_to_read_is_left_as_it_is():
    body = '<h2><img src="/a.png" alt=""></h2><h2>A</h2><h2>B</h2><h2>C</h2>'
    result = outline(body)
    assert result.html.startswith('<h2><img src="/a.png" alt=""></h2>')
    assert [entry.text for entry in result.contents] == ["A", "B", "C"]
