"""Threads readers can follow, in a real browser on the demo article: sorting (a GET form,
no JavaScript needed), "Helpful" with and without JavaScript, following a thread, the email
it brings and its one-click unsubscribe, the reader's notifications page. Screenshots at
390 and 1280 px in tests/e2e/screenshots/ (threads-*.png); axe on each page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from comments.helpful import helpful_cast
from comments.models import Comment, Follow, HelpfulVote
from comments.services import comment_create

from .conftest import assert_accessible, give_approved_comment
from .test_look import WIDTHS, assert_fits_the_screen

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def _mail_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.COMMENTS_FLOOD_SECONDS = 0


def top_level(article):
    return list(
        Comment.objects.filter(article=article, parent=None, status="approved").order_by(
            "created_at", "pk"
        )
    )


@pytest.fixture
def liked(demo_article, make_reader):
    """The demo's third thread made the most helpful by two readers."""
    third = top_level(demo_article)[2]
    for name in ("cy", "di"):
        helpful_cast(user=make_reader(name), comment=third)
    return third


def first_thread_id(page):
    """The id of the first thread shown (read without running a script in the page: with
    JavaScript off, page scripts never run)."""
    return page.locator(
        "#comments ol.comment-list:not(.comment-list--replies) > li"
    ).first.get_attribute("id")


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_sorting_and_helpful(new_context, demo_article, liked, reader, screenshots, javascript):
    page = new_context(user=reader, javascript=javascript).new_page()
    page.goto(demo_article.get_absolute_url())
    first = top_level(demo_article)[0]
    assert first_thread_id(page) == f"comment-{first.pk}"

    page.get_by_label("Show comments").select_option(label="Most helpful")
    page.get_by_role("button", name="Sort", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?csort=helpful#comments$"))
    assert first_thread_id(page) == f"comment-{liked.pk}"
    # Kept: the plain address shows this reader's choice.
    page.goto(demo_article.get_absolute_url())
    assert first_thread_id(page) == f"comment-{liked.pk}"
    expect(page.get_by_label("Show comments")).to_have_value("helpful")

    item = page.locator(f"li#comment-{liked.pk}")
    button = item.locator(".comment__helpful button").first
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_contain_text("Helpful (2)")
    button.click()
    expect(
        button
        if javascript
        else page.locator(f"li#comment-{liked.pk} .comment__helpful button").first
    ).to_have_attribute("aria-pressed", "true")
    button = page.locator(f"li#comment-{liked.pk} .comment__helpful button").first
    expect(button).to_contain_text("Helpful (3)")
    if javascript:  # switched in place, announced, no page load
        expect(page.locator("#comments [role=status]")).to_contain_text("Marked as helpful")
        assert "#comment-" not in page.url
    else:
        expect(page).to_have_url(re.compile(rf"#comment-{liked.pk}$"))
        expect(page.locator(".messages")).to_contain_text("Marked as helpful")
    assert HelpfulVote.objects.filter(comment=liked, user=reader).exists()
    # A second click takes it back.
    button.click()
    button = page.locator(f"li#comment-{liked.pk} .comment__helpful button").first
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_contain_text("Helpful (2)")
    assert not HelpfulVote.objects.filter(comment=liked, user=reader).exists()
    if javascript:  # axe runs as a page script: with JavaScript on only
        assert_accessible(page, "article with sort and helpful buttons")
        for name, width in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": 900})
            page.locator(".thread-controls").scroll_into_view_if_needed()
            assert_fits_the_screen(page, f"sorted thread ({name})")
            page.screenshot(path=screenshots / f"threads-sorted-{name}.png")


def test_follow_a_thread_get_the_email_and_unsubscribe(
    new_context, demo_article, reader, make_reader, screenshots
):
    thread = top_level(demo_article)[1]
    page = new_context(user=reader).new_page()
    page.goto(f"{demo_article.get_absolute_url()}#comment-{thread.pk}")
    button = page.locator(f"li#comment-{thread.pk} .comment__follow button").first
    expect(button).to_have_accessible_name(re.compile(r"^Follow this thread \(started by"))
    button.click()  # the script sends it and flips the button in place
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#comments [role=status]")).to_contain_text("You follow the thread")
    assert Follow.objects.filter(user=reader, thread=thread).exists()
    page.reload()
    expect(button).to_have_attribute("aria-pressed", "true")

    # Another reader replies; the follower is emailed through the task queue.
    writer = make_reader("ed", "Ed")
    give_approved_comment(writer, demo_article)
    mail.outbox.clear()
    comment_create(
        article=demo_article,
        author=writer,
        parent=thread,
        body="Gentle walking each day helped me; my physiotherapist adjusted the plan.",
    )
    [message] = [m for m in mail.outbox if m.to == [reader.email]]
    assert "which you follow" in message.subject
    link = re.search(r"https?://\S+?(/comments/follow/unsubscribe/\S+/)", message.body)[1]

    # The notifications page lists the follow and the email.
    page.goto("/comments/notifications/")
    expect(page.get_by_role("heading", name="Follows and notifications")).to_be_visible()
    expect(page.locator(".follows li")).to_have_count(1)
    expect(page.locator(".notification-list li").first).to_contain_text(
        "New comment in a thread you follow"
    )
    assert_accessible(page, "notifications page")
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        assert_fits_the_screen(page, f"notifications page ({name})")
        page.screenshot(path=screenshots / f"threads-notifications-{name}.png", full_page=True)

    # The emailed link, opened without logging in.
    visitor = new_context().new_page()
    visitor.goto(link)
    expect(visitor.get_by_role("heading", name="Stop emails about new comments?")).to_be_visible()
    assert_accessible(visitor, "follow unsubscribe page")
    for name, width in WIDTHS.items():
        visitor.set_viewport_size({"width": width, "height": 900})
        assert_fits_the_screen(visitor, f"follow unsubscribe page ({name})")
        visitor.screenshot(path=screenshots / f"threads-unsubscribe-{name}.png")
    visitor.get_by_role("button", name="Unfollow this article’s comments").click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("You no longer follow")
    assert not Follow.objects.filter(user=reader).exists()
