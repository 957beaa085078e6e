"""Helpful votes and follows in the admin, in the browser: a moderator lists them, filters
by article, opens a vote (read only) and deletes a follow; every page axe-clean, at 1280
and 390 px (screenshots in tests/e2e/screenshots/engagement-admin-*.png)."""

import pytest
from playwright.sync_api import expect

from comments.following import follow_create
from comments.helpful import helpful_cast
from comments.models import Follow

from .conftest import assert_accessible, give_approved_comment

VOTES = "/admin/comments/helpfulvote/"
FOLLOWS = "/admin/comments/follow/"


@pytest.fixture
def engagement(make_reader, make_article):
    """Bo found Ada's comment helpful and follows the article; Ada follows her thread."""
    article = make_article(title="Easing sciatica", slug="easing-sciatica")
    ada = make_reader("ada", "Ada L")
    bo = make_reader("bo", "Bo")
    comment = give_approved_comment(ada, article)
    helpful_cast(user=bo, comment=comment)
    follow_create(user=bo, article=article)
    follow_create(user=ada, article=article, thread=comment)
    return article


@pytest.mark.parametrize("width", [1280, 390])
def test_a_moderator_reads_helpful_votes_and_removes_a_follow(
    new_context, moderator, engagement, screenshots, width
):
    page = new_context(user=moderator, width=width).new_page()
    page.goto(VOTES)
    expect(page.locator("#result_list")).to_contain_text("An earlier comment of mine.")
    expect(page.locator("#result_list")).to_contain_text("Bo")
    assert_accessible(page, f"admin helpful votes ({width} px)")
    page.screenshot(path=screenshots / f"engagement-admin-votes-{width}.png", full_page=True)

    page.locator("#result_list tbody tr").first.locator("a").first.click()
    expect(page.locator("#content h1")).to_contain_text("View helpful vote")
    expect(page.get_by_role("button", name="Save")).to_have_count(0)
    assert_accessible(page, f"admin helpful vote, read only ({width} px)")

    page.goto(f"{FOLLOWS}?kind=article")
    expect(page.locator("#result_list")).to_contain_text("All comments on the article")
    expect(page.locator("#result_list")).not_to_contain_text("The thread of")
    assert_accessible(page, f"admin follows ({width} px)")
    page.screenshot(path=screenshots / f"engagement-admin-follows-{width}.png", full_page=True)

    page.get_by_role("checkbox", name="Select this object for an action").first.check()
    page.locator("select[name=action]").select_option("delete_selected")
    page.get_by_role("button", name="Run").click()
    expect(page.locator("#content")).to_contain_text(
        "Are you sure you want to delete the selected follow?"
    )
    assert_accessible(page, f"admin delete a follow ({width} px)")
    page.get_by_role("button", name="Yes, I’m sure").click()
    expect(page.locator(".messagelist")).to_contain_text("Successfully deleted 1 follow")
    assert not Follow.objects.filter(thread__isnull=True).exists()
    assert Follow.objects.count() == 1
