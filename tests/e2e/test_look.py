"""The look, checked as a person would look: on a phone (390 px) and a desktop (1280 px), the
pages fit the screen (no sideways scrolling, nothing sticking out past the right edge), the
picture guide is one column on a phone and several side by side on a desktop, and Tab shows
where the focus is. The screenshots are kept in tests/e2e/screenshots/ for people to look at.
Also: no sideways scrolling from 360 px up, and the picture guide in print."""

from collections import Counter
from itertools import pairwise

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

WIDTHS = {"phone": 390, "desktop": 1280}
# How many Tab presses each page gets: the skip link, the header, and into the content.
TABS = 12

# Everything a reader can see that sticks out past the right edge of the window. An element
# cut off by a scrolling or clipping box (not the page itself) is not seen past that box;
# visually hidden text (clip / clip-path) is not seen at all. Only the outermost offender of
# each branch is reported: its children stick out because it does.
OVERFLOW_REPORT = """() => {
  const viewportWidth = window.innerWidth;
  const scrollX = window.scrollX;
  const root = document.documentElement;
  const describe = (element) => {
    let name = element.tagName.toLowerCase();
    if (element.id) name += "#" + element.id;
    for (const cls of element.classList) name += "." + cls;
    return name;
  };
  const path = (element) => {
    const parts = [];
    for (let e = element; e && e !== document.body && parts.length < 4; e = e.parentElement) {
      parts.unshift(describe(e));
    }
    return parts.join(" > ");
  };
  // The right edge of what the element's boxes let be seen (-Infinity: nothing is seen).
  const seenUpTo = (element) => {
    let right = Infinity;
    for (let e = element; e && e !== document.body && e !== root; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.clipPath !== "none" || style.clip !== "auto") return -Infinity;
      if (e !== element && style.overflowX !== "visible") {
        right = Math.min(right, e.getBoundingClientRect().right + scrollX);
      }
      if (style.position === "fixed") break;
    }
    return right;
  };
  const offenders = new Set();
  const problems = [];
  const sticksOut = (element, box) => {
    if (box.width === 0 || box.height === 0) return false;
    const right = Math.min(box.right + scrollX, seenUpTo(element));
    return right > viewportWidth + 0.5 ? right : false;
  };
  for (const element of document.body.querySelectorAll("*")) {
    if (!element.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    const box = element.getBoundingClientRect();
    const right = sticksOut(element, box);
    if (right === false) continue;
    offenders.add(element);
    let ancestor = element.parentElement;
    while (ancestor && !offenders.has(ancestor)) ancestor = ancestor.parentElement;
    if (ancestor) continue;
    problems.push(`${path(element)} (${Math.round(box.width)} px wide, its right edge at ` +
                  `${Math.round(right)} px)`);
  }
  // Text that runs past the edge of its element (a long word, a long address).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  while (walker.nextNode()) {
    const text = walker.currentNode;
    const parent = text.parentElement;
    if (!text.data.trim() || !parent || offenders.has(parent)) continue;
    if (!parent.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    range.selectNodeContents(text);
    const box = range.getBoundingClientRect();
    const right = sticksOut(parent, box) && Math.min(box.right + scrollX, seenUpTo(parent));
    if (right === false || right <= viewportWidth + 0.5) continue;
    problems.push(`the text "${text.data.trim().slice(0, 40)}" in ${path(parent)} ` +
                  `(its right edge at ${Math.round(right)} px)`);
  }
  return {
    pageWidth: root.scrollWidth,
    viewportWidth: viewportWidth,
    problems: problems,
  };
}"""

# The focus ring styles of every element that can take the focus (and of the labels, which
# draw the ring of the invisible star radios), before any has it.
REMEMBER_UNFOCUSED_STYLES = """() => {
  const look = (style) =>
    [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join(" | ");
  window.__unfocusedLook = new Map();
  const focusable = "a[href], button, input, select, textarea, summary, [tabindex], label";
  for (const element of document.querySelectorAll(focusable)) {
    window.__unfocusedLook.set(element, look(getComputedStyle(element)));
  }
}"""

# Whether the element that has the focus shows it: an outline or a box-shadow that it did not
# have unfocused, on the element or on the label around it, and on the screen.
FOCUS_REPORT = """() => {
  const element = document.activeElement;
  const look = (style) =>
    [style.outlineStyle, style.outlineWidth, style.outlineColor, style.boxShadow].join(" | ");
  const transparent = (colour) => /rgba\\(.*,\\s*0\\)$/.test(colour) || colour === "transparent";
  const ring = (style) =>
    (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 &&
     !transparent(style.outlineColor)) || style.boxShadow !== "none";
  const onScreen = (box) =>
    box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 &&
    box.top < window.innerHeight && box.left < window.innerWidth;
  let name = element.tagName.toLowerCase();
  if (element.id) name += "#" + element.id;
  for (const cls of element.classList) name += "." + cls;
  const text = (element.innerText || element.value || element.getAttribute("aria-label") ||
                element.getAttribute("name") || "").trim().slice(0, 40);
  const report = {element: name, text: text, body: element === document.body};
  for (const candidate of [element, element.closest("label")]) {
    if (!candidate) continue;
    const style = getComputedStyle(candidate);
    const before = window.__unfocusedLook && window.__unfocusedLook.get(candidate);
    report.focused = look(style);
    report.unfocused = before || "(not seen before)";
    if (ring(style) && look(style) !== before) {
      report.visible = true;
      report.onScreen = onScreen(candidate.getBoundingClientRect());
      return report;
    }
  }
  report.visible = false;
  return report;
}"""


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
    # Polled with evaluate(): wait_for_function can need eval(), which the site's CSP
    # refuses (a flaky failure on a slow page).
    for _ in range(100):
        if page.evaluate(
            "() => Array.from(document.images).every((img) => img.complete && img.naturalWidth > 0)"
        ):
            break
        page.wait_for_timeout(100)
    else:
        pytest.fail("The page's images did not all load within 10 s.")


def step_boxes(page):
    """Where each step of the picture guide is, in page order."""
    return page.locator(".guide__step").evaluate_all(
        """(steps) => steps.map((step) => {
          const box = step.getBoundingClientRect();
          return {top: Math.round(box.top), bottom: Math.round(box.bottom),
                  left: Math.round(box.left)};
        })"""
    )


def step_columns(page):
    return len({box["left"] for box in step_boxes(page)})


def assert_fits_the_screen(page, where):
    """No sideways scrolling, and nothing seen sticking out past the window's right edge."""
    report = page.evaluate(OVERFLOW_REPORT)
    width = report["viewportWidth"]
    assert not report["problems"], (
        f"{where}: at {width} px, part of the page is cut off at the right edge of the screen "
        "(the reader has to scroll sideways to see it): " + "; ".join(report["problems"][:5])
    )
    assert report["pageWidth"] <= width, (
        f"{where}: the page scrolls sideways at {width} px: it is {report['pageWidth']} px wide"
    )


def assert_guide_in_one_column(page, where):
    boxes = step_boxes(page)
    assert len(boxes) >= 2, f"{where}: the picture guide shows {len(boxes)} step(s), not all"
    for number, (above, below) in enumerate(pairwise(boxes), start=2):
        assert below["top"] >= above["bottom"] and below["left"] == above["left"], (
            f"{where}: on a phone, step {number} of the picture guide is not under step "
            f"{number - 1} (steps squeezed side by side instead of one column): "
            f"step {number - 1} at {above}, step {number} at {below}"
        )


def assert_guide_side_by_side(page, where, columns):
    boxes = step_boxes(page)
    assert len(boxes) >= 2, f"{where}: the picture guide shows {len(boxes)} step(s), not all"
    widest_row = max(Counter(box["top"] for box in boxes).values())
    assert widest_row > 1, (
        f"{where}: on a desktop, the picture guide's steps are stacked one under the other "
        f"in a long narrow column instead of side by side: {boxes}"
    )
    assert step_columns(page) == columns, (
        f"{where}: the picture guide has {step_columns(page)} column(s) instead of {columns}"
    )


def assert_tab_shows_the_focus(page, where, presses=TABS):
    """Press Tab `presses` times from where the focus is; each element reached must show
    a focus indicator it did not have before, on the screen."""
    page.evaluate(REMEMBER_UNFOCUSED_STYLES)
    for press in range(1, presses + 1):
        page.keyboard.press("Tab")
        report = page.evaluate(FOCUS_REPORT)
        assert not report["body"], f"{where}: Tab press {press} reached nothing on the page"
        reached = f"{report['element']} “{report['text']}” (Tab press {press})"
        assert report["visible"], (
            f"{where}: a keyboard user cannot see where the focus is on {reached}: "
            f"focused {report['focused']}, unfocused {report['unfocused']}"
        )
        assert report["onScreen"], f"{where}: the focus went to {reached}, which is off the screen"


def test_article_and_home_on_a_phone_and_a_desktop(new_context, demo_article, screenshots):
    """The article (picture guide, ratings, comments) and the home page fit the screen,
    the guide's columns suit the width, Tab shows the focus."""
    for device, width in WIDTHS.items():
        page = new_context(width=width, height=900).new_page()
        page.goto(demo_article.get_absolute_url())
        load_every_image(page)
        page.screenshot(path=str(screenshots / f"article-{device}.png"), full_page=True)
        where = f"the article at {width} px"
        expect(page.locator("#picture-guide")).to_be_visible()
        expect(page.locator("#rating")).to_be_visible()
        expect(page.locator("li.comment").first).to_be_visible()
        assert_fits_the_screen(page, where)
        if device == "phone":
            assert_guide_in_one_column(page, where)
        else:
            assert_guide_side_by_side(page, where, columns=3)
        # The text keeps a comfortable line length (about 70 characters) on wide screens.
        prose_width = page.locator(".article__body").evaluate("(el) => el.clientWidth")
        assert prose_width <= 700, (
            f"{where}: the article's lines are {prose_width} px long, too long to read easily"
        )
        assert_tab_shows_the_focus(page, where)

        page.goto("/")
        load_every_image(page)
        page.screenshot(path=str(screenshots / f"home-{device}.png"), full_page=True)
        assert_fits_the_screen(page, f"the home page at {width} px")
        assert_tab_shows_the_focus(page, f"the home page at {width} px")


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
            assert_fits_the_screen(page, url)
        assert step_columns(page) == expected_columns, (
            f"at {width} px the picture guide has {step_columns(page)} column(s) "
            f"instead of {expected_columns}"
        )
        page.close()


def test_reader_view_on_a_phone_and_a_desktop(new_context, demo_article, reader, screenshots):
    """What a logged-in reader sees around the forms: the rating block, the empty comment
    sent back, the reply form open under a comment; each fits the screen and shows the focus."""
    for device, width in WIDTHS.items():
        page = new_context(width=width, user=reader).new_page()
        page.goto(demo_article.get_absolute_url() + "#rating")
        rating = page.locator("#rating")
        rating.screenshot(path=str(screenshots / f"rating-{device}.png"))
        expect(rating.get_by_role("radio", name="1 out of 10", exact=True)).to_be_attached()
        assert_fits_the_screen(page, f"the article of a logged-in reader at {width} px")
        # Tab into the rating block, then through its stars, buttons and on to the comments.
        for _ in range(250):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.closest('#rating') !== null"):
                break
        else:
            raise AssertionError(f"at {width} px, Tab never reaches the rating block")
        assert_tab_shows_the_focus(page, f"the rating block at {width} px", presses=6)

        respond = page.locator("#respond")
        comment_field = respond.get_by_label("Comment", exact=True)
        respond.get_by_role("button", name="Post comment").click()
        respond.screenshot(path=str(screenshots / f"respond-error-{device}.png"))
        # The site sends the form back with the error by the field to fill.
        expect(respond.get_by_role("alert")).to_contain_text("the comment is empty")
        expect(comment_field).to_have_attribute("aria-invalid", "true")
        assert_fits_the_screen(page, f"the empty comment sent back at {width} px")

        page.get_by_role("link", name="Reply to Greta W").click()
        reply_open = page.locator("li.comment", has=page.locator("#respond"))
        reply_open.screenshot(path=str(screenshots / f"reply-open-{device}.png"))
        expect(reply_open).to_contain_text("Greta W")
        expect(respond.get_by_role("heading")).to_have_text("Reply to Greta W")
        expect(comment_field).to_be_focused()
        assert_fits_the_screen(page, f"the reply form open under a comment at {width} px")
        # From the field: the Post button and on to the comments below.
        assert_tab_shows_the_focus(page, f"the reply form at {width} px", presses=4)


def test_account_pages_on_a_phone_and_a_desktop(new_context, reader, screenshots):
    pages = {"login": "/accounts/login/", "signup": "/accounts/signup/"}
    page = new_context(width=390).new_page()
    for name, url in pages.items():
        page.goto(url)
        page.screenshot(path=str(screenshots / f"{name}-phone.png"), full_page=True)
        assert_fits_the_screen(page, f"{url} at 390 px")
        assert_tab_shows_the_focus(page, f"{url} at 390 px")
    page.goto(pages["signup"])
    page.get_by_label("Email").fill("nell@example")
    page.get_by_label("Username").fill("x y")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password (again)").fill("other")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.locator(".field--invalid").first).to_be_visible()
    page.screenshot(path=str(screenshots / "signup-errors-phone.png"), full_page=True)
    assert_fits_the_screen(page, "the sign-up form with its errors at 390 px")

    page = new_context(width=1280).new_page()
    page.goto(pages["login"])
    page.screenshot(path=str(screenshots / "login-desktop.png"), full_page=True)
    assert_fits_the_screen(page, f"{pages['login']} at 1280 px")
    assert_tab_shows_the_focus(page, f"{pages['login']} at 1280 px")

    page = new_context(width=1280, user=reader).new_page()
    page.goto("/accounts/profile/")
    page.get_by_role("button", name="Save profile").click()
    expect(page.locator(".messages")).to_contain_text("Your profile is saved.")
    page.screenshot(path=str(screenshots / "profile-desktop.png"), full_page=True)
    assert_fits_the_screen(page, "the saved profile at 1280 px")
    assert_tab_shows_the_focus(page, "the saved profile at 1280 px")


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
    assert step_columns(page) == 2, (
        f"printed, the picture guide has {step_columns(page)} column(s) instead of 2"
    )
    # What is no use on paper is left out.
    for selector in [".site-header", ".share", ".comments", ".skip-link", ".site-footer"]:
        for element in page.locator(selector).all():
            expect(element).to_be_hidden()
    page.screenshot(path=str(screenshots / "article-print.png"), full_page=True)
    pdf = page.pdf(path=str(screenshots / "article.pdf"), format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
