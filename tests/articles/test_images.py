"""The media library of images for the text: checked on upload like featured images,
renditions made once, and shown in the article with srcset, width and height."""

import io
import re
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.images import expand_library_images
from articles.models import Article, ArticleImage
from articles.services import article_image_renditions_make, article_image_upload
from tests.conftest import png_bytes

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/articleimage/add/"


def jpeg_upload(name="photo.jpg", width=2000, height=1500):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def fifty_megabyte_png():
    """A real PNG followed by 50 MB of padding (image readers stop at its end)."""
    return SimpleUploadedFile(
        "huge.png", png_bytes() + b"\0" * (50 * 1024 * 1024), content_type="image/png"
    )


def too_many_pixels_png():
    buffer = io.BytesIO()
    Image.new("1", (8000, 6000)).save(buffer, format="PNG")  # 48 million pixels, ~6 KB
    return SimpleUploadedFile("wide.png", buffer.getvalue(), content_type="image/png")


def library_files(tmp_path):
    root = tmp_path / "media" / "articles" / "library"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.parametrize(
    ("make_upload", "message"),
    [
        (
            lambda: SimpleUploadedFile("notes.png", b"%PDF-1.4 not a picture", "image/png"),
            "Upload a valid image",
        ),
        (fifty_megabyte_png, "This file is 50.0 MB; images may be at most 5.0 MB"),
        (too_many_pixels_png, "This image is 8000 × 6000 pixels, larger than the site accepts"),
    ],
    ids=["not-an-image", "50-MB", "too-many-pixels"],
)
def test_a_bad_upload_is_a_clear_form_error_and_nothing_is_saved(
    client, staff, tmp_path, make_upload, message
):
    client.force_login(staff)
    response = client.post(
        ADD_URL, {"image": make_upload(), "alt_text": "A person stretching", "caption": ""}
    )
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert not ArticleImage.objects.exists()
    assert library_files(tmp_path) == []


@pytest.mark.parametrize(
    ("make_upload", "code"),
    [
        (lambda: SimpleUploadedFile("a.png", b"not a picture", "image/png"), "invalid_image"),
        (fifty_megabyte_png, "file_too_large"),
        (too_many_pixels_png, "image_too_large"),
    ],
    ids=["not-an-image", "50-MB", "too-many-pixels"],
)
def test_the_upload_service_refuses_the_same_files(tmp_path, make_upload, code):
    with pytest.raises(ValidationError) as refused:
        article_image_upload(image=make_upload(), alt_text="A picture")
    error = refused.value
    errors = (
        sum(error.error_dict.values(), []) if hasattr(error, "error_dict") else error.error_list
    )
    assert code in [each.code for each in errors]
    assert not ArticleImage.objects.exists()
    assert library_files(tmp_path) == []


def test_alt_text_is_required_unless_the_image_is_decorative(client, staff):
    client.force_login(staff)
    response = client.post(ADD_URL, {"image": jpeg_upload(), "alt_text": "  ", "caption": ""})
    assert "Describe what the picture shows" in response.content.decode()
    assert not ArticleImage.objects.exists()

    response = client.post(
        ADD_URL, {"image": jpeg_upload(), "alt_text": "ignored", "decorative": "on"}
    )
    assert response.status_code == HTTPStatus.FOUND
    image = ArticleImage.objects.get()
    assert image.decorative and image.alt_text == ""


def test_an_upload_gets_its_renditions_once(client, staff, tmp_path):
    client.force_login(staff)
    response = client.post(
        ADD_URL,
        {"image": jpeg_upload(width=2000, height=1500), "alt_text": "A mat", "caption": "Mat"},
    )
    assert response.status_code == HTTPStatus.FOUND
    image = ArticleImage.objects.get()
    assert (image.width, image.height) == (2000, 1500)
    assert [(r["width"], r["height"]) for r in image.renditions] == [
        (480, 360),
        (960, 720),
        (1600, 1200),
    ]
    files = library_files(tmp_path)
    assert len(files) == 4  # the original and three WebP renditions
    webp = next(p for p in files if p.name.endswith("-960w.webp"))
    with Image.open(webp) as picture:
        assert (picture.format, picture.size) == ("WEBP", (960, 720))
    modified = {p: p.stat().st_mtime_ns for p in files}

    # Saved again (its alt text changed), it keeps the renditions it has.
    response = client.post(
        f"/admin/articles/articleimage/{image.pk}/change/",
        {"alt_text": "A blue exercise mat", "caption": "Mat"},
    )
    assert response.status_code == HTTPStatus.FOUND
    image.refresh_from_db()
    assert len(image.renditions) == 3
    assert library_files(tmp_path) == files
    assert {p: p.stat().st_mtime_ns for p in files} == modified
    article_image_renditions_make(library_image=image)
    assert library_files(tmp_path) == files


def test_a_small_image_gets_one_rendition_at_its_own_width(tmp_path):
    image = article_image_upload(image=jpeg_upload(width=300, height=200), alt_text="A dot")
    assert [(r["width"], r["height"]) for r in image.renditions] == [(300, 200)]


def test_the_article_page_shows_a_library_image_with_srcset_width_and_height(client, make_article):
    image = article_image_upload(
        image=jpeg_upload(width=2000, height=1000), alt_text="A mat", caption="The mat"
    )
    medium = image.renditions[1]["name"]
    article = make_article(
        slug="with-image",
        body=f'<p>Before.</p><figure><img src="/media/{medium}" alt="A blue mat on the floor">'
        "<figcaption>The mat</figcaption></figure>",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    img = re.search(r"<figure><img [^>]*>", html).group(0)
    assert f'src="/media/{medium}"' in img
    assert "480w" in img and "960w" in img and "1600w" in img
    assert 'width="960" height="480"' in img
    assert 'loading="lazy"' in img and 'sizes="' in img
    assert 'alt="A blue mat on the floor"' in img  # the author's alt text in the body wins


def test_the_original_upload_as_src_is_expanded_too_and_other_images_are_left_alone():
    image = article_image_upload(image=jpeg_upload(width=1000, height=500), alt_text="A mat")
    body = (
        f'<img src="{image.image.url}" alt="">'
        '<img src="https://example.org/elsewhere.png" alt="Elsewhere">'
    )
    expanded = expand_library_images(body)
    assert 'srcset="' in expanded.split("<img")[1]
    assert 'alt="A mat"' not in expanded  # the body's (empty) alt text is kept
    assert expanded.endswith('<img src="https://example.org/elsewhere.png" alt="Elsewhere">')


def test_a_pasted_srcset_or_handler_is_not_trusted(make_article):
    article = make_article(
        body='<img src="/x.png" srcset="javascript:alert(1) 1x" onerror="alert(1)" alt="x">'
    )
    article.refresh_from_db()
    assert article.body_html == '<img src="/x.png" alt="x">'
    assert Article.objects.filter(body_html__contains="srcset").count() == 0
