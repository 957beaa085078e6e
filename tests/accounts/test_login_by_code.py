"""Logging in by a one-time code sent by email (allauth's login by code), beside the
password."""

import re

import pytest
from allauth.account.models import EmailAddress

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(django_user_model):
    user = django_user_model.objects.create_user(
        username="ada", email="ada@example.org", password="a long test password"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def _request_code(client, mailoutbox, email="ada@example.org", next_url=None):
    url = "/accounts/login/code/" + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"email": email, **({"next": next_url} if next_url else {})})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/code/confirm/")
    return response


def test_the_login_page_offers_a_code(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/login/code/' in page


def test_log_in_with_the_code_from_the_email(client, reader, mailoutbox, make_article):
    article = make_article(slug="easing-sciatica")
    confirm_url = _request_code(client, mailoutbox, next_url=article.get_absolute_url())["Location"]
    message = mailoutbox[-1]
    assert message.to == ["ada@example.org"]
    assert message.body.startswith("Hello from Back in Motion!")
    code = re.search(r"listed below.*?\n\n(\S+)\n", message.body, re.S).group(1)

    response = client.post(confirm_url, {"code": code})
    assert response.status_code == 302
    assert response["Location"] == article.get_absolute_url()  # where they were going
    assert client.get("/accounts/profile/").status_code == 200


def test_a_wrong_code_logs_nobody_in(client, reader, mailoutbox):
    confirm_url = _request_code(client, mailoutbox)["Location"]
    response = client.post(confirm_url, {"code": "WRONG1"})
    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert client.get("/accounts/profile/").status_code == 302


def test_an_unknown_address_is_not_told_apart(client, reader, mailoutbox):
    """Enumeration prevention: an unknown address leads to the same next page as a known
    one, and nobody gets a code for it."""
    known = _request_code(client, mailoutbox)["Location"]
    sent = len(mailoutbox)
    client.logout()
    unknown = _request_code(client, mailoutbox, email="nobody@example.org")["Location"]
    assert unknown == known
    assert not any("sign-in code is listed below" in m.body for m in mailoutbox[sent:])
