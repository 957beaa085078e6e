"""Signing up from an article's comment box: after confirming the email address the reader
is back on the article with their draft (not on the home page); account emails name the
site, not the host the request came in on."""

import re
from urllib.parse import unquote

import pytest

pytestmark = pytest.mark.django_db

PASSWORD = "a long test password"


@pytest.fixture
def article(make_article):
    return make_article(title="Easing sciatica", slug="easing-sciatica")


def test_sign_up_and_confirm_return_to_the_article_and_the_draft(client, article, mailoutbox):
    # Not logged in: "Log in and post" keeps the draft and sends the reader to log in.
    response = client.post(
        f"/comments/post/{article.slug}/",
        {"body": "My draft about the knee hug."},
        HTTP_REFERER=f"http://testserver{article.get_absolute_url()}",
    )
    login_url = response["Location"]
    assert login_url.startswith("/accounts/login/?next=")
    next_url = re.search(r"next=([^&]+)", login_url).group(1)

    # From the login page to sign up: the header's link and allauth's own both carry
    # where the reader was going (the header's used to carry the login page itself).
    login_page = client.get(login_url).content.decode()
    signup_links = re.findall(r'href="(/accounts/signup/\?next=[^"]+)"', login_page)
    assert {unquote(link) for link in signup_links} == {
        "/accounts/signup/?next=/articles/easing-sciatica/#respond"
    }
    signup_url = signup_links[0]
    response = client.post(
        signup_url.replace("&amp;", "&"),
        {
            "email": "nell@example.org",
            "username": "nell",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    message = mailoutbox[-1]
    assert "127.0.0.1" not in message.body and "testserver" not in message.body.split("\n")[0]
    assert message.body.startswith("Hello from Back in Motion!")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)

    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"] == "/articles/easing-sciatica/#respond" or response[
        "Location"
    ].startswith(article.get_absolute_url()), (response["Location"], next_url)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "My draft about the knee hug.</textarea>" in page
