from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment
from comments.threads import build_thread

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("count", "heading"),
    [
        (0, "No comments yet"),
        (1, "1 Comment on “Easing sciatica”"),
        (2, "2 Comments on “Easing sciatica”"),
    ],
)
def test_heading_has_the_right_plural(client, article, make_comment, count, heading):
    for number in range(count):
        make_comment(article, body=f"Comment {number}")
    assert heading in client.get(article.get_absolute_url()).content.decode()


def test_each_comment_shows_name_avatar_time_and_permalink(client, article, make_comment):
    moment = timezone.now().replace(year=2026, month=8, day=26, hour=13, minute=39)
    comment = make_comment(article, body="Lovely guide", created_at=moment)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}"' in page
    assert "Ada L" in page and 'class="avatar avatar--' in page and ">AL</span>" in page
    assert f'<time datetime="{timezone.localtime(moment).isoformat()}' in page
    assert timezone.localtime(moment).strftime("%-d %B %Y, %H:%M") in page
    assert f'href="#comment-{comment.pk}"' in page


def test_imported_comment_shows_the_given_name(client, article, make_comment):
    make_comment(article, author=None, author_name="Jo from 2012", body="Old comment")
    assert "Jo from 2012" in client.get(article.get_absolute_url()).content.decode()


def test_comment_survives_its_authors_account(client, article, make_comment, other_reader):
    make_comment(article, author=other_reader, body="Still here")
    other_reader.delete()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Still here" in page and "Deleted user" in page


@pytest.mark.parametrize(
    ("account", "shown"),
    [
        ({"display_name": "Ada L", "first_name": "Ada", "last_name": "Lovelace"}, "Ada L"),
        ({"first_name": "Ada", "last_name": "Lovelace"}, "Ada Lovelace"),
        ({"first_name": "Ada"}, "Ada"),
        ({}, "ada2"),
    ],
)
def test_thread_rows_name_people_as_comments_do(
    client, article, make_comment, django_user_model, account, shown
):
    """The thread reads bare values, not model instances: it must still name each
    person exactly as Comment.display_name (and User.public_name) does."""
    person = django_user_model.objects.create_user(username="ada2", **account)
    comment = make_comment(article, author=person, body="Hello")
    imported = make_comment(article, author=None, author_name="Jo", body="Old")
    orphan = make_comment(article, author=None, author_name="", body="Gone")
    rows = {row.pk: row for row in Comment.objects.for_article(article).thread_rows()}
    assert rows[comment.pk].display_name == comment.display_name == shown
    assert rows[imported.pk].display_name == "Jo"
    assert rows[orphan.pk].display_name == "Deleted user"
    assert f'id="comment-{comment.pk}-by"><strong class="comment__author">{shown}</strong>' in (
        client.get(article.get_absolute_url()).content.decode()
    )


def test_names_and_links_in_the_thread_are_escaped(client, article, make_comment):
    make_comment(
        article,
        author=None,
        author_name='<script>alert(1)</script>"',
        author_url='https://example.org/"onmouseover="x',
        body="Hi",
    )
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&quot;" in page
    assert 'href="https://example.org/&quot;onmouseover=&quot;x"' in page


def nodes(comments, **kwargs):
    return [(node.comment.body, node.depth) for node in build_thread(comments, **kwargs)]


def chain(article, make_comment, length):
    start = timezone.now() - timedelta(hours=10)
    made, parent = [], None
    for level in range(length):
        parent = make_comment(
            article,
            parent=parent,
            body=f"L{level + 1}",
            created_at=start + timedelta(minutes=level),
        )
        made.append(parent)
    return made


def test_replies_deeper_than_the_limit_attach_at_the_last_level(article, make_comment):
    comments = chain(article, make_comment, 7)
    assert nodes(comments, max_depth=5) == [
        ("L1", 1),
        ("L2", 2),
        ("L3", 3),
        ("L4", 4),
        ("L5", 5),
        ("L6", 5),
        ("L7", 5),
    ]


def test_threads_oldest_first_or_newest_first(article, make_comment):
    start = timezone.now() - timedelta(hours=5)
    first = make_comment(article, body="first", created_at=start)
    second = make_comment(article, body="second", created_at=start + timedelta(hours=1))
    reply = make_comment(article, body="reply", parent=first, created_at=start + timedelta(hours=2))
    comments = [first, second, reply]
    assert nodes(comments, newest_first=False) == [("first", 1), ("reply", 2), ("second", 1)]
    assert nodes(comments, newest_first=True) == [("second", 1), ("first", 1), ("reply", 2)]


def test_reply_to_a_hidden_comment_starts_its_own_thread(article, make_comment):
    top, middle, leaf = chain(article, make_comment, 3)
    assert nodes([top, leaf]) == [("L1", 1), ("L3", 1)]


def test_html_nesting_is_balanced(client, article, make_comment):
    chain(article, make_comment, 7)
    make_comment(article, body="Another thread")
    page = client.get(article.get_absolute_url()).content.decode()
    section = page[page.index('id="comments"') : page.index('id="respond"')]
    assert section.count("<ol") == section.count("</ol>")
    assert section.count("<li") == section.count("</li>")


def test_pending_comments_of_others_are_invisible_even_to_their_replies(
    client, article, make_comment, other_reader
):
    held = make_comment(
        article, author=other_reader, status=Comment.Status.PENDING, body="Held one"
    )
    make_comment(article, parent=held, body="Visible reply")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Held one" not in page and "Visible reply" in page


def test_long_threads_are_split_into_pages_and_permalinks_find_them(
    client, article, make_comment, settings
):
    settings.COMMENTS_THREADS_PER_PAGE = 2
    start = timezone.now() - timedelta(days=1)
    roots = [
        make_comment(article, body=f"Thread {n}", created_at=start + timedelta(minutes=n))
        for n in range(5)
    ]
    reply = make_comment(
        article, parent=roots[2], body="Reply on page two", created_at=start + timedelta(hours=1)
    )
    first = client.get(article.get_absolute_url()).content.decode()
    assert "Thread 0" in first and "Thread 1" in first and "Thread 2" not in first
    assert "Comments page 1 of 3" in first and "?cpage=2#comments" in first
    second = client.get(article.get_absolute_url(), {"cpage": "2"}).content.decode()
    assert "Thread 2" in second and "Reply on page two" in second
    for bad in ("x", "99"):
        assert client.get(article.get_absolute_url(), {"cpage": bad}).status_code == 200
    response = client.get(f"/comments/{reply.pk}/")
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=2#comment-{reply.pk}"
    assert client.get(f"/comments/{roots[0].pk}/")["Location"].endswith(f"/#comment-{roots[0].pk}")
