"""The "Preview" button (comments/preview.py): the page comes back with the comment as it
will show above the box and the text still in it; nothing is saved, screened or sent."""

import re
from html import unescape
from http import HTTPStatus

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from comments.conf import conf
from comments.models import Comment, ModerationEvent, Notification

pytestmark = pytest.mark.django_db

TEXT = "**Walking** helped me.\n\n- short walks\n- often\n\n<script>alert(1)</script>"


def preview(client, article, **data):
    return client.post(f"/comments/post/{article.slug}/", {"preview": "1", **data})


def preview_section(html):
    found = re.search(r'<section class="comment-preview".*?</section>', html, re.S)
    return found.group(0) if found else None


def textarea(html, name="body"):
    found = re.search(rf'<textarea name="{name}"[^>]*>(.*?)</textarea>', html, re.S)
    return unescape(found.group(1))


def nothing_saved():
    assert not Comment.objects.exists()
    assert not Notification.objects.exists()
    assert not ModerationEvent.objects.exists()
    assert mail.outbox == []


def test_preview_shows_the_comment_as_it_will_look_and_saves_nothing(client, article, reader):
    client.force_login(reader)
    response = preview(client, article, body=TEXT, notify_replies="on")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    shown = preview_section(html)
    assert "<strong>Walking</strong> helped me." in shown
    assert "<ul><li>short walks</li><li>often</li></ul>" in shown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert "It is not posted yet" in shown
    assert textarea(html) == TEXT
    assert re.search(r'name="notify_replies"[^>]* checked', html)
    assert html.index("comment-preview") < html.index('class="comment-form"')
    nothing_saved()


def test_after_a_preview_the_same_text_posts(client, article, trusted_reader):
    client.force_login(trusted_reader)
    preview(client, article, body="**Bold** words")
    response = client.post(f"/comments/post/{article.slug}/", {"body": "**Bold** words"})
    assert response.status_code == HTTPStatus.FOUND
    comment = Comment.objects.latest("id")
    assert comment.body_html == "<p><strong>Bold</strong> words</p>"
    assert comment.status == Comment.Status.APPROVED  # not refused as a repeat


def test_preview_of_a_reply_keeps_it_a_reply(client, article, reader, make_comment, other_reader):
    parent = make_comment(article, author=other_reader, body="Does it hurt?")
    client.force_login(reader)
    response = preview(client, article, body="*Not* for me.", parent=parent.pk)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<em>Not</em> for me." in preview_section(html)
    assert f'name="parent" value="{parent.pk}"' in html
    assert "Replying to" in html
    assert Comment.objects.count() == 1


def test_a_visitor_may_preview_and_the_text_is_kept_for_after_login(client, article, reader):
    response = preview(client, article, body="*Gently* does it")
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<em>Gently</em> does it" in preview_section(html)
    assert textarea(html) == "*Gently* does it"
    assert "Log in and post" in html
    nothing_saved()
    client.force_login(reader)
    back = client.get(article.get_absolute_url()).content.decode()
    assert textarea(back) == "*Gently* does it"


def test_preview_of_an_empty_comment_says_so(client, article, reader):
    client.force_login(reader)
    response = preview(client, article, body="   ")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert "Write something first: the comment is empty." in html
    assert preview_section(html) is None
    nothing_saved()


def test_preview_of_a_too_long_comment_says_so_and_keeps_the_text(client, article, reader):
    client.force_login(reader)
    text = "a" * (conf.MAX_LENGTH + 1)
    response = preview(client, article, body=text)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = unescape(response.content.decode())
    assert f"Comments can be at most {conf.MAX_LENGTH:,} characters" in html
    assert textarea(response.content.decode()) == text
    nothing_saved()


def test_a_preview_needs_the_csrf_token_of_a_logged_in_reader(article, reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    assert preview(client, article, body="Hi").status_code == HTTPStatus.FORBIDDEN


def test_a_visitors_preview_from_another_site_is_refused(client, article):
    response = client.post(
        f"/comments/post/{article.slug}/",
        {"preview": "1", "body": "Visit my shop"},
        headers={"Origin": "https://elsewhere.example"},
    )
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Visit my shop" not in response.content.decode()


def test_a_red_flag_text_is_previewed_without_the_confirm_step(client, article, reader):
    """The confirm step comes when the reader posts; a preview saves nothing."""
    client.force_login(reader)
    response = preview(client, article, body="Loss of bladder control since last night")
    assert response.status_code == HTTPStatus.OK
    assert "comments/confirm.html" not in [t.name for t in response.templates]
    nothing_saved()


def test_the_help_speaks_plainly_and_shows_examples(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Write as you would in an email." in html
    assert "&lt;blockquote&gt;" not in html and "&lt;a href&gt;" not in html
    assert "<details" in html and "<strong>sharp pain</strong>" in html
    assert 'name="preview"' in html


def edit_url(comment):
    return f"/comments/{comment.pk}/edit/"


def test_preview_of_an_edit_saves_nothing(client, article, reader, make_comment):
    comment = make_comment(
        article, author=reader, body="Before", body_format="markdown", created_at=timezone.now()
    )
    client.force_login(reader)
    response = client.post(edit_url(comment), {"body": "**After**", "preview": "1"})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "<strong>After</strong>" in preview_section(html)
    assert textarea(html) == "**After**"
    comment.refresh_from_db()
    assert (comment.body, comment.body_html, comment.edited_at) == ("Before", "<p>Before</p>", None)


def test_preview_of_an_older_comments_edit_uses_its_own_rules(
    client, article, reader, make_comment
):
    comment = make_comment(article, author=reader, body="<b>Old</b>", created_at=timezone.now())
    client.force_login(reader)
    html = client.get(edit_url(comment)).content.decode()
    assert "keeps the rules it was written with" in html
    response = client.post(edit_url(comment), {"body": "<b>Still</b> **old**", "preview": "1"})
    assert "<b>Still</b> **old**" in preview_section(response.content.decode())


def test_preview_of_an_edit_needs_the_csrf_token(article, reader, make_comment):
    comment = make_comment(article, author=reader, created_at=timezone.now())
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = client.post(edit_url(comment), {"body": "x", "preview": "1"})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_nobody_previews_an_edit_of_anothers_comment(client, article, make_comment, other_reader):
    comment = make_comment(article, created_at=timezone.now())
    client.force_login(other_reader)
    response = client.post(edit_url(comment), {"body": "x", "preview": "1"})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_the_script_gets_the_preview_alone(client, article, reader):
    client.force_login(reader)
    response = client.post(
        f"/comments/post/{article.slug}/",
        {"preview": "1", "body": "**Bold** <i>typed</i>"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == HTTPStatus.OK
    fragment = response.json()["preview"]
    assert fragment.startswith('<section class="comment-preview"')
    assert "<strong>Bold</strong> &lt;i&gt;typed&lt;/i&gt;" in fragment
    assert "<h3" in fragment
    nothing_saved()


def test_the_script_is_told_when_there_is_nothing_to_preview(client, article, reader):
    client.force_login(reader)
    response = client.post(
        f"/comments/post/{article.slug}/",
        {"preview": "1", "body": ""},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == HTTPStatus.OK
    assert response.json() == {"preview": ""}


def test_the_script_gets_an_edits_preview_alone(client, article, reader, make_comment):
    comment = make_comment(
        article, author=reader, body="Before", body_format="markdown", created_at=timezone.now()
    )
    client.force_login(reader)
    response = client.post(
        edit_url(comment),
        {"body": "*After*", "preview": "1"},
        headers={"X-Requested-With": "fetch"},
    )
    assert "<h2" in response.json()["preview"]
    assert "<em>After</em>" in response.json()["preview"]
    comment.refresh_from_db()
    assert comment.body == "Before"
