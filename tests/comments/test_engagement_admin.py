"""Helpful votes and follows in the back office (comments/admin_engagement.py): moderators
list them, filter by article, search by person; helpful votes are read only, follows can be
deleted; other staff without the permission are kept out."""

import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.roles import EDITORS, MODERATORS
from comments.following import follow_create
from comments.helpful import helpful_cast
from comments.models import Comment, Follow, HelpfulVote

from .test_badges import make_person  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

VOTES = "/admin/comments/helpfulvote/"
FOLLOWS = "/admin/comments/follow/"


@pytest.fixture
def moderator(make_person):  # noqa: F811
    return make_person("mo", "Mo Reyes", roles=[MODERATORS], is_staff=True)


@pytest.fixture
def as_moderator(moderator):
    client = Client()
    client.force_login(moderator)
    return client


@pytest.fixture
def two_articles(article, make_article, make_comment, reader, other_reader):
    """On each article a comment by Ada, found helpful by Bo; Bo follows the first
    article's comments and Ada follows the thread of her comment on the second."""
    second = make_article(title="Sitting with a sore back", slug="sitting")
    first_comment = make_comment(article, author=reader, body="Short walks helped me most.")
    second_comment = make_comment(second, author=reader, body="A rolled towel at my desk.")
    helpful_cast(user=other_reader, comment=first_comment)
    helpful_cast(user=other_reader, comment=second_comment)
    follow_create(user=other_reader, article=article)
    follow_create(user=reader, article=second, thread=second_comment)
    return article, second


def people(html):
    """The Person column of the list, row by row."""
    return re.findall(r'<td class="field-person">([^<]*) <small>', html)


def test_a_moderator_lists_helpful_votes_filtered_by_article_and_searched_by_person(
    as_moderator, two_articles, other_reader
):
    article, second = two_articles
    html = as_moderator.get(VOTES).content.decode()
    assert "Short walks helped me most." in html and "A rolled towel at my desk." in html
    assert "Bo <small>(bo)</small>" in html
    assert "Easing sciatica" in html and "Sitting with a sore back" in html

    html = as_moderator.get(VOTES, {"comment__article__id__exact": second.pk}).content.decode()
    assert "A rolled towel at my desk." in html
    assert "Short walks helped me most." not in html

    html = as_moderator.get(VOTES, {"q": "bo@example.org"}).content.decode()
    assert people(html) == ["Bo", "Bo"]
    html = as_moderator.get(VOTES, {"q": "ada"}).content.decode()
    assert people(html) == []  # Ada wrote the comments; she voted for none


def test_helpful_votes_are_read_only_even_for_moderators(as_moderator, two_articles):
    vote = HelpfulVote.objects.first()
    html = as_moderator.get(VOTES).content.decode()
    assert 'name="action"' not in html  # no "Delete selected"
    assert "Add helpful vote" not in html
    page = as_moderator.get(f"{VOTES}{vote.pk}/change/")
    assert page.status_code == HTTPStatus.OK
    assert 'name="_save"' not in page.content.decode()
    assert as_moderator.get(f"{VOTES}add/").status_code == HTTPStatus.FORBIDDEN
    response = as_moderator.post(f"{VOTES}{vote.pk}/delete/", {"post": "yes"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    as_moderator.post(
        VOTES, {"action": "delete_selected", "_selected_action": [vote.pk], "post": "yes"}
    )
    assert HelpfulVote.objects.count() == 2
    assert list(Comment.objects.values_list("helpful_count", flat=True)) == [1, 1]


def test_a_moderator_lists_follows_by_article_and_kind_and_searches_by_person(
    as_moderator, two_articles
):
    article, second = two_articles
    html = as_moderator.get(FOLLOWS).content.decode()
    assert "All comments on the article" in html
    assert "The thread of" in html and "A rolled towel at my desk." in html

    html = as_moderator.get(FOLLOWS, {"article__id__exact": article.pk}).content.decode()
    assert "All comments on the article" in html and "The thread of" not in html
    html = as_moderator.get(FOLLOWS, {"kind": "thread"}).content.decode()
    assert "The thread of" in html and "All comments on the article" not in html
    html = as_moderator.get(FOLLOWS, {"q": "Ada L"}).content.decode()
    assert people(html) == ["Ada L"]


def test_a_moderator_deletes_a_follow_and_the_person_is_no_longer_following(
    as_moderator, two_articles, other_reader
):
    article, _ = two_articles
    follow = Follow.objects.get(user=other_reader)
    confirm = as_moderator.post(
        FOLLOWS, {"action": "delete_selected", "_selected_action": [follow.pk]}
    )
    assert "Are you sure" in confirm.content.decode()
    response = as_moderator.post(
        FOLLOWS,
        {"action": "delete_selected", "_selected_action": [follow.pk], "post": "yes"},
        follow=True,
    )
    assert "Successfully deleted 1 follow" in response.content.decode()
    assert not Follow.objects.filter(user=other_reader).exists()
    assert Follow.objects.count() == 1  # Ada's follow of her thread stays
    # Follows are not changed or added by hand.
    remaining = Follow.objects.get()
    page = as_moderator.get(f"{FOLLOWS}{remaining.pk}/change/").content.decode()
    assert 'name="_save"' not in page
    assert as_moderator.get(f"{FOLLOWS}add/").status_code == HTTPStatus.FORBIDDEN


def test_the_admin_index_offers_both_to_moderators(as_moderator):
    html = as_moderator.get("/admin/").content.decode()
    assert f'href="{VOTES}"' in html and f'href="{FOLLOWS}"' in html


@pytest.mark.parametrize("page", [VOTES, FOLLOWS])
def test_staff_without_the_permission_are_kept_out(client, make_person, two_articles, page):  # noqa: F811
    editor = make_person("ed", "Ed Itor", roles=[EDITORS], is_staff=True)
    client.force_login(editor)
    assert client.get(page).status_code == HTTPStatus.FORBIDDEN
    # The model's own view permission is enough, without the moderators' one.
    model = "helpfulvote" if page == VOTES else "follow"
    editor.user_permissions.add(Permission.objects.get(codename=f"view_{model}"))
    editor = type(editor).objects.get(pk=editor.pk)  # permissions read afresh
    client.force_login(editor)
    assert client.get(page).status_code == HTTPStatus.OK


@pytest.mark.parametrize("page", [VOTES, FOLLOWS])
def test_the_lists_cost_the_same_with_more_rows(
    as_moderator,
    two_articles,
    make_person,  # noqa: F811
    django_assert_max_num_queries,
    page,
):
    as_moderator.get(page)  # warm: session, permissions, content types
    with CaptureQueriesContext(connection) as few:
        as_moderator.get(page)
    article, second = two_articles
    for number in range(6):
        person = make_person(f"p{number}", f"Person {number}")
        for comment in Comment.objects.all():
            helpful_cast(user=person, comment=comment)
        follow_create(user=person, article=second)
    with django_assert_max_num_queries(len(few.captured_queries)):
        as_moderator.get(page)
