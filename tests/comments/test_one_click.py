"""One-click decisions: the comment's admin page, the queue's row buttons, the signed links
in moderators' emails, and the queue's order and columns."""

import re
import time
from datetime import timedelta
from html import unescape
from http import HTTPStatus
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Suspension
from comments import actions
from comments.models import Comment, Flag, ModerationEvent

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"


@pytest.fixture
def moderator(role_user):
    return role_user("mo", "Moderators")


@pytest.fixture
def second_moderator(role_user):
    return role_user("mina", "Moderators")


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


def page_url(comment):
    return f"{QUEUE}{comment.pk}/change/"


def decide_url(comment):
    return f"{QUEUE}{comment.pk}/decide/"


def seen(comment, **extra):
    return {
        "seen_status": comment.status,
        "seen_hidden": int(comment.is_hidden),
        "next": page_url(comment),
        **extra,
    }


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def report(comment, users, state=Flag.State.OPEN):
    for user in users:
        Flag.objects.create(comment=comment, user=user, reason=Flag.Reason.HARMFUL, state=state)


# --- the comment's page ------------------------------------------------------------------


def test_the_page_offers_what_fits_a_held_comment_and_says_why_it_was_held(
    mod_client, article, make_comment
):
    comment = make_comment(
        article,
        status=Comment.Status.PENDING,
        held_reason="possible unsafe health advice",
        body="Just double the dose.",
    )
    html = mod_client.get(page_url(comment)).content.decode()
    buttons = re.findall(r'name="decision" value="(\w+)"', html)
    assert buttons == ["approve", "spam", "remove", "suspend"]
    assert "Why held:</strong> possible unsafe health advice" in html
    assert 'name="seen_status" value="pending"' in html
    # Titled with the article's title, not its id ("… on 1: …").
    title = re.search(r"<title>(.*?)</title>", html, re.S)[1]
    assert f"on “{article.title}”: Just double the dose." in unescape(title)


def test_a_removed_comment_offers_only_restore_and_suspend(mod_client, article, make_comment):
    comment = make_comment(article, status=Comment.Status.REMOVED)
    html = mod_client.get(page_url(comment)).content.decode()
    assert re.findall(r'name="decision" value="(\w+)"', html) == ["restore", "suspend"]


@pytest.mark.parametrize(
    ("decision", "start", "end"),
    [
        ("approve", Comment.Status.PENDING, Comment.Status.APPROVED),
        ("restore", Comment.Status.REMOVED, Comment.Status.APPROVED),
        ("restore", Comment.Status.SPAM, Comment.Status.APPROVED),
    ],
)
def test_a_safe_decision_acts_at_once_and_comes_back_with_a_message(
    mod_client, moderator, article, make_comment, decision, start, end
):
    comment = make_comment(article, status=start)
    response = mod_client.post(decide_url(comment), {"decision": decision, **seen(comment)})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == page_url(comment)
    comment.refresh_from_db()
    assert comment.status == end
    event = ModerationEvent.objects.get(comment=comment)
    assert event.moderator == moderator
    assert any("on the site" in message for message in messages_of(response))


@pytest.mark.parametrize(
    ("decision", "end"), [("spam", Comment.Status.SPAM), ("remove", Comment.Status.REMOVED)]
)
def test_a_destructive_decision_asks_first_and_acts_once_confirmed(
    mod_client, article, make_comment, other_reader, decision, end
):
    comment = make_comment(article)
    report(comment, [other_reader])
    first = mod_client.post(decide_url(comment), {"decision": decision, **seen(comment)})
    assert first.status_code == HTTPStatus.OK
    html = first.content.decode()
    assert "Replies to it stay" in html or "It leaves the site" in html
    assert 'name="confirmed" value="yes"' in html
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert not ModerationEvent.objects.exists()

    confirmed = mod_client.post(
        decide_url(comment), {"decision": decision, "confirmed": "yes", **seen(comment)}
    )
    assert confirmed.status_code == HTTPStatus.FOUND
    comment.refresh_from_db()
    assert comment.status == end
    assert Flag.objects.get(comment=comment).state == Flag.State.REMOVED


def test_keep_closes_the_open_reports_and_shows_the_comment_again(
    mod_client, article, make_comment, other_reader, author
):
    comment = make_comment(article, is_hidden=True)
    report(comment, [other_reader, author])
    html = mod_client.get(page_url(comment)).content.decode()
    assert "2 open reports" in html
    response = mod_client.post(decide_url(comment), {"decision": "keep", **seen(comment)})
    comment.refresh_from_db()
    assert not comment.is_hidden
    assert set(Flag.objects.values_list("state", flat=True)) == {Flag.State.KEPT}
    assert any("2 report(s) marked reviewed" in m for m in messages_of(response))
    event = ModerationEvent.objects.get(comment=comment)
    assert event.action == ModerationEvent.Action.REVIEWED


def test_suspending_the_poster_from_the_page_confirms_then_suspends_with_the_reason(
    mod_client, moderator, article, make_comment, reader
):
    comment = make_comment(article)
    ask = {"decision": "suspend", "duration": "7d", "reason": "Repeated unsafe advice."}
    first = mod_client.post(decide_url(comment), {**ask, "next": page_url(comment)})
    html = first.content.decode()
    assert first.status_code == HTTPStatus.OK
    assert 'name="seen_suspension" value="0"' in html
    assert 'value="Repeated unsafe advice."' in html
    assert not Suspension.objects.exists()

    done = mod_client.post(
        decide_url(comment),
        {**ask, "confirmed": "yes", "seen_suspension": "0", "next": page_url(comment)},
    )
    assert done.status_code == HTTPStatus.FOUND
    suspension = Suspension.objects.get(user=reader)
    assert suspension.reason == "Repeated unsafe advice."
    assert timedelta(days=6, hours=23) < suspension.ends_at - timezone.now() <= timedelta(days=7)
    assert ModerationEvent.objects.get(action=ModerationEvent.Action.SUSPEND).subject == reader

    # The same confirmation sent again (a double click): refused, nothing more written.
    again = mod_client.post(
        decide_url(comment),
        {**ask, "confirmed": "yes", "seen_suspension": "0", "next": page_url(comment)},
    )
    assert again.status_code == HTTPStatus.FOUND
    assert any("Nothing was changed" in m for m in messages_of(again))
    assert Suspension.objects.count() == 1
    assert ModerationEvent.objects.filter(action=ModerationEvent.Action.SUSPEND).count() == 1


@pytest.mark.parametrize(
    ("duration", "reason", "says"),
    [
        ("7d", "   ", "Give a reason"),
        ("forever-ish", "Spam", "Choose how long"),
        ("24h", "x" * 301, "300 characters"),
    ],
)
def test_a_suspension_without_a_length_or_reason_is_asked_again(
    mod_client, article, make_comment, duration, reason, says
):
    comment = make_comment(article)
    response = mod_client.post(
        decide_url(comment),
        {
            "decision": "suspend",
            "duration": duration,
            "reason": reason,
            "confirmed": "yes",
            "seen_suspension": "0",
        },
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert says in response.content.decode()
    assert not Suspension.objects.exists()
    assert not ModerationEvent.objects.exists()


def test_a_comment_without_an_account_offers_no_suspension(mod_client, article, make_comment):
    comment = make_comment(article, author=None, author_name="Imported Ian")
    html = mod_client.get(page_url(comment)).content.decode()
    assert 'value="suspend"' not in html
    response = mod_client.post(
        decide_url(comment),
        {"decision": "suspend", "duration": "7d", "reason": "x", "confirmed": "yes",
         "seen_suspension": "0"},
    )  # fmt: skip
    assert "nobody to suspend" in response.content.decode()
    assert not Suspension.objects.exists()


# --- double clicks, other moderators, bad input -----------------------------------------


def test_a_double_click_acts_once_and_says_so(mod_client, article, make_comment):
    comment = make_comment(article, status=Comment.Status.PENDING)
    data = {"decision": "approve", **seen(comment)}
    mod_client.post(decide_url(comment), data)
    second = mod_client.post(decide_url(comment), data)
    assert second.status_code == HTTPStatus.FOUND
    message = messages_of(second)[-1]
    assert message.startswith("Nothing was changed")
    assert "now approved (approved by mo)" in message
    assert ModerationEvent.objects.filter(comment=comment).count() == 1


def test_a_decision_on_a_comment_another_moderator_decided_changes_nothing(
    client, moderator, second_moderator, article, make_comment
):
    comment = make_comment(article, status=Comment.Status.PENDING)
    client.force_login(moderator)
    html = client.get(page_url(comment)).content.decode()  # what the first one sees
    assert 'name="seen_status" value="pending"' in html
    other = Client()
    other.force_login(second_moderator)
    other.post(decide_url(comment), {"decision": "remove", "confirmed": "yes", **seen(comment)})

    response = client.post(decide_url(comment), {"decision": "approve", **seen(comment)})
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    assert "removed by mina" in messages_of(response)[-1]
    assert ModerationEvent.objects.filter(comment=comment).count() == 1


def test_keep_twice_logs_once(mod_client, article, make_comment, other_reader):
    comment = make_comment(article)
    report(comment, [other_reader])
    data = {"decision": "keep", **seen(comment)}
    mod_client.post(decide_url(comment), data)
    second = mod_client.post(decide_url(comment), data)
    assert "Nothing was changed" in messages_of(second)[-1]
    assert ModerationEvent.objects.filter(comment=comment).count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"decision": "publish-everything", "seen_status": "pending", "seen_hidden": "0"},
        {"decision": "approve"},
        {"decision": "approve", "seen_status": "maybe", "seen_hidden": "0"},
        {"decision": "approve", "seen_status": "pending", "seen_hidden": "perhaps"},
    ],
)
def test_bad_input_changes_nothing(mod_client, article, make_comment, data):
    comment = make_comment(article, status=Comment.Status.PENDING)
    response = mod_client.post(decide_url(comment), data)
    assert response.status_code == HTTPStatus.FOUND
    assert "nothing was changed" in messages_of(response)[0].lower()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not ModerationEvent.objects.exists()


def test_next_to_another_site_is_ignored(mod_client, article, make_comment):
    comment = make_comment(article, status=Comment.Status.PENDING)
    response = mod_client.post(
        decide_url(comment),
        {"decision": "approve", **seen(comment, next="https://evil.example/phish")},
    )
    assert response["Location"] == page_url(comment)


def test_a_get_acts_on_nothing(mod_client, article, make_comment):
    comment = make_comment(article, status=Comment.Status.PENDING)
    response = mod_client.get(decide_url(comment), {"decision": "approve"})
    assert response.status_code == HTTPStatus.FOUND
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_decisions_need_a_csrf_token(moderator, article, make_comment):
    comment = make_comment(article, status=Comment.Status.PENDING)
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    response = client.post(decide_url(comment), {"decision": "approve", **seen(comment)})
    assert response.status_code == HTTPStatus.FORBIDDEN
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_staff_without_the_moderation_permission_cannot_decide(
    client, role_user, article, make_comment
):
    editor = role_user("ed", "Editors")
    editor.user_permissions.add(
        Permission.objects.get(codename="view_comment", content_type__app_label="comments")
    )
    comment = make_comment(article, status=Comment.Status.PENDING)
    client.force_login(editor)
    assert 'name="decision"' not in client.get(page_url(comment)).content.decode()
    response = client.post(decide_url(comment), {"decision": "approve", **seen(comment)})
    assert response.status_code == HTTPStatus.FORBIDDEN
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_readers_are_sent_to_the_admin_login(client, reader, article, make_comment):
    comment = make_comment(article, status=Comment.Status.PENDING)
    client.force_login(reader)
    response = client.post(decide_url(comment), {"decision": "approve", **seen(comment)})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/admin/login/")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


# --- the queue ----------------------------------------------------------------------------


def row_buttons(html, comment):
    """{decision: formaction} of a row's buttons."""
    found = re.findall(
        rf'formaction="({QUEUE}{comment.pk}/decide/\?[^"]*)" formmethod="post" '
        r'name="decision" value="(\w+)"',
        html,
    )
    return {decision: unescape(url) for url, decision in found}


def test_row_buttons_fit_the_state_and_carry_what_was_seen(
    mod_client, article, make_comment, other_reader
):
    held = make_comment(article, status=Comment.Status.PENDING, body="Held one")
    reported = make_comment(article, body="Reported one", is_hidden=True)
    report(reported, [other_reader])
    quiet = make_comment(article, body="Quiet one")
    removed = make_comment(article, body="Gone one", status=Comment.Status.REMOVED)
    html = mod_client.get(QUEUE, {"status__exact": "pending"}).content.decode()
    assert list(row_buttons(html, held)) == ["approve", "spam", "remove", "suspend"]
    html = mod_client.get(QUEUE).content.decode()
    assert list(row_buttons(html, reported)) == ["keep", "spam", "remove", "suspend"]
    assert list(row_buttons(html, quiet)) == ["spam", "remove"]
    assert list(row_buttons(html, removed)) == ["restore"]
    query = parse_qs(urlsplit(row_buttons(html, reported)["keep"]).query)
    assert query == {"seen_status": ["approved"], "seen_hidden": ["1"], "next": [QUEUE]}
    assert "<form" not in html.split('id="changelist-form"', 1)[1].split("</form>", 1)[0]


def test_a_row_button_decides_and_comes_back_to_the_filtered_queue(
    mod_client, article, make_comment
):
    held = make_comment(article, status=Comment.Status.PENDING, body="Held one")
    filtered = f"{QUEUE}?status__exact=pending"
    html = mod_client.get(filtered).content.decode()
    target = row_buttons(html, held)["approve"]
    # The browser sends the whole queue form (its action select and checkboxes too).
    response = mod_client.post(target, {"decision": "approve", "action": "", "index": "0"})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == filtered
    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED

    target_remove = target.replace("seen_status=pending", "seen_status=approved")
    confirm = mod_client.post(target_remove, {"decision": "remove"})
    assert 'name="next" value="/admin/comments/comment/?status__exact=pending"' in (
        confirm.content.decode()
    )


def test_the_queue_puts_pending_by_priority_then_hidden_then_newest_and_counts_open_reports(
    mod_client, article, make_comment, other_reader, author
):
    now = timezone.now()
    old_approved = make_comment(article, body="Old approved", created_at=now - timedelta(days=3))
    hidden = make_comment(
        article, body="Hidden one", is_hidden=True, created_at=now - timedelta(days=2)
    )
    report(hidden, [other_reader])
    report(hidden, [author], state=Flag.State.KEPT)  # reviewed earlier: not counted
    plain = make_comment(
        article, body="Plain pending", status=Comment.Status.PENDING, created_at=now
    )
    urgent = make_comment(
        article,
        body="Urgent pending",
        status=Comment.Status.PENDING,
        hold_priority=10,
        held_reason="red-flag symptoms: numbness in the saddle area",
        created_at=now - timedelta(days=1),
    )
    html = mod_client.get(QUEUE).content.decode()
    order = [html.index(c.body) for c in (urgent, plain, hidden, old_approved)]
    assert order == sorted(order)
    assert "Why held: red-flag symptoms: numbness in the saddle area" in html
    assert "1 open report<" in html
    assert "2 open reports" not in html
    assert plain.pk  # listed
    reported = mod_client.get(QUEUE, {"flagged": "yes"}).context["cl"].result_list
    assert [c.pk for c in reported] == [hidden.pk]


def test_the_queue_costs_the_same_queries_for_more_rows(
    mod_client, article, make_comment, other_reader
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert mod_client.get(QUEUE).status_code == HTTPStatus.OK
        return len(queries)

    report(make_comment(article, is_hidden=True), [other_reader])
    make_comment(article, status=Comment.Status.PENDING, held_reason="links")
    few = count()
    for number in range(6):
        report(make_comment(article, body=f"More {number}"), [other_reader])
        make_comment(article, status=Comment.Status.PENDING, author=other_reader)
    assert count() == few


# --- delete: replaced by remove ------------------------------------------------------------


@pytest.fixture
def superuser_client(client, staff):
    client.force_login(staff)
    return client


@pytest.mark.parametrize("who", ["superuser", "moderator"])
def test_bulk_delete_is_replaced_by_remove_that_keeps_the_thread(
    request, client, who, article, make_comment, other_reader
):
    user = request.getfixturevalue("staff" if who == "superuser" else "moderator")
    client.force_login(user)
    parent = make_comment(article, body="Parent")
    reply = make_comment(article, body="Reply", parent=parent, author=other_reader)
    html = client.get(QUEUE).content.decode()
    assert 'value="delete_selected"' not in html
    assert "Remove from the site (replies stay)" in html

    refused = client.post(QUEUE, {"action": "delete_selected", "_selected_action": [parent.pk]})
    assert refused.status_code in (HTTPStatus.OK, HTTPStatus.FOUND)
    assert Comment.objects.count() == 2
    assert client.get(f"{QUEUE}{parent.pk}/delete/").status_code == HTTPStatus.FORBIDDEN

    client.post(QUEUE, {"action": "action_remove", "_selected_action": [parent.pk]})
    parent.refresh_from_db()
    reply.refresh_from_db()
    assert parent.status == Comment.Status.REMOVED
    assert reply.status == Comment.Status.APPROVED


# --- signed links in moderators' emails ---------------------------------------------------


def link_path(url):
    return urlsplit(url).path


def test_action_links_fit_the_state_and_are_absolute(settings, moderator, article, make_comment):
    settings.SITE_URL = "https://sciatica.example"
    comment = make_comment(article, status=Comment.Status.PENDING)
    links = actions.action_links(comment, moderator)
    assert list(links) == ["approve", "spam", "remove"]
    assert all(
        url.startswith("https://sciatica.example/comments/moderate/") for url in links.values()
    )
    reported = make_comment(article, is_hidden=True)
    assert list(actions.action_links(reported, moderator)) == ["keep", "spam", "remove"]


def test_a_link_asks_to_log_in_then_to_confirm_then_acts(client, moderator, article, make_comment):
    comment = make_comment(article, status=Comment.Status.PENDING)
    url = link_path(actions.action_links(comment, moderator)["approve"])
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/admin/login/?next=")

    client.force_login(moderator)
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK
    assert "Yes: approve" in page.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING  # opening the link acts on nothing

    done = client.post(url)
    assert done.status_code == HTTPStatus.FOUND
    assert done["Location"] == page_url(comment)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    assert ModerationEvent.objects.get(comment=comment).moderator == moderator

    again = client.post(url)  # a second click, or the link used twice
    assert again.status_code == HTTPStatus.CONFLICT
    assert "Nothing was changed" in again.content.decode()
    assert ModerationEvent.objects.filter(comment=comment).count() == 1


def test_a_destructive_link_acts_only_after_the_confirm_button(
    client, moderator, article, make_comment
):
    comment = make_comment(article)
    url = link_path(actions.action_links(comment, moderator)["remove"])
    client.force_login(moderator)
    assert "Remove this comment from the site?" in client.get(url).content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED
    client.post(url)
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED


def test_a_forged_link_is_refused(client, moderator, article, make_comment):
    comment = make_comment(article, status=Comment.Status.PENDING)
    token = link_path(actions.action_links(comment, moderator)["approve"]).split("/")[-2]
    client.force_login(moderator)
    payload, rest = token.split(":", 1)
    forged = signing.b64_encode(
        signing.JSONSerializer().dumps({"c": comment.pk, "a": "remove", "m": moderator.pk})
    ).decode()
    for bad in (forged + ":" + rest, token[:-2] + "xx", "not-a-token"):
        for method in (client.get, client.post):
            response = method(f"/comments/moderate/{bad}/")
            assert response.status_code == HTTPStatus.BAD_REQUEST
            assert "This link is not valid" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert not ModerationEvent.objects.exists()


class EightDaysAgoSigner(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 8 * 24 * 3600)


def test_an_expired_link_is_refused(client, moderator, article, make_comment):
    comment = make_comment(article, status=Comment.Status.PENDING)
    token = EightDaysAgoSigner(salt=actions.LINK_SALT).sign_object(
        {"c": comment.pk, "a": "approve", "m": moderator.pk, "s": "pending", "h": False}
    )
    client.force_login(moderator)
    response = client.post(f"/comments/moderate/{token}/")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert "This link has expired" in html
    assert f'href="{page_url(comment)}"' in html
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


@pytest.mark.parametrize("content", [{"c": "not a number"}, ["c"], {"a": "approve"}])
def test_an_expired_link_with_odd_content_is_refused_calmly(client, moderator, content):
    # Only one holding the secret key could sign such content: still a clear page, no 500.
    token = EightDaysAgoSigner(salt=actions.LINK_SALT).sign_object(content)
    client.force_login(moderator)
    response = client.post(f"/comments/moderate/{token}/")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "This link has expired" in response.content.decode()


def test_a_link_for_another_moderator_is_refused(
    client, moderator, second_moderator, article, make_comment
):
    comment = make_comment(article, status=Comment.Status.PENDING)
    url = link_path(actions.action_links(comment, moderator)["approve"])
    client.force_login(second_moderator)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert "sent to another moderator" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_link_of_a_moderator_who_lost_the_role_is_refused(
    client, moderator, article, make_comment
):
    comment = make_comment(article, status=Comment.Status.PENDING)
    url = link_path(actions.action_links(comment, moderator)["approve"])
    moderator.groups.clear()
    client.force_login(moderator)
    assert client.post(url).status_code == HTTPStatus.FORBIDDEN
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING


def test_a_link_to_a_comment_decided_since_says_so(
    client, moderator, second_moderator, article, make_comment
):
    comment = make_comment(article, status=Comment.Status.PENDING)
    url = link_path(actions.action_links(comment, moderator)["approve"])
    other = Client()
    other.force_login(second_moderator)
    other.post(decide_url(comment), {"decision": "remove", "confirmed": "yes", **seen(comment)})
    client.force_login(moderator)
    page = client.get(url)
    assert page.status_code == HTTPStatus.CONFLICT
    assert "decided on after the email was sent" in page.content.decode()
    response = client.post(url)
    assert response.status_code == HTTPStatus.CONFLICT
    assert "removed by mina" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    assert ModerationEvent.objects.filter(comment=comment).count() == 1
