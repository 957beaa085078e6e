"""The site in its second language (Welsh, with locale/cy as shipped): the readers' scripts
speak it too, from the JavaScript catalogue the page loads as a script of its own origin
(new_context fails the test on any CSP violation or console error)."""

import pytest
from playwright.sync_api import expect

from comments.models import Comment

pytestmark = pytest.mark.e2e


def test_the_scripts_speak_the_sites_language(
    new_context, demo_article, make_reader, settings, screenshots
):
    settings.LANGUAGE_CODE = "cy"
    reader = make_reader("ada", "Ada L", trusted=True, article=demo_article)
    page = new_context(user=reader).new_page()
    page.goto(demo_article.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    respond = page.locator("#respond")
    box = respond.locator("textarea[name=body]")

    # The privacy hints, written by checks.js as the reader types.
    box.press_sequentially("Email me: ada.l@example.org", delay=5)
    hints = respond.locator(".privacy-hints")
    expect(hints.locator("strong")).to_have_text("Gallai hyn ddangos pwy ydych chi.")
    expect(hints.locator("mark")).to_have_text("ada.l@example.org")
    # A sentence the Welsh catalogue leaves untranslated shows as the script writes it.
    expect(hints).to_contain_text("If that is you or someone else, you may want to take it out.")
    respond.screenshot(path=screenshots / "privacy-hints-welsh.png")

    # Replying moves the form under the comment (comments.js) and says so in Welsh.
    parent = Comment.objects.get(article=demo_article, author__username="tomasz", parent=None)
    page.locator(f"#comment-{parent.pk} a[data-reply-to='{parent.pk}']").first.click()
    moved = page.locator(f"#comment-{parent.pk} #respond")
    expect(moved.locator(".respond__title")).to_have_text("Ymateb i Tomasz")
    moved.get_by_role("button", name="Canslo’r ymateb").click()
    expect(page.locator("#respond .respond__title")).to_have_text("Ysgrifennu sylw")
    expect(page.locator(f"#comment-{parent.pk} #respond")).to_have_count(0)
