"""Search in the browser: the header's box on a phone and a desktop, a typo corrected,
the filters, the results' look and accessibility; then the article's table of contents
and "Read next". Screenshots: search-phone.png, search-desktop.png, toc-phone.png,
toc-desktop.png, read-next-phone.png and read-next-desktop.png."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import assert_accessible
from .test_look import WIDTHS, assert_fits_the_screen, assert_tab_shows_the_focus

pytestmark = pytest.mark.e2e


def test_search_with_a_typo_on_a_phone_and_a_desktop(new_context, demo_article, screenshots):
    for device, width in WIDTHS.items():
        page = new_context(width=width, height=900).new_page()
        page.goto("/")
        header_search = page.get_by_role("search", name="Site")
        box = header_search.get_by_role("searchbox", name="Search the articles")
        expect(box).to_be_visible()
        box.fill("siatica exercises")
        box.press("Enter")
        expect(page).to_have_url(re.compile(r"/search/\?q=siatica\+exercises$"))
        main = page.locator("main")
        expect(main.locator(".search-note")).to_have_text(
            "Showing results for sciatica exercises (you searched for siatica exercises)."
        )
        first = main.locator(".search-result").first
        expect(first.get_by_role("heading", level=3)).to_have_text(demo_article.title)
        expect(first.locator("mark").first).to_be_visible()
        expect(page).to_have_title(re.compile(r"^“siatica exercises”: \d+ results? · Search"))
        page.screenshot(path=str(screenshots / f"search-{device}.png"), full_page=True)
        where = f"the search results at {width} px"
        assert_fits_the_screen(page, where)
        assert_accessible(page, f"search results ({device})")
        assert_tab_shows_the_focus(page, where)

    # On the desktop page still open: narrow by category, then open the result.
    search_form = page.get_by_role("search", name="Search")
    category = demo_article.categories.first()
    search_form.get_by_label("Category").select_option(label=category.name)
    search_form.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(f"category={category.slug}"))
    expect(page.locator(".search-note").last).to_contain_text(f"Only articles in {category.name}")
    page.locator(".search-result").first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(re.escape(demo_article.get_absolute_url()) + "$"))


def test_nothing_found_says_so_and_keeps_what_was_typed(page, demo_article):
    page.goto("/search/?q=qwxzv+jjjkk")
    expect(page.get_by_role("heading", level=2, name="Nothing found")).to_be_visible()
    expect(page.locator("main")).to_contain_text("No article matches “qwxzv jjjkk”")
    expect(page.get_by_role("searchbox", name="Words to look for")).to_have_value("qwxzv jjjkk")
    assert_accessible(page, "search, nothing found")


def test_table_of_contents_and_read_next(new_context, demo_article, screenshots):
    page = new_context(width=390, height=900).new_page()
    page.goto(demo_article.get_absolute_url())
    toc = page.get_by_role("navigation", name="On this page")
    expect(toc).to_be_visible()
    toc.screenshot(path=str(screenshots / "toc-phone.png"))
    toc.get_by_role("link", name="Before you start").click()
    expect(page).to_have_url(re.compile("#section-before-you-start$"))
    expect(page.get_by_role("heading", name="Before you start")).to_be_in_viewport()
    page.goto(demo_article.get_absolute_url())
    toc.get_by_role("link", name="Jump to the picture guide").click()
    expect(page.locator("#picture-guide")).to_be_in_viewport()
    assert_fits_the_screen(page, "the article with its table of contents at 390 px")

    read_next = page.get_by_role("region", name="Read next")
    expect(read_next.get_by_role("link")).to_have_count(2)  # the demo's other two articles
    read_next.screenshot(path=str(screenshots / "read-next-phone.png"))
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_fits_the_screen(page, "the article with its table of contents at 1280 px")
    toc.screenshot(path=str(screenshots / "toc-desktop.png"))
    read_next.screenshot(path=str(screenshots / "read-next-desktop.png"))
    read_next.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(demo_article.title)
