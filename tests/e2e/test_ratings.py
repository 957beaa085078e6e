"""Flow 3: rate 8 stars and thumbs up, in place with JavaScript, then by form POST and
redirect without it."""

import re

import pytest
from playwright.sync_api import expect

from ratings.models import RatingSummary, StarVote, ThumbVote

pytestmark = pytest.mark.e2e


def summary_numbers(article):
    summary = RatingSummary.objects.get(pk=article.pk)
    return summary.vote_count, summary.thumbs_score, summary.thumbs_count


def test_rate_and_thumb_in_place_with_javascript(new_context, demo_article, reader):
    votes, thumbs, thumb_votes = summary_numbers(demo_article)
    page = new_context(user=reader).new_page()
    page.goto(demo_article.get_absolute_url())
    # A marker that a full page load would wipe out.
    page.evaluate("window.stillTheSamePage = true")

    block = page.locator("#rating")
    expect(block).to_contain_text(f"({votes} votes cast)")
    stars = block.get_by_role("radiogroup")
    expect(stars).to_have_accessible_name(re.compile("Your rating, from 1 to 10 stars"))
    star = block.get_by_role("radio", name="8 out of 10", exact=True)
    star.check()
    block.get_by_role("button", name="Save my rating").click()

    live = block.get_by_role("status")
    expect(live).to_have_text("Thank you: your rating of 8 out of 10 is saved.")
    expect(block).to_contain_text(f"({votes + 1} votes cast)")
    expect(block.get_by_role("radio", name="8 out of 10", exact=True)).to_be_checked()
    expect(block.get_by_role("group", name=re.compile("Your rating: 8 out of 10"))).to_be_visible()
    # Focus stays on the control that was used (replaced in place).
    expect(block.get_by_role("button", name="Change my rating")).to_be_focused()

    block.get_by_role("button", name="Thumbs up").click()
    expect(live).to_have_text("Thank you: your thumbs up is saved.")
    expect(block).to_contain_text(f"Rating: {thumbs + 1:+d} (from {thumb_votes + 1} votes)")
    expect(block.get_by_role("button", name=re.compile(r"Thumbs up \(your vote\)"))).to_be_visible()

    assert page.evaluate("window.stillTheSamePage") is True
    assert page.url.endswith(demo_article.get_absolute_url())
    assert StarVote.objects.get(user=reader, article=demo_article).score == 8
    assert ThumbVote.objects.get(user=reader, article=demo_article).value == ThumbVote.Direction.UP


def test_rate_and_thumb_without_javascript(new_context, demo_article, reader):
    votes, thumbs, thumb_votes = summary_numbers(demo_article)
    page = new_context(user=reader, javascript=False).new_page()
    page.goto(demo_article.get_absolute_url())

    block = page.locator("#rating")
    block.get_by_role("radio", name="8 out of 10", exact=True).check()
    block.get_by_role("button", name="Save my rating").click()
    expect(page).to_have_url(re.compile(rf"{demo_article.get_absolute_url()}#rating$"))
    expect(page.locator(".messages")).to_contain_text(
        "Thank you: your rating of 8 out of 10 is saved."
    )
    expect(block).to_contain_text(f"({votes + 1} votes cast)")
    expect(block.get_by_role("radio", name="8 out of 10", exact=True)).to_be_checked()
    expect(block.locator("legend").first).to_have_text(re.compile("Your rating: 8 out of 10"))

    block.get_by_role("button", name="Thumbs up").click()
    expect(page).to_have_url(re.compile(rf"{demo_article.get_absolute_url()}#rating$"))
    expect(page.locator(".messages")).to_contain_text("Thank you: your thumbs up is saved.")
    expect(block).to_contain_text(f"Rating: {thumbs + 1:+d} (from {thumb_votes + 1} votes)")
    expect(block.get_by_role("button", name=re.compile(r"Thumbs up \(your vote\)"))).to_be_visible()

    assert StarVote.objects.get(user=reader, article=demo_article).score == 8
    assert ThumbVote.objects.get(user=reader, article=demo_article).value == ThumbVote.Direction.UP


def test_anonymous_reader_is_sent_to_log_in_and_back_to_the_rating(page, demo_article):
    page.goto(demo_article.get_absolute_url())
    block = page.locator("#rating")
    expect(block.get_by_role("radio")).to_have_count(0)
    block.get_by_role("link", name="Log in to rate").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=.*%23rating"))
