"""Remote screening (Akismet, and any screener with `remote = True`) is asked before the
transaction that saves the comment opens: a slow service holds no transaction and no lock
on the poster's row. Checked from inside the stub server while it answers: another database
connection locks the poster's row at once (NOWAIT), and PostgreSQL shows the poster's
connection as idle, not "idle in transaction"."""

import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth import get_user_model
from django.db import OperationalError, connection, transaction

from comments import screening
from comments.models import Comment
from comments.services import comment_create

pytestmark = pytest.mark.django_db(transaction=True)


def backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def database_seen_from_elsewhere(*, poster_pk, poster_backend) -> dict:
    """From another connection (this thread's own): can the poster's row be locked now,
    and what is the poster's connection doing."""
    seen = {}
    try:
        try:
            with transaction.atomic():
                list(
                    get_user_model()
                    .objects.select_for_update(nowait=True)
                    .filter(pk=poster_pk)
                    .values_list("pk", flat=True)
                )
            seen["poster row"] = "free"
        except OperationalError:  # could not obtain lock on row
            seen["poster row"] = "locked"
        with connection.cursor() as cursor:
            cursor.execute("SELECT state FROM pg_stat_activity WHERE pid = %s", [poster_backend])
            seen["poster connection"] = cursor.fetchone()[0]
    finally:
        connection.close()
    return seen


class LookingAkismet:
    """A stub Akismet that, before it answers, calls `while_asked()` (the request waits for
    it: the poster is mid-call the whole time) and keeps what it returned."""

    def __init__(self, while_asked, answer="true"):
        self.requests = 0
        self.seen = None
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                stub.requests += 1
                stub.seen = while_asked()
                body = answer.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/plain")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/1.1/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def looking_akismet(settings, trusted_reader):
    poster = {"pk": trusted_reader.pk, "backend": backend_pid()}
    stub = LookingAkismet(
        lambda: database_seen_from_elsewhere(
            poster_pk=poster["pk"], poster_backend=poster["backend"]
        )
    )
    settings.COMMENTS_AKISMET_API_KEY = "test-key-123"
    settings.COMMENTS_AKISMET_ENDPOINT = stub.url
    settings.COMMENTS_AKISMET_TIMEOUT = 30  # the stub answers once it has looked
    yield stub
    stub.close()


def test_while_akismet_is_asked_the_posters_row_is_not_locked(
    client, article, trusted_reader, looking_akismet
):
    client.force_login(trusted_reader)
    backend = backend_pid()  # the connection the post is made on (this thread's)
    looking_akismet.seen = None
    response = client.post(f"/comments/post/{article.slug}/", {"body": "Cheap pills here"})
    assert backend_pid() == backend
    assert response.status_code == HTTPStatus.FOUND
    assert looking_akismet.requests == 1
    assert looking_akismet.seen == {"poster row": "free", "poster connection": "idle"}
    # Akismet's verdict still decides, with the same reason for the moderators.
    comment = Comment.objects.latest("id")
    assert (comment.status, comment.held_reason) == (Comment.Status.SPAM, "Akismet says spam")


def test_a_comment_refused_by_the_rules_is_not_sent_to_akismet(
    article, trusted_reader, looking_akismet
):
    """Refusals (here a repeat of the reader's own comment) are found before asking: a
    refused comment is not sent out, and nothing is written."""
    before = Comment.objects.count()
    with pytest.raises(screening.CommentRefused, match="already said that"):
        comment_create(article=article, author=trusted_reader, body="My first, approved long ago.")
    assert looking_akismet.requests == 0
    assert Comment.objects.count() == before


class OutsideService(screening.Screener):
    """A remote screener of the test's own: it notes whether a transaction was open when it
    was asked, and holds every comment for a moderator."""

    name = "outside service"
    remote = True
    on_edit = False
    asked_in_transaction = []

    def screen(self, submission):
        self.asked_in_transaction.append(connection.in_atomic_block)
        return screening.Verdict.hold("the outside service asks a moderator to look")


def test_remote_screeners_are_asked_before_the_transaction_and_their_verdict_counts(
    article, trusted_reader, settings
):
    settings.COMMENTS_SCREENERS = [
        "comments.screening.Duplicate",
        f"{__name__}.OutsideService",
    ]
    OutsideService.asked_in_transaction.clear()
    comment = comment_create(article=article, author=trusted_reader, body="Walking helps me.")
    assert OutsideService.asked_in_transaction == [False]
    assert (comment.status, comment.held_reason) == (
        Comment.Status.PENDING,
        "the outside service asks a moderator to look",
    )


def test_staff_posts_are_not_sent_to_remote_screeners(article, staff, settings):
    settings.COMMENTS_SCREENERS = [f"{__name__}.OutsideService"]
    OutsideService.asked_in_transaction.clear()
    comment = comment_create(article=article, author=staff, body="From the editors.")
    assert OutsideService.asked_in_transaction == []
    assert comment.status == Comment.Status.APPROVED
