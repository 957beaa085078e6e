"""WordPress's own theme unit test export (tests/data/wordpress, vendored): its untitled
post, nested pages with comments, comments ten deep and old addresses, in one command
without --skip-invalid.

What the file holds (counted from it): 58 posts (56 published, one of them password-
protected, one scheduled, one draft), 21 published pages, 28 comments on posts (24 comments
and 4 pingbacks or trackbacks) ten replies deep, 5 comments on pages, and 37 attachments.
"""

from http import HTTPStatus
from pathlib import Path

import pytest

from articles.models import Article, Category
from comments.models import Comment
from wpimport.models import OldAddress

pytestmark = pytest.mark.django_db

THEME_UNIT_TEST = (
    Path(__file__).parents[1] / "data" / "wordpress" / "themeunittestdata.wordpress.xml"
)
# Every post and page: its <link> and /?p=ID; pages also /?page_id=ID; attachments with a
# post: their <link> and /?attachment_id=ID (one post's link is its /?p= form already).
REDIRECTS = 248


@pytest.fixture
def theme_import(run_import):
    return run_import(THEME_UNIT_TEST)


def summary_line(output, kind):
    return next(line.split()[1:] for line in output.splitlines() if line.startswith(kind))


def thread_depth(rows):
    """The deepest reply chain among (pk, parent pk) rows."""
    parent_of = dict(rows)

    def depth(pk):
        return 1 if parent_of[pk] is None else 1 + depth(parent_of[pk])

    return max(depth(pk) for pk in parent_of)


def test_theme_unit_test_imports_whole_in_one_command(theme_import):
    posts = Article.objects.posts()
    # 56 published in WordPress: the password-protected one waits here as a draft.
    assert posts.published().count() == 55
    assert posts.get(slug="template-password-protected").status == Article.Status.DRAFT
    assert "Password-protected posts were imported as drafts" in theme_import
    assert posts.count() == 58
    assert summary_line(theme_import, "posts") == ["58", "0", "0", "70"]  # 70 menu items

    untitled = posts.get(slug="edge-case-no-title")
    assert untitled.title == "This post has no title, but it still…"
    assert untitled.is_live

    on_posts = Comment.objects.filter(article__kind=Article.Kind.POST)
    assert on_posts.count() == 24
    assert thread_depth(on_posts.values_list("pk", "parent_id")) == 10
    assert "comments: 4 pingbacks and trackbacks" in theme_import

    pages = Article.objects.pages()
    assert pages.published().count() == 21
    assert Comment.objects.filter(article__kind=Article.Kind.PAGE).count() == 5
    assert summary_line(theme_import, "pages") == ["21", "0", "0", "0"]

    assert OldAddress.objects.count() == REDIRECTS
    assert summary_line(theme_import, "redirects") == [str(REDIRECTS), "0", "0", "0"]


def test_theme_unit_test_pages_keep_their_hierarchy_and_comments(theme_import, client):
    level_3 = Article.objects.get(slug="level-3")
    assert level_3.get_absolute_url() == "/page/level-1/level-2/level-3/"
    assert level_3.parent.parent == Article.objects.get(slug="level-1")
    greek = Article.objects.get(title="Επίπεδο 2 -Second Greek level")
    assert greek.get_absolute_url() == "/page/greek/2-second-greek-level/"

    response = client.get("/page/about/page-with-comments/")
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "<h1" in page and "Page with comments" in page
    approved = Comment.objects.filter(
        article__slug="page-with-comments", status=Comment.Status.APPROVED
    )
    assert approved.count() == 3
    for comment in approved:
        assert comment.author_name in page

    # Same-named categories under different parents stay two categories.
    assert set(Category.objects.filter(name__endswith="Foo A").values_list("name", "slug")) == {
        ("Foo A", "foo-a"),
        ("Foo Parent › Foo A", "foo-a-foo-parent"),
    }


OLD_ADDRESSES = [
    ("/2010/09/10/post-format-gallery/", "/articles/post-format-gallery/"),
    ("/?p=1169", "/articles/edge-case-no-title/"),
    ("/?page_id=172", "/page/level-1/level-2/level-3/"),
    ("/level-1/level-2/level-3/", "/page/level-1/level-2/level-3/"),
    ("/about/page-with-comments/", "/page/about/page-with-comments/"),
    ("/2010/09/10/post-format-gallery/canola2/", "/articles/post-format-gallery/"),
    ("/?attachment_id=611", "/articles/post-format-gallery/"),
    ("/greek/%CE%B5%CF%80%CE%AF%CF%80%CE%B5%CE%B4%CE%BF-2/", "/page/greek/2-second-greek-level/"),
]


def test_theme_unit_test_old_addresses_lead_to_the_new_pages(theme_import, client):
    """One import for all the cases: the file takes seconds to import."""
    for old, new in OLD_ADDRESSES:
        response = client.get(old)
        assert response.status_code == HTTPStatus.MOVED_PERMANENTLY, old
        assert response["Location"] == new, old
        assert client.get(new).status_code == HTTPStatus.OK, new


def test_theme_unit_test_imported_again_changes_nothing(theme_import, run_import):
    again = run_import(THEME_UNIT_TEST)
    assert summary_line(again, "posts") == ["0", "0", "58", "70"]
    assert summary_line(again, "pages") == ["0", "0", "21", "0"]
    assert summary_line(again, "redirects") == ["0", "0", str(REDIRECTS), "0"]
    assert OldAddress.objects.count() == REDIRECTS
