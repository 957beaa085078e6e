"""Lists that link to the articles of many comments or follows (the moderation queue, a
reader's data download, their follows page) read the addresses of pages (/page/a/b/c/)
for the whole list in one query, not one per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from comments.models import Comment, Follow

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(make_article):
    """Six published pages, each two levels down: /page/top/middle-N/leaf-N/."""
    top = make_article(title="Top", slug="top", kind=Article.Kind.PAGE)
    leaves = []
    for number in range(6):
        middle = make_article(title=f"M{number}", slug=f"middle-{number}", kind="page", parent=top)
        leaves.append(
            make_article(title=f"L{number}", slug=f"leaf-{number}", kind="page", parent=middle)
        )
    return leaves


def on_pages(pages, author, count):
    for page in pages[:count]:
        Comment.objects.create(article=page, author=author, body="On a page.", body_html="<p>x</p>")
        Follow.objects.create(user=author, article=page)


def queries(client, address):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize(
    "address",
    ["/admin/comments/comment/", "/accounts/your-data/download/", "/comments/notifications/"],
)
def test_page_addresses_cost_the_same_for_two_or_six_pages(client, pages, reader, staff, address):
    client.force_login(staff if address.startswith("/admin/") else reader)
    on_pages(pages, reader, 2)
    few, _ = queries(client, address)
    on_pages(pages[2:], reader, 4)
    more, body = queries(client, address)
    assert more == few
    assert "/page/top/middle-5/leaf-5/" in body
