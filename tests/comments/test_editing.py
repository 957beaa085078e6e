from datetime import timedelta
from http import HTTPStatus

import pytest
from django.utils import timezone

from comments.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh(article, make_comment):
    return make_comment(article, body="Typo here", created_at=timezone.now() - timedelta(minutes=2))


def test_author_edits_within_the_window_and_it_shows_edited(client, article, reader, fresh):
    client.force_login(reader)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="/comments/{fresh.pk}/edit/"' in page
    response = client.post(f"/comments/{fresh.pk}/edit/", {"body": "No typo now"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].endswith(f"#comment-{fresh.pk}")
    fresh.refresh_from_db()
    assert fresh.body_html == "<p>No typo now</p>" and fresh.edited_at
    assert "(edited)" in client.get(article.get_absolute_url()).content.decode()


def test_editing_after_the_window_is_refused(client, article, reader, make_comment):
    old = make_comment(article, body="Old", created_at=timezone.now() - timedelta(minutes=16))
    client.force_login(reader)
    assert (
        f"/comments/{old.pk}/edit/" not in client.get(article.get_absolute_url()).content.decode()
    )
    response = client.post(f"/comments/{old.pk}/edit/", {"body": "Changed, at length"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    page = response.content.decode()
    assert "The time for editing this comment has passed" in page
    assert ">Changed, at length</textarea>" in page  # what they typed is given back
    assert "Save changes" not in page
    old.refresh_from_db()
    assert old.body == "Old"


def test_editing_someone_elses_comment_is_refused(client, other_reader, fresh):
    client.force_login(other_reader)
    response = client.post(f"/comments/{fresh.pk}/edit/", {"body": "Hijack"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    fresh.refresh_from_db()
    assert fresh.body == "Typo here"


def test_empty_edit_keeps_the_comment_and_says_why(client, reader, fresh):
    client.force_login(reader)
    response = client.post(f"/comments/{fresh.pk}/edit/", {"body": "  "})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Write something first: the comment is empty." in response.content.decode()
    fresh.refresh_from_db()
    assert fresh.body == "Typo here"


def test_anonymous_edit_goes_to_login(client, fresh):
    response = client.get(f"/comments/{fresh.pk}/edit/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")


def test_delete_without_replies_removes_it(client, article, reader, fresh):
    client.force_login(reader)
    response = client.post(f"/comments/{fresh.pk}/delete/")
    assert response.status_code == HTTPStatus.FOUND
    assert not Comment.objects.filter(pk=fresh.pk).exists()


def test_delete_with_replies_leaves_a_placeholder(
    client, article, reader, fresh, make_comment, other_reader
):
    make_comment(article, author=other_reader, parent=fresh, body="An answer")
    client.force_login(reader)
    client.post(f"/comments/{fresh.pk}/delete/")
    fresh.refresh_from_db()
    assert fresh.is_deleted and fresh.body == ""
    page = client.get(article.get_absolute_url()).content.decode()
    assert "This comment was deleted." in page and "An answer" in page and "Typo here" not in page


def test_deleting_someone_elses_comment_is_refused(client, other_reader, fresh):
    client.force_login(other_reader)
    assert client.post(f"/comments/{fresh.pk}/delete/").status_code == HTTPStatus.FORBIDDEN
    assert Comment.objects.filter(pk=fresh.pk).exists()
