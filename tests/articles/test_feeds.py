import xml.etree.ElementTree as ET
from http import HTTPStatus

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def articles(make_article):
    make_article(title="Walk & stretch <daily>", excerpt="Plain words.")
    make_article(title="Hidden draft", status=Article.Status.DRAFT)


def test_rss_feed_is_valid_xml_with_published_articles(client, articles):
    response = client.get("/feed/")
    assert response.status_code == HTTPStatus.OK
    root = ET.fromstring(response.content)
    titles = [item.findtext("title") for item in root.iter("item")]
    assert titles == ["Walk & stretch &lt;daily&gt;"]  # double-escaped: never markup in a reader
    assert root.find("channel/item/link").text.startswith("http://testserver/articles/")


def test_atom_feed_is_valid_xml(client, articles):
    root = ET.fromstring(client.get("/feed/atom/").content)
    entries = root.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == 1


def test_sitemap_lists_live_articles_only(client, articles):
    response = client.get("/sitemap.xml")
    root = ET.fromstring(response.content)
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    locations = [loc.text for loc in root.iter(f"{namespace}loc")]
    assert "http://testserver/" in locations
    assert any("/articles/" in location for location in locations)
    assert len([location for location in locations if "/articles/" in location]) == 1


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body
