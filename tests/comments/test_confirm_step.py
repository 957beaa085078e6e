"""The page a reader gets before a comment, reply or edit is saved when it mentions a
red-flag symptom or what may identify someone: nothing is saved until they choose."""

import re
from html import unescape
from http import HTTPStatus

import pytest
from django.utils import timezone

from comments.checks import confirmation_token
from comments.models import Comment, ScreeningPhrase
from medical.models import UrgentCare
from medical.safety import urgent_care_save

pytestmark = pytest.mark.django_db

RED_FLAG = "I have numbness in the saddle area since this morning. Should I keep stretching?"
PRIVATE = "Happy to chat, call me on 07700 900123 or write to ada.l@example.org"


@pytest.fixture(autouse=True)
def red_flags():
    ScreeningPhrase.objects.filter(kind="red_flag").delete()
    for phrase in ("numbness in the saddle area", "loss of bladder control"):
        ScreeningPhrase.objects.create(kind="red_flag", phrase=phrase)


def post(client, article, **data):
    return client.post(f"/comments/post/{article.slug}/", data)


def hidden_fields(html):
    """The confirm form's hidden fields, as the browser would send them back."""
    return {
        name: unescape(value)
        for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html)
        if name != "csrfmiddlewaretoken"
    }


def test_red_flag_comment_gets_the_urgent_care_page_and_nothing_is_saved(
    client, article, trusted_reader
):
    client.force_login(trusted_reader)
    before = Comment.objects.count()
    response = post(client, article, body=RED_FLAG)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "<h1" in page and "Please get urgent care now" in page
    assert "Call 999 or go to A&amp;E now." in page
    assert "Your comment mentions “numbness in the saddle area”" in page
    assert "nerves at the base of the spine" in page and "within hours" in page
    assert 'href="tel:999"' in page
    assert "Edit my comment" in page and "Post it anyway" in page
    assert hidden_fields(page)["body"] == RED_FLAG
    assert Comment.objects.count() == before


def test_posted_anyway_it_goes_through_the_normal_post(client, article, trusted_reader):
    client.force_login(trusted_reader)
    page = post(client, article, body=RED_FLAG, notify_replies="on").content.decode()
    response = post(client, article, **hidden_fields(page))
    comment = Comment.objects.latest("id")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert comment.body == RED_FLAG
    assert comment.notify_replies is True


def test_the_confirmation_is_for_the_text_shown_only(client, article, trusted_reader):
    client.force_login(trusted_reader)
    page = post(client, article, body=RED_FLAG).content.decode()
    fields = hidden_fields(page) | {"body": RED_FLAG + " And loss of bladder control."}
    response = post(client, article, **fields)
    assert response.status_code == HTTPStatus.OK
    assert "“loss of bladder control”" in response.content.decode()
    assert not Comment.objects.filter(body__startswith="I have numbness").exists()


def test_edit_gives_the_text_back_in_the_comment_box(client, article, trusted_reader):
    client.force_login(trusted_reader)
    page = post(client, article, body=PRIVATE).content.decode()
    response = post(client, article, **hidden_fields(page), edit="1")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Happy to chat, call me on 07700 900123" in html
    assert re.search(r'<textarea name="body"[^>]*>Happy to chat, call me', html)
    assert not Comment.objects.filter(body=PRIVATE).exists()


def test_a_reply_keeps_its_parent_through_the_confirm_step(
    client, article, trusted_reader, make_comment, other_reader
):
    parent = make_comment(article, author=other_reader, body="Where are you based?")
    client.force_login(trusted_reader)
    page = post(client, article, body="I live at 12 High Street", parent=parent.pk)
    html = page.content.decode()
    assert "Your reply may show who you are" in html
    assert hidden_fields(html)["parent"] == str(parent.pk)
    post(client, article, **hidden_fields(html))
    assert Comment.objects.get(body="I live at 12 High Street").parent == parent


def test_privacy_page_shows_which_parts_marked_and_escaped(client, article, trusted_reader):
    client.force_login(trusted_reader)
    body = "<b>Hi</b> call me on 07700 900123 or write to ada.l@example.org"
    html = post(client, article, body=body).content.decode()
    assert "Your comment may show who you are" in html
    assert "Please get urgent care now" not in html
    assert 'A phone number: <mark class="privacy-mark">07700 900123</mark>' in html
    assert 'An email address: <mark class="privacy-mark">ada.l@example.org</mark>' in html
    assert '&lt;b&gt;Hi&lt;/b&gt; call me on <mark class="privacy-mark">07700 900123</mark>' in html
    assert "<b>Hi</b>" not in html
    assert not Comment.objects.filter(body=body).exists()


def test_both_checks_on_one_page(client, article, trusted_reader):
    client.force_login(trusted_reader)
    html = post(client, article, body=f"{RED_FLAG} {PRIVATE}").content.decode()
    assert "Please get urgent care now" in html
    assert '<h2 id="confirm-text-title">Your comment may show who you are</h2>' in html


def test_hints_shown_inline_stand_for_the_privacy_page(client, article, trusted_reader):
    client.force_login(trusted_reader)
    response = post(client, article, body=PRIVATE, privacy_seen="07700 900123\x1fada.l@example.org")
    assert response.status_code == HTTPStatus.FOUND
    assert Comment.objects.filter(body=PRIVATE).exists()


def test_hints_that_do_not_match_what_is_found_still_get_the_page(client, article, trusted_reader):
    client.force_login(trusted_reader)
    response = post(client, article, body=PRIVATE, privacy_seen="07700 900123")
    assert response.status_code == HTTPStatus.OK
    assert not Comment.objects.filter(body=PRIVATE).exists()


def test_an_ordinary_comment_is_posted_at_once(client, article, trusted_reader):
    client.force_login(trusted_reader)
    response = post(client, article, body="3 sets of 10 bridges at 7pm since 2021 helped.")
    assert response.status_code == HTTPStatus.FOUND


def test_the_urgent_care_page_says_what_editors_set(client, article, trusted_reader):
    urgent_care_save(
        settings=UrgentCare(
            country="the United States",
            emergency_number="911",
            emergency_department="the ER",
            message="Editors' own words.",
        )
    )
    client.force_login(trusted_reader)
    html = post(client, article, body=RED_FLAG).content.decode()
    assert "Call 911 or go to the ER now." in html
    assert "Editors&#x27; own words." in html
    assert "In the United States, the emergency number is" in html


def test_an_edit_is_checked_too(client, article, trusted_reader, make_comment):
    comment = make_comment(
        article, author=trusted_reader, body="Fine today.", created_at=timezone.now()
    )
    client.force_login(trusted_reader)
    url = f"/comments/{comment.pk}/edit/"
    html = client.post(url, {"body": RED_FLAG}).content.decode()
    assert "Please get urgent care now" in html
    comment.refresh_from_db()
    assert comment.body == "Fine today."
    # Edit: the edit page again, with the text.
    again = client.post(url, {"body": RED_FLAG, "edit": "1"})
    assert again.status_code == HTTPStatus.OK
    assert "numbness in the saddle area since this morning" in again.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Fine today."
    # Post anyway: saved.
    response = client.post(url, {"body": RED_FLAG, "confirm": confirmation_token(RED_FLAG)})
    assert response.status_code == HTTPStatus.FOUND
    comment.refresh_from_db()
    assert comment.body == RED_FLAG


def test_nothing_of_an_unposted_text_is_kept_in_the_session_or_logged(
    client, article, trusted_reader, caplog
):
    client.force_login(trusted_reader)
    with caplog.at_level("DEBUG"):
        post(client, article, body=PRIVATE)
        post(client, article, body=PRIVATE, edit="1")
    assert "07700 900123" not in str(dict(client.session))
    assert "07700 900123" not in caplog.text
    assert not Comment.objects.filter(body=PRIVATE).exists()


def test_a_visitor_is_sent_to_log_in_first(client, article):
    response = post(client, article, body=RED_FLAG)
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]


def test_the_urgent_care_message_is_a_paragraph_per_line(client, article, trusted_reader):
    urgent_care_save(settings=UrgentCare(message="First reason.\nSecond reason."))
    client.force_login(trusted_reader)
    html = post(client, article, body=RED_FLAG).content.decode()
    assert "<p>First reason.</p><p>Second reason.</p>" in html


@pytest.mark.parametrize("where", ["article", "edit"])
def test_the_comment_boxes_carry_the_inline_hints(
    client, article, trusted_reader, make_comment, where
):
    client.force_login(trusted_reader)
    if where == "article":
        url = article.get_absolute_url()
    else:
        comment = make_comment(article, author=trusted_reader, created_at=timezone.now())
        url = f"/comments/{comment.pk}/edit/"
    html = client.get(url).content.decode()
    assert '<script id="privacy-patterns" type="application/json">' in html
    assert "/static/comments/checks.js" in html


def test_the_urgent_care_page_quotes_the_readers_words_not_the_phrase_syntax(
    client, article, trusted_reader
):
    # The list holds "can't control * bladder": the reader sees what they wrote.
    ScreeningPhrase.objects.create(kind="red_flag", phrase="can't control * bladder")
    client.force_login(trusted_reader)
    body = "Since yesterday I CAN'T  control my bladder and my leg is numb. Normal?"
    page = post(client, article, body=body).content.decode()
    assert "Please get urgent care now" in page
    assert "Your comment mentions “CAN&#x27;T control my bladder”" in page
    assert "*" not in page.split("Your comment mentions")[1].split("</p>")[0]
