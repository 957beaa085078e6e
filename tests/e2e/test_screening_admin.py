"""The screening phrases in the admin, in the browser: the list with its "Try a text" box,
and the page showing what a pasted text matches, at 1280 and 390 px, axe-clean."""

import pytest
from playwright.sync_api import expect

from comments.models import ScreeningPhrase

from .conftest import assert_accessible

PHRASES = "/admin/comments/screeningphrase/"


@pytest.fixture
def phrases():
    """A few phrases (a live-server test starts with an emptied database)."""
    for kind, phrase in [
        ("unsafe", "stop|quit taking"),
        ("unsafe", "{care} don't know"),
        ("red_flag", "numb groin"),
    ]:
        ScreeningPhrase.objects.get_or_create(kind=kind, phrase=phrase)


@pytest.mark.parametrize("width", [1280, 390])
def test_a_moderator_tries_a_text_against_the_phrases(
    new_context, moderator, phrases, screenshots, width
):
    page = new_context(user=moderator, width=width).new_page()
    page.goto(PHRASES)
    expect(page.locator("#result_list")).to_contain_text("numb groin")
    assert_accessible(page, f"admin screening phrases ({width} px)")
    page.screenshot(path=screenshots / f"screening-phrases-{width}.png", full_page=True)

    page.get_by_label("A comment's text").fill(
        "Should I stop taking it? Doctors don't know anything. I have a numb groin."
    )
    page.get_by_role("button", name="Show what it matches").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Held for a moderator: Possible unsafe health advice"
    )
    results = page.locator("#content-main section")
    expect(results).to_contain_text("{care} don't know")
    expect(results).to_contain_text("Found but not counted")
    expect(results).to_contain_text("numb groin")
    assert_accessible(page, f"admin try a text ({width} px)")
    page.screenshot(path=screenshots / f"screening-try-{width}.png", full_page=True)


def test_a_phrase_is_switched_off_from_the_list(new_context, moderator, phrases):
    page = new_context(user=moderator).new_page()
    page.goto(f"{PHRASES}?q=numb+groin")
    page.get_by_role("checkbox", name="Active: numb groin").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".messagelist")).to_contain_text("changed successfully")
    assert not ScreeningPhrase.objects.get(phrase="numb groin").is_active
