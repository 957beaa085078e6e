"""Flow 1: sign up, confirm the email address from the link in the email, log in."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import PASSWORD, assert_accessible

pytestmark = pytest.mark.e2e

# allauth's own words on its buttons and headings ("Sign In", "Sign Up").
SIGN_UP = re.compile(r"^\s*sign up\s*$", re.I)
LOG_IN = re.compile(r"^\s*(log|sign) in\s*$", re.I)


def test_sign_up_confirm_the_email_and_log_in(new_context, mailoutbox, django_user_model):
    page = new_context().new_page()
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGN_UP)

    page.get_by_label("Email").fill("nell@example.org")
    page.get_by_label("Username").fill("nell")
    page.get_by_label("Display name").fill("Nell Gwyn")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name=SIGN_UP).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("verify your email address", re.I)
    )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["nell@example.org"]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)

    # Log in before confirming: refused until the address is confirmed.
    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill("nell")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name=LOG_IN).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("verify your email address", re.I)
    )

    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile("confirm email address", re.I)
    )
    assert_accessible(page, "confirm email")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".messages")).to_contain_text("You have confirmed nell@example.org")

    nav = page.get_by_role("navigation", name="Main")
    if nav.get_by_role("button", name="Log out").count():
        # Confirming logs in the browser that signed up; log out to log in by hand.
        nav.get_by_role("button", name="Log out").click()
        expect(nav.get_by_role("link", name="Log in")).to_be_visible()

    nav.get_by_role("link", name="Log in").click()
    page.get_by_label("Username or email").fill("nell@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name=LOG_IN).click()

    expect(nav.get_by_role("link", name="Nell Gwyn")).to_be_visible()
    expect(nav.get_by_role("button", name="Log out")).to_be_visible()
    assert django_user_model.objects.get(username="nell").emailaddress_set.get().verified


def test_sign_up_errors_are_tied_to_their_fields(page):
    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("nell@example")  # the browser lets it through
    page.get_by_label("Username").fill("x y")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password (again)").fill("different")
    page.get_by_role("button", name=SIGN_UP).click()

    for label in ["Email", "Username"]:
        field = page.get_by_label(label, exact=True)
        expect(field).to_have_attribute("aria-invalid", "true")
        described_by = field.get_attribute("aria-describedby").split()
        texts = [page.locator(f"#{id_}").inner_text() for id_ in described_by]
        assert any(text.strip() for text in texts), (label, described_by)
        # The error is announced with the field: its description names the problem.
        expect(field).to_have_accessible_description(re.compile(r"\w"))
    assert_accessible(page, "sign up with errors")


def test_wrong_password_says_so_and_keeps_the_username(page, reader):
    page.goto("/accounts/login/")
    page.get_by_label("Username or email").fill(reader.username)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name=LOG_IN).click()
    expect(page.get_by_role("alert")).to_contain_text("not correct")
    expect(page.get_by_label("Username or email")).to_have_value(reader.username)
    assert_accessible(page, "login with errors")
