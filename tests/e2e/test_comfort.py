"""Comfort: the dark theme (by the system setting, and by the header's switch, kept across
reloads), AA contrast in both themes, and printing: the article with its guide on few A4
pages with the site's name and the article's address, and "Print the exercise guide"
printing the steps alone (with JavaScript, and without it through #print-guide).

The PDFs come from Chromium's own printing (page.pdf, A4), read back with pypdf."""

import io
import re

import pytest
from django.conf import settings
from playwright.sync_api import expect
from pypdf import PdfReader

from .conftest import assert_accessible
from .test_look import load_every_image

pytestmark = pytest.mark.e2e

# The demo article printed on A4 took 9 pages before these print styles (a near-empty page
# before the picture guide, then the votes, the "Did this help?" totals and a last page
# holding only "All articles by ..."). Now: the text, its sources and the "When to get help
# now" box fill 4 pages at 11 pt, and the six steps, two to a row, one more page: 5.
MAX_ARTICLE_PAGES = 5
# A printed page of text at 11 pt holds about 2,500 characters: one under 1,000 (but the
# last) is mostly blank.
MIN_PAGE_CHARACTERS = 1000
# A sentence of the article's body, which the guide printed alone must leave out.
BODY_SENTENCE = "Sciatica has a way of taking over a day"

# Every visible box (not a control: buttons are light on purpose) whose own background is
# light (relative luminance above 0.4): in the dark theme, only the pictures may be (line
# drawings stay on their white card).
LIGHT_BOXES = """() => {
  const luminance = (r, g, b) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const found = [];
  for (const element of document.querySelectorAll("body, body *")) {
    if (element.closest("svg, button, a, input, select, textarea, mark, .avatar")) continue;
    if (element.tagName === "IMG") continue;
    if (!element.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const box = element.getBoundingClientRect();
    if (box.width < 2 || box.height < 2) continue;
    const match = getComputedStyle(element).backgroundColor.match(/[\\d.]+/g);
    if (!match) continue;
    const [r, g, b, a = 1] = match.map(Number);
    if (a > 0.5 && luminance(r, g, b) > 0.4) {
      const name = element.tagName.toLowerCase();
      found.push(element.className ? name + "." + element.className : name);
    }
  }
  return found;
}"""


def background(page):
    return page.evaluate("getComputedStyle(document.body).backgroundColor")


def is_dark(colour):
    red, green, blue = (int(part) for part in re.findall(r"\d+", colour)[:3])
    return red + green + blue < 150


def pdf_text(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def squeezed(text):
    """The text without white space: an address may be broken over two lines on paper."""
    return re.sub(r"\s+", "", text)


def pages_to_check(demo_article):
    return {
        "home": "/",
        "article": demo_article.get_absolute_url(),
        "search": "/search/?q=sciatica",
        "profile": "/accounts/profile/",
        "email addresses": "/accounts/email/",
    }


@pytest.mark.parametrize("width", [390, 1280])
def test_dark_theme_follows_the_system_setting(
    new_context, demo_article, reader, screenshots, width
):
    page = new_context(width=width, user=reader).new_page()
    page.emulate_media(color_scheme="dark")
    for name, url in pages_to_check(demo_article).items():
        page.goto(url)
        assert is_dark(background(page)), f"{name}: the system asks for dark, the page is light"
        load_every_image(page)
        assert page.evaluate(LIGHT_BOXES) == [], f"{name}: light boxes left in the dark theme"
        assert_accessible(page, f"{name} (dark, system, {width} px)")
        page.screenshot(
            path=str(screenshots / f"comfort-{name.replace(' ', '-')}-dark-{width}.png"),
            full_page=True,
        )
    # The pictures of the guide are not inverted or dimmed: they stay on white.
    page.goto(demo_article.get_absolute_url())
    card = page.locator(".guide__step img").first.evaluate(
        "image => [getComputedStyle(image).backgroundColor, getComputedStyle(image).filter]"
    )
    assert card == ["rgb(255, 255, 255)", "none"]


@pytest.mark.parametrize("width", [390, 1280])
def test_light_theme_pages_are_accessible(new_context, demo_article, reader, screenshots, width):
    page = new_context(width=width, user=reader).new_page()
    page.emulate_media(color_scheme="light")
    for name, url in pages_to_check(demo_article).items():
        page.goto(url)
        assert not is_dark(background(page))
        assert_accessible(page, f"{name} (light, {width} px)")
        page.screenshot(
            path=str(screenshots / f"comfort-{name.replace(' ', '-')}-light-{width}.png"),
            full_page=True,
        )


def test_the_switch_chooses_dark_and_the_choice_survives_a_reload(page, demo_article):
    page.emulate_media(color_scheme="light")
    page.goto(demo_article.get_absolute_url())
    switch = page.get_by_role("button", name="Dark mode", exact=True)
    expect(switch).to_have_attribute("aria-pressed", "false")
    assert not is_dark(background(page))

    # With the keyboard: Tab to it, Enter.
    switch.focus()
    page.keyboard.press("Enter")
    expect(switch).to_have_attribute("aria-pressed", "true")
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    assert is_dark(background(page))
    assert_accessible(page, "article (dark, chosen with the switch)")

    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "dark")
    expect(page.get_by_role("button", name="Dark mode")).to_have_attribute("aria-pressed", "true")
    assert is_dark(background(page))
    page.goto("/accounts/login/")
    assert is_dark(background(page))
    assert_accessible(page, "login (dark, chosen with the switch)")

    # Back to light, which is what the system asks for: the choice is forgotten, and the
    # page follows the system setting again.
    page.get_by_role("button", name="Dark mode").click()
    expect(page.locator("html")).not_to_have_attribute("data-theme", re.compile("."))
    assert not is_dark(background(page))
    assert page.evaluate("localStorage.getItem('theme')") is None
    page.emulate_media(color_scheme="dark")
    assert is_dark(background(page))


def test_the_switch_chooses_light_over_a_dark_system(page, demo_article):
    page.emulate_media(color_scheme="dark")
    page.goto("/")
    switch = page.get_by_role("button", name="Dark mode")
    expect(switch).to_have_attribute("aria-pressed", "true")
    switch.click()
    expect(switch).to_have_attribute("aria-pressed", "false")
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-theme", "light")
    assert not is_dark(background(page))
    assert_accessible(page, "home (light chosen over a dark system)")


def test_without_javascript_the_system_setting_rules_and_no_switch_shows(new_context, demo_article):
    page = new_context(javascript=False).new_page()
    page.emulate_media(color_scheme="dark")
    page.goto(demo_article.get_absolute_url())
    assert is_dark(background(page))
    expect(page.get_by_role("button", name="Dark mode")).to_have_count(0)
    page.emulate_media(color_scheme="light")
    assert not is_dark(background(page))


def test_the_article_prints_with_its_guide_the_site_name_and_address(
    page, demo_article, live_server, screenshots
):
    # Printed from the dark theme: paper is light all the same.
    page.emulate_media(color_scheme="dark")
    page.goto(demo_article.get_absolute_url())
    load_every_image(page)
    pdf = page.pdf(path=str(screenshots / "comfort-article.pdf"), format="A4")
    count, text = pdf_text(pdf)
    print(f"\nThe demo article prints on {count} A4 page(s).")
    assert count <= MAX_ARTICLE_PAGES
    # No page left mostly blank (the old page 4 before the guide): each page but the last
    # is well filled with text (about 2,000 to 2,900 characters a page now).
    filled = [len(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]
    assert min(filled[:-1]) >= MIN_PAGE_CHARACTERS, f"characters per page: {filled}"
    assert settings.SITE_NAME in text
    assert squeezed(live_server.url + demo_article.get_absolute_url()) in squeezed(text)
    assert BODY_SENTENCE in text
    for number in range(1, demo_article.steps.count() + 1):
        assert f"Step {number}" in text
    # What is no use on paper is not printed.
    for left_out in ["All articles by", "Did this help?", "Leave a comment", "Share this"]:
        assert left_out not in text, f"{left_out!r} is printed"


def test_print_the_exercise_guide_prints_the_steps_alone(page, demo_article, live_server):
    page.goto(demo_article.get_absolute_url())
    load_every_image(page)
    # The browser's print dialog cannot open here: print() notes what was on the page.
    page.evaluate(
        "window.print = () => { window.printedWith = document.documentElement.className; }"
    )
    page.get_by_role("link", name="Print the exercise guide").click()
    assert page.evaluate("window.printedWith") == "print-guide"
    assert "#" not in page.url  # the script kept the reader where they were

    # Printed now, while the dialog would be open: the guide alone.
    count, text = pdf_text(page.pdf(format="A4"))
    assert count == 1
    for number in range(1, demo_article.steps.count() + 1):
        assert f"Step {number}" in text
    assert BODY_SENTENCE not in text
    assert "Ratings" not in text
    assert settings.SITE_NAME in text
    assert squeezed(live_server.url + demo_article.get_absolute_url()) in squeezed(text)

    # The dialog closed: printing the page prints all of it again.
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    expect(page.locator("html")).not_to_have_class("print-guide")
    count, text = pdf_text(page.pdf(format="A4"))
    assert BODY_SENTENCE in text


def test_print_the_exercise_guide_without_javascript(new_context, demo_article, screenshots):
    page = new_context(javascript=False).new_page()
    page.goto(demo_article.get_absolute_url())
    page.get_by_role("link", name="Print the exercise guide").click()
    assert page.url.endswith("#print-guide")
    expect(page.get_by_text("use your browser's Print command now")).to_be_visible()
    # Without scripting, images marked loading="lazy" load at once.
    page.wait_for_load_state("load")
    pdf = page.pdf(path=str(screenshots / "comfort-guide.pdf"), format="A4")
    count, text = pdf_text(pdf)
    assert count == 1
    assert "Step 1" in text and BODY_SENTENCE not in text
    assert "when to get medical help urgently" in text

    # Any other address prints the whole article.
    page.goto(demo_article.get_absolute_url() + "#picture-guide")
    count, text = pdf_text(page.pdf(format="A4"))
    assert BODY_SENTENCE in text
