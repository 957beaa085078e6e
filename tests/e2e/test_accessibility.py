"""axe-core (WCAG 2.0 and 2.1, A and AA) on the pages readers use, and the checks axe
cannot make by itself: labels, names and error messages tied to fields."""

import re

import pytest
from playwright.sync_api import expect

from articles.models import Category

from .conftest import assert_accessible

pytestmark = pytest.mark.e2e


def test_public_pages_have_no_violations(page, demo_article):
    empty = Category.objects.create(name="Pregnancy", slug="pregnancy")
    pages = {
        "home": "/",
        "article (anonymous)": demo_article.get_absolute_url(),
        "author page": demo_article.author.get_absolute_url(),
        "empty category": empty.get_absolute_url(),
        "login": "/accounts/login/",
        "sign up": "/accounts/signup/",
        "password reset": "/accounts/password/reset/",
    }
    for name, url in pages.items():
        page.goto(url)
        assert_accessible(page, name)


def test_empty_listing_says_so(page, roles):
    empty = Category.objects.create(name="Pregnancy", slug="pregnancy")
    page.goto(empty.get_absolute_url())
    expect(page.locator("main")).to_contain_text("No articles in this category yet.")
    page.goto("/")
    expect(page.locator("main")).to_contain_text("No articles have been published yet.")
    assert_accessible(page, "home (no articles)")


def test_reader_pages_have_no_violations(new_context, demo_article, reader):
    page = new_context(user=reader).new_page()
    page.goto(demo_article.get_absolute_url())
    assert_accessible(page, "article (logged in)")

    # The reply form open under a comment (moved there by the script).
    page.get_by_role("link", name="Reply to Priya N").first.click()
    expect(page.locator("li.comment #respond")).to_be_visible()
    assert_accessible(page, "article (logged in, reply form open)")

    # The same without JavaScript: ?replytocom=N
    query = page.get_by_role("link", name="Reply to Priya N").first.get_attribute("href")
    page.goto(demo_article.get_absolute_url() + query)
    expect(page.locator("#respond").get_by_role("heading")).to_have_text("Reply to Priya N")
    assert_accessible(page, "article (reply via ?replytocom)")

    # An empty comment: the error is tied to the field.
    page.goto(demo_article.get_absolute_url() + "#respond")
    page.locator("#respond").get_by_role("button", name="Post comment").click()
    box = page.locator("#respond").get_by_label("Comment", exact=True)
    expect(box).to_have_attribute("aria-invalid", "true")
    expect(box).to_have_accessible_description(re.compile("the comment is empty"))
    assert_accessible(page, "article (comment error)")

    for name, url in {
        "profile": "/accounts/profile/",
        "email addresses": "/accounts/email/",
        "change password": "/accounts/password/change/",
    }.items():
        page.goto(url)
        assert_accessible(page, name)


def test_profile_errors_are_tied_to_fields(new_context, reader):
    page = new_context(user=reader).new_page()
    page.goto("/accounts/profile/")
    # The browser's maxlength stops this first; the server's check is what is tested.
    page.get_by_label("Display name").evaluate("field => field.removeAttribute('maxlength')")
    page.get_by_label("Display name").fill("x" * 81)
    page.get_by_role("button", name="Save profile").click()
    field = page.get_by_label("Display name")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_accessible_description(re.compile("at most 80 characters"))
    assert_accessible(page, "profile with errors")


def test_star_rating_is_announced_out_of_ten(new_context, demo_article, reader):
    page = new_context(user=reader).new_page()
    page.goto(demo_article.get_absolute_url())
    radios = page.locator("#rating").get_by_role("radio")
    expect(radios).to_have_count(10)
    for score in range(1, 11):
        expect(radios.nth(score - 1)).to_have_accessible_name(f"{score} out of 10")
    # The average is said in words too, not only drawn as stars.
    expect(page.locator("#rating")).to_contain_text(re.compile(r"\d+(\.\d)?/10 \(\d+ votes cast\)"))
