"""Sorting a thread: oldest first, newest first, most helpful; replies stay in conversation
order under their thread, the pinned answer first; the choice is kept for a logged-in
reader, never carried from one visitor to another by the page cache."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from comments.pins import answer_pin

pytestmark = pytest.mark.django_db


def shown_order(response):
    """The ids of the comments in the thread, in page order."""
    return [
        int(pk)
        for pk in re.findall(
            r'<li class="comment[^"]*" id="comment-(\d+)"', response.content.decode()
        )
    ]


@pytest.fixture
def threads(article, make_comment, other_reader):
    """Three threads (first oldest), the middle one the most helpful, the first with two
    replies written in order."""
    now = timezone.now()
    first = make_comment(article, body="First thread", created_at=now - timedelta(hours=5))
    middle = make_comment(article, body="Middle thread", created_at=now - timedelta(hours=4))
    last = make_comment(article, body="Last thread", created_at=now - timedelta(hours=3))
    reply_one = make_comment(
        article,
        parent=first,
        author=other_reader,
        body="Reply one",
        created_at=now - timedelta(hours=2),
    )
    reply_two = make_comment(
        article, parent=first, body="Reply two", created_at=now - timedelta(hours=1)
    )
    Comment.objects.filter(pk=middle.pk).update(helpful_count=4)
    Comment.objects.filter(pk=last.pk).update(helpful_count=1)
    return first, middle, last, reply_one, reply_two


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["first", "reply_one", "reply_two", "middle", "last"]),
        ("?csort=oldest", ["first", "reply_one", "reply_two", "middle", "last"]),
        ("?csort=newest", ["last", "middle", "first", "reply_one", "reply_two"]),
        ("?csort=helpful", ["middle", "last", "first", "reply_one", "reply_two"]),
    ],
)
def test_threads_move_as_a_whole_and_replies_keep_conversation_order(
    client, article, threads, query, expected
):
    first, middle, last, reply_one, reply_two = threads
    names = dict(first=first, middle=middle, last=last, reply_one=reply_one, reply_two=reply_two)
    response = client.get(article.get_absolute_url() + query)
    assert shown_order(response) == [names[name].pk for name in expected]


def test_helpful_ties_read_oldest_first(client, article, make_comment):
    now = timezone.now()
    older = make_comment(article, body="Older", created_at=now - timedelta(hours=2))
    newer = make_comment(article, body="Newer", created_at=now - timedelta(hours=1))
    response = client.get(article.get_absolute_url() + "?csort=helpful")
    assert shown_order(response) == [older.pk, newer.pk]


def test_the_sort_form_works_without_javascript_and_shows_the_choice(client, article, threads):
    html = client.get(article.get_absolute_url() + "?csort=helpful").content.decode()
    assert '<form class="thread-controls__sort" method="get" action="#comments">' in html
    assert '<label for="comments-sort">Show comments</label>' in html
    assert '<option value="helpful" selected>Most helpful</option>' in html
    assert '<option value="oldest">Oldest first</option>' in html


def test_the_default_follows_the_newest_first_setting(client, article, threads, settings):
    settings.COMMENTS_NEWEST_FIRST = True
    first, middle, last, *_ = threads
    response = client.get(article.get_absolute_url())
    assert shown_order(response)[:2] == [last.pk, middle.pk]
    assert '<option value="newest" selected>' in response.content.decode()


def test_an_unknown_sort_shows_the_usual_order_and_is_not_cached(client, article, threads):
    first, *_ = threads
    url = article.get_absolute_url() + "?csort=sideways"
    assert client.get(url).status_code == HTTPStatus.OK
    response = client.get(url)
    assert "X-Page-Cache" not in response
    assert shown_order(response)[0] == first.pk


def test_each_order_is_its_own_cached_page(article, threads):
    first, middle, last, *_ = threads
    visitor, other_visitor = Client(), Client()
    visitor.get(article.get_absolute_url() + "?csort=newest")
    hit = other_visitor.get(article.get_absolute_url() + "?csort=newest")
    assert hit["X-Page-Cache"] == "hit" and shown_order(hit)[0] == last.pk
    # The plain address is not one visitor's choice: still oldest first for the next.
    plain = other_visitor.get(article.get_absolute_url())
    assert shown_order(plain)[0] == first.pk
    assert "csort" not in visitor.cookies and "sessionid" not in visitor.cookies


def test_a_logged_in_readers_choice_is_kept(client, article, threads, reader):
    first, middle, *_ = threads
    client.force_login(reader)
    client.get(article.get_absolute_url() + "?csort=helpful")
    assert shown_order(client.get(article.get_absolute_url()))[0] == middle.pk
    client.get(article.get_absolute_url() + "?csort=oldest")
    assert shown_order(client.get(article.get_absolute_url()))[0] == first.pk


def test_pages_of_threads_keep_the_order(client, article, make_comment, settings):
    settings.COMMENTS_THREADS_PER_PAGE = 2
    now = timezone.now()
    made = [
        make_comment(article, body=f"Thread {n}", created_at=now - timedelta(hours=10 - n))
        for n in range(5)
    ]
    first_page = client.get(article.get_absolute_url() + "?csort=newest").content.decode()
    assert 'href="?cpage=2&amp;csort=newest#comments"' in first_page
    second = client.get(article.get_absolute_url() + "?cpage=2&csort=newest")
    assert shown_order(second) == [made[2].pk, made[1].pk]
    assert 'href="?cpage=1&amp;csort=newest#comments"' in second.content.decode()


def test_the_pinned_answer_stays_first_in_its_thread_in_every_order(
    client, article, make_comment, author, other_reader
):
    now = timezone.now()
    thread = make_comment(article, body="Question", created_at=now - timedelta(hours=5))
    early = make_comment(
        article,
        parent=thread,
        author=other_reader,
        body="Early",
        created_at=now - timedelta(hours=4),
    )
    answer = make_comment(
        article, parent=thread, author=author, body="Answer", created_at=now - timedelta(hours=3)
    )
    Comment.objects.filter(pk=early.pk).update(helpful_count=9)
    answer_pin(reply=answer, by=author)
    other = make_comment(article, body="Other", created_at=now - timedelta(hours=2))
    Comment.objects.filter(pk=other.pk).update(helpful_count=20)
    for query in ("?csort=oldest", "?csort=newest", "?csort=helpful"):
        order = shown_order(client.get(article.get_absolute_url() + query))
        assert order[order.index(thread.pk) + 1] == answer.pk, query


def test_the_permalink_finds_the_comment_in_the_readers_order(
    client, article, make_comment, reader, settings
):
    settings.COMMENTS_THREADS_PER_PAGE = 1
    now = timezone.now()
    old = make_comment(article, body="Old", created_at=now - timedelta(hours=3))
    make_comment(article, body="New", created_at=now - timedelta(hours=1))
    client.force_login(reader)
    client.get(article.get_absolute_url() + "?csort=newest")
    response = client.get(old.get_absolute_url())
    assert (
        response["Location"]
        == f"{article.get_absolute_url()}?cpage=2&csort=newest#comment-{old.pk}"
    )


def test_no_sort_form_for_a_single_thread(client, article, make_comment):
    first = make_comment(article, body="Only thread")
    make_comment(article, parent=first, body="A reply")
    assert "Show comments" not in client.get(article.get_absolute_url()).content.decode()
