from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment, CommentThread

pytestmark = pytest.mark.django_db


def post(client, article, **data):
    return client.post(f"/comments/post/{article.slug}/", data)


def test_trusted_reader_posts_and_lands_on_the_new_comment(client, article, trusted_reader):
    client.force_login(trusted_reader)
    response = post(client, article, body="Knee-to-chest helped me.\n\nThanks!")
    comment = Comment.objects.latest("id")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == f"/articles/easing-sciatica/#comment-{comment.pk}"
    assert comment.status == Comment.Status.APPROVED
    assert comment.body_html == "<p>Knee-to-chest helped me.</p><p>Thanks!</p>"
    page = client.get(response["Location"]).content.decode()
    assert "Your comment is posted." in page
    assert f'id="comment-{comment.pk}"' in page
    assert "2 Comments on “Easing sciatica”" in page


def test_first_comment_is_held_and_only_its_author_sees_it(client, article, reader, other_reader):
    client.force_login(reader)
    post(client, article, body="My very first comment")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    own_view = client.get(article.get_absolute_url()).content.decode()
    assert "My very first comment" in own_view
    assert "awaiting moderation" in own_view
    assert "No comments yet" in own_view
    other = Client()
    other.force_login(other_reader)
    assert "My very first comment" not in other.get(article.get_absolute_url()).content.decode()
    assert "My very first comment" not in Client().get(article.get_absolute_url()).content.decode()


def test_article_author_and_staff_are_never_held(client, article, author, staff):
    for person in (author, staff):
        client.force_login(person)
        post(client, article, body=f"Note from {person.username}")
    assert set(Comment.objects.values_list("status", flat=True)) == {Comment.Status.APPROVED}


def test_reply_is_nested_under_its_parent(
    client, article, trusted_reader, make_comment, other_reader
):
    parent = make_comment(article, author=other_reader, body="Does exercise 2 hurt?")
    client.force_login(trusted_reader)
    response = post(client, article, body="Not for me.", parent=parent.pk)
    reply = Comment.objects.latest("id")
    assert reply.parent == parent
    page = client.get(response["Location"]).content.decode()
    parent_at = page.index(f'id="comment-{parent.pk}"')
    nested_at = page.index('<ol class="comment-list comment-list--replies">', parent_at)
    assert nested_at < page.index(f'id="comment-{reply.pk}"')


def test_reply_link_works_without_javascript(client, article, trusted_reader, make_comment):
    parent = make_comment(article, body="Question")
    client.force_login(trusted_reader)
    page = client.get(f"{article.get_absolute_url()}?replytocom={parent.pk}").content.decode()
    assert "Reply to Ada L" in page
    assert f'name="parent" value="{parent.pk}"' in page


def test_script_payload_is_shown_as_text_never_run(client, article, trusted_reader):
    client.force_login(trusted_reader)
    body = (
        '<script>alert(1)</script><img src=x onerror=alert(2)> <a href="javascript:alert(3)">x</a>'
    )
    response = post(client, article, body=body)
    comment = Comment.objects.latest("id")
    assert comment.body == body  # the raw text is kept
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page and 'href="javascript:alert' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # typed tags are text
    assert "&lt;a href=&quot;javascript:alert(3)&quot;&gt;x&lt;/a&gt;" in page


def test_links_are_marked_nofollow_ugc(client, article, trusted_reader):
    client.force_login(trusted_reader)
    post(client, article, body="See https://example.org/stretches")
    assert 'rel="nofollow ugc"' in Comment.objects.latest("id").body_html


@pytest.fixture
def other_article(make_article):
    return make_article(title="Sleeping", slug="sleeping")


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("empty", "Write something first: the comment is empty."),
        ("too_long", "Comments can be at most 5,000 characters; yours has 5,001."),
        ("parent_elsewhere", "The comment you are replying to is not on this article."),
        ("parent_hidden", "The comment you are replying to is waiting for a moderator"),
        ("parent_missing", "The comment you are replying to is not available."),
        ("closed", "Comments are closed on this article."),
    ],
)
def test_refused_comment_keeps_the_text_and_writes_nothing(
    client, article, other_article, trusted_reader, make_comment, other_reader, case, message
):
    body = "What I typed, carefully."
    data = {"body": body}
    if case == "empty":
        body = data["body"] = "   "
    elif case == "too_long":
        body = data["body"] = "x" * 5001
    elif case == "parent_elsewhere":
        data["parent"] = make_comment(other_article, body="Elsewhere").pk
    elif case == "parent_hidden":
        data["parent"] = make_comment(
            article, author=other_reader, status=Comment.Status.PENDING, body="Held"
        ).pk
    elif case == "parent_missing":
        data["parent"] = 999999
    elif case == "closed":
        CommentThread.objects.create(article=article, is_closed=True)
    before = Comment.objects.count()
    client.force_login(trusted_reader)
    response = post(client, article, **data)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert Comment.objects.count() == before
    if case == "closed":
        assert message in html
    else:
        assert message in html
        if body.strip():
            assert body[:100] in html


@pytest.mark.parametrize("slug", ["no-such-article", "a-draft"])
def test_unknown_or_unpublished_article_is_404(client, make_article, trusted_reader, slug):
    make_article(slug="a-draft", status="draft")
    client.force_login(trusted_reader)
    response = client.post(f"/comments/post/{slug}/", {"body": "hello"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert Comment.objects.filter(body="hello").count() == 0


def test_get_on_the_post_url_is_405(client, article):
    assert (
        client.get(f"/comments/post/{article.slug}/").status_code == HTTPStatus.METHOD_NOT_ALLOWED
    )


def test_missing_csrf_token_is_403(article, trusted_reader):
    client = Client(enforce_csrf_checks=True)
    client.force_login(trusted_reader)
    before = Comment.objects.count()
    response = client.post(f"/comments/post/{article.slug}/", {"body": "sneaky"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert Comment.objects.count() == before


def test_closed_thread_stays_readable_without_a_form(client, article, make_comment):
    make_comment(article, body="Old but useful")
    CommentThread.objects.create(article=article, is_closed=True)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Old but useful" in page
    assert "Comments are closed on this article." in page
    assert 'class="comment-form"' not in page


def test_comments_close_automatically_on_old_articles(
    client, make_article, trusted_reader, settings
):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    from datetime import timedelta

    from django.utils import timezone

    old = make_article(slug="old", published_at=timezone.now() - timedelta(days=31))
    client.force_login(trusted_reader)
    response = client.post("/comments/post/old/", {"body": "Too late?"})
    assert "Comments are closed on this article." in response.content.decode()
    assert not old.comments.exists()


def test_a_reply_target_that_is_not_a_number_is_explained(client, article, trusted_reader):
    client.force_login(trusted_reader)
    response = client.post(f"/comments/post/{article.slug}/", {"body": "Kept", "parent": "abc"})
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "The comment you are replying to is not available." in page and ">Kept</textarea>" in page
    )


def test_a_report_note_over_the_limit_says_why(client, article, make_comment, other_reader):
    comment = make_comment(article, body="Hmm")
    client.force_login(other_reader)
    response = client.post(
        f"/comments/{comment.pk}/flag/", {"reason": "harmful", "note": "x" * 301}
    )
    assert response.status_code == 400
    assert "at most 300 characters" in response.content.decode()


def test_an_over_long_comment_is_refused_before_the_red_flag_and_privacy_checks(
    client, article, trusted_reader, make_comment
):
    # The confirm step would otherwise echo the whole text back for a comment that is
    # refused anyway, after reading all of it against every phrase.
    body = "Call me on 07700 900123, I have numbness in the saddle area. " + "x" * 5000
    client.force_login(trusted_reader)
    response = post(client, article, body=body)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Comments can be at most 5,000 characters; yours has 5,061." in html
    assert "Please get urgent care now" not in html and "not posted yet" not in html
    assert body[:100] in html  # what they typed is kept

    mine = make_comment(
        article, author=trusted_reader, body="Short and fine.", created_at=timezone.now()
    )
    response = client.post(f"/comments/{mine.pk}/edit/", {"body": body})
    html = response.content.decode()
    assert "Comments can be at most 5,000 characters; yours has 5,061." in html
    assert "Please get urgent care now" not in html and "not posted yet" not in html
    mine.refresh_from_db()
    assert mine.body == "Short and fine."
