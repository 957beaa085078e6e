from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article

pytestmark = pytest.mark.django_db


def article_form(author, **extra):
    data = {
        "title": "New guide",
        "slug": "new-guide",
        "author": author.pk,
        "excerpt": "",
        "body": '<p onclick="x()">Hello</p><script>alert(1)</script>',
        "featured_image_alt": "",
        "guide_title": "Picture guide",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
        "steps-0-position": "1",
        "steps-0-alt_text": "A person on a mat",
        "steps-0-caption": "Lie down",
    }
    data.update(extra)
    return data


def test_author_writes_and_publishes_in_the_admin(client, staff, author, png_upload):
    client.force_login(staff)
    data = article_form(author, **{"steps-0-image": png_upload("pose.png")})
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    article = Article.objects.get(slug="new-guide")
    assert article.body_html == "<p>Hello</p>"  # the script's code is not shown as text
    assert article.published_at is not None
    assert article.steps.get().image_width == 40
    assert client.get("/articles/new-guide/").status_code == HTTPStatus.OK


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("fake.png", b"<?php echo 'hi'; ?>", content_type="image/png"),
            "Upload a valid image",
        ),
        (
            SimpleUploadedFile("notes.txt", b"just text", content_type="text/plain"),
            "Upload a valid image",
        ),
    ],
)
def test_a_file_that_is_not_an_image_is_a_form_error(client, staff, author, upload, message):
    client.force_login(staff)
    response = client.post(
        "/admin/articles/article/add/", article_form(author, **{"steps-0-image": upload})
    )
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_an_image_over_the_size_limit_is_a_form_error(client, staff, author, png_upload, settings):
    settings.ARTICLES_IMAGE_MAX_BYTES = 100
    client.force_login(staff)
    response = client.post(
        "/admin/articles/article/add/",
        article_form(author, featured_image=png_upload("big.png", width=300, height=300)),
    )
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "images may be at most" in html
    assert not Article.objects.exists()


def test_an_article_keeping_an_image_over_todays_limit_can_still_be_saved(
    client, staff, author, png_upload, settings
):
    """An image stored before the limit was lowered, or imported from WordPress as the old
    blog had it: editing the article's text must not be refused for it."""
    client.force_login(staff)
    no_steps = {"steps-TOTAL_FORMS": "0"}
    data = article_form(author, featured_image=png_upload("big.png", width=300, height=300))
    client.post("/admin/articles/article/add/", {**data, **no_steps})
    article = Article.objects.get(slug="new-guide")
    settings.ARTICLES_IMAGE_MAX_BYTES = 100
    edit = article_form(author, title="New guide, edited", **no_steps)
    response = client.post(f"/admin/articles/article/{article.pk}/change/", edit)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    article.refresh_from_db()
    assert article.title == "New guide, edited" and article.featured_image


def test_an_image_with_too_many_pixels_is_a_form_error(client, staff, author, png_upload, settings):
    settings.ARTICLES_IMAGE_MAX_PIXELS = 1000
    client.force_login(staff)
    response = client.post(
        "/admin/articles/article/add/",
        article_form(author, **{"steps-0-image": png_upload("wide.png", width=100, height=100)}),
    )
    assert "larger than the site accepts" in response.content.decode()
    assert not Article.objects.exists()


def test_admin_list_offers_a_preview_link_for_drafts(client, staff, make_article):
    make_article(title="Unfinished", status=Article.Status.DRAFT)
    client.force_login(staff)
    html = client.get("/admin/articles/article/").content.decode()
    assert "Unfinished" in html and ">Preview</a>" in html


def test_publish_action_puts_drafts_live(client, staff, make_article):
    draft = make_article(status=Article.Status.DRAFT)
    client.force_login(staff)
    client.post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [draft.pk]},
    )
    assert Article.objects.published().filter(pk=draft.pk).exists()


def test_readers_have_no_admin(client, django_user_model):
    reader = django_user_model.objects.create_user(username="reader", password="x" * 12)
    client.force_login(reader)
    response = client.get("/admin/")
    assert response.status_code == HTTPStatus.FOUND
    assert "/admin/login/" in response["Location"]


def test_the_article_list_tells_pages_from_articles(client, staff, make_article):
    """Imported WordPress pages are articles of kind "page": the list filters by kind."""
    make_article(title="A guide", slug="a-guide")
    make_article(title="About us", slug="about-us", kind=Article.Kind.PAGE)
    client.force_login(staff)
    pages = client.get("/admin/articles/article/?kind__exact=page").content.decode()
    assert "About us" in pages and "A guide" not in pages
    articles = client.get("/admin/articles/article/?kind__exact=post").content.decode()
    assert "A guide" in articles and "About us" not in articles
