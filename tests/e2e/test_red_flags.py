"""Red-flag symptoms and privacy nudges in the browser: a comment describing a red flag gets
the urgent-care page and, posted anyway, is first in the moderators' queue; a phone number
or email address in a comment is pointed out before saving, as a confirm step without
JavaScript and inline as the reader types with it. The "When to get help now" box and the
urgent-care page fit a phone and a desktop (screenshots in tests/e2e/screenshots/)."""

import re
from datetime import date

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from comments.checks import privacy_findings
from comments.models import Comment, ScreeningPhrase
from tests.comments.test_checks import FOUND, NORMAL

from .conftest import PASSWORD, assert_accessible
from .test_look import WIDTHS, assert_fits_the_screen

pytestmark = pytest.mark.e2e

RED_FLAG = (
    "Since yesterday I have numbness in the saddle area and it feels odd to pee. "
    "Should I keep going with exercise 2?"
)


@pytest.fixture
def red_flags():
    """The live server's database is emptied between tests, the default phrases with it."""
    for phrase in ("numbness in the saddle area", "loss of bladder control"):
        ScreeningPhrase.objects.get_or_create(kind="red_flag", phrase=phrase)


def comment_box(page):
    return page.locator("#respond").get_by_label("Comment", exact=True)


def test_a_red_flag_comment_gets_the_urgent_care_page_and_goes_first_in_the_queue(
    new_context, demo_article, make_reader, django_user_model, red_flags, screenshots, settings
):
    settings.COMMENTS_FLOOD_SECONDS = 0
    # Already waiting: a comment held earlier, for no special reason.
    Comment.objects.create(
        article=demo_article,
        author=make_reader("quiet", "Quiet Reader"),
        body="An ordinary held comment.",
        body_html="<p>An ordinary held comment.</p>",
        status=Comment.Status.PENDING,
    )
    reader = make_reader("ada", "Ada L", trusted=True, article=demo_article)
    page = new_context(user=reader).new_page()
    page.goto(demo_article.get_absolute_url())
    comment_box(page).fill(RED_FLAG)
    page.locator("#respond").get_by_role("button", name="Post comment").click()

    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Please get urgent care now")
    expect(page.locator(".urgent")).to_contain_text("Call 999 or go to A&E now.")
    expect(page.locator(".urgent")).to_contain_text("“numbness in the saddle area”")
    expect(page.locator(".urgent")).to_contain_text("within hours")
    expect(page.locator(".confirm__text")).to_contain_text("Should I keep going with exercise 2?")
    assert not Comment.objects.filter(author=reader, body=RED_FLAG).exists()
    assert_accessible(page, "urgent-care page")
    for device, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        assert_fits_the_screen(page, f"the urgent-care page ({device})")
        page.screenshot(path=screenshots / f"urgent-care-{device}.png", full_page=True)

    page.get_by_role("button", name="Post it anyway").click()
    posted = Comment.objects.get(author=reader, body=RED_FLAG)
    expect(page).to_have_url(re.compile(rf"#comment-{posted.pk}$"))
    assert posted.status == Comment.Status.PENDING
    assert posted.held_reason.startswith("red-flag symptoms")

    moderator = django_user_model.objects.create_user(
        username="mod", email="mod@example.org", password=PASSWORD, is_staff=True
    )
    moderator.groups.add(Group.objects.get(name="Moderators"))
    admin = new_context().new_page()
    admin.goto("/admin/")
    admin.get_by_label("Username").fill("mod")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Log in").click()
    admin.locator("#moderation-summary").get_by_role("link", name=re.compile("awaiting")).click()
    first_row = admin.locator("#result_list tbody tr").first
    expect(first_row).to_contain_text("numbness in the saddle area")
    expect(first_row).to_contain_text("red-flag symptoms")


def test_the_privacy_nudge_works_without_javascript(new_context, demo_article, make_reader):
    reader = make_reader("ada", "Ada L", trusted=True, article=demo_article)
    page = new_context(user=reader, javascript=False).new_page()
    page.goto(demo_article.get_absolute_url())
    text = "Happy to compare notes: ring me on 07700 900123 after 6pm."
    comment_box(page).fill(text)
    page.locator("#respond").get_by_role("button", name="Post comment").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your comment may show who you are")
    expect(page.locator(".privacy-findings")).to_contain_text("A phone number: 07700 900123")
    expect(page.locator(".confirm__text mark")).to_have_text("07700 900123")
    assert not Comment.objects.filter(author=reader, body=text).exists()

    # Edit: back to the comment box with the text, to take the number out.
    page.get_by_role("button", name="Edit my comment").click()
    expect(comment_box(page)).to_have_value(text)
    comment_box(page).fill("Happy to compare notes here in the comments.")
    page.locator("#respond").get_by_role("button", name="Post comment").click()
    expect(page.locator(".messages")).to_contain_text("Your comment is posted.")
    assert Comment.objects.filter(author=reader, body__startswith="Happy to compare").count() == 1
    assert not Comment.objects.filter(body__contains="07700").exists()


def test_the_privacy_hints_appear_as_the_reader_types(
    new_context, demo_article, make_reader, screenshots
):
    reader = make_reader("ada", "Ada L", trusted=True, article=demo_article)
    page = new_context(user=reader).new_page()
    page.goto(demo_article.get_absolute_url())
    hints = page.locator("#respond .privacy-hints")
    expect(hints).to_have_attribute("aria-live", "polite")
    comment_box(page).press_sequentially("3 sets of 10 at 7pm since 2021. ", delay=5)
    expect(hints).to_be_empty()
    comment_box(page).press_sequentially("Email me: ada.l@example.org", delay=5)
    expect(hints).to_contain_text("an email address: ada.l@example.org")
    expect(hints.locator("mark")).to_have_text("ada.l@example.org")
    described = comment_box(page).get_attribute("aria-describedby")
    assert hints.get_attribute("id") in described.split()
    assert_accessible(page, "article page with privacy hints")
    page.locator("#respond").screenshot(path=screenshots / "privacy-hints-desktop.png")

    # Seen inline, the comment is posted without the confirm page.
    page.locator("#respond").get_by_role("button", name="Post comment").click()
    expect(page.locator(".messages")).to_contain_text("Your comment is posted.")
    assert Comment.objects.filter(author=reader, body__contains="ada.l@example.org").exists()


def test_text_sent_before_the_hints_showed_gets_the_confirm_page(
    new_context, demo_article, make_reader, screenshots
):
    reader = make_reader("ada", "Ada L", trusted=True, article=demo_article)
    page = new_context(user=reader).new_page()
    page.goto(demo_article.get_absolute_url())
    # Pasted and sent at once (no input event, so no hints yet): the server asks.
    comment_box(page).evaluate("(box) => { box.value = 'Write to me at ada.l@example.org'; }")
    page.locator("#respond").get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your comment may show who you are")
    expect(page.locator(".privacy-findings")).to_contain_text("An email address")
    assert_accessible(page, "privacy confirm page")
    page.screenshot(path=screenshots / "privacy-confirm-desktop.png", full_page=True)
    page.get_by_role("button", name="Post it anyway").click()
    expect(page.locator(".messages")).to_contain_text("Your comment is posted.")


def test_the_browser_finds_what_the_server_finds(page, demo_article):
    page.goto(demo_article.get_absolute_url())
    texts = [text for text, _, _ in FOUND] + NORMAL
    in_browser = page.evaluate(
        "(texts) => texts.map((text) => window.commentPrivacy"
        "  .findings(text, new Date(2026, 11, 4)).map((f) => [f.kind, f.text]))",
        texts,
    )
    on_server = [
        [[f.kind, f.text] for f in privacy_findings(text, date(2026, 12, 4))] for text in texts
    ]
    assert in_browser == on_server


def test_the_help_box_comes_before_the_exercises(new_context, demo_article, screenshots):
    for device, width in WIDTHS.items():
        page = new_context(width=width).new_page()
        page.goto(demo_article.get_absolute_url())
        box = page.locator("#get-help-now")
        expect(box.get_by_role("heading", name="When to get help now")).to_be_visible()
        expect(box).to_contain_text("Call 999 or go to A&E now.")
        assert box.bounding_box()["y"] < page.locator("#picture-guide").bounding_box()["y"]
        assert_fits_the_screen(page, f"the article with its help box ({device})")
        box.screenshot(path=screenshots / f"help-box-{device}.png")
        if device == "desktop":
            assert_accessible(page, "article page with the help box")
