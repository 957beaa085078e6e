"""A suspended person pins and unpins nothing (comments/pins.py): told why, nothing changes;
once the suspension is lifted they may again."""

from datetime import timedelta
from http import HTTPStatus

import pytest

from accounts import suspensions
from accounts.roles import MODERATORS, REVIEWERS
from comments.models import ModerationEvent
from comments.pins import PinRefused, answer_pin, answer_unpin

from .test_badges import make_person, moderator  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(make_person):  # noqa: F811
    """A medical reviewer who is not staff."""
    return make_person("ines", "Ines Calder", roles=[REVIEWERS], profession="Physiotherapist")


@pytest.fixture
def thread(article, reader, author, reviewer, make_comment):
    question = make_comment(article, author=reader, body="Is walking really OK?")
    answer = make_comment(article, author=reviewer, parent=question, body="Short walks, often.")
    also = make_comment(article, author=author, parent=question, body="Mostly, yes.")
    return question, answer, also


def suspend(person, by, **fields):
    fields.setdefault("duration", timedelta(days=7))
    fields.setdefault("reason", "Rude replies to readers")
    return suspensions.suspend(user=person, by=by, **fields)


def pinned(question):
    question.refresh_from_db()
    return question.answer_id


@pytest.mark.parametrize("who", ["reviewer", "moderator"])
def test_a_suspended_person_cannot_pin_and_is_told_why(
    client,
    request,
    article,
    thread,
    staff,
    who,
    moderator,  # noqa: F811
):
    person = request.getfixturevalue(who)
    question, answer, _ = thread
    suspend(person, staff)
    client.force_login(person)
    response = client.post(f"/comments/{question.pk}/answer/", {"answer": answer.pk}, follow=True)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert (
        "Nothing was changed: you cannot pin or unpin answers while your account is suspended."
        in html
    )
    assert "Rude replies to readers" in html  # the moderators' reason
    assert "Pinned:" not in html
    assert pinned(question) is None
    assert not ModerationEvent.objects.filter(action=ModerationEvent.Action.PIN).exists()


def test_a_suspended_person_cannot_unpin(client, thread, reviewer, moderator, staff):  # noqa: F811
    question, answer, _ = thread
    answer_pin(reply=answer, by=moderator)
    suspend(reviewer, staff, duration=None, reason="")
    client.force_login(reviewer)
    response = client.post(f"/comments/{question.pk}/answer/remove/", follow=True)
    html = response.content.decode()
    assert "you cannot pin or unpin answers while your account is suspended" in html
    assert "Unpinned" not in html
    assert pinned(question) == answer.pk
    assert not ModerationEvent.objects.filter(action=ModerationEvent.Action.UNPIN).exists()


def test_the_rule_is_in_the_service_and_ends_with_the_suspension(thread, make_person, staff):  # noqa: F811
    question, answer, also = thread
    mod = make_person("mod", "Mod Person", roles=[MODERATORS])
    suspend(mod, staff)
    with pytest.raises(PinRefused, match="while your account is suspended"):
        answer_pin(reply=answer, by=mod)
    assert pinned(question) is None

    suspensions.lift(user=mod, by=staff)
    answer_pin(reply=answer, by=mod)
    assert pinned(question) == answer.pk
    suspend(mod, staff)
    with pytest.raises(PinRefused, match="while your account is suspended"):
        answer_unpin(thread=question, by=mod)
    with pytest.raises(PinRefused, match="while your account is suspended"):
        answer_pin(reply=also, by=mod)
    assert pinned(question) == answer.pk


def test_a_suspended_reviewer_is_offered_no_pin_button(client, article, thread, reviewer, staff):
    client.force_login(reviewer)
    assert "/answer/" in client.get(article.get_absolute_url()).content.decode()
    suspend(reviewer, staff)
    page = client.get(article.get_absolute_url()).content.decode()
    assert "/answer/" not in page
