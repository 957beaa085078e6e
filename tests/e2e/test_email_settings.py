"""A moderator chooses how to hear of each kind of email, unsubscribes from a link without
logging in, and sees the queue's count in the admin header, in Chromium."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from comments import preferences
from comments.models import Comment, Flag, NotificationPreference

from .conftest import assert_accessible, give_approved_comment

pytestmark = pytest.mark.e2e


@pytest.fixture
def moderator(make_reader, roles):
    user = make_reader("mo", "Mo Moderator")
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.mark.parametrize("width", [390, 1280])
def test_email_settings_from_the_account_menu_with_keyboard_and_without_javascript(
    new_context, moderator, screenshots, width
):
    page = new_context(user=moderator, width=width).new_page()
    page.goto("/accounts/profile/")
    page.get_by_role("navigation", name="Your account").get_by_role(
        "link", name="Email settings"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Email settings")
    held = page.get_by_role("group", name="Comment held by screening")
    expect(held.get_by_role("radio", name="At once")).to_be_checked()
    reported = page.get_by_role("group", name="Comment reported by a reader")
    expect(reported.get_by_role("radio", name="In a daily digest")).to_be_checked()
    assert_accessible(page, f"email settings {width}")
    page.screenshot(path=screenshots / f"email-settings-{width}.png", full_page=True)

    # Without JavaScript, with the keyboard only (axe needs JavaScript, above).
    page = new_context(user=moderator, width=width, javascript=False).new_page()
    page.goto("/comments/email-settings/")
    reported = page.get_by_role("group", name="Comment reported by a reader")
    reported.get_by_role("radio", name="In a daily digest").focus()
    page.keyboard.press("ArrowDown")  # to "Never"
    expect(reported.get_by_role("radio", name="Never")).to_be_checked()
    page.keyboard.press("Enter")  # submits the form
    expect(page.locator(".messages")).to_contain_text("Your email settings are saved.")
    expect(
        page.get_by_role("group", name="Comment reported by a reader").get_by_role(
            "radio", name="Never"
        )
    ).to_be_checked()
    assert preferences.preferences_for(moderator)["reported"] == "never"


@pytest.mark.parametrize("width", [390, 1280])
def test_unsubscribe_asks_once_then_stops_the_emails(new_context, moderator, screenshots, width):
    token = preferences.unsubscribe_token(user=moderator, kinds=["held"])
    page = new_context(width=width).new_page()  # not logged in
    page.goto(f"/comments/unsubscribe/{token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Stop these emails?")
    assert not NotificationPreference.objects.exists()
    assert_accessible(page, f"unsubscribe {width}")
    page.screenshot(path=screenshots / f"unsubscribe-{width}.png", full_page=True)
    page.get_by_role("button", name="Stop these emails").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You will get no more of these emails"
    )
    assert preferences.preferences_for(moderator)["held"] == "never"
    page.goto(f"/comments/unsubscribe/{token[:-4]}abcd/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This unsubscribe link does not work")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_admin_header_shows_the_queue_to_moderators(
    new_context, moderator, demo_article, make_reader, screenshots, width
):
    reader = make_reader("wren", "Wren")
    give_approved_comment(reader, demo_article)
    comment = Comment.objects.filter(article=demo_article, status="approved").first()
    Flag.objects.create(comment=comment, user=reader, reason=Flag.Reason.HARMFUL)
    held = Comment.objects.filter(status=Comment.Status.PENDING).count()
    page = new_context(user=moderator, width=width).new_page()
    page.goto("/admin/")
    queue = page.locator("#moderation-queue-count")
    expect(queue).to_have_text(f"Queue: {held} held · 1 reported")
    assert_accessible(page, f"admin header queue {width}")
    page.screenshot(path=screenshots / f"admin-queue-count-{width}.png")
    queue.get_by_role("link", name="1 reported").click()
    expect(page).to_have_url(re.compile(r"/admin/comments/comment/\?flagged=yes$"))
