"""Pinned answers: who may pin which reply, how it shows (first among the thread's replies,
labelled, listed at the top of the comments), unpinning, the audit log, and bad input
that changes nothing."""

import re
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from accounts.roles import MODERATORS
from caching.invalidation import PAGE, current_versions
from comments.models import Comment, ModerationEvent
from comments.pins import PinRefused, answer_pin, answer_unpin
from comments.services import comment_moderate

from .test_badges import PASSWORD, clinician, make_person, moderator  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(article, reader, author, clinician, other_reader, make_comment):  # noqa: F811
    """A reader's question with three replies: a reader's, the author's, the reviewer's."""
    question = make_comment(article, author=reader, body="Is walking really OK?")
    replies = {
        "reader": make_comment(article, author=other_reader, parent=question, body="I walk."),
        "author": make_comment(article, author=author, parent=question, body="Mostly, yes."),
        "clinician": make_comment(
            article, author=clinician, parent=question, body="Short walks, often."
        ),
    }
    return question, replies


def pinned(question):
    question.refresh_from_db()
    return question.answer_id


def order_of_replies(html, question):
    """The ids of the comments from `question` on, in page order."""
    ids = [int(pk) for pk in re.findall(r'<li class="comment [^"]*" id="comment-(\d+)"', html)]
    return ids[ids.index(question.pk) :]


def test_a_reviewer_pins_a_reply_and_it_shows_first_with_its_label(
    client,
    article,
    thread,
    clinician,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    question, replies = thread
    version = current_versions([PAGE(article.slug)])
    client.force_login(clinician)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/comments/{question.pk}/answer/", {"answer": replies["clinician"].pk}
        )
    assert response.status_code == HTTPStatus.FOUND
    assert pinned(question) == replies["clinician"].pk
    question.refresh_from_db()
    assert question.answer_pinned_by == clinician and question.answer_pinned_at
    event = ModerationEvent.objects.get(action=ModerationEvent.Action.PIN)
    assert event.comment == replies["clinician"] and event.moderator == clinician
    assert current_versions([PAGE(article.slug)]) != version  # the cached page is retired

    page = Client().get(article.get_absolute_url()).content.decode()
    assert order_of_replies(page, question)[:2] == [question.pk, replies["clinician"].pk]
    assert "Answer from a medical reviewer (Physiotherapist)" in page
    assert 'class="comment comment--depth-2 comment--answer"' in page
    # Listed at the top of the comments, linked to its place.
    top = page[page.index("Answers from our team") : page.index('<ol class="comment-list">')]
    assert f'href="#comment-{replies["clinician"].pk}"' in top
    assert "Is walking really OK?" in top and "Ines Calder" in top


def test_pin_buttons_show_only_to_those_allowed_and_only_on_badge_holders_replies(
    article,
    thread,
    reader,
    clinician,  # noqa: F811
):
    question, replies = thread
    as_reader = Client()
    as_reader.force_login(reader)
    assert "Pin as the thread" not in as_reader.get(article.get_absolute_url()).content.decode()
    assert "Pin as the thread" not in Client().get(article.get_absolute_url()).content.decode()

    as_reviewer = Client()
    as_reviewer.force_login(clinician)
    html = as_reviewer.get(article.get_absolute_url()).content.decode()
    forms = re.findall(
        r'<form class="comment__pin" method="post" action="([^"]+)">(.*?)</form>', html
    )
    assert {action for action, _ in forms} == {f"/comments/{question.pk}/answer/"}
    assert sorted(
        int(re.search(r'name="answer" value="(\d+)"', body).group(1)) for _, body in forms
    ) == sorted([replies["author"].pk, replies["clinician"].pk])
    assert all('name="csrfmiddlewaretoken"' in body for _, body in forms)


def test_pinning_needs_the_csrf_token(article, thread, clinician):  # noqa: F811
    question, replies = thread
    client = Client(enforce_csrf_checks=True)
    client.force_login(clinician)
    response = client.post(f"/comments/{question.pk}/answer/", {"answer": replies["author"].pk})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert pinned(question) is None

    html = client.get(article.get_absolute_url()).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    response = client.post(
        f"/comments/{question.pk}/answer/",
        {"answer": replies["author"].pk, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert pinned(question) == replies["author"].pk


def test_pinning_a_second_reply_replaces_the_first_and_both_are_logged(
    thread,
    author,
    clinician,  # noqa: F811
):
    question, replies = thread
    answer_pin(reply=replies["clinician"], by=clinician)
    answer_pin(reply=replies["author"], by=author, thread=question)
    assert pinned(question) == replies["author"].pk
    log = list(ModerationEvent.objects.order_by("id").values_list("action", "comment_id"))
    assert log == [
        ("pin", replies["clinician"].pk),
        ("unpin", replies["clinician"].pk),
        ("pin", replies["author"].pk),
    ]


def test_unpinning_puts_the_reply_back_in_its_place(
    client,
    article,
    thread,
    moderator,  # noqa: F811
    clinician,  # noqa: F811
):
    question, replies = thread
    answer_pin(reply=replies["clinician"], by=clinician)
    client.force_login(moderator)  # a moderator may unpin what a reviewer pinned
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'action="/comments/{question.pk}/answer/remove/"' in html
    response = client.post(f"/comments/{question.pk}/answer/remove/", follow=True)
    assert "Unpinned" in response.content.decode()
    assert pinned(question) is None
    event = ModerationEvent.objects.get(action=ModerationEvent.Action.UNPIN)
    assert event.comment == replies["clinician"] and event.moderator == moderator
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Answers from our team" not in html and "comment--answer" not in html
    assert order_of_replies(html, question)[:4] == [
        question.pk,
        replies["reader"].pk,
        replies["author"].pk,
        replies["clinician"].pk,
    ]


def test_unpinning_a_thread_without_an_answer_is_refused(thread, clinician):  # noqa: F811
    question, _ = thread
    with pytest.raises(PinRefused, match="no pinned answer"):
        answer_unpin(thread=question, by=clinician)
    assert not ModerationEvent.objects.exists()


# --- bad input: a clear error, nothing changes -------------------------------------------


@pytest.mark.parametrize(
    "case, message",
    [
        ("top-level", "first comment is the question"),
        ("held", "Only a published reply"),
        ("removed", "Only a published reply"),
        ("hidden", "Only a published reply"),
        ("deleted", "Only a published reply"),
        ("readers-reply", "Only a reply from the article’s author"),
        ("another-article", "on another article"),
        ("another-thread", "belongs to another thread"),
        ("already", "already pinned"),
    ],
)
def test_replies_that_cannot_be_pinned_are_refused_and_nothing_changes(
    client,
    make_article,
    article,
    thread,
    clinician,  # noqa: F811
    make_comment,
    case,
    message,
):
    question, replies = thread
    target, in_thread = replies["author"], question
    if case == "top-level":
        target = question
    elif case in ("held", "removed"):
        status = Comment.Status.PENDING if case == "held" else Comment.Status.REMOVED
        Comment.objects.filter(pk=target.pk).update(status=status)
    elif case == "hidden":
        Comment.objects.filter(pk=target.pk).update(is_hidden=True)
    elif case == "deleted":
        Comment.objects.filter(pk=target.pk).update(is_deleted=True)
    elif case == "readers-reply":
        target = replies["reader"]
    elif case == "another-article":
        elsewhere = make_article(title="Elsewhere", slug="elsewhere")
        in_thread = make_comment(elsewhere, body="A question elsewhere")
    elif case == "another-thread":
        in_thread = make_comment(article, body="Another question")
    elif case == "already":
        answer_pin(reply=target, by=clinician)
    before = (pinned(question), pinned(in_thread), ModerationEvent.objects.count())

    client.force_login(clinician)
    response = client.post(f"/comments/{in_thread.pk}/answer/", {"answer": target.pk}, follow=True)
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode()
    assert (pinned(question), pinned(in_thread), ModerationEvent.objects.count()) == before


@pytest.mark.parametrize("forged", ["999999", "abc", "", "-3", "1.5", "٣"])
def test_a_forged_reply_id_is_refused(client, thread, clinician, forged):  # noqa: F811
    question, _ = thread
    client.force_login(clinician)
    response = client.post(f"/comments/{question.pk}/answer/", {"answer": forged}, follow=True)
    assert "That reply does not exist: nothing was pinned." in response.content.decode()
    assert pinned(question) is None
    assert not ModerationEvent.objects.exists()


def test_a_forged_thread_id_is_not_found(client, thread, clinician):  # noqa: F811
    client.force_login(clinician)
    response = client.post("/comments/999999/answer/", {"answer": thread[1]["author"].pk})
    assert response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("who", ["reader", "other_author", "editor"])
def test_people_without_a_badge_on_the_article_cannot_pin(
    client,
    thread,
    reader,
    make_article,
    make_person,  # noqa: F811
    who,
):
    question, replies = thread
    if who == "reader":
        person = reader
    elif who == "other_author":  # the author of another article
        person = make_person("al", "Al Wu")
        make_article(title="Al's article", slug="als-article", author=person)
    else:
        person = make_person("ed", "Ed Itor", roles=["Editors"], is_staff=True)
    client.force_login(person)
    response = client.post(f"/comments/{question.pk}/answer/", {"answer": replies["author"].pk})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert "Only the article’s author, medical reviewers and moderators" in (
        response.content.decode()
    )
    with pytest.raises(PermissionDenied):
        answer_unpin(thread=question, by=person)
    assert pinned(question) is None
    assert not ModerationEvent.objects.exists()


def test_a_visitor_is_asked_to_log_in(client, thread):
    question, replies = thread
    response = client.post(f"/comments/{question.pk}/answer/", {"answer": replies["author"].pk})
    assert response.status_code == HTTPStatus.FOUND
    assert "/accounts/login/" in response["Location"]
    assert pinned(question) is None


def test_pinning_is_a_post(client, thread, clinician):  # noqa: F811
    question, replies = thread
    client.force_login(clinician)
    response = client.get(f"/comments/{question.pk}/answer/?answer={replies['author'].pk}")
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert pinned(question) is None


# --- a pin shows only while it holds -------------------------------------------------------


def test_an_answer_removed_later_or_whose_writer_lost_the_role_no_longer_shows(
    django_capture_on_commit_callbacks,
    article,
    thread,
    clinician,  # noqa: F811
    moderator,  # noqa: F811
):
    question, replies = thread
    answer_pin(reply=replies["clinician"], by=moderator)
    assert "Answers from our team" in Client().get(article.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # as the admin's user form does
        clinician.groups.clear()
        clinician.save()
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Answers from our team" not in html and "comment--answer" not in html

    with django_capture_on_commit_callbacks(execute=True):
        answer_pin(reply=replies["author"], by=moderator)
    assert (
        "Answer from the article’s author"
        in Client().get(article.get_absolute_url()).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        comment_moderate(comment=replies["author"], moderator=moderator, action="remove")
    html = Client().get(article.get_absolute_url()).content.decode()
    assert "Answers from our team" not in html and "comment--answer" not in html
    assert f'id="comment-{replies["author"].pk}"' not in html


def test_a_nested_answer_moves_up_and_says_what_it_answers(
    client,
    article,
    thread,
    reader,
    clinician,  # noqa: F811
    make_comment,
):
    question, replies = thread
    follow_up = make_comment(
        article, author=reader, parent=replies["reader"], body="And uphill walking?"
    )
    nested = make_comment(article, author=clinician, parent=follow_up, body="Gently, yes.")
    answer_pin(reply=nested, by=clinician, thread=question)
    html = Client().get(article.get_absolute_url()).content.decode()
    assert order_of_replies(html, question)[:2] == [question.pk, nested.pk]
    assert f'(in reply to <a href="#comment-{follow_up.pk}">Ada L</a>)' in html


def test_moderators_by_permission_may_pin(thread, make_person):  # noqa: F811
    question, replies = thread
    mod = make_person("mod", "Mod Person", roles=[MODERATORS])
    answer_pin(reply=replies["author"], by=mod)
    assert pinned(question) == replies["author"].pk
