"""Rough edges readers found (issue #17), each checked in Chromium."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_copy_link_shows_only_with_javascript(new_context, demo_article):
    """Without JavaScript the "Copy link" button would do nothing: it stays hidden."""
    url = demo_article.get_absolute_url()
    without = new_context(javascript=False).new_page()
    without.goto(url)
    copy = without.locator(".share__link--copy").first
    expect(copy).to_be_hidden()
    with_js = new_context().new_page()
    with_js.goto(url)
    expect(with_js.locator(".share__link--copy").first).to_be_visible()
