"""An author writes a site page in the admin, under a parent page, as a person does in
Chromium; the form fits at 1280 and 390 px; the page is on the site at its address. A
picture still shown in a text is refused deletion with the list of where it is used."""

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from articles.images import figure_html
from articles.models import Article
from tests.conftest import png_bytes
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def author_user(django_user_model, roles):
    user = django_user_model.objects.create_user(
        username="ines", email="ines@example.org", password="a long test password",
        display_name="Ines Duarte", is_staff=True,
    )  # fmt: skip
    user.groups.add(Group.objects.get(name="Authors"))
    return user


def fits(page, width):
    page.set_viewport_size({"width": width, "height": 900})
    return page.evaluate("document.documentElement.scrollWidth") <= width


def test_author_writes_a_page_under_a_parent_page(new_context, author_user, screenshots):
    about = Article.objects.create(
        title="About us", slug="about", kind=Article.Kind.PAGE, author=author_user,
        body="<p>Who we are.</p>", status=Article.Status.PUBLISHED, published_at=timezone.now(),
    )  # fmt: skip
    page = new_context(user=author_user).new_page()
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Title:", exact=True).fill("Our team")
    editor = page.get_by_role("textbox", name="Body")
    editor.click()
    page.keyboard.type("The physiotherapists who write here.")
    page.get_by_label("Page", exact=True).check()
    page.get_by_label("Parent page:").select_option(label="About us (/page/about/)")
    page.get_by_label("Status:").select_option("published")
    for width in (1280, 390):
        assert fits(page, width), f"the form is wider than {width} px"
        page.locator("fieldset", has_text="Article or page").first.screenshot(
            path=screenshots / f"pages-admin-kind-{width}.png"
        )
    page.set_viewport_size({"width": 1280, "height": 900})
    expect(page.locator("#id_tags_from")).to_be_attached()
    expect(page.locator(".search-label-icon:not([role])")).to_have_count(0)
    assert_accessible(page, "admin: article form, writing a page")

    page.get_by_role("button", name="Save and continue editing").click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    team = Article.objects.get(title="Our team")
    assert (team.kind, team.parent_id, team.slug) == (Article.Kind.PAGE, about.pk, "our-team")
    for width in (1280, 390):
        assert fits(page, width), f"the change form is wider than {width} px"
        page.screenshot(path=screenshots / f"pages-admin-change-{width}.png", full_page=True)

    page.goto("/admin/articles/article/?kind__exact=page")
    expect(page.get_by_role("cell", name="/page/about/our-team/")).to_be_visible()
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=screenshots / f"pages-admin-list-{width}.png", full_page=True)

    reader = new_context().new_page()
    reader.goto("/page/about/our-team/")
    expect(reader.get_by_role("heading", level=1)).to_have_text("Our team")


def test_deleting_a_picture_in_use_lists_where_it_is_used(
    new_context, author_user, django_user_model, tmp_path, screenshots
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from articles.services import article_image_upload

    editor_user = django_user_model.objects.create_superuser(
        username="ed", email="ed@example.org", password="a long test password"
    )
    image = article_image_upload(
        image=SimpleUploadedFile("mat.png", png_bytes(600, 300), content_type="image/png"),
        alt_text="A blue mat on the floor",
    )
    Article.objects.create(
        title="Stretching on a mat with a very long title that has to wrap on a phone screen",
        slug="stretching-on-a-mat", author=author_user, body=figure_html(image),
        status=Article.Status.PUBLISHED, published_at=timezone.now(),
    )  # fmt: skip
    page = new_context(user=editor_user).new_page()
    page.goto(f"/admin/articles/articleimage/{image.pk}/delete/")
    expect(page.locator("#content")).to_contain_text("cannot be deleted")
    expect(page.get_by_role("link", name="Stretching on a mat")).to_be_visible()
    expect(page.get_by_role("button", name="Yes, I’m sure")).to_have_count(0)
    for width in (1280, 390):
        assert fits(page, width), f"the refusal is wider than {width} px"
        page.screenshot(path=screenshots / f"pages-admin-image-in-use-{width}.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page, "admin: deleting a picture in use")
