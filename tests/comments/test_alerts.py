"""Moderators' alerts (a comment reported, hidden by reports, held by screening), each
person's choice per kind (at once, daily digest, never), the daily digest, the email
settings page, the one-click unsubscribe (RFC 8058), and the admin's queue counts.

Mail goes through Django's mail machinery (locmem outbox) and the tasks framework, run at
once after the commit as `make run` does; tests/comments/test_mail_delivery.py runs the
production queue and worker."""

import email.policy
import time
from datetime import timedelta
from http import HTTPStatus
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from comments import preferences
from comments.models import (
    Comment,
    Flag,
    Notification,
    NotificationPreference,
    ScreeningPhrase,
)
from comments.services import comment_create, comment_flag, comment_moderate

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
Status = Notification.Status
Delivery = NotificationPreference.Delivery


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    settings.SITE_URL = "https://blog.example.org"


@pytest.fixture
def make_moderator(django_user_model):
    def make(username="mo"):
        user = django_user_model.objects.create_user(
            username=username,
            email=f"{username}@example.org",
            password="x" * 12,
            is_staff=True,
        )
        user.groups.add(Group.objects.get(name="Moderators"))
        return user

    return make


@pytest.fixture
def moderator(make_moderator):
    return make_moderator()


@pytest.fixture
def readers(django_user_model):
    return [
        django_user_model.objects.create_user(
            username=f"r{number}", email=f"r{number}@example.org", password="x" * 12
        )
        for number in range(3)
    ]


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run the block, then what it left for after the commit (the tasks)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def mails_to(outbox, address):
    return [mail for mail in outbox if mail.to == [address]]


def report(comment, reader, reason=Flag.Reason.HARMFUL):
    return comment_flag(comment=comment, user=reader, reason=reason)


def digests():
    out = StringIO()
    call_command("send_notification_digests", stdout=out)
    return out.getvalue()


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


# Each kind reaches the moderators, as each chose ------------------------------------------


def test_a_report_reaches_moderators_once_per_comment_in_the_daily_digest_by_default(
    article, make_comment, moderator, readers, mailoutbox, commit, settings
):
    settings.COMMENTS_FLAGS_TO_HIDE = 5
    comment = make_comment(article, body="Walking helped me.")
    with commit():
        report(comment, readers[0])
        report(comment, readers[1], Flag.Reason.SPAM)
    row = Notification.objects.get(recipient=moderator)
    assert (row.kind, row.status, row.next_attempt_at) == (Kind.REPORTED, Status.DIGEST, None)
    assert mailoutbox == []  # waits for the digest


def test_reports_that_hide_a_comment_alert_moderators_at_once_with_links(
    article, make_comment, moderator, readers, mailoutbox, commit, settings
):
    settings.COMMENTS_FLAGS_TO_HIDE = 2
    comment = make_comment(article, body="Throw away your tablets.")
    with commit():
        report(comment, readers[0])
        report(comment, readers[1])
    [mail] = mails_to(mailoutbox, "mo@example.org")
    assert mail.subject == "[Back in Motion] Readers' reports hid a comment on “Easing sciatica”"
    assert "Open reports: Unsafe health advice × 2" in mail.body
    assert "Throw away your tablets." in mail.body
    admin = f"https://blog.example.org/admin/comments/comment/{comment.pk}/change/"
    assert admin in mail.body and f'href="{admin}"' in mail.alternatives[0][0]
    # The one-click decisions (comments/actions.py), each confirmed on the page.
    assert "https://blog.example.org/comments/moderate/" in mail.body
    assert "Mark reports reviewed (keep)" in mail.body
    kinds = dict(Notification.objects.values_list("kind", "status"))
    assert kinds == {Kind.HIDDEN: Status.SENT, Kind.REPORTED: Status.DIGEST}


def test_a_comment_held_by_screening_alerts_moderators_with_the_reason(
    article, reader, moderator, mailoutbox, commit
):
    with commit():
        comment = comment_create(article=article, author=reader, body="Hello, first time here")
    assert comment.status == Comment.Status.PENDING and comment.held_reason
    [mail] = mails_to(mailoutbox, "mo@example.org")
    assert Notification.objects.get().kind == Kind.HELD
    assert "awaiting moderation (held: first comment from this reader)" in mail.subject
    assert "Reason: first comment from this reader" in mail.body
    assert "RED FLAG" not in mail.subject + mail.body


def test_a_red_flag_hold_says_so_plainly_in_the_subject(
    article, trusted_reader, moderator, mailoutbox, commit
):
    ScreeningPhrase.objects.get_or_create(kind=ScreeningPhrase.Kind.RED_FLAG, phrase="numb groin")
    with commit():
        comment = comment_create(
            article=article, author=trusted_reader, body="Since last night I have a numb groin."
        )
    assert comment.hold_priority > 0
    [mail] = mails_to(mailoutbox, "mo@example.org")
    assert mail.subject.startswith("[Back in Motion] RED FLAG, urgent: a comment on")
    assert "red-flag symptoms" in mail.subject
    assert "may describe symptoms that need urgent medical attention" in mail.body


def test_each_moderators_choice_is_respected(
    article, make_comment, make_moderator, readers, mailoutbox, commit, settings
):
    settings.COMMENTS_FLAGS_TO_HIDE = 1
    eager, quiet = make_moderator("eager"), make_moderator("quiet")
    preferences.preference_set(user=eager, kind=Kind.REPORTED, delivery=Delivery.AT_ONCE)
    preferences.preference_set(user=quiet, kind=Kind.HIDDEN, delivery=Delivery.NEVER)
    preferences.preference_set(user=quiet, kind=Kind.REPORTED, delivery=Delivery.NEVER)
    with commit():
        report(make_comment(article), readers[0])
    subjects = sorted(m.subject for m in mails_to(mailoutbox, "eager@example.org"))
    assert subjects == [
        "[Back in Motion] A reader reported a comment on “Easing sciatica”",
        "[Back in Motion] Readers' reports hid a comment on “Easing sciatica”",
    ]
    assert mails_to(mailoutbox, "quiet@example.org") == []
    assert not Notification.objects.filter(recipient=quiet).exists()


def test_turning_a_kind_off_drops_what_waited_for_the_digest(
    article, make_comment, moderator, readers, mailoutbox, commit
):
    with commit():
        report(make_comment(article), readers[0])
    assert Notification.objects.filter(status=Status.DIGEST).count() == 1
    preferences.preference_set(user=moderator, kind=Kind.REPORTED, delivery=Delivery.NEVER)
    with commit():
        assert digests() == "No digest to send.\n"
    assert mailoutbox == [] and not Notification.objects.exists()


# The daily digest -------------------------------------------------------------------------


def test_the_digest_sends_one_email_per_person_once_and_marks_the_rows_sent(
    article, make_comment, make_moderator, readers, mailoutbox, commit, settings
):
    settings.COMMENTS_FLAGS_TO_HIDE = 5
    make_moderator("mo")
    second = make_moderator("kim")
    preferences.preference_set(user=second, kind=Kind.HELD, delivery=Delivery.DIGEST)
    reported = [make_comment(article, body=f"Comment {n}") for n in range(2)]
    with commit():
        for comment in reported:
            report(comment, readers[0])
        comment_create(article=article, author=readers[1], body="A first comment")
    assert len(mails_to(mailoutbox, "mo@example.org")) == 1  # the hold, at once
    mailoutbox.clear()
    with commit():
        assert digests() == "Digests queued for 2 people.\n"
    with commit():
        assert digests() == "No digest to send.\n"  # run twice: one email each
    assert sorted(m.to[0] for m in mailoutbox) == ["kim@example.org", "mo@example.org"]
    [digest] = mails_to(mailoutbox, "kim@example.org")
    assert digest.subject == (
        "[Back in Motion] Daily digest: 1 × comment held by screening, "
        "2 × comment reported by a reader"
    )
    for text in ["Comment 0", "Comment 1", "A first comment", "first comment from this reader"]:
        assert text in digest.body and text in digest.alternatives[0][0]
    assert digest.body.index("Comment held by screening") < digest.body.index("Comment 0")
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    raw = digest.message(policy=email.policy.SMTP).as_bytes().decode("ascii")
    assert f"\r\nList-Unsubscribe: {digest.extra_headers['List-Unsubscribe']}\r\n" in raw
    assert not Notification.objects.exclude(status=Status.SENT).exists()
    assert all(n.sent_at and n.attempts == 1 for n in Notification.objects.all())


def test_a_decision_taken_before_the_digest_is_shown_as_dealt_with(
    article, make_comment, moderator, readers, mailoutbox, commit
):
    comment = make_comment(article, body="Borderline")
    with commit():
        report(comment, readers[0])
        comment_moderate(comment=comment, moderator=moderator, action="remove")
        digests()
    [digest] = mailoutbox
    assert "Already dealt with by a moderator (now removed)." in digest.body


REFUSING_SMTP = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": 9, "timeout": 2},
    }
}
LOCMEM = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


def test_a_failed_digest_is_tried_again_as_a_digest(
    article, make_comment, moderator, readers, mailoutbox, commit, settings
):
    settings.COMMENTS_FLAGS_TO_HIDE = 5
    with commit():
        for number in range(2):
            report(make_comment(article, body=f"Comment {number}"), readers[0])
    settings.MAILERS = REFUSING_SMTP
    with commit():
        digests()
    rows = list(Notification.objects.all())
    assert {(n.status, n.attempts) for n in rows} == {(Status.DIGEST, 1)}
    assert all("Connection refused" in n.last_error and n.next_attempt_at for n in rows)

    settings.MAILERS = LOCMEM
    Notification.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    out = StringIO()
    with commit():
        call_command("retry_notifications", stdout=out)
    assert out.getvalue() == "Notifications taken up: 2 in a digest due again.\n"
    [digest] = mailoutbox
    assert "Comment 0" in digest.body and "Comment 1" in digest.body
    assert set(Notification.objects.values_list("status", flat=True)) == {Status.SENT}


# Email settings page ----------------------------------------------------------------------


def test_the_email_settings_page_shows_each_persons_kinds_and_saves_them(
    client, moderator, reader, article, author
):
    client.force_login(moderator)
    page = client.get("/comments/email-settings/").content.decode()
    for label in ["Comment held by screening", "Comment reported by a reader", "Reply to your"]:
        assert label in page
    assert "New comment on your article" not in page
    response = client.post(
        "/comments/email-settings/",
        {kind: Delivery.AT_ONCE for kind in preferences.kinds_for(moderator)}
        | {Kind.REPORTED: Delivery.NEVER, Kind.HELD: Delivery.DIGEST},
        follow=True,
    )
    assert "Your email settings are saved." in response.content.decode()
    assert preferences.preferences_for(moderator)[Kind.REPORTED] == Delivery.NEVER
    assert preferences.preferences_for(moderator)[Kind.HELD] == Delivery.DIGEST

    client.force_login(author)
    page = client.get("/comments/email-settings/").content.decode()
    assert "New comment on your article" in page and "Comment held by screening" not in page
    client.force_login(reader)
    page = client.get("/comments/email-settings/").content.decode()
    assert "Reply to your comment" in page and "New comment on your article" not in page
    assert 'href="/comments/email-settings/"' in client.get("/accounts/profile/").content.decode()


@pytest.mark.parametrize("bad", [{"reply": "loudly"}, {}])
def test_bad_email_settings_are_refused_and_change_nothing(client, reader, bad):
    client.force_login(reader)
    response = client.post("/comments/email-settings/", bad)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Some choices are missing or not valid" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_the_email_settings_page_needs_a_login(client):
    response = client.get("/comments/email-settings/")
    assert response.status_code == HTTPStatus.FOUND and "/login/" in response["Location"]


# One-click unsubscribe ----------------------------------------------------------------------


def test_every_email_carries_list_unsubscribe_and_the_one_click_post_works(
    article, reader, moderator, mailoutbox, commit, settings
):
    settings.COMMENTS_FLOOD_SECONDS = 0
    with commit():
        comment_create(article=article, author=reader, body="Held, first comment")
    [mail] = mails_to(mailoutbox, "mo@example.org")
    header = mail.extra_headers["List-Unsubscribe"]
    assert header.startswith("<https://blog.example.org/comments/unsubscribe/")
    assert mail.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = header.strip("<>")
    assert url in mail.body and url in mail.alternatives[0][0]
    assert "https://blog.example.org/comments/email-settings/" in mail.body
    # The header as it goes to the mail server (the SMTP backend's policy and bytes): the
    # link in angle brackets on one line, never RFC 2047 encoded words (=?utf-8?q?...).
    raw = mail.message(policy=email.policy.SMTP).as_bytes().decode("ascii")
    assert f"\r\nList-Unsubscribe: {header}\r\n" in raw

    browser = Client(enforce_csrf_checks=True)  # as a mail program: no cookie, no CSRF token
    confirm = browser.get(path_of(url))  # what a link scanner does: nothing
    assert confirm.status_code == HTTPStatus.OK
    assert "Stop these emails?" in confirm.content.decode()
    assert "Comment held by screening" in confirm.content.decode()
    assert not NotificationPreference.objects.exists()
    done = browser.post(path_of(url), "List-Unsubscribe=One-Click",
                        content_type="application/x-www-form-urlencoded")  # fmt: skip
    assert done.status_code == HTTPStatus.OK
    assert "You will get no more of these emails" in done.content.decode()
    assert preferences.preferences_for(moderator)[Kind.HELD] == Delivery.NEVER

    mailoutbox.clear()
    with commit():
        comment_create(article=article, author=reader, body="Another, still held")
    assert mails_to(mailoutbox, "mo@example.org") == []


def test_the_article_authors_email_unsubscribes_from_new_comment_emails(
    client, article, trusted_reader, author, mailoutbox, commit, settings
):
    settings.COMMENTS_FLOOD_SECONDS = 0
    with commit():
        comment_create(article=article, author=trusted_reader, body="Nice one")
    [mail] = mails_to(mailoutbox, "maren@example.org")
    assert "you wrote this article" in mail.body
    client.post(path_of(mail.extra_headers["List-Unsubscribe"].strip("<>")))
    assert preferences.preferences_for(author)[Kind.NEW_COMMENT] == Delivery.NEVER
    mailoutbox.clear()
    with commit():
        comment_create(article=article, author=trusted_reader, body="Another nice one")
    assert mailoutbox == []


def test_a_reply_email_can_stop_every_reply_email(
    client, article, trusted_reader, other_reader, make_comment, mailoutbox, commit
):
    question = make_comment(article, author=trusted_reader, body="Question?", notify_replies=True)
    make_comment(article, author=other_reader, body="Earlier, approved")
    with commit():
        comment_create(article=article, author=other_reader, body="Answer!", parent=question)
    [mail] = mails_to(mailoutbox, "ada@example.org")
    path = path_of(mail.extra_headers["List-Unsubscribe"].strip("<>"))
    assert "Stop all reply emails" in client.get(path).content.decode()
    page = client.post(path, {"scope": "all"})
    assert "You will get no more of these emails" in page.content.decode()
    assert preferences.preferences_for(trusted_reader)[Kind.REPLY] == Delivery.NEVER


class _SignedLongAgo(signing.TimestampSigner):
    def timestamp(self):
        return signing.b62_encode(int(time.time()) - 400 * 24 * 3600)


def test_forged_or_expired_unsubscribe_links_change_nothing(client, moderator):
    token = preferences.unsubscribe_token(user=moderator, kinds=[Kind.HELD])
    other_salt = signing.dumps({"u": moderator.pk, "k": ["held"]}, salt="elsewhere")
    unknown_kind = signing.dumps(
        {"u": moderator.pk, "k": ["everything"]}, salt=preferences.UNSUBSCRIBE_SALT
    )
    expired = _SignedLongAgo(salt=preferences.UNSUBSCRIBE_SALT).sign_object(
        {"u": moderator.pk, "k": ["held"]}, compress=True
    )
    for bad in [token[:-3] + "abc", "nonsense", other_salt, unknown_kind, expired]:
        for method in (client.get, client.post):
            response = method(f"/comments/unsubscribe/{bad}/")
            assert response.status_code == HTTPStatus.BAD_REQUEST
            assert "This unsubscribe link does not work" in response.content.decode()
    assert not NotificationPreference.objects.exists()
    assert client.post(f"/comments/unsubscribe/{token}/").status_code == HTTPStatus.OK


def test_reply_links_sent_before_this_change_still_work(client, article, make_comment):
    comment = make_comment(article, notify_replies=True)
    old = signing.dumps({"comment": comment.pk}, salt=preferences.UNSUBSCRIBE_SALT, compress=True)
    client.post(f"/comments/unsubscribe/{old}/")
    comment.refresh_from_db()
    assert not comment.notify_replies


# The admin: the header's queue count, the dashboard ---------------------------------------


@pytest.fixture
def queue(article, make_comment, readers, moderator):
    """One comment held, one with an open report, one whose reports hid it and that a
    moderator then approved (its reports closed)."""
    make_comment(article, body="Held", status=Comment.Status.PENDING, author=readers[2])
    report(make_comment(article, body="Reported"), readers[0])
    settled = make_comment(article, body="Settled")
    Flag.objects.create(comment=settled, user=readers[1], reason=Flag.Reason.SPAM)
    Comment.objects.filter(pk=settled.pk).update(is_hidden=True)
    comment_moderate(comment=settled, moderator=moderator, action="approve")


def test_moderators_see_the_queue_count_in_the_admin_header(client, moderator, queue):
    client.force_login(moderator)
    for page in ["/admin/", "/admin/comments/comment/", "/admin/comments/notification/"]:
        html = client.get(page).content.decode()
        assert 'Queue: <a href="/admin/comments/comment/?status__exact=pending">1 held</a>' in html
        assert '<a href="/admin/comments/comment/?flagged=yes">1 reported</a>' in html


def test_others_in_the_admin_see_no_queue_count(client, django_user_model, queue):
    editor = django_user_model.objects.create_user(username="ed", password="x" * 12, is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == HTTPStatus.OK
    assert "Queue:" not in response.content.decode()


def test_the_dashboard_counts_open_reports_only(client, moderator, queue):
    client.force_login(moderator)
    index = client.get("/admin/").content.decode()
    assert "1</strong> comment awaiting moderation" in index
    assert "1</strong> flagged comment with open reports" in index
    assert "hidden until a moderator decides" not in index


def test_the_queue_count_costs_the_same_however_many_comments(
    client, moderator, article, make_comment, readers
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(moderator)
    client.get("/admin/")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get("/admin/comments/notification/")
        return len(captured)

    before = queries()
    for number in range(4):
        comment = make_comment(article, body=f"C{number}")
        report(comment, readers[number % 3])
        make_comment(article, body=f"H{number}", status=Comment.Status.PENDING)
    assert queries() == before


def test_with_nobody_in_moderators_the_superusers_are_alerted_and_the_log_says_so(
    article, reader, django_user_model, mailoutbox, commit, caplog
):
    # A new install: one superuser from createsuperuser, nobody given the Moderators role.
    django_user_model.objects.create_superuser("owner", "owner@example.org", "x" * 12)
    with commit():
        comment_create(article=article, author=reader, body="First comment, held")
    assert [m.to for m in mailoutbox] == [["owner@example.org"]]
    assert "Nobody is in the Moderators group" in caplog.text
    assert "grant_role USERNAME Moderators" in caplog.text


def test_a_deactivated_moderator_is_not_alerted(
    article, reader, make_moderator, mailoutbox, commit
):
    make_moderator("active")
    gone = make_moderator("gone")
    gone.is_active = False
    gone.save()
    with commit():
        comment_create(article=article, author=reader, body="First comment, held")
    assert [m.to for m in mailoutbox] == [["active@example.org"]]
