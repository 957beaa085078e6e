"""A reader downloads their data and deletes their account, in Chromium."""

import json

import pytest
from playwright.sync_api import expect

from comments.models import Comment

from .conftest import PASSWORD, assert_accessible, give_approved_comment

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [390, 1280])
def test_download_then_delete_the_account(
    new_context, make_reader, demo_article, screenshots, width, django_user_model
):
    reader = make_reader("wren", "Wren Hollis")
    give_approved_comment(reader, demo_article)
    page = new_context(user=reader, width=width).new_page()

    page.goto("/accounts/profile/")
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Your data"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your data")
    assert_accessible(page, f"your data {width}")
    page.screenshot(path=screenshots / f"your-data-{width}.png", full_page=True)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data").click()
    data = json.loads(download.value.path().read_text())
    assert data["account"]["username"] == "wren"
    assert data["comments"]["comments"][0]["text"] == "An earlier comment of mine."

    page.get_by_role("link", name="Delete your account…").click()
    assert_accessible(page, f"delete account {width}")
    page.get_by_label("Remove their text").check()
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Delete my account now").click()
    expect(page.locator(".field__errors")).to_have_text(
        "That is not your password. Nothing was deleted."
    )
    assert django_user_model.objects.filter(username="wren").exists()
    page.screenshot(path=screenshots / f"delete-account-{width}.png", full_page=True)

    page.get_by_label("Remove their text").check()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete my account now").click()
    expect(page.locator(".messages")).to_contain_text("Your account is deleted")
    expect(
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")
    ).to_be_visible()
    assert not django_user_model.objects.filter(username="wren").exists()
    assert not Comment.objects.filter(body="An earlier comment of mine.").exists()
