"""The look: screenshots of the article and home pages on a phone and a desktop (saved in
tests/e2e/screenshots/ for people to look at), the picture guide's columns, no sideways
scrolling from 360 px up, and the picture guide in print."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

WIDTHS = {"phone": 390, "desktop": 1280}


def load_every_image(page):
    """Scroll through the page so that lazy images load, then wait until all have."""
    page.evaluate(
        """async () => {
          for (let y = 0; y < document.body.scrollHeight; y += window.innerHeight / 2) {
            window.scrollTo(0, y);
            await new Promise((done) => requestAnimationFrame(done));
          }
          window.scrollTo(0, 0);
        }"""
    )
    page.wait_for_function(
        "Array.from(document.images).every((img) => img.complete && img.naturalWidth > 0)"
    )


def step_columns(page):
    lefts = page.locator(".guide__step").evaluate_all(
        "(steps) => steps.map((step) => Math.round(step.getBoundingClientRect().left))"
    )
    return len(set(lefts))


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_article_and_home_screenshots_on_a_phone_and_a_desktop(
    new_context, demo_article, screenshots
):
    for device, width in WIDTHS.items():
        page = new_context(width=width, height=900).new_page()
        page.goto(demo_article.get_absolute_url())
        load_every_image(page)
        page.screenshot(path=str(screenshots / f"article-{device}.png"), full_page=True)
        assert step_columns(page) == (1 if device == "phone" else 3)
        assert no_sideways_scroll(page)
        # The text keeps a comfortable line length (about 70 characters) on wide screens.
        prose_width = page.locator(".article__body").evaluate("(el) => el.clientWidth")
        assert prose_width <= 700
        page.goto("/")
        load_every_image(page)
        page.screenshot(path=str(screenshots / f"home-{device}.png"), full_page=True)


def test_pages_fit_the_screen_from_360_px_up(new_context, demo_article, reader):
    """No sideways scrolling; the picture guide goes from one column to three."""
    columns = {360: 1, 600: 1, 800: 2, 1600: 3}
    for width, expected_columns in columns.items():
        page = new_context(width=width, user=reader).new_page()
        for url in [
            "/",
            demo_article.author.get_absolute_url(),
            "/accounts/profile/",
            demo_article.get_absolute_url(),
        ]:
            page.goto(url)
            assert no_sideways_scroll(page), f"{url} scrolls sideways at {width} px"
        assert step_columns(page) == expected_columns, f"at {width} px"
        page.close()


def test_reader_view_screenshots(new_context, demo_article, reader, screenshots):
    """What a logged-in reader sees around the forms: the rating block, a comment error,
    the reply form open under a comment."""
    for device, width in WIDTHS.items():
        page = new_context(width=width, user=reader).new_page()
        page.goto(demo_article.get_absolute_url() + "#rating")
        page.locator("#rating").screenshot(path=str(screenshots / f"rating-{device}.png"))
        page.locator("#respond").get_by_role("button", name="Post comment").click()
        page.locator("#respond").screenshot(path=str(screenshots / f"respond-error-{device}.png"))
        page.get_by_role("link", name="Reply to Greta W").click()
        page.locator("li.comment", has=page.locator("#respond")).screenshot(
            path=str(screenshots / f"reply-open-{device}.png")
        )


def test_account_pages_screenshots(new_context, reader, screenshots):
    page = new_context(width=390).new_page()
    for name, url in {"login": "/accounts/login/", "signup": "/accounts/signup/"}.items():
        page.goto(url)
        page.screenshot(path=str(screenshots / f"{name}-phone.png"), full_page=True)
    page.get_by_label("Email").fill("nell@example")
    page.get_by_label("Username").fill("x y")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password (again)").fill("other")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.locator(".field--invalid").first).to_be_visible()
    page.screenshot(path=str(screenshots / "signup-errors-phone.png"), full_page=True)
    page = new_context(width=1280).new_page()
    page.goto("/accounts/login/")
    page.screenshot(path=str(screenshots / "login-desktop.png"), full_page=True)
    page = new_context(width=1280, user=reader).new_page()
    page.goto("/accounts/profile/")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".messages")).to_contain_text("Your profile is saved.")
    page.screenshot(path=str(screenshots / "profile-desktop.png"), full_page=True)


def test_picture_guide_prints_with_its_steps(new_context, demo_article, screenshots):
    page = new_context(width=1000).new_page()
    page.goto(demo_article.get_absolute_url())
    load_every_image(page)
    page.emulate_media(media="print")
    guide = page.locator("#picture-guide")
    expect(guide).to_be_visible()
    steps = guide.locator(".guide__step")
    expect(steps).to_have_count(demo_article.steps.count())
    for index in range(steps.count()):
        step = steps.nth(index)
        expect(step.locator("img")).to_be_visible()
        expect(step.locator("figcaption")).to_contain_text(f"Step {index + 1}")
    assert step_columns(page) == 2
    # What is no use on paper is left out.
    for selector in [".site-header", ".share", ".comments", ".skip-link", ".site-footer"]:
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    page.screenshot(path=str(screenshots / "article-print.png"), full_page=True)
    pdf = page.pdf(path=str(screenshots / "article.pdf"), format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
