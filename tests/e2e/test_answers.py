"""Answers readers can trust: the demo's medical reviewer pins her reply as a thread's
answer; it moves first among the thread's replies, labelled, and is linked from the top
of the comments; badges show beside names. Unpinning works without JavaScript. Phone and
desktop screenshots in tests/e2e/screenshots/ (answer-*.png)."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from comments.models import Comment, ModerationEvent

from .conftest import assert_accessible
from .test_look import WIDTHS, assert_fits_the_screen

pytestmark = pytest.mark.e2e

REPLY = (
    "Small is right. If it helps, place a hand under the small of your back: you should feel "
    "the gap close gently, with no pain shooting down the leg. If the leg pain gets worse "
    "with this exercise, stop it and mention it to your physiotherapist or GP."
)


@pytest.fixture
def reviewer_reply(demo_article):
    """The demo reviewer's reply to the question about the pelvic tilt (not pinned yet)."""
    question = Comment.objects.get(article=demo_article, imported_id="demo:c14")
    reviewer = get_user_model().objects.get(username="icalder")
    reply = Comment.objects.create(
        article=demo_article,
        parent=question,
        author=reviewer,
        body=REPLY,
        body_html=f"<p>{REPLY}</p>",
        status=Comment.Status.APPROVED,
    )
    return question, reply, reviewer


def test_a_reviewer_pins_her_reply_and_it_shows_first_with_its_label(
    new_context, demo_article, reviewer_reply, screenshots
):
    question, reply, reviewer = reviewer_reply
    page = new_context(user=reviewer).new_page()
    page.goto(f"{demo_article.get_absolute_url()}#comment-{reply.pk}")
    item = page.locator(f"li#comment-{reply.pk}")
    expect(item.locator(".badge")).to_have_text("Medical reviewer · Physiotherapist")
    # Before: the helper's earlier reply comes first in the thread.
    replies = page.locator(f"li#comment-{question.pk} > ol > li.comment")
    expect(replies.first).not_to_have_id(f"comment-{reply.pk}")

    item.screenshot(path=screenshots / "answer-pin-button-desktop.png")
    item.get_by_role("button", name=re.compile("Pin as the thread’s answer")).click()
    expect(page).to_have_url(re.compile(rf"#comment-{reply.pk}$"))
    expect(page.locator(".messages")).to_contain_text("now shows first as the answer")
    expect(replies.first).to_have_id(f"comment-{reply.pk}")
    expect(replies.first.locator(".comment__answer-label")).to_have_text(
        "✓ Answer from a medical reviewer (Physiotherapist)"
    )
    question.refresh_from_db()
    assert question.answer_id == reply.pk
    assert ModerationEvent.objects.filter(
        action=ModerationEvent.Action.PIN, comment=reply, moderator=reviewer
    ).exists()

    # Readers see it too, listed at the top of the comments (with the demo's own answer).
    reader_page = new_context().new_page()
    reader_page.goto(demo_article.get_absolute_url())
    answers = reader_page.locator(".answers")
    expect(answers.get_by_role("heading", name="Answers from our team")).to_be_visible()
    expect(answers.get_by_role("listitem")).to_have_count(2)
    answers.get_by_role("link", name=re.compile("pelvic tilt")).click()
    expect(reader_page).to_have_url(re.compile(rf"#comment-{reply.pk}$"))
    expect(reader_page.locator(f"li#comment-{reply.pk}")).to_be_in_viewport()
    expect(reader_page.get_by_role("button", name=re.compile("Pin"))).to_have_count(0)
    assert_accessible(reader_page, "article page with pinned answers (reader)")
    assert_accessible(page, "article page with pin buttons (reviewer)")

    for label, width in WIDTHS.items():
        shot = new_context(width=width).new_page()
        shot.goto(demo_article.get_absolute_url())
        assert_fits_the_screen(shot, f"pinned answer ({label})")
        shot.locator(".answers").screenshot(path=screenshots / f"answer-list-{label}.png")
        thread = shot.locator(f"li#comment-{question.pk}")
        thread.scroll_into_view_if_needed()
        thread.screenshot(path=screenshots / f"answer-pinned-{label}.png")
        shot.close()


def test_unpinning_without_javascript(new_context, demo_article, reviewer_reply):
    question, reply, reviewer = reviewer_reply
    demo_answer = Comment.objects.get(article=demo_article, imported_id="demo:c18")
    walking = demo_answer.parent
    page = new_context(user=reviewer, javascript=False).new_page()
    page.goto(demo_article.get_absolute_url())
    answer = page.locator(f"li#comment-{demo_answer.pk}")
    expect(answer.locator(".comment__answer-label")).to_contain_text("Answer from")
    answer.get_by_role("button", name=re.compile("Unpin this answer")).click()
    expect(page.locator(".messages")).to_contain_text("Unpinned")
    expect(page.locator(".answers")).to_have_count(0)
    expect(page.locator(f"li#comment-{demo_answer.pk}.comment--answer")).to_have_count(0)
    walking.refresh_from_db()
    assert walking.answer_id is None
