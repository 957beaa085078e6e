"""A picture of the media library that the text of an article or page still shows is not
deleted (the page would show a broken image): the admin says where it is used."""

import io
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.images import figure_html
from articles.models import Article, ArticleImage
from articles.services import article_image_upload

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/articles/articleimage/"


def upload(alt_text, width=1000):
    buffer = io.BytesIO()
    Image.new("RGB", (width, width // 2), (40, 120, 200)).save(buffer, format="JPEG")
    picture = SimpleUploadedFile("mat.jpg", buffer.getvalue(), content_type="image/jpeg")
    return article_image_upload(image=picture, alt_text=alt_text)


@pytest.fixture
def used_image(make_article):
    """A picture shown in an article (as the editor inserts it) and in a page (by the
    address of its original upload)."""
    image = upload("A blue mat")
    make_article(
        title="Stretching on a mat", slug="mat", body=f"<p>Lie down.</p>{figure_html(image)}"
    )
    about = make_article(title="About us", slug="about", kind=Article.Kind.PAGE)
    make_article(
        title="Our room",
        slug="room",
        kind=Article.Kind.PAGE,
        parent=about,
        body=f'<p>Our room.</p><img src="{image.image.url}" alt="The mat in our room">',
    )
    return image


def bodies():
    return dict(Article.objects.values_list("slug", "body_html"))


def test_deleting_a_picture_in_use_is_refused_and_says_where(client, staff, used_image):
    before = bodies()
    client.force_login(staff)
    url = f"{LIST_URL}{used_image.pk}/delete/"
    html = client.get(url).content.decode()
    assert "cannot be deleted: the text of these articles or pages still shows it" in html
    mat, room = Article.objects.get(slug="mat"), Article.objects.get(slug="room")
    assert f'<a href="/admin/articles/article/{mat.pk}/change/">Stretching on a mat</a>' in html
    assert "(article at /articles/mat/)" in html
    assert f'<a href="/admin/articles/article/{room.pk}/change/">Our room</a>' in html
    assert "(page at /page/about/room/)" in html
    assert 'type="submit"' not in html.split('id="content"')[1]  # no Delete button

    response = client.post(url, {"post": "yes"})
    assert response.status_code == HTTPStatus.OK
    assert ArticleImage.objects.filter(pk=used_image.pk).exists()
    assert bodies() == before


def test_the_delete_action_refuses_pictures_in_use_and_deletes_nothing(client, staff, used_image):
    unused = upload("A chair")
    client.force_login(staff)
    response = client.post(
        LIST_URL,
        {
            "action": "delete_selected",
            "_selected_action": [used_image.pk, unused.pk],
            "post": "yes",
        },
    )
    html = response.content.decode()
    assert "cannot be deleted: the text of these articles or pages still shows them" in html
    assert "“A blue mat” is shown in:" in html and "Stretching on a mat" in html
    assert "“A chair”" not in html
    assert ArticleImage.objects.count() == 2


def test_a_picture_no_text_shows_is_deleted(client, staff, used_image):
    unused = upload("A chair")
    client.force_login(staff)
    response = client.post(f"{LIST_URL}{unused.pk}/delete/", {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    assert list(ArticleImage.objects.all()) == [used_image]


def test_a_picture_is_deletable_once_taken_out_of_the_text(client, staff, used_image):
    for article in Article.objects.all():
        article.body = "<p>No picture now.</p>"
        article.save()
    client.force_login(staff)
    response = client.post(f"{LIST_URL}{used_image.pk}/delete/", {"post": "yes"})
    assert response.status_code == HTTPStatus.FOUND
    assert not ArticleImage.objects.exists()


def test_pictures_with_similar_numbers_are_told_apart(make_article):
    """The renditions of picture 1 are in renditions/1/, those of 12 in renditions/12/:
    a text showing one does not hold the other."""
    make_article(body='<img src="/media/articles/library/renditions/12/mat-480w.webp" alt="A mat">')
    assert Article.objects.showing_library_image(ArticleImage(pk=12)).count() == 1
    assert Article.objects.showing_library_image(ArticleImage(pk=1)).count() == 0
