"""Screening before publication (comments/screening.py): each screener, the pipeline's
order, the phrases kept in the admin, and Akismet against a local stub server."""

import logging
import threading
import time
from datetime import timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.core.management import call_command
from django.utils import timezone

from comments import phrases, screening
from comments.models import Comment, ScreeningPhrase
from comments.moderation import CommentRefused
from comments.services import comment_create

pytestmark = pytest.mark.django_db


def post(client, article, body, **extra):
    return client.post(f"/comments/post/{article.slug}/", {"body": body}, **extra)


def submission(article, author, body):
    return screening.Submission(
        article=article, author=author, body=body, body_html=f"<p>{body}</p>"
    )


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user(username="mo", password="x" * 12)
    call_command("grant_role", "mo", "Moderators", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user.refresh_from_db()
    return user


# The screeners, one by one


def test_unsafe_advice_is_held_with_the_words_the_moderator_should_read(
    client, article, trusted_reader
):
    """The issue's example, from a reader whose comments are otherwise published at once."""
    client.force_login(trusted_reader)
    post(client, article, "Honestly just take more ibuprofen, doctors don't know anything.")
    comment = Comment.objects.latest("id")
    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason.startswith("possible unsafe health advice (")
    assert "doctors don't know anything" in comment.held_reason
    assert "take more ibuprofen" in comment.held_reason
    assert comment.hold_priority == 0
    client.logout()
    assert "take more ibuprofen" not in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "body",
    [
        "Should I stop taking my gabapentin if it makes me dizzy?",
        "My GP told me to stop taking the naproxen because of my stomach.",
        "I would never stop taking a medicine without asking my pharmacist.",
        "My doctor increased my dose slowly and it helps me sleep.",
    ],
)
def test_questions_reports_of_a_clinicians_advice_and_negations_are_not_held(
    article, trusted_reader, body
):
    comment = comment_create(article=article, author=trusted_reader, body=body)
    assert comment.status == Comment.Status.APPROVED
    assert comment.held_reason == ""


def test_advice_after_a_report_with_a_but_is_still_held(article, trusted_reader):
    comment = comment_create(
        article=article,
        author=trusted_reader,
        body="My doctor said to keep going with them, but honestly just stop taking them.",
    )
    assert comment.status == Comment.Status.PENDING
    assert "stop taking" in comment.held_reason


def test_red_flag_symptoms_are_held_first_in_the_queue(article, trusted_reader):
    comment = comment_create(
        article=article,
        author=trusted_reader,
        body="Since this morning I have numbness in my groin and I can't pee properly.",
    )
    assert comment.status == Comment.Status.PENDING
    assert comment.hold_priority == 10
    assert comment.held_reason.startswith("red-flag symptoms (")
    assert "numbness in my groin" in comment.held_reason
    assert "can't pee" in comment.held_reason


def test_first_comment_is_held_with_its_reason(article, reader):
    comment = comment_create(article=article, author=reader, body="Hello, first time here.")
    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason == "first comment from this reader"


def test_links_and_word_lists_give_their_reasons(article, trusted_reader, settings):
    verdict = screening.TooManyLinks().screen(
        screening.Submission(
            article=article,
            author=trusted_reader,
            body="x",
            body_html='<a href="//a">a</a> <a href="//b">b</a> www.c.example',
        )
    )
    assert (verdict.action, verdict.reason) == (screening.Action.HOLD, "3 links (more than 2)")
    settings.COMMENTS_BLOCKED_WORDS = ["cheap pills"]
    settings.COMMENTS_MODERATION_WORDS = ["guest post"]
    body = "Cheap Pills and a guest post offer"
    spam = screening.BlockedWords().screen(submission(article, trusted_reader, body))
    held = screening.ModerationWords().screen(submission(article, trusted_reader, body))
    assert (spam.action, spam.reason) == (screening.Action.SPAM, 'blocked words ("cheap pills")')
    assert (held.action, held.reason) == (screening.Action.HOLD, 'moderation words ("guest post")')


def test_flood_and_duplicate_refuse_with_a_message_for_the_reader(
    article, trusted_reader, make_comment
):
    flood = screening.Flood().screen(submission(article, trusted_reader, "Something new"))
    assert flood.action == screening.Action.PASS  # the last comment is an hour old
    make_comment(article, author=trusted_reader, body="Just now", created_at=timezone.now())
    flood = screening.Flood().screen(submission(article, trusted_reader, "Something new"))
    assert flood.action == screening.Action.REFUSE
    assert flood.message.startswith("You are posting too quickly. You can post again in ")
    duplicate = screening.Duplicate().screen(submission(article, trusted_reader, "JUST NOW "))
    assert (duplicate.action, duplicate.field) == (screening.Action.REFUSE, "body")
    assert duplicate.message == "You have already said that on this article."


# The pipeline


def test_spam_beats_hold_and_every_reason_is_kept(article, trusted_reader, settings):
    settings.COMMENTS_BLOCKED_WORDS = ["casino"]
    comment = comment_create(
        article=article,
        author=trusted_reader,
        body="Casino bonus! Also stop taking your pills, and I have lost bladder control.",
    )
    assert comment.status == Comment.Status.SPAM
    assert comment.held_reason.startswith('blocked words ("casino"); red-flag symptoms (')
    assert "possible unsafe health advice (" in comment.held_reason
    assert comment.hold_priority == 10


def test_a_refusal_stops_screening_and_writes_nothing(article, trusted_reader, settings):
    settings.COMMENTS_BLOCKED_WORDS = ["casino"]
    with pytest.raises(CommentRefused, match="already said that"):
        comment_create(article=article, author=trusted_reader, body="my first, approved LONG ago.")
    assert Comment.objects.filter(author=trusted_reader).count() == 1


def test_staff_and_the_articles_author_are_not_screened(article, staff):
    body = "Stop taking your pills, doctors don't know anything."
    by_staff = comment_create(article=article, author=staff, body=body)
    by_author = comment_create(article=article, author=article.author, body=body)
    for comment in (by_staff, by_author):
        assert (comment.status, comment.held_reason) == (Comment.Status.APPROVED, "")


class AllCaps(screening.Screener):
    name = "all caps"

    def screen(self, submission):
        if submission.body.isupper():
            return screening.Verdict.hold("all in capitals", priority=3)
        return screening.Verdict.passed()


def test_the_screeners_are_a_setting(article, trusted_reader, settings):
    settings.COMMENTS_SCREENERS = ["tests.comments.test_screening.AllCaps"]
    shouted = comment_create(article=article, author=trusted_reader, body="HELLO THERE")
    assert (shouted.status, shouted.held_reason, shouted.hold_priority) == (
        Comment.Status.PENDING,
        "all in capitals",
        3,
    )
    # The unsafe-advice screener is not in this list: the same words go through.
    calm = comment_create(article=article, author=trusted_reader, body="Stop taking your pills.")
    assert calm.status == Comment.Status.APPROVED


def test_advice_added_by_an_edit_sends_the_comment_back_to_the_queue(
    client, article, trusted_reader, make_comment
):
    comment = make_comment(
        article, author=trusted_reader, body="Walking helps me.", created_at=timezone.now()
    )
    client.force_login(trusted_reader)
    response = client.post(
        f"/comments/{comment.pk}/edit/",
        {"body": "Walking helps me. Also stop taking your pills, doctors don't know."},
        follow=True,
    )
    assert "A moderator will look at it before it shows again" in response.content.decode()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PENDING
    assert comment.held_reason.startswith("after an edit: possible unsafe health advice (")
    # The flood and duplicate rules are for new comments, not for edits.
    client.post(f"/comments/{comment.pk}/edit/", {"body": "Walking helps me a lot."})
    comment.refresh_from_db()
    assert comment.body == "Walking helps me a lot."
    assert comment.status == Comment.Status.PENDING  # a moderator decides now


# Phrase matching


@pytest.mark.parametrize(
    ("phrase", "text", "found"),
    [
        ("stop taking", "I stopped  Taking it", True),
        ("stop taking", "nonstop taking of notes", False),  # whole words
        ("cure", "it cured me", True),
        ("don't trust", "dont trust them", True),
        ("don't trust", "do not trust them", True),
        ("stop * meds", "stop your meds", True),
        ("stop * meds", "stop all your meds", False),
        ("stop ... meds", "stop all of your meds", True),
        ("stop ... meds", "stop. Then take your meds", False),  # same sentence only
        ("ditch|bin ... {medicine}", "bin the gabapentin", True),
        ("ditch|bin ... {medicine}", "bin the leaflet", False),
        ("*", "anything", False),  # no word: matches nothing
    ],
)
def test_phrase_matching(phrase, text, found):
    assert phrases.matches(text, phrase) is found


# The phrases in the admin


def test_a_phrase_added_in_the_admin_holds_the_next_comment(
    client, article, trusted_reader, moderator
):
    body = "Rub goose fat on it every night."
    assert comment_create(article=article, author=trusted_reader, body=body).status == "approved"
    client.force_login(moderator)
    response = client.post(
        "/admin/comments/screeningphrase/add/",
        {"kind": "unsafe", "phrase": "goose   fat", "is_active": "on", "note": "Folk remedy"},
    )
    assert response.status_code == HTTPStatus.FOUND
    assert ScreeningPhrase.objects.filter(phrase="goose fat").exists()
    Comment.objects.all().update(created_at=timezone.now() - timedelta(hours=1))
    held = comment_create(article=article, author=trusted_reader, body="Goose fat rubbed in.")
    assert held.status == Comment.Status.PENDING
    assert held.held_reason == 'possible unsafe health advice ("Goose fat")'


def test_a_phrase_turned_off_in_the_list_stops_holding_at_once(
    client, article, trusted_reader, moderator
):
    phrase = ScreeningPhrase.objects.get(kind="unsafe", phrase="cold turkey")
    client.force_login(moderator)
    changelist = client.get("/admin/comments/screeningphrase/?q=cold+turkey")
    assert "cold turkey" in changelist.content.decode()
    response = client.post(
        "/admin/comments/screeningphrase/?q=cold+turkey",
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-0-id": str(phrase.pk),
            "_save": "Save",
        },  # is_active left unticked
    )
    assert response.status_code == HTTPStatus.FOUND
    phrase.refresh_from_db()
    assert phrase.is_active is False
    comment = comment_create(article=article, author=trusted_reader, body="Go cold turkey.")
    assert comment.status == Comment.Status.APPROVED


@pytest.mark.parametrize(
    ("phrase", "error"),
    [
        (
            "stop ... {pills}",
            "Unknown list {pills}: the lists are {medicine}, {care}, {clinician}, {alcohol},"
            " {stop}, {more}, {device}, {person}.",
        ),
        ("* ...", "Write at least one word"),
        ("pain ... pain ... pain ... zzz", "A phrase can have at most 2 “...” gaps"),
    ],
)
def test_a_phrase_that_cannot_work_is_refused_with_the_reason(client, moderator, phrase, error):
    client.force_login(moderator)
    before = ScreeningPhrase.objects.count()
    response = client.post(
        "/admin/comments/screeningphrase/add/",
        {"kind": "unsafe", "phrase": phrase, "is_active": "on"},
    )
    assert response.status_code == HTTPStatus.OK
    assert error in response.content.decode().replace("&#x27;", "'")
    assert ScreeningPhrase.objects.count() == before


def test_try_a_text_shows_what_counts_and_what_does_not(client, moderator):
    client.force_login(moderator)
    page = client.get("/admin/comments/screeningphrase/")
    assert "Try a text" in page.content.decode()
    response = client.post(
        "/admin/comments/screeningphrase/try/",
        {"text": "Should I stop taking it? Doctors don't know anything, and my groin is numb."},
    )
    html = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == HTTPStatus.OK
    assert "Held for a moderator: Possible unsafe health advice (hold); Red-flag symptom" in html
    assert "<code>{care} don't know</code>" in html
    assert "<code>groin is numb</code>" in html
    # Asked, not advised: found, shown apart, not counted.
    assert "Found but not counted" in html
    assert "<code>stop|quit taking</code>" in html


def test_try_a_text_needs_the_phrases_view_permission(client, trusted_reader):
    trusted_reader.is_staff = True
    trusted_reader.save()
    client.force_login(trusted_reader)
    response = client.post("/admin/comments/screeningphrase/try/", {"text": "x"})
    assert response.status_code == HTTPStatus.FORBIDDEN


def test_the_reason_is_on_the_comments_admin_page_for_a_moderator(
    client, article, trusted_reader, moderator
):
    comment = comment_create(
        article=article, author=trusted_reader, body="Double the dose, it's fine."
    )
    client.force_login(moderator)
    html = client.get(f"/admin/comments/comment/{comment.pk}/change/").content.decode()
    assert "possible unsafe health advice (&quot;Double the dose&quot;)" in html


# Akismet, against a stub server on this machine


class StubAkismet:
    """Answers comment-check with `answer` (after `delay` seconds), keeping what it got."""

    def __init__(self):
        self.answer = "false"
        self.delay = 0.0
        self.requests = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                form = parse_qs(self.rfile.read(length).decode())
                stub.requests.append((self.path, {k: v[0] for k, v in form.items()}))
                time.sleep(stub.delay)
                body = stub.answer.encode()
                try:
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:
                    pass  # the client gave up (the timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/1.1/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def akismet(settings):
    with StubAkismet() as stub:
        settings.COMMENTS_AKISMET_API_KEY = "test-key-123"
        settings.COMMENTS_AKISMET_ENDPOINT = stub.url
        settings.COMMENTS_AKISMET_TIMEOUT = 0.5
        settings.SITE_URL = "https://blog.example.org"
        yield stub


def test_akismet_spam_is_marked_spam_with_the_request_context(
    client, article, trusted_reader, akismet
):
    akismet.answer = "true"
    client.force_login(trusted_reader)
    post(
        client,
        article,
        "Great post, visit my shop",
        HTTP_USER_AGENT="Mozilla/5.0 (stub test)",
        HTTP_REFERER=f"http://testserver{article.get_absolute_url()}",
    )
    comment = Comment.objects.latest("id")
    assert (comment.status, comment.held_reason) == (Comment.Status.SPAM, "Akismet says spam")
    [(path, sent)] = akismet.requests
    assert path == "/1.1/comment-check"
    assert sent["api_key"] == "test-key-123"
    assert sent["blog"] == "https://blog.example.org"
    assert sent["user_ip"] == "127.0.0.1"
    assert sent["user_agent"] == "Mozilla/5.0 (stub test)"
    assert sent["referrer"].endswith(article.get_absolute_url())
    assert sent["permalink"] == f"https://blog.example.org{article.get_absolute_url()}"
    assert sent["comment_type"] == "comment"
    assert sent["comment_content"] == "Great post, visit my shop"


def test_akismet_ham_is_published(article, trusted_reader, akismet):
    comment = comment_create(article=article, author=trusted_reader, body="Nice and clear.")
    assert comment.status == Comment.Status.APPROVED
    assert len(akismet.requests) == 1


@pytest.mark.parametrize(
    ("answer", "delay", "logged"),
    [("false", 2.0, "timed out"), ("invalid", 0, 'unexpected answer "invalid"')],
)
def test_akismet_that_cannot_answer_lets_the_comment_through_with_a_warning(
    client, article, trusted_reader, akismet, caplog, answer, delay, logged
):
    akismet.answer, akismet.delay = answer, delay
    client.force_login(trusted_reader)
    with caplog.at_level(logging.WARNING, logger="comments.screening"):
        response = post(client, article, "Thanks for the guide.")
    assert response.status_code == HTTPStatus.FOUND  # never a 500
    assert Comment.objects.latest("id").status == Comment.Status.APPROVED
    assert "Akismet could not check a comment" in caplog.text
    assert logged in caplog.text


def test_akismet_unreachable_lets_the_comment_through(article, trusted_reader, settings, caplog):
    settings.COMMENTS_AKISMET_API_KEY = "test-key-123"
    settings.COMMENTS_AKISMET_ENDPOINT = "http://127.0.0.1:9/1.1/"  # nothing listens there
    with caplog.at_level(logging.WARNING, logger="comments.screening"):
        comment = comment_create(article=article, author=trusted_reader, body="Helpful, thanks.")
    assert comment.status == Comment.Status.APPROVED
    assert "Akismet could not check a comment" in caplog.text


def test_akismet_is_not_asked_without_a_key_or_about_spam_already(
    article, trusted_reader, akismet, settings
):
    settings.COMMENTS_BLOCKED_WORDS = ["casino"]
    comment_create(article=article, author=trusted_reader, body="casino night")
    assert akismet.requests == []  # already spam: no need to ask
    settings.COMMENTS_AKISMET_API_KEY = ""
    Comment.objects.all().update(created_at=timezone.now() - timedelta(hours=1))
    comment_create(article=article, author=trusted_reader, body="A fine comment.")
    assert akismet.requests == []


def test_a_phrase_with_too_many_gaps_matches_nothing_and_two_still_work():
    # A phrase saved before the limit (or written to the table directly) is left out; the
    # limit keeps the matcher's tries per word of a comment small (6 ** 2, not 6 ** 5).
    comment = "pain " * 1000
    assert phrases.pattern("pain ... pain ... pain ... zzz") is None
    assert not phrases.matches(comment, "pain ... pain ... pain ... pain ... pain ... zzz")
    assert phrases.matches("stop all of the meds then the booze", "stop ... meds ... booze")
    assert not phrases.matches(comment, "pain ... pain ... zzz")
