"""Defects a review of the moderation work found, each with the test that failed first."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Suspension
from comments.models import Comment, Flag, Notification, ScreeningPhrase
from comments.services import (
    AlreadyDecided,
    comment_edit,
    comment_flag,
    comment_keep,
    comment_moderate,
)

pytestmark = pytest.mark.django_db

Kind = Notification.Kind


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://blog.example.org"


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(
        username="mo", email="mo@example.org", password="x" * 12, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def flaggers(django_user_model):
    return [
        django_user_model.objects.create_user(
            username=f"flagger{n}", email=f"f{n}@example.org", password="x" * 12
        )
        for n in range(4)
    ]


def test_an_edit_that_screening_holds_alerts_the_moderators(
    article, trusted_reader, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    ScreeningPhrase.objects.get_or_create(kind="red_flag", phrase="numb groin")
    comment = Comment.objects.filter(author=trusted_reader).get()
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now())  # editable
    comment.refresh_from_db()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment_edit(
            comment=comment, user=trusted_reader, body="Since last night I have a numb groin."
        )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING and comment.hold_priority == 10
    assert Notification.objects.filter(kind=Kind.HELD, recipient=moderator).exists()
    assert any("RED FLAG" in m.subject for m in mailoutbox)


def test_a_second_round_of_reports_after_keep_alerts_again(
    article, make_comment, other_reader, flaggers, moderator, settings, mailoutbox
):
    settings.COMMENTS_FLAGS_TO_HIDE = 2
    comment = make_comment(article, author=other_reader, body="Contested advice")
    for flagger in flaggers[:2]:
        comment_flag(comment=comment, user=flagger, reason="harmful")
    assert Comment.objects.get(pk=comment.pk).is_hidden
    first_round = Notification.objects.filter(kind=Kind.HIDDEN).count()
    assert first_round == 1
    Notification.objects.update(status=Notification.Status.SENT)  # delivered
    comment_keep(comment=comment, moderator=moderator)
    for flagger in flaggers[2:]:
        comment_flag(comment=comment, user=flagger, reason="harmful")
    assert Comment.objects.get(pk=comment.pk).is_hidden
    # The first round's alert was settled by the keep; the second round has its own.
    assert list(
        Notification.objects.filter(kind=Kind.HIDDEN, recipient=moderator).values_list(
            "status", flat=True
        )
    ) == [Notification.Status.QUEUED]


def test_keep_refuses_a_comment_removed_meanwhile(
    article, make_comment, other_reader, flaggers, moderator, settings
):
    settings.COMMENTS_FLAGS_TO_HIDE = 1
    comment = make_comment(article, author=other_reader, body="Removed meanwhile")
    comment_flag(comment=comment, user=flaggers[0], reason="harmful")
    comment_moderate(comment=comment, moderator=moderator, action="remove")
    with pytest.raises(AlreadyDecided):
        comment_keep(comment=comment, moderator=moderator, seen_hidden=True)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED and comment.is_hidden


def test_the_bulk_suspend_spares_staff_and_oneself(
    client, article, make_comment, other_reader, moderator, staff
):
    theirs = make_comment(article, author=other_reader, body="A reader's")
    staffs = make_comment(article, author=staff, body="Staff's")
    own = make_comment(article, author=moderator, body="Mine")
    client.force_login(moderator)
    client.post(
        "/admin/comments/comment/",
        {"action": "ban_authors", "_selected_action": [theirs.pk, staffs.pk, own.pk]},
    )
    assert set(Suspension.objects.values_list("user__username", flat=True)) == {"bo"}


def test_helpful_votes_are_rate_limited(client, article, make_comment, other_reader, settings):
    settings.COMMENTS_HELPFUL_RATE_LIMIT = "3/m"
    comment = make_comment(article, author=other_reader, body="Useful")
    client.force_login(article.author)
    statuses = [
        client.post(
            f"/comments/{comment.pk}/helpful/",
            {"on": "1" if n % 2 == 0 else "0"},
            HTTP_ACCEPT="application/json",
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


def test_the_comment_admin_page_costs_the_same_with_more_reports(
    client, article, make_comment, other_reader, flaggers, moderator, settings
):
    settings.COMMENTS_FLAGS_TO_HIDE = 99

    def page_queries(comment):
        client.force_login(moderator)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/admin/comments/comment/{comment.pk}/change/").status_code == 200
        return len(queries)

    one = make_comment(article, author=other_reader, body="Two reports")
    for flagger in flaggers[:2]:
        comment_flag(comment=one, user=flagger, reason="other")
    many = make_comment(article, author=other_reader, body="Many reports")
    for flagger in flaggers:
        comment_flag(comment=many, user=flagger, reason="other")
    page_queries(one)  # the first admin page warms per-process caches (content types)
    assert page_queries(many) == page_queries(one)
    assert Flag.objects.filter(comment=many).count() == 4
