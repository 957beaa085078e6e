import re
from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db


def sign_up(client, **overrides):
    data = {
        "email": "new@example.org",
        "username": "newreader",
        "display_name": "New Reader",
        "password1": "correct horse battery",
        "password2": "correct horse battery",
    }
    data.update(overrides)
    return client.post("/accounts/signup/", data)


def test_sign_up_verify_email_then_log_in(client, mailoutbox, django_user_model):
    response = sign_up(client)
    assert response.status_code == HTTPStatus.FOUND
    user = django_user_model.objects.get(username="newreader")
    assert user.display_name == "New Reader"
    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mailoutbox[0].body).group(0)
    # Unverified accounts cannot log in yet.
    client.logout()
    blocked = client.post(
        "/accounts/login/", {"login": "newreader", "password": "correct horse battery"}
    )
    assert "/accounts/confirm-email/" in blocked["Location"]
    path = link.split("://", 1)[1].split("/", 1)[1]
    client.post("/" + path)
    client.logout()
    for login in ("newreader", "new@example.org"):
        response = client.post(
            "/accounts/login/", {"login": login, "password": "correct horse battery"}
        )
        assert response.status_code == HTTPStatus.FOUND
        assert client.get("/accounts/profile/").status_code == HTTPStatus.OK
        client.logout()


def test_sign_up_with_a_taken_email_does_not_reveal_the_account(client, mailoutbox, reader_account):
    response = sign_up(client, email=reader_account.email, username="someoneelse")
    # Same outcome as a fresh sign-up: "check your email"; the owner gets a notice instead.
    assert response.status_code == HTTPStatus.FOUND
    assert "already" not in client.get(response["Location"]).content.decode().lower()


def test_password_reset_says_the_same_for_known_and_unknown_addresses(client, reader_account):
    pages = []
    for email in (reader_account.email, "nobody@example.org"):
        response = client.post("/accounts/password/reset/", {"email": email}, follow=True)
        pages.append(re.sub(r'value="[^"]+"', "", response.content.decode()))
    assert pages[0] == pages[1]


def test_profile_changes_the_display_name(client, reader_account):
    client.force_login(reader_account)
    response = client.post("/accounts/profile/", {"display_name": "Ada Lovelace", "bio": ""})
    assert response.status_code == HTTPStatus.FOUND
    reader_account.refresh_from_db()
    assert reader_account.display_name == "Ada Lovelace"
    assert "Ada Lovelace" in client.get("/").content.decode()


def test_profile_needs_login(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/")


def test_account_pages_use_the_site_layout(client):
    page = client.get("/accounts/login/").content.decode()
    assert 'class="skip-link"' in page and 'class="site-footer"' in page


@pytest.fixture
def reader_account(django_user_model):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user(
        username="ada", email="ada@example.org", password="a long test password"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_failed_logins_are_rate_limited(client, reader_account):
    pages = [
        client.post("/accounts/login/", {"login": "ada", "password": "wrong"}).content.decode()
        for _ in range(7)
    ]
    assert "Too many failed login attempts" not in pages[0]
    assert "Too many failed login attempts" in pages[-1]
    # Even the right password is refused until the window passes.
    right = client.post("/accounts/login/", {"login": "ada", "password": "a long test password"})
    assert "Too many failed login attempts" in right.content.decode()


def test_one_address_failing_logins_does_not_lock_out_readers_elsewhere(
    client, django_user_model, reader_account, settings
):
    """Behind the TLS proxy every request comes from 127.0.0.1: the per-address limit must
    count the reader's own address, from the X-Forwarded-For the proxy appends."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    attacker = {"HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for number in range(11):  # over login_failed's 10 a minute per address
        client.post(
            "/accounts/login/", {"login": f"guess{number}", "password": "wrong"}, **attacker
        )
    blocked = client.post("/accounts/login/", {"login": "ada", "password": "x"}, **attacker)
    assert "Too many failed login attempts" in blocked.content.decode()
    elsewhere = client.post(
        "/accounts/login/",
        {"login": "ada", "password": "a long test password"},
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert elsewhere.status_code == HTTPStatus.FOUND
    assert client.get("/accounts/profile/").status_code == HTTPStatus.OK


def test_the_back_office_login_has_the_same_limits(client, staff):
    for _ in range(6):  # over login_failed's 5 per account
        client.post("/admin/login/", {"username": "boss", "password": "wrong"})
    right = client.post("/admin/login/", {"username": "boss", "password": "a long test password"})
    assert "Too many failed login attempts" in right.content.decode()
    assert client.get("/admin/").status_code == HTTPStatus.FOUND  # still logged out


def test_the_back_office_login_still_logs_staff_in(client, staff):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "boss", "password": "a long test password"}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert client.get("/admin/").status_code == HTTPStatus.OK


def test_sign_up_without_a_reachable_mail_server_says_so_and_keeps_the_account(
    client, django_user_model, settings
):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},  # nothing listens
        }
    }
    response = sign_up(client)
    assert response.status_code == HTTPStatus.FOUND  # not a server error
    page = client.get(response["Location"]).content.decode()
    assert "We could not send you an email just now" in page
    assert django_user_model.objects.filter(username="newreader").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("You won!\nClaim it at https://evil.example/claim", "cannot hold a web address"),
        ("Visit www.evil.example", "cannot hold a web address"),
        ("Bob\r\nVisit evil.example/claim-prize", "cannot hold a web address"),
        ("Bob, claim at evil-prize.com", "cannot hold a web address"),
        ("Ann.Smith", None),
        ("\u200b", "one line of visible text"),
        ("Ada\u202eLovelace", "one line of visible text"),
        ("...", None),
    ],
)
def test_display_names_are_one_line_of_visible_text_without_addresses(
    client, django_user_model, name, message
):
    """The name goes into emails sent to the address given at sign-up: no room there for
    a message of someone else's, a link, or text that reads backwards."""
    response = sign_up(client, display_name=name)
    if message is None:  # punctuation is visible: allowed
        assert django_user_model.objects.get(username="newreader").display_name == name
        return
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not django_user_model.objects.filter(username="newreader").exists()


def test_a_display_name_keeps_joiners_names_and_emoji_need(client, reader_account):
    client.force_login(reader_account)
    name = "Ze\u200cnab 👩\u200d⚕️"
    client.post("/accounts/profile/", {"display_name": f"  {name} ", "bio": ""})
    reader_account.refresh_from_db()
    assert reader_account.display_name == name


def test_too_many_sign_ups_get_the_sites_page_saying_what_to_do(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1/m/ip"}
    sign_up(client)
    client.logout()
    response = sign_up(client, email="second@example.org", username="second")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    page = response.content.decode()
    assert "Too many attempts in a short while" in page and "Back to the articles" in page


def test_a_pending_email_change_page_has_no_inline_style(client, reader_account):
    """An inline style is blocked by the Content-Security-Policy (a console error)."""
    client.force_login(reader_account)
    client.post("/accounts/email/", {"action_add": "", "email": "ada.new@example.org"})
    page = client.get("/accounts/email/").content.decode()
    assert "ada.new@example.org" in page and 'id="pending-email"' in page
    assert "style=" not in page


def test_usernames_are_normalised_and_need_a_letter_or_digit(client, django_user_model):
    sign_up(client, username="１２３", email="wide@example.org")
    assert django_user_model.objects.filter(username="123").exists()
    client.logout()
    again = sign_up(client, username="123", email="other@example.org")
    assert again.status_code == HTTPStatus.OK  # taken: the form says so
    dots = sign_up(client, username="..", email="dots@example.org")
    assert "A username needs at least one letter or digit." in dots.content.decode()
