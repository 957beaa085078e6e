"""WordPress pages (articles of kind "page", under their parents) and the old addresses
of posts and pages, answered with permanent redirects through the real middleware."""

from http import HTTPStatus
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from comments.models import Comment
from wpimport.models import OldAddress

from .wxrkit import SITE, attachment, comment, export, page, post

pytestmark = pytest.mark.django_db


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


# A child met before its parent, as in WordPress's own exports.
PAGES = [
    page(
        31,
        "Our team",
        slug="team",
        parent=30,
        link=f"{SITE}/about/team/",
        comments=[
            comment(301, "Thank you for the clear advice."),
            comment(302, "Agreed.", parent=301),
        ],
    ),
    page(30, "About us", slug="about", link=f"{SITE}/about/"),
]
POST = post(
    10,
    "Knee hugs",
    slug="knee-hugs",
    link=f"{SITE}/2012/08/26/knee-hugs/",
    meta={"_wp_old_slug": "knee-hug"},
)


@pytest.fixture
def imported(write_export, run_import):
    items = [
        *PAGES,
        POST,
        attachment(40, "2012/08/hug.png", parent=10, link=f"{SITE}/2012/08/26/knee-hugs/hug/"),
    ]
    return run_import(write_export(export(items)))


def test_pages_arrive_under_their_parents_at_their_own_address(imported, client):
    team = Article.objects.get(slug="team")
    assert team.kind == Article.Kind.PAGE
    assert team.parent == Article.objects.get(slug="about")
    assert team.get_absolute_url() == "/page/about/team/"
    response = client.get("/page/about/team/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Our team" in html and "Thank you for the clear advice." in html
    assert list(Comment.objects.filter(article=team).values_list("body", flat=True)) == [
        "Thank you for the clear advice.",
        "Agreed.",
    ]
    assert Comment.objects.get(body="Agreed.").parent.body == "Thank you for the clear advice."


def test_a_page_has_one_address(imported, client):
    for other in ("/articles/team/", "/page/team/", "/page/elsewhere/team/"):
        response = client.get(other)
        assert response.status_code == HTTPStatus.MOVED_PERMANENTLY, other
        assert response["Location"] == "/page/about/team/"
    assert client.get("/page/about/nobody/").status_code == HTTPStatus.NOT_FOUND


def test_pages_stay_out_of_lists_feeds_and_search(imported, client):
    call_command("rebuild_search_index", stdout=StringIO())  # as after a committed import
    for address in ("/", "/feed/", "/feed/atom/", "/search/?q=team"):
        html = client.get(address).content.decode()
        assert "/page/" not in html and "Our team" not in html, address
    assert "Knee hugs" in client.get("/").content.decode()
    assert "/articles/knee-hugs/" in client.get("/search/?q=knee").content.decode()


def test_sitemap_lists_pages_at_their_address_not_as_articles(imported, client):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/page/about/team/</loc>" in sitemap and "/page/about/</loc>" in sitemap
    assert "/articles/team/" not in sitemap and "/articles/knee-hugs/</loc>" in sitemap


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/2012/08/26/knee-hugs/", "/articles/knee-hugs/"),  # its permalink
        ("/2012/08/26/knee-hugs", "/articles/knee-hugs/"),  # without the final slash
        ("/2012/08/26/knee-hug/", "/articles/knee-hugs/"),  # under its earlier slug
        ("/?p=10", "/articles/knee-hugs/"),
        ("/?p=10&utm_source=newsletter", "/articles/knee-hugs/"),
        ("/about/team/", "/page/about/team/"),
        ("/?page_id=31", "/page/about/team/"),
        ("/?p=31", "/page/about/team/"),
        ("/2012/08/26/knee-hugs/hug/", "/articles/knee-hugs/"),  # an attachment page
        ("/?attachment_id=40", "/articles/knee-hugs/"),
    ],
)
def test_old_addresses_redirect_permanently(imported, client, old, new):
    response = client.get(old)
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == new


def test_unknown_old_addresses_are_left_alone(imported, client):
    assert client.get("/?p=999").status_code == HTTPStatus.OK  # the home page, as before
    assert client.get("/2012/08/26/other/").status_code == HTTPStatus.NOT_FOUND
    line = next(line for line in imported.splitlines() if line.startswith("redirects"))
    assert line.split()[1:] == [str(OldAddress.objects.count()), "0", "0", "0"]


def test_redirect_follows_the_article_when_its_slug_changes(imported, client):
    Article.objects.filter(slug="knee-hugs").update(slug="knee-hugs-for-sciatica")
    response = client.get("/?p=10")
    assert response["Location"] == "/articles/knee-hugs-for-sciatica/"


def test_a_drafts_old_address_is_not_given_away(write_export, run_import, client, staff):
    run_import(write_export(export([post(10, "Unfinished", status="draft", link=f"{SITE}/?p=10")])))
    assert client.get("/?p=10").status_code == HTTPStatus.OK  # the home page
    client.force_login(staff)
    assert client.get("/?p=10")["Location"] == "/articles/post-10/"


def test_an_address_already_right_needs_no_redirect(write_export, run_import):
    output = run_import(
        write_export(export([post(10, "Same", slug="same", link=f"{SITE}/articles/same/")]))
    )
    assert not OldAddress.objects.filter(path="/articles/same/").exists()
    assert "the old address is the same here (nothing to redirect)" in output


def test_importing_again_keeps_the_redirects(imported, write_export, run_import):
    count = OldAddress.objects.count()
    items = [
        *PAGES,
        POST,
        attachment(40, "2012/08/hug.png", parent=10, link=f"{SITE}/2012/08/26/knee-hugs/hug/"),
    ]
    again = run_import(write_export(export(items)))
    line = next(line for line in again.splitlines() if line.startswith("redirects"))
    assert line.split()[1:] == ["0", "0", str(count), "0"]


def test_page_slug_taken_by_a_post_gets_a_number(write_export, run_import):
    items = [post(10, "About backs", slug="about"), page(30, "About us", slug="about")]
    output = run_import(write_export(export(items)))
    assert Article.objects.get(pk=Article.objects.pages().get().pk).get_absolute_url() == (
        "/page/about-2/"
    )
    assert "Pages whose slug another post or page already had got a number" in output


# Bad input: a clear error, and nothing changed.


def test_page_whose_parent_is_missing_is_refused(write_export, run_import):
    before = row_counts()
    path = write_export(export([POST, page(31, "Our team", slug="team", parent=99)]))
    with pytest.raises(CommandError) as error:
        run_import(path)
    message = str(error.value)
    assert "page “Our team” (WordPress ID 31): its parent page (WordPress ID 99) is not a page" in (
        message
    )
    assert "--skip-invalid" in message and message.endswith("Nothing was imported.")
    assert row_counts() == before


def test_page_whose_parent_is_missing_goes_to_the_top_with_skip_invalid(write_export, run_import):
    path = write_export(export([page(31, "Our team", slug="team", parent=99)]))
    output = run_import(path, "--skip-invalid")
    assert Article.objects.get(slug="team").get_absolute_url() == "/page/team/"
    assert "Pages placed at the top level (page with a missing parent): “Our team”" in output


def test_pages_that_are_each_others_parents_are_refused(write_export, run_import):
    before = row_counts()
    items = [
        page(31, "First", slug="first", parent=32),
        page(32, "Second", slug="second", parent=31),
    ]
    with pytest.raises(CommandError, match="are each other's parents, in a circle"):
        run_import(write_export(export(items)))
    assert row_counts() == before


def test_page_whose_parent_is_a_post_is_refused(write_export, run_import):
    with pytest.raises(CommandError, match=r"its parent page \(WordPress ID 10\) is not a page"):
        run_import(write_export(export([POST, page(31, "Team", slug="team", parent=10)])))
    assert not Article.objects.exists()


def test_redirect_loop_in_an_export_is_refused(write_export, run_import):
    """Two posts whose old addresses are each other's new ones."""
    before = row_counts()
    items = [
        post(10, "First", slug="first", link=f"{SITE}/articles/second/"),
        post(11, "Second", slug="second", link=f"{SITE}/articles/first/"),
    ]
    with pytest.raises(CommandError) as error:
        run_import(write_export(export(items)))
    message = str(error.value)
    assert "a redirect loop: its old address /articles/second/ is where “Second”" in message
    assert message.endswith("Nothing was imported.")
    assert row_counts() == before


def test_old_address_of_another_article_here_is_refused(make_article, write_export, run_import):
    make_article(title="Our own", slug="ours")
    before = row_counts()
    items = [post(10, "Theirs", slug="theirs", link=f"{SITE}/articles/ours/")]
    with pytest.raises(CommandError, match="its old address /articles/ours/ is where the article"):
        run_import(write_export(export(items)))
    assert row_counts() == before


def test_one_old_address_for_two_posts_is_refused(write_export, run_import):
    before = row_counts()
    items = [
        post(10, "First", slug="first", link=f"{SITE}/same/"),
        post(11, "Second", slug="second", link=f"{SITE}/same/"),
    ]
    with pytest.raises(CommandError, match="its old address /same/ is also the old address of"):
        run_import(write_export(export(items)))
    assert row_counts() == before


def test_a_reader_comments_on_a_page_and_comes_back_to_it(imported, client, django_user_model):
    reader = django_user_model.objects.create_user("priya", "priya@example.org", "pw-long-1")
    client.force_login(reader)
    response = client.post("/comments/post/team/", {"body": "Is there a team member in Leeds?"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/page/about/team/")
    assert Comment.objects.filter(
        article__slug="team", body="Is there a team member in Leeds?"
    ).exists()


# A published page under a draft page is not on the site: its old addresses lead nowhere
# for readers (a redirect would give away the draft's slug), and to it for staff.

UNDER_A_DRAFT = [
    page(31, "Moving day", slug="moving-day", parent=30, link=f"{SITE}/plans/moving-day/"),
    page(30, "Secret plans", slug="plans", status="draft", link=f"{SITE}/?page_id=30"),
]


@pytest.mark.parametrize(
    ("old", "status_for_readers"),
    [
        ("/plans/moving-day/", HTTPStatus.NOT_FOUND),
        ("/?page_id=31", HTTPStatus.OK),  # the home page, as for an unknown ID
        ("/?p=31", HTTPStatus.OK),
    ],
)
def test_old_address_of_a_page_under_a_draft_is_not_given_away(
    write_export, run_import, client, staff, old, status_for_readers
):
    run_import(write_export(export(UNDER_A_DRAFT)))
    response = client.get(old)
    assert response.status_code == status_for_readers
    assert "plans" not in response.get("Location", "")
    assert "Moving day" not in response.content.decode()
    client.force_login(staff)
    assert client.get(old)["Location"] == "/page/plans/moving-day/"


def test_old_address_of_a_page_leads_to_it_once_the_page_above_is_published(
    write_export, run_import, client
):
    run_import(write_export(export(UNDER_A_DRAFT)))
    plans = Article.objects.get(slug="plans")
    plans.status = Article.Status.PUBLISHED
    plans.save()
    response = client.get("/plans/moving-day/")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
    assert response["Location"] == "/page/plans/moving-day/"
    assert client.get(response["Location"]).status_code == HTTPStatus.OK
