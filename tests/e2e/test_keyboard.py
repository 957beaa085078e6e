"""Flow 6: keyboard only. The skip link, the star rating (Tab, arrows, Enter), the
thumbs and the comment form, with a visible focus indicator on every control reached."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment
from ratings.models import StarVote, ThumbVote

from .conftest import give_approved_comment

pytestmark = pytest.mark.e2e

FOCUS_STYLE = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const ring = (s) => s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2;
  // The star radios are invisible: their label draws the ring (:has(:focus-visible)).
  const label = element.closest("label");
  return ring(style) || (label !== null && ring(getComputedStyle(label)));
}"""


def tab_until(page, selector, *, limit=250, key="Tab"):
    """Press Tab until the focused element matches `selector`; every element passed on
    the way must show a focus ring."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        focused = page.evaluate("() => document.activeElement.outerHTML.slice(0, 120)")
        assert page.evaluate(FOCUS_STYLE), f"no visible focus on {focused}"
    raise AssertionError(f"{selector} was not reached with {key} in {limit} presses")


def test_skip_link_moves_to_the_content(page, demo_article):
    page.goto(demo_article.get_absolute_url())
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    assert page.evaluate(FOCUS_STYLE)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#content$"))
    expect(page.locator("main#content")).to_be_focused()
    # The next Tab goes into the content, not back to the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_rate_and_comment_with_the_keyboard_only(new_context, demo_article, reader):
    give_approved_comment(reader, demo_article)
    page = new_context(user=reader).new_page()
    page.goto(demo_article.get_absolute_url())

    # Tab into the star group: the first star (no vote yet) takes the focus.
    tab_until(page, "#rating input[name=score]")
    expect(page.get_by_role("radio", name="1 out of 10", exact=True)).to_be_focused()
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    eight = page.get_by_role("radio", name="8 out of 10", exact=True)
    expect(eight).to_be_focused()
    expect(eight).to_be_checked()
    assert page.evaluate(FOCUS_STYLE), "the focused star shows no focus ring"
    page.keyboard.press("ArrowLeft")
    expect(page.get_by_role("radio", name="7 out of 10", exact=True)).to_be_checked()
    page.keyboard.press("ArrowRight")
    tab_until(page, "#rating button.ratings__submit")
    page.keyboard.press("Enter")
    expect(page.locator("#rating").get_by_role("status")).to_have_text(
        "Thank you: your rating of 8 out of 10 is saved."
    )
    expect(page.get_by_role("button", name="Change my rating")).to_be_focused()

    tab_until(page, "#rating button[value=up]")
    page.keyboard.press("Enter")
    expect(page.locator("#rating").get_by_role("status")).to_have_text(
        "Thank you: your thumbs up is saved."
    )

    # On to the comment form, type, tick "email me replies" with Space, post with Enter.
    tab_until(page, "#respond textarea")
    page.keyboard.type("Rated and commented without touching the mouse.")
    page.keyboard.press("Tab")
    expect(page.locator("#respond .formatting-help summary")).to_be_focused()  # examples
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email me replies to this comment")).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Post comment")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"#comment-\d+$"))
    comment = Comment.objects.get(author=reader, body__startswith="Rated and commented")
    assert comment.notify_replies is True
    expect(page).to_have_url(re.compile(rf"#comment-{comment.pk}$"))
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("without touching the mouse")
    assert StarVote.objects.get(user=reader, article=demo_article).score == 8
    assert ThumbVote.objects.get(user=reader, article=demo_article).value == ThumbVote.Direction.UP


def test_reply_with_the_keyboard(new_context, demo_article, reader, settings):
    settings.COMMENTS_FLOOD_SECONDS = 0
    give_approved_comment(reader, demo_article)
    page = new_context(user=reader).new_page()
    page.goto(demo_article.get_absolute_url())
    tab_until(page, "#comments a[aria-label='Reply to Greta W']")
    page.keyboard.press("Enter")
    expect(page.locator("#respond").get_by_label("Comment", exact=True)).to_be_focused()
    page.keyboard.type("Walking helped me too.")
    # Shift+Tab back up to "Cancel reply" works as well; here we post.
    tab_until(page, "#respond button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#comment-\d+$"))
    reply = Comment.objects.get(author=reader, body="Walking helped me too.")
    assert reply.parent.author.username == "greta"
