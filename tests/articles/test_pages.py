import json
import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import extensions
from articles.models import Article, Category, Tag

pytestmark = pytest.mark.django_db


def text_of(response):
    return response.content.decode()


def test_home_lists_published_articles_newest_first(client, make_article):
    now = timezone.now()
    make_article(title="Older guide", published_at=now - timedelta(days=5))
    make_article(title="Newer guide", published_at=now - timedelta(days=1))
    make_article(title="Secret draft", status=Article.Status.DRAFT)
    html = text_of(client.get("/"))
    assert html.index("Newer guide") < html.index("Older guide")
    assert "Secret draft" not in html


def test_home_card_shows_author_date_excerpt_and_image(client, make_article, png_upload):
    make_article(
        title="Walk more",
        excerpt="Short walks help.",
        featured_image=png_upload("walk.png"),
        published_at=timezone.now().replace(year=2026, month=3, day=2),
    )
    html = text_of(client.get("/"))
    assert "Walk more" in html and "Short walks help." in html
    assert "Maren Holt" in html and "2 March 2026" in html
    assert re.search(r'<img src="/media/articles/featured/[^"]+walk[^"]*\.png"', html)


@pytest.mark.parametrize(
    ("page", "expected"), [("abc", 1), ("0", 3), ("-1", 3), ("999", 3), ("2", 2), ("", 1)]
)
def test_bad_page_numbers_give_first_or_last_page(client, make_article, settings, page, expected):
    settings.ARTICLES_PER_PAGE = 2
    for number in range(5):
        make_article(title=f"Article {number}")
    response = client.get("/", {"page": page})
    assert response.status_code == HTTPStatus.OK
    assert f"Page {expected} of 3" in text_of(response)


@pytest.fixture
def full_article(make_article, make_step):
    article = make_article(
        title="Easing sciatica",
        body="<p>BODY-MARKER</p><script>alert(1)</script>",
        guide_title="Picture guide",
    )
    for position in (2, 1, 3):
        make_step(article, position, caption=f"Caption {position}")
    article.categories.add(Category.objects.create(name="Exercise guides", slug="exercise"))
    article.tags.add(Tag.objects.create(name="sciatica", slug="sciatica"))
    return article


@pytest.fixture
def testing_panel():
    """An extension of our own with one panel after the picture guide, as other apps
    register theirs (articles/extensions.py)."""
    extension = extensions.register(
        extensions.ArticleExtension(
            name="testing",
            panels={"after_guide": extensions.Panel("articles/testing_panel.html")},
        )
    )
    yield extension
    extensions.unregister(extension.name)


def test_article_page_shows_its_parts_in_the_original_order(client, full_article, testing_panel):
    html = text_of(client.get(full_article.get_absolute_url()))
    markers = [
        'id="article-title"',
        'class="byline"',
        'aria-label="Share this article"',
        "<p>BODY-MARKER</p>",
        'id="picture-guide"',
        "PANEL-SLOT for Easing sciatica",
        'aria-label="Share and enjoy"',
        "About the author",
    ]
    positions = [html.index(marker) for marker in markers]
    assert positions == sorted(positions)
    assert "<script>alert(1)" not in html


def test_picture_guide_numbers_steps_in_order_with_alt_text(client, full_article):
    html = text_of(client.get(full_article.get_absolute_url()))
    captions = re.findall(r"Step (\d)<span[^>]*> of 3</span></span> (Caption \d)", html)
    assert captions == [("1", "Caption 1"), ("2", "Caption 2"), ("3", "Caption 3")]
    assert 'alt="Alt text 1"' in html


@pytest.mark.parametrize(("published", "expected"), [(1, "1 story"), (2, "2 stories")])
def test_author_box_counts_stories_with_the_right_plural(client, make_article, published, expected):
    articles = [make_article() for _ in range(published)]
    make_article(status=Article.Status.DRAFT)
    html = text_of(client.get(articles[0].get_absolute_url()))
    assert f"has written {expected} on this site." in html
    assert "Physiotherapist and walker." in html
    assert 'href="/authors/maren/"' in html


def test_share_bar_has_plain_links_and_no_third_party_scripts(client, full_article):
    html = text_of(client.get(full_article.get_absolute_url()))
    for start in [
        "https://www.facebook.com/sharer.php?u=",
        "https://x.com/intent/tweet?url=",
        "https://bsky.app/intent/compose?text=",
        "https://www.linkedin.com/sharing/share-offsite/?url=",
        "https://www.reddit.com/submit?url=",
        "https://wa.me/?text=",
        "mailto:?subject=",
    ]:
        assert start in html
    for dead in ["delicious", "stumbleupon", "digg"]:
        assert dead not in html.lower()
    script_sources = re.findall(r"<script[^>]*\ssrc=\"([^\"]+)\"", html)
    assert script_sources and all(src.startswith("/static/") for src in script_sources)


def test_share_services_are_a_setting(client, full_article, settings):
    settings.ARTICLES_SHARE_SERVICES = [
        {"key": "mastodon", "name": "Mastodon", "url": "https://share.example/?u={url}"}
    ]
    html = text_of(client.get(full_article.get_absolute_url()))
    assert "https://share.example/?u=http%3A%2F%2Ftestserver%2Farticles%2F" in html
    assert "facebook.com" not in html


def test_article_page_has_canonical_social_meta_and_json_ld(client, full_article):
    html = text_of(client.get(full_article.get_absolute_url()))
    url = f"http://testserver{full_article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta name="twitter:card"' in html
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    data = json.loads(match.group(1))
    assert data["@type"] == "Article" and data["headline"] == "Easing sciatica"
    assert data["author"]["name"] == "Maren Holt"


def test_json_ld_cannot_be_broken_out_of(client, make_article):
    article = make_article(title="</script><script>alert(1)</script>")
    html = text_of(client.get(article.get_absolute_url()))
    assert "</script><script>alert(1)" not in html


def test_unknown_slug_gets_the_sites_own_404(client, db):
    response = client.get("/articles/no-such-thing/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "We couldn't find that page" in text_of(response)


def test_draft_is_404_for_readers_and_a_preview_for_staff(client, make_article, staff):
    draft = make_article(title="Work in progress", status=Article.Status.DRAFT)
    assert client.get(draft.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND
    client.force_login(staff)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert "only staff can see this page" in text_of(response)
    assert '<meta name="robots" content="noindex">' in text_of(response)


def test_future_article_is_404_until_its_time(client, make_article):
    later = make_article(
        status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(days=1)
    )
    assert client.get(later.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_category_and_tag_pages_list_their_articles(client, full_article, make_article):
    make_article(title="Unfiled")
    for url in [reverse("articles:category", args=["exercise"]), "/tag/sciatica/"]:
        html = text_of(client.get(url))
        assert "Easing sciatica" in html and "Unfiled" not in html
    assert client.get("/category/nothing/").status_code == HTTPStatus.NOT_FOUND


def test_author_page_lists_their_articles_and_bio(client, make_article):
    make_article(title="First guide")
    html = text_of(client.get("/authors/maren/"))
    assert "First guide" in html and "Physiotherapist and walker." in html


def test_reader_without_articles_has_no_author_page(client, django_user_model):
    django_user_model.objects.create_user(username="quiet", password="x" * 12)
    assert client.get("/authors/quiet/").status_code == HTTPStatus.NOT_FOUND


def test_footer_year_comes_from_the_clock(client, db):
    assert f"© {timezone.localdate().year} " in text_of(client.get("/"))


@pytest.mark.parametrize(
    "path", ["/authors/%00/", "/authors/a%00b/", "/media/" + "x" * 300 + ".png"]
)
def test_odd_paths_are_not_found_not_server_errors(client, path):
    assert client.get(path).status_code == 404


def test_category_and_tag_pages_and_their_sitemaps_leave_pages_out(client, make_article):
    """A site page (imported from WordPress) may carry categories and tags: it is still
    not an article to list."""
    category = Category.objects.create(name="Backs", slug="backs")
    tag = Tag.objects.create(name="Knees", slug="knees")
    page = make_article(title="About this site", slug="about-this-site", kind=Article.Kind.PAGE)
    page.categories.add(category)
    page.tags.add(tag)
    assert "About this site" not in client.get("/category/backs/").content.decode()
    assert "About this site" not in client.get("/tag/knees/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/category/backs/" not in sitemap and "/tag/knees/" not in sitemap
