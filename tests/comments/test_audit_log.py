"""The audit log and the suspensions in the admin, used by a moderator (a Moderators-group
account, not a superuser): rows in words, the "By moderator" filter, the CSV download,
suspending and lifting through the admin (each logged), and what it costs in queries."""

import csv
import io
import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import suspensions
from accounts.models import Suspension
from comments.admin_log import csv_cell
from comments.models import ModerationEvent
from comments.services import comment_moderate, commenter_suspend

pytestmark = pytest.mark.django_db

LOG = "/admin/comments/moderationevent/"
SUSPENSIONS = "/admin/accounts/suspension/"


@pytest.fixture
def moderator(role_user):
    return role_user("mo", "Moderators", display_name="Mo Reyes")


@pytest.fixture
def second_moderator(role_user):
    return role_user("kit", "Moderators", display_name="Kit Obi")


def filter_choices(html):
    """The names the "By moderator" filter offers."""
    return re.findall(r'<a href="\?moderator=\d+"[^>]*>([^<]+)</a>', html)


def test_rows_name_the_comment_article_action_and_person(
    client, moderator, article, make_comment, other_reader
):
    comment = make_comment(article, body="Walking every day eased my leg pain a lot.")
    comment_moderate(comment=comment, moderator=moderator, action="remove", note="Off topic")
    commenter_suspend(
        user=other_reader, moderator=moderator, duration=timedelta(days=7), reason="Rude"
    )
    client.force_login(moderator)
    response = client.get(LOG)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert f'href="/admin/comments/comment/{comment.pk}/change/"' in html
    assert "Walking every day eased my leg pain a lot." in html
    assert f'href="{article.get_absolute_url()}">Easing sciatica</a>' in html
    assert "Removed" in html and "Suspended the author" in html
    assert "Mo Reyes" in html and "Bo" in html and "Off topic" in html


def test_the_moderator_filter_lists_only_those_who_acted(
    client, moderator, second_moderator, article, make_comment, reader, other_reader
):
    first = make_comment(article, body="One")
    second = make_comment(article, body="Two")
    comment_moderate(comment=first, moderator=moderator, action="remove")
    comment_moderate(comment=second, moderator=second_moderator, action="spam")
    client.force_login(moderator)
    html = client.get(LOG).content.decode()
    assert sorted(filter_choices(html)) == ["Kit Obi", "Mo Reyes"]  # no readers
    filtered = client.get(LOG, {"moderator": second_moderator.pk}).content.decode()
    assert "Marked as spam" in filtered and "Removed</td>" not in filtered


def test_the_changelist_costs_the_same_queries_for_few_and_many_rows(
    client, moderator, article, make_comment, reader, other_reader
):
    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(LOG).status_code == HTTPStatus.OK
        return len(context.captured_queries)

    client.force_login(moderator)
    comment_moderate(
        comment=make_comment(article, body="First"), moderator=moderator, action="remove"
    )
    few = count()
    for number in range(12):
        comment = make_comment(article, body=f"Comment {number}")
        comment_moderate(comment=comment, moderator=moderator, action="spam")
        commenter_suspend(user=reader, moderator=moderator, reason=f"Reason {number}")
    assert count() == few


def test_csv_download_has_the_filtered_rows_and_no_formulas(
    client, moderator, second_moderator, article, make_comment
):
    risky = make_comment(article, body='=HYPERLINK("http://evil.example","click")')
    comment_moderate(comment=risky, moderator=moderator, action="spam", note="+1 spam wave")
    comment_moderate(
        comment=make_comment(article, body="Other"), moderator=second_moderator, action="remove"
    )
    client.force_login(moderator)
    listing = client.get(LOG, {"moderator": moderator.pk}).content.decode()
    assert f'href="/admin/comments/moderationevent/csv/?moderator={moderator.pk}"' in listing
    response = client.get(f"{LOG}csv/", {"moderator": moderator.pk})
    assert response.status_code == HTTPStatus.OK and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "When (UTC)"
    assert len(rows) == 2  # the header and the one filtered row
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Moderator"] == "Mo Reyes" and row["Action"] == "Marked as spam"
    assert row["Comment"].startswith("'=HYPERLINK")
    assert row["Note"] == "'+1 spam wave"
    assert row["Article"] == "Easing sciatica"


@pytest.mark.parametrize(
    ("value", "written"),
    [("=1+2", "'=1+2"), ("+44", "'+44"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"), ("ok", "ok")],
)
def test_csv_cells_that_would_run_as_formulas_are_quoted(value, written):
    assert csv_cell(value) == written


# Suspensions in the admin


def test_a_moderator_suspends_through_the_admin_and_it_is_logged(client, moderator, other_reader):
    client.force_login(moderator)
    form = client.get(f"{SUSPENSIONS}add/")
    assert form.status_code == HTTPStatus.OK
    html = form.content.decode()
    assert "admin-autocomplete" in html and "24 hours" in html and "Permanent" in html
    lookup = client.get(
        "/admin/autocomplete/",
        {"term": "bo", "app_label": "accounts", "model_name": "suspension", "field_name": "user"},
    )
    assert lookup.status_code == HTTPStatus.OK
    assert [r["text"] for r in lookup.json()["results"]] == ["Bo"]
    response = client.post(
        f"{SUSPENSIONS}add/",
        {"user": other_reader.pk, "duration": "30d", "reason": "Repeated unsafe advice"},
    )
    assert response.status_code == HTTPStatus.FOUND
    suspension = suspensions.current(other_reader)
    assert suspension.reason == "Repeated unsafe advice"
    assert suspension.ends_at - suspension.starts_at == timedelta(days=30)
    event = ModerationEvent.objects.get()
    assert (event.action, event.subject, event.moderator) == ("suspend", other_reader, moderator)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"duration": "7d", "reason": "Rude"}, "This field is required."),
        ({"user": "bo", "duration": "1y", "reason": "Rude"}, "Select a valid choice."),
        ({"user": "bo", "duration": "7d", "reason": ""}, "This field is required."),
        ({"user": "999999", "duration": "7d", "reason": "Rude"}, "Select a valid choice."),
    ],
)
def test_bad_input_on_the_add_form_suspends_nobody(client, moderator, other_reader, data, error):
    client.force_login(moderator)
    if data.get("user") == "bo":
        data = {**data, "user": other_reader.pk}
    response = client.post(f"{SUSPENSIONS}add/", data)
    assert response.status_code == HTTPStatus.OK
    assert error in response.content.decode()
    assert not Suspension.objects.exists() and not ModerationEvent.objects.exists()


def test_a_moderator_cannot_suspend_themselves_or_staff(client, moderator, staff):
    client.force_login(moderator)
    for person, error in ((moderator, "cannot suspend yourself"), (staff, "Staff accounts")):
        response = client.post(
            f"{SUSPENSIONS}add/", {"user": person.pk, "duration": "24h", "reason": "x"}
        )
        assert error in response.content.decode()
    assert not Suspension.objects.exists()


def test_the_list_shows_ends_and_state_and_filters_in_force(
    client, moderator, reader, other_reader
):
    commenter_suspend(user=reader, moderator=moderator, reason="Permanent one")
    Suspension.objects.create(
        user=other_reader,
        reason="Old one",
        starts_at=timezone.now() - timedelta(days=8),
        ends_at=timezone.now() - timedelta(days=1),
        created_by=moderator,
    )
    client.force_login(moderator)
    html = client.get(SUSPENSIONS).content.decode()
    assert "permanent" in html and "In force" in html and "Ended" in html
    in_force = client.get(SUSPENSIONS, {"state": "in_force"}).content.decode()
    assert "Permanent one" in in_force and "Old one" not in in_force
    assert "Delete selected" not in html


def test_lift_now_from_the_page_and_the_action_is_logged_once(
    client, moderator, reader, other_reader
):
    first = commenter_suspend(user=reader, moderator=moderator, reason="Rude")
    commenter_suspend(user=other_reader, moderator=moderator, reason="Spam")
    client.force_login(moderator)
    page = client.get(f"{SUSPENSIONS}{first.pk}/change/").content.decode()
    assert "Lift now" in page and 'name="_save"' not in page
    lift = f"{SUSPENSIONS}{first.pk}/lift/"
    assert client.post(lift).status_code == HTTPStatus.FOUND
    again = client.post(lift, follow=True).content.decode()  # a double click
    assert "Nothing was changed" in again
    assert suspensions.current(reader) is None
    response = client.post(
        SUSPENSIONS,
        {
            "action": "lift_now",
            "_selected_action": [s.pk for s in Suspension.objects.filter(user=other_reader)],
        },
    )
    assert response.status_code == HTTPStatus.FOUND
    assert suspensions.current(other_reader) is None
    assert ModerationEvent.objects.filter(action="lift").count() == 2
    assert client.get(lift).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_suspensions_are_not_deleted_by_hand(client, moderator, reader):
    suspension = commenter_suspend(user=reader, moderator=moderator, reason="Rude")
    client.force_login(moderator)
    assert client.post(f"{SUSPENSIONS}{suspension.pk}/delete/").status_code == 403
    assert Suspension.objects.filter(pk=suspension.pk).exists()


def test_the_user_admin_shows_a_persons_suspension(client, moderator, reader):
    commenter_suspend(
        user=reader, moderator=moderator, duration=timedelta(hours=24), reason="Cooling off"
    )
    client.force_login(moderator)
    listing = client.get("/admin/accounts/user/").content.decode()
    assert "Suspended" in listing
    page = client.get(f"/admin/accounts/user/{reader.pk}/change/").content.decode()
    assert "In force, until" in page and "Cooling off" in page


def test_moderators_and_editors_keep_the_screening_phrases(role_user, moderator):
    editor = role_user("ed", "Editors")
    for person in (moderator, editor):
        for verb in ("view", "add", "change", "delete"):
            assert person.has_perm(f"comments.{verb}_screeningphrase")
    for verb in ("view", "add", "change"):
        assert moderator.has_perm(f"accounts.{verb}_suspension")
    assert not moderator.has_perm("accounts.delete_suspension")
