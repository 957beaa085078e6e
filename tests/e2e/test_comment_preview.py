"""Writing a comment in the browser: Markdown, and "Preview" without JavaScript. The preview
comes back above the box with the text kept and nothing posted; posted, **bold** shows
bold. The comment box with its preview and its examples fits a phone and a desktop
(screenshots in tests/e2e/screenshots/comment-preview-*.png) and passes axe."""

import pytest
from playwright.sync_api import expect

from comments.models import Comment

from .conftest import assert_accessible
from .test_look import WIDTHS, assert_fits_the_screen

pytestmark = pytest.mark.e2e

TEXT = (
    "**Walking** helped me more than resting.\n\n"
    "- short walks\n- often\n\n"
    "> My physiotherapist said to keep moving gently.\n\n"
    "More at https://www.nhs.uk/conditions/sciatica/ <b>not bold</b>"
)


def comment_box(page):
    return page.locator("#respond").get_by_label("Comment", exact=True)


def test_preview_without_javascript_then_post_shows_bold(
    new_context, demo_article, make_reader, screenshots, settings
):
    settings.COMMENTS_FLOOD_SECONDS = 0
    reader = make_reader("ada", "Ada L", trusted=True, article=demo_article)
    before = Comment.objects.count()
    page = new_context(javascript=False, user=reader).new_page()
    page.goto(demo_article.get_absolute_url() + "#respond")
    respond = page.locator("#respond")
    expect(respond).to_contain_text("Write as you would in an email.")
    examples = respond.locator("details.formatting-help")
    examples.locator("summary").click()
    expect(examples.locator("strong", has_text="sharp pain")).to_be_visible()

    comment_box(page).fill(TEXT)
    respond.get_by_role("button", name="Preview").click()

    preview = page.locator("#comment-preview")
    expect(preview.get_by_role("heading", name="Preview")).to_be_visible()
    expect(preview.locator("strong")).to_have_text("Walking")
    expect(preview.locator("li")).to_have_text(["short walks", "often"])
    expect(preview.locator("blockquote")).to_contain_text("keep moving gently")
    expect(
        preview.get_by_role("link", name="https://www.nhs.uk/conditions/sciatica/")
    ).to_be_visible()
    expect(preview).to_contain_text("<b>not bold</b>")
    expect(comment_box(page)).to_have_value(TEXT)
    assert Comment.objects.count() == before  # nothing saved

    page.locator("#respond").get_by_role("button", name="Post comment").click()
    posted = Comment.objects.get(author=reader, body=TEXT)
    expect(page.locator(f"#comment-{posted.pk} .comment__text strong")).to_have_text("Walking")
    expect(page.locator(f"#comment-{posted.pk} .comment__text")).not_to_contain_text("**")


def test_the_preview_looks_right_and_passes_axe(
    new_context, demo_article, make_reader, screenshots
):
    """axe and the layout checks run scripts in the page: here JavaScript is on (the
    preview is the same form post either way)."""
    reader = make_reader("ada", "Ada L", trusted=True, article=demo_article)
    for device, width in WIDTHS.items():
        page = new_context(width=width, user=reader).new_page()
        page.goto(demo_article.get_absolute_url() + "#respond")
        comment_box(page).fill(TEXT)
        page.locator("#respond").get_by_role("button", name="Preview").click()
        expect(page.locator("#comment-preview strong")).to_have_text("Walking")
        page.locator("#respond details.formatting-help summary").click()
        assert_accessible(page, f"comment preview ({device})")
        assert_fits_the_screen(page, f"the comment preview ({device})")
        page.locator("#respond").screenshot(path=str(screenshots / f"comment-preview-{device}.png"))


def test_a_visitor_previews_without_javascript(new_context, demo_article):
    page = new_context(javascript=False, width=390).new_page()
    page.goto(demo_article.get_absolute_url() + "#respond")
    comment_box(page).fill("*Gently* does it")
    page.locator("#respond").get_by_role("button", name="Preview").click()
    expect(page.locator("#comment-preview em")).to_have_text("Gently")
    expect(comment_box(page)).to_have_value("*Gently* does it")
    expect(page.locator("#respond").get_by_role("button", name="Log in and post")).to_be_visible()


def test_with_javascript_the_preview_comes_without_leaving_the_page(
    new_context, demo_article, make_reader
):
    reader = make_reader("ada", "Ada L", trusted=True, article=demo_article)
    page = new_context(user=reader).new_page()
    page.goto(demo_article.get_absolute_url() + "#respond")
    page.evaluate("window.stillTheSamePage = true")
    comment_box(page).fill("**First** try")
    respond = page.locator("#respond")
    respond.get_by_role("button", name="Preview").click()
    expect(page.locator("#comment-preview strong")).to_have_text("First")
    comment_box(page).fill("*Second* try")
    respond.get_by_role("button", name="Preview").click()
    expect(page.locator("#comment-preview em")).to_have_text("Second")
    expect(page.locator("#comment-preview")).to_have_count(1)
    expect(page.get_by_role("status").filter(has_text="Preview shown")).to_have_count(1)
    assert page.evaluate("window.stillTheSamePage") is True
    assert not Comment.objects.filter(author=reader, body__contains="try").exists()
    # An empty box: the form goes as a page, which says why.
    comment_box(page).fill("")
    respond.get_by_role("button", name="Preview").click()
    expect(page.locator("#respond")).to_contain_text("Write something first")
