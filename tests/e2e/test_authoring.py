"""An author writes an article in the admin: the body in the editor, an image from the media
library inserted with its alt text, the picture-guide steps reordered with the keyboard,
the preview at phone and desktop width, then publishing; readers get the image with
srcset, width and height."""

import re

import pytest
from django.contrib.auth.models import Group
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article, ArticleImage
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_look import assert_fits_the_screen

pytestmark = pytest.mark.django_db(transaction=True)


def picture(path, size, colour):
    Image.new("RGB", size, colour).save(path, format="JPEG")
    return str(path)


def widgets_ready(page):
    """Wait for Django's two-box pickers (built on window load) and their fix (admin_a11y.js),
    so that axe sees the form as a person does."""
    expect(page.locator("#id_tags_from")).to_be_attached()
    expect(page.locator(".search-label-icon:not([role])")).to_have_count(0)


@pytest.fixture
def author_user(django_user_model, roles):
    user = django_user_model.objects.create_user(
        username="ines", email="ines@example.org", password="a long test password",
        display_name="Ines Duarte", is_staff=True,
    )  # fmt: skip
    user.groups.add(Group.objects.get(name="Authors"))
    return user


def test_author_writes_inserts_an_image_reorders_steps_previews_and_publishes(
    new_context, author_user, tmp_path, screenshots
):
    context = new_context(user=author_user)
    page = context.new_page()

    # 1. The article: title and body in the editor.
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title:", exact=True).fill("Moving gently through a flare-up")
    editor = page.get_by_role("textbox", name="Body")
    # An empty body is a box to write in, not one line (it was 31 px tall).
    assert editor.bounding_box()["height"] >= 200
    editor.click()
    page.keyboard.type("Most flare-ups settle within a few weeks.")
    page.keyboard.press("Enter")
    page.keyboard.type("Stop and seek advice if the pain spreads or numbness grows.")

    # 2. An image uploaded to the library from the form (in Django's popup), with its alt
    # text, then inserted where the cursor is.
    with page.expect_popup() as opened:
        page.get_by_role("link", name="Upload a new image").click()
    popup = opened.value
    expect(popup.locator("#id_image")).to_be_visible()
    popup.locator("#id_image").set_input_files(picture(tmp_path / "mat.jpg", (2000, 1200), "teal"))
    popup.get_by_label("Alt text:").fill("A rolled-out exercise mat on a wooden floor")
    popup.get_by_label("Caption:").fill("A mat or a carpeted floor is all you need.")
    popup.get_by_role("button", name="Save", exact=True).click()
    popup.wait_for_event("close")
    assert len(ArticleImage.objects.get().renditions) == 3
    expect(page.get_by_label("Image from the library")).to_have_value(
        str(ArticleImage.objects.get().pk)
    )
    page.get_by_role("button", name="Insert image").click()
    expect(editor.locator("figure img")).to_have_attribute(
        "alt", "A rolled-out exercise mat on a wooden floor"
    )
    expect(editor.locator("figure figcaption")).to_have_text(
        "A mat or a carpeted floor is all you need."
    )

    # 3. Three picture-guide steps; the third moved up with the keyboard.
    steps = page.locator("#steps-group tr.form-row:not(.empty-form)")
    for number, colour in enumerate(["navy", "olive", "maroon"], start=1):
        if number > 1:
            page.locator("#steps-group .add-row a").click()
        row = steps.nth(number - 1)
        row.locator('input[type="file"]').set_input_files(
            picture(tmp_path / f"step{number}.jpg", (600, 400), colour)
        )
        row.locator('input[name$="-alt_text"]').fill(f"Position {number}")
        row.locator('textarea[name$="-caption"]').fill(f"Caption {number}")
    expect(steps.nth(2).locator(".step-order__number")).to_have_text("Step 3")
    move_up = steps.nth(2).get_by_role("button", name="Move up step 3")
    move_up.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("“Position 3” is now step 2 of 3.")
    expect(steps.nth(1).locator('input[name$="-alt_text"]')).to_have_value("Position 3")
    # The focus stayed on the moved step's button, so it can be moved on.
    expect(steps.nth(1).get_by_role("button", name="Move up step 2")).to_be_focused()
    positions = steps.locator('input[name$="-position"]')
    assert [positions.nth(i).input_value() for i in range(3)] == ["1", "2", "3"]
    # And by mouse: step 1 dragged by its handle below the last step, then back.
    steps.nth(0).locator(".step-order__handle").drag_to(
        steps.nth(2), target_position={"x": 40, "y": 60}
    )
    expect(steps.nth(2).locator('input[name$="-alt_text"]')).to_have_value("Position 1")
    expect(page.get_by_role("status")).to_have_text("“Position 1” is now step 3 of 3.")
    steps.nth(2).locator(".step-order__handle").drag_to(
        steps.nth(0), target_position={"x": 40, "y": 5}
    )
    expect(steps.nth(0).locator('input[name$="-alt_text"]')).to_have_value("Position 1")
    assert [positions.nth(i).input_value() for i in range(3)] == ["1", "2", "3"]

    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=screenshots / f"authoring-form-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    widgets_ready(page)
    assert_accessible(page, "admin: article form with editor and steps")

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    widgets_ready(page)
    assert_accessible(page, "admin: article change form with saved steps")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.locator("#steps-group").screenshot(path=screenshots / f"authoring-steps-{width}.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    article = Article.objects.get(title="Moving gently through a flare-up")
    assert article.status == Article.Status.DRAFT
    assert list(article.steps.values_list("alt_text", "position")) == [
        ("Position 1", 1),
        ("Position 3", 2),
        ("Position 2", 3),
    ]
    assert article.body_html.startswith(
        "<p>Most flare-ups settle within a few weeks.</p><p>Stop and seek advice"
    )
    assert "srcset=" in article.body_html

    # 4. The preview: the real page, with the draft banner, at 390 and 1280 px.
    page.get_by_role("link", name="Preview at phone and desktop width").click()
    frames = page.locator("iframe.preview__frame")
    expect(frames).to_have_count(2)
    for index in (0, 1):
        frame = frames.nth(index).content_frame
        expect(frame.locator(".preview-banner")).to_contain_text("only staff can see this page")
        expect(frame.locator("h1")).to_have_text("Moving gently through a flare-up")
    inner_widths = [
        frames.nth(i).content_frame.locator("html").evaluate("() => window.innerWidth")
        for i in (0, 1)
    ]
    assert inner_widths == [390, 1280]
    page.screenshot(path=screenshots / "authoring-preview-1280.png", full_page=True)
    assert_accessible(page, "admin: article preview")

    # 5. Publish, and read it as a reader.
    page.get_by_role("link", name="Back to editing").click()
    page.get_by_label("Status:").select_option("published")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    reader = new_context(width=390).new_page()
    reader.goto(article.get_absolute_url())
    expect(reader.locator(".preview-banner")).to_have_count(0)
    image = reader.locator(".article__body figure img")
    expect(image).to_have_attribute("alt", "A rolled-out exercise mat on a wooden floor")
    expect(image).to_have_attribute("srcset", re.compile(r"480w, .+960w, .+1600w$"))
    expect(image).to_have_attribute("width", "960")
    expect(image).to_have_attribute("height", "576")
    expect(image).to_have_attribute("loading", "lazy")
    expect(reader.locator(".article__body figcaption")).to_have_text(
        "A mat or a carpeted floor is all you need."
    )
    expect(reader.locator(".guide__step img")).to_have_count(3)
    expect(reader.locator(".guide__step img").nth(1)).to_have_attribute("alt", "Position 3")
    image.scroll_into_view_if_needed()
    expect(image).to_have_js_property("complete", True)
    reader.screenshot(path=screenshots / "authoring-public-390.png", full_page=True)
    reader.set_viewport_size({"width": 1280, "height": 900})
    assert_fits_the_screen(reader, "the published article at 1280 px")
    reader.screenshot(path=screenshots / "authoring-public-1280.png", full_page=True)

    # The library lists the picture.
    page.goto("/admin/articles/articleimage/")
    expect(page.locator("img.library-thumbnail")).to_have_attribute("width", "96")
    expect(
        page.get_by_role("link", name="A rolled-out exercise mat on a wooden floor")
    ).to_be_visible()
    assert_accessible(page, "admin: images for the text")
    page.goto("/admin/articles/articleimage/add/")
    assert_accessible(page, "admin: add an image for the text")
