"""The admin's preview: the article's real page at phone and desktop width side by side."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission

from accounts.roles import sync_roles
from articles.models import Article

pytestmark = pytest.mark.django_db


def test_the_preview_frames_the_page_as_readers_will_get_it(client, staff, make_article):
    draft = make_article(title="Still a draft", slug="still-a-draft", status=Article.Status.DRAFT)
    client.force_login(staff)
    html = client.get(f"/admin/articles/article/{draft.pk}/preview/").content.decode()
    frame_url = f"/admin/articles/article/{draft.pk}/preview/page/"
    assert html.count(f'src="{frame_url}"') == 2
    assert "Phone, 390 px" in html and "Desktop, 1280 px" in html

    framed = client.get(frame_url)
    public = client.get(draft.get_absolute_url())
    assert framed.status_code == public.status_code == HTTPStatus.OK
    assert framed["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in framed["Content-Security-Policy"]
    assert "no-store" in framed["Cache-Control"]
    # Only the preview may be framed, and only by the site itself.
    assert public["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in public["Content-Security-Policy"]
    banner = "only staff can see this page"
    assert banner in framed.content.decode() and banner in public.content.decode()


def test_the_change_form_links_to_the_preview(client, staff, make_article):
    article = make_article()
    client.force_login(staff)
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert f'href="/admin/articles/article/{article.pk}/preview/"' in html


def test_an_author_cannot_preview_someone_elses_draft(client, django_user_model, make_article):
    sync_roles(Group, Permission)
    other = django_user_model.objects.create_user(
        username="other", password="a long test password", is_staff=True
    )
    other.groups.add(Group.objects.get(name="Authors"))
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(other)
    for url in (
        f"/admin/articles/article/{draft.pk}/preview/",
        f"/admin/articles/article/{draft.pk}/preview/page/",
    ):
        assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_readers_get_no_preview(client, django_user_model, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    reader = django_user_model.objects.create_user(username="r", password="a long test password")
    client.force_login(reader)
    response = client.get(f"/admin/articles/article/{draft.pk}/preview/page/")
    assert response.status_code == HTTPStatus.FOUND
    assert "/admin/login/" in response["Location"]
