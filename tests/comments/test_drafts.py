from http import HTTPStatus

import pytest

from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_anonymous_reader_sees_login_and_signup_links_back_to_the_form(client, article):
    page = client.get(article.get_absolute_url()).content.decode()
    assert "You must be logged in to post a comment." in page
    assert 'href="/accounts/login/?next=/articles/easing-sciatica/%23respond"' in page
    assert 'href="/accounts/signup/?next=/articles/easing-sciatica/%23respond"' in page


def test_draft_typed_before_logging_in_is_restored_after_login(
    client, article, reader, make_comment
):
    parent = make_comment(article, body="A question")
    response = client.post(
        f"/comments/post/{article.slug}/", {"body": "My careful answer", "parent": parent.pk}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/?next=")
    assert not Comment.objects.filter(body="My careful answer").exists()

    login = client.post(response["Location"], {"login": "ada", "password": "a long test password"})
    assert login.status_code == HTTPStatus.FOUND
    assert login["Location"] == f"/articles/easing-sciatica/?replytocom={parent.pk}#respond"
    page = client.get(login["Location"]).content.decode()
    assert "My careful answer</textarea>" in page
    assert "Your draft is back." in page
    assert f'name="parent" value="{parent.pk}"' in page
    # Shown once: the next visit starts with an empty form.
    assert "My careful answer" not in client.get(article.get_absolute_url()).content.decode()


def test_draft_survives_an_expired_session(client, article, reader):
    client.force_login(reader)
    client.logout()  # the session ran out while they were typing
    client.post(f"/comments/post/{article.slug}/", {"body": "Typed for ages"})
    client.force_login(reader)
    assert "Typed for ages</textarea>" in client.get(article.get_absolute_url()).content.decode()


def test_another_site_cannot_put_a_draft_in_a_visitors_comment_box(client, article):
    """Anonymous posts carry no CSRF token (cached pages), but the browser names the site
    that sent the form: one sent from elsewhere is refused and keeps nothing."""
    url = f"/comments/post/{article.slug}/"
    planted = client.post(
        url, {"body": "Buy cheap pills at evil.example"}, HTTP_ORIGIN="https://evil.example"
    )
    assert planted.status_code == 403
    assert "That form could not be accepted" in planted.content.decode()
    assert "draft" not in str(dict(client.session))
    referred = client.post(url, {"body": "Again"}, HTTP_REFERER="https://evil.example/page.html")
    assert referred.status_code == 403
    # The site's own page (same origin, or a client that names none) still works.
    own = client.post(url, {"body": "Mine"}, HTTP_ORIGIN="http://testserver")
    assert own.status_code == 302 and own["Location"].startswith("/accounts/login/")
