"""The site's pages (About, Contact...): written in the admin under a parent page, on the
site only when the pages above them are, and their addresses built in a constant number of
queries however deep they sit."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.roles import sync_roles
from articles.models import Article

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"


@pytest.fixture
def writer(django_user_model):
    """An author (the "Authors" role), not an editor nor a superuser."""
    sync_roles(Group, Permission)
    user = django_user_model.objects.create_user(
        username="writer", password="a long test password", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Authors"))
    return user


@pytest.fixture
def make_page(make_article):
    def make(slug, parent=None, **fields):
        fields.setdefault("title", slug.replace("-", " ").capitalize())
        return make_article(slug=slug, kind=Article.Kind.PAGE, parent=parent, **fields)

    return make


def page_form(**extra):
    """What the admin's form posts for a page: no picture guide, no categories."""
    data = {
        "title": "Our team",
        "slug": "team",
        "kind": "page",
        "parent": "",
        "author": "",
        "excerpt": "",
        "body": "<p>Who writes here.</p>",
        "featured_image_alt": "",
        "guide_title": "Step-by-step picture guide",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-position": "0",  # as the empty row comes
        "steps-0-alt_text": "",
        "steps-0-caption": "",
    }
    data.update(extra)
    return data


def change_form(page, **extra):
    current = {
        "title": page.title,
        "slug": page.slug,
        "kind": page.kind,
        "parent": page.parent_id or "",
        "author": page.author_id,
        "body": page.body,
        "status": page.status,
        "published_at_0": timezone.localtime(page.published_at).strftime("%Y-%m-%d"),
        "published_at_1": timezone.localtime(page.published_at).strftime("%H:%M:%S"),
    }
    return page_form(**{**current, **extra})


def parent_options(html):
    select = re.search(r'<select name="parent"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


# 1. Writing pages in the admin.


def test_an_author_writes_a_page_under_another_page(client, writer, make_page):
    about = make_page("about", title="About us")
    client.force_login(writer)
    form = client.get(ADD_URL).content.decode()
    assert 'name="kind" value="page"' in form
    assert "About us (/page/about/)" in parent_options(form)

    response = client.post(ADD_URL, page_form(parent=about.pk))
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    team = Article.objects.get(slug="team")
    assert (team.kind, team.parent, team.author) == (Article.Kind.PAGE, about, writer)
    assert not team.steps.exists()  # a page needs no picture guide
    client.logout()
    page = client.get("/page/about/team/")
    assert page.status_code == HTTPStatus.OK and "Who writes here." in page.content.decode()
    assert "Our team" not in client.get("/").content.decode()  # pages are not listed


def test_an_article_stays_an_article_when_the_form_says_nothing_of_kinds(client, staff, make_page):
    page = make_page("about")
    client.force_login(staff)
    data = change_form(page, title="About this site")
    del data["kind"]
    response = client.post(f"/admin/articles/article/{page.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    page.refresh_from_db()
    assert (page.title, page.kind) == ("About this site", Article.Kind.PAGE)


def test_the_parent_choices_are_other_pages_not_those_under_this_one(
    client, staff, make_page, make_article
):
    about = make_page("about", title="About us")
    team = make_page("team", parent=about, title="Our team")
    make_page("history", parent=team, title="Our history")
    make_page("contact", title="Contact")
    make_article(title="A guide to walking", slug="walking")
    client.force_login(staff)
    html = client.get(f"/admin/articles/article/{about.pk}/change/").content.decode()
    assert parent_options(html) == ["None: a top-level page", "Contact (/page/contact/)"]
    html = client.get(ADD_URL).content.decode()
    assert parent_options(html) == [
        "None: a top-level page",
        "About us (/page/about/)",
        "Our team (/page/about/team/)",
        "Our history (/page/about/team/history/)",
        "Contact (/page/contact/)",
    ]


@pytest.mark.parametrize(
    ("new_parent", "message"),
    [
        ("about", "A page cannot sit under itself."),
        ("team", "“Our team” sits under this page already"),
        ("history", "“Our history” sits under this page already"),
        ("walking", "Choose one of the pages listed"),
    ],
)
def test_a_page_put_under_itself_its_own_pages_or_an_article_is_a_form_error(
    client, staff, make_page, make_article, new_parent, message
):
    about = make_page("about", title="About us")
    team = make_page("team", parent=about, title="Our team")
    make_page("history", parent=team, title="Our history")
    make_article(title="A guide to walking", slug="walking")
    client.force_login(staff)
    chosen = Article.objects.get(slug=new_parent)
    response = client.post(
        f"/admin/articles/article/{about.pk}/change/", change_form(about, parent=chosen.pk)
    )
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    about.refresh_from_db()
    assert about.parent is None
    assert client.get("/page/about/team/history/").status_code == HTTPStatus.OK


def test_an_article_cannot_sit_under_a_page(client, staff, make_page):
    about = make_page("about")
    client.force_login(staff)
    response = client.post(ADD_URL, page_form(kind="post", parent=about.pk, author=staff.pk))
    assert "Only pages sit under another page" in response.content.decode()
    assert not Article.objects.filter(slug="team").exists()


def test_a_page_with_pages_under_it_cannot_become_an_article(client, staff, make_page):
    about = make_page("about")
    make_page("team", parent=about)
    client.force_login(staff)
    response = client.post(
        f"/admin/articles/article/{about.pk}/change/", change_form(about, kind="post")
    )
    assert "Other pages sit under this page" in response.content.decode()
    about.refresh_from_db()
    assert about.kind == Article.Kind.PAGE


def test_the_admin_lists_pages_with_their_address(client, staff, make_page):
    about = make_page("about", title="About us")
    make_page("team", parent=about, title="Our team")
    client.force_login(staff)
    html = client.get("/admin/articles/article/?kind__exact=page").content.decode()
    assert '<td class="field-address">/page/about/team/</td>' in html
    assert '<td class="field-address">/page/about/</td>' in html


# 2. A page under a page that is not published is not on the site.


@pytest.fixture
def under_a_draft(make_page):
    plans = make_page("secret-plans", title="Secret plans", status=Article.Status.DRAFT)
    return make_page("move-date", parent=plans, title="Moving day", body="<p>MOVING-DAY</p>")


@pytest.mark.parametrize(
    "address", ["/page/secret-plans/move-date/", "/page/move-date/", "/articles/move-date/"]
)
def test_a_published_page_under_a_draft_is_not_found_by_readers(client, under_a_draft, address):
    response = client.get(address)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "secret-plans" not in response.get("Location", "")


def test_a_page_under_a_draft_is_left_out_of_the_sitemap(client, under_a_draft, make_page):
    make_page("contact")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/page/contact/</loc>" in sitemap
    assert "secret-plans" not in sitemap and "move-date" not in sitemap


def test_on_site_leaves_out_drafts_and_every_page_under_one(
    under_a_draft, make_page, make_article, django_assert_num_queries
):
    make_page("further-down", parent=under_a_draft)
    make_page("contact")
    make_article(slug="walking")
    with django_assert_num_queries(1):
        on_site = sorted(Article.objects.on_site().values_list("slug", flat=True))
    assert on_site == ["contact", "walking"]


def test_a_page_under_a_draft_is_shown_to_staff_with_a_banner(client, staff, under_a_draft):
    client.force_login(staff)
    response = client.get("/page/secret-plans/move-date/")
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK and "MOVING-DAY" in html
    assert "Not on the site yet" in html and "“Secret plans” above it is not published" in html
    assert '<meta name="robots" content="noindex">' in html


def test_a_page_comes_on_the_site_at_the_same_address_when_its_parent_is_published(
    client, under_a_draft
):
    Article.objects.filter(slug="secret-plans").update(
        status=Article.Status.PUBLISHED, published_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get("/page/secret-plans/move-date/")
    assert response.status_code == HTTPStatus.OK
    assert "MOVING-DAY" in response.content.decode()
    assert "Not on the site yet" not in response.content.decode()


def test_a_page_under_a_scheduled_grandparent_waits_for_it(client, make_page):
    later = make_page(
        "news", status=Article.Status.SCHEDULED, published_at=timezone.now() + timedelta(days=2)
    )
    middle = make_page("this-year", parent=later)
    make_page("spring", parent=middle)
    assert client.get("/page/news/this-year/spring/").status_code == HTTPStatus.NOT_FOUND
    assert client.get("/page/news/this-year/").status_code == HTTPStatus.NOT_FOUND


def test_the_admin_warns_when_a_published_page_sits_under_a_draft(client, writer, make_page):
    plans = make_page("secret-plans", title="Secret plans", status=Article.Status.DRAFT)
    client.force_login(writer)
    response = client.post(ADD_URL, page_form(parent=plans.pk), follow=True)
    html = response.content.decode()
    assert "readers cannot open it yet: the page above it, “Secret plans”, is not published" in (
        html
    )
    assert Article.objects.get(slug="team").status == Article.Status.PUBLISHED
    listing = client.get("/admin/articles/article/?kind__exact=page").content.decode()
    team_row = next(row for row in listing.split("<tr") if "/page/secret-plans/team/" in row)
    assert ">Preview</a>" in team_row


def test_the_admin_warns_that_a_page_turned_draft_takes_its_pages_off_the_site(
    client, staff, make_page
):
    about = make_page("about", title="About us")
    make_page("team", parent=about, title="Our team")
    client.force_login(staff)
    response = client.post(
        f"/admin/articles/article/{about.pk}/change/",
        change_form(about, status="draft"),
        follow=True,
    )
    warning = "While “About us” is not published, the pages under it are not on the site either"
    assert f"{warning}: “Our team”." in response.content.decode()
    client.logout()
    assert client.get("/page/about/team/").status_code == HTTPStatus.NOT_FOUND


# 3. A page's address is built in a constant number of queries, however deep it sits.


def make_chain(make_page, depth, prefix):
    parent = None
    for level in range(depth):
        parent = make_page(f"{prefix}-{level}", parent=parent)
    return parent


@pytest.mark.parametrize("depth", [1, 2, 10])
def test_a_pages_address_is_one_query_whatever_its_depth(
    make_page, django_assert_num_queries, depth
):
    deepest = make_chain(make_page, depth, "level")
    fresh = Article.objects.get(pk=deepest.pk)
    expected = "/".join(f"level-{level}" for level in range(depth))
    with django_assert_num_queries(0 if depth == 1 else 1):
        assert fresh.get_absolute_url() == f"/page/{expected}/"


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK, url
    return len(context.captured_queries)


def shallow_or_deep(make_page, deep):
    """Ten pages: nine under one top page (two levels), or each under the one before (ten
    levels deep). Returns the last."""
    if deep:
        return make_chain(make_page, 10, "page")
    top = make_page("page-0")
    return [make_page(f"page-{level}", parent=top) for level in range(1, 10)][-1]


@pytest.mark.parametrize(
    "address",
    [
        lambda last: "/admin/articles/article/?kind__exact=page",
        lambda last: ADD_URL,  # its parent choices
        lambda last: f"/admin/articles/article/{last.pk}/change/",
        lambda last: "/sitemap.xml",
        lambda last: last.get_absolute_url(),
    ],
    ids=["admin-list", "add-form", "change-form", "sitemap", "page"],
)
def test_pages_cost_the_same_queries_two_or_ten_levels_deep(
    client, staff, make_page, settings, address
):
    settings.CACHING_PAGE_SECONDS = 0
    settings.CACHING_FRAGMENT_SECONDS = 0
    client.force_login(staff)
    shallow = count_queries(client, address(shallow_or_deep(make_page, deep=False)))
    Article.objects.filter(parent__isnull=False).delete()
    Article.objects.all().delete()
    deep = count_queries(client, address(shallow_or_deep(make_page, deep=True)))
    assert deep == shallow
