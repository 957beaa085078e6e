"""Notification mail as production sends it: the database task queue, the worker
(`manage.py db_worker`) in a process of its own with production settings, and a real SMTP
server started by the test (aiosmtpd), or one that accepts connections and never answers.

What must hold whatever fails: a reader's or moderator's request never waits for the mail
server, every notification reaches the server at least once and, barring a crash between
the server taking it and the worker recording it, once only (and then with the same
Message-ID), and each outage is logged once when it starts and once when it ends.
"""

import email
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from http import HTTPStatus
from io import StringIO
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.roles import MODERATORS
from comments.models import Comment, Notification, NotificationPreference
from tests.test_settings_deploy import print_setting

pytestmark = pytest.mark.django_db(transaction=True)  # the worker reads what was committed

ROOT = Path(__file__).resolve().parents[2]
SITE_URL = "https://blog.example.org"
Status = Notification.Status


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Recorder:
    """aiosmtpd handler: keeps every message the server accepts."""

    def __init__(self):
        self.messages = []
        self.on_message = None  # called after a message is taken, before the server answers

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(email.message_from_bytes(envelope.content))
        if self.on_message:
            self.on_message()
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server on a port of its own, that can be stopped and started again."""

    def __init__(self):
        self.port = free_port()
        self.recorder = Recorder()
        self.controller = None

    def start(self):
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None

    def received(self):
        return [(m["To"], m["Message-ID"]) for m in self.recorder.messages]


class HangingSmtpServer:
    """Accepts connections and never says a word."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(32)
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.connections = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                self.connections.append(self.listener.accept()[0])
            except TimeoutError:
                continue

    def stop(self):
        self.running = False
        self.thread.join(timeout=5)
        for sock in [self.listener, *self.connections]:
            sock.close()


@pytest.fixture
def smtp():
    server = SmtpServer()
    yield server
    server.stop()


@pytest.fixture
def hanging_smtp():
    server = HangingSmtpServer()
    yield server
    server.stop()


class Worker:
    """`manage.py db_worker` with production settings, on the test database."""

    def __init__(self, *, smtp_port, mail_timeout, tmp_path, batch=False):
        database = connection.settings_dict
        env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
        env.update(
            DJANGO_SETTINGS_MODULE="sciatica_site.settings",  # the production default backend
            DJANGO_SECRET_KEY=django_settings.SECRET_KEY,
            DATABASE_URL=(
                f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
                f"{database['PORT'] or 5432}/{database['NAME']}"
            ),
            DJANGO_SITE_URL=SITE_URL,
            DJANGO_EMAIL_HOST="127.0.0.1",
            DJANGO_EMAIL_PORT=str(smtp_port),
            DJANGO_EMAIL_TIMEOUT=str(mail_timeout),
            DJANGO_LOG_LEVEL="INFO",
        )
        self.log_path = tmp_path / f"worker-{time.monotonic_ns()}.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1"]
            + (["--batch"] if batch else []),
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self):
        return self.log_path.read_text()

    def wait(self, timeout=60):
        self.process.wait(timeout=timeout)
        self.log.close()
        assert self.process.returncode == 0, self.output()

    def stop(self, sig=signal.SIGTERM):
        if self.process.poll() is None:
            os.kill(self.process.pid, sig)
            self.process.wait(timeout=30)
        self.log.close()


@pytest.fixture
def workers():
    started = []
    yield started
    for worker in started:
        worker.stop(signal.SIGKILL)


def wait_until(condition, what, worker=None, timeout=45):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"Not {what} after {timeout} s." + (worker and worker.output() or ""))


def statuses():
    return sorted(Notification.objects.values_list("status", flat=True))


def make_due(*statuses_):
    """Move the clock on: the next attempt of every row in these states is due now."""
    Notification.objects.filter(status__in=statuses_).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


def retry():
    out = StringIO()
    call_command("retry_notifications", stdout=out)
    return out.getvalue()


@pytest.fixture
def production_mail(settings):
    """This process (the web server) queues tasks as production does, and its mailer points
    at a server that hangs: a request that sent mail would take a long time."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.SITE_URL = SITE_URL

    def point_at(port):
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 4},
            }
        }

    return point_at


@pytest.fixture
def question(article, trusted_reader, make_comment, other_reader):
    """Ada's question, with "email me replies" ticked; Bo has commented before (not held)."""
    make_comment(article, author=other_reader, body="Bo's earlier comment")
    return make_comment(article, author=trusted_reader, body="Question?", notify_replies=True)


def post(client, article, **data):
    response = client.post(f"/comments/post/{article.slug}/", data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:500]


def test_with_the_mail_server_stopped_a_reply_posts_and_its_mail_goes_out_once_it_is_back(
    client, article, question, other_reader, smtp, production_mail, workers, tmp_path
):
    smtp.start()
    smtp.stop()  # stopped: connections are refused
    production_mail(smtp.port)
    client.force_login(other_reader)
    post(client, article, body="Try walking", parent=question.pk)
    # The request did not try the mail server (it would have failed): no worker runs yet,
    # and both notifications wait for one.
    assert statuses() == [Status.QUEUED] * 2
    worker = Worker(smtp_port=smtp.port, mail_timeout=4, tmp_path=tmp_path)
    workers.append(worker)
    reply = Comment.objects.get(body="Try walking")
    assert reply.status == Comment.Status.APPROVED
    # The reply's author is told nothing of mail; the page shows the reply.
    assert "Try walking" in client.get(article.get_absolute_url()).content.decode()
    wait_until(lambda: statuses() == [Status.FAILED] * 2, "both failed", worker)
    assert all("Connection refused" in n.last_error for n in Notification.objects.all())

    smtp.start()
    make_due(Status.FAILED)
    assert retry() == "Notifications taken up: 2 failed, due again.\n"
    wait_until(lambda: statuses() == [Status.SENT] * 2, "both sent", worker)
    assert retry() == "No notification is due.\n"
    time.sleep(0.5)  # the worker polls every 0.1 s: anything more would have gone out by now
    notifications = {n.kind: n for n in Notification.objects.all()}
    assert sorted(smtp.received()) == sorted(
        [
            ("ada@example.org", notifications["reply"].message_id),
            ("maren@example.org", notifications["new_comment"].message_id),
        ]
    )
    assert {n.attempts for n in notifications.values()} == {2}
    worker.stop()
    log = worker.output()
    assert log.count("Mail server failing (ConnectionRefusedError") == 1, log
    assert log.count("Mail server answering again") == 1, log


def test_a_hanging_mail_server_holds_no_request_and_a_worker_killed_mid_send_loses_nothing(
    client, article, question, django_user_model, staff, settings, smtp, hanging_smtp,
    production_mail, workers, tmp_path,
):  # fmt: skip
    production_mail(hanging_smtp.port)
    settings.COMMENTS_FLOOD_SECONDS = 0
    # Moderators' alerts are not this test's subject: the one moderator wants none (with
    # nobody in the group they would go to the superuser, `staff`).
    moderator = django_user_model.objects.create_user(username="mo", email="mo@example.org")
    moderator.groups.add(Group.objects.get_or_create(name=MODERATORS)[0])
    for kind in (Notification.Kind.AWAITING, Notification.Kind.HELD):
        NotificationPreference.objects.create(
            user=moderator, kind=kind, delivery=NotificationPreference.Delivery.NEVER
        )
    newcomer = django_user_model.objects.create_user(
        username="cy", email="cy@example.org", password="a long test password"
    )
    client.force_login(newcomer)
    # Four replies by a newcomer: held for moderation, then approved in one go.
    for number in range(4):
        post(client, article, body=f"Reply {number}", parent=question.pk)
    held = Comment.objects.filter(author=newcomer, status=Comment.Status.PENDING)
    assert held.count() == 4
    client.force_login(staff)
    response = client.post(
        "/admin/comments/comment/",
        {"action": "action_approve", "_selected_action": [c.pk for c in held], "index": "0"},
    )
    assert response.status_code == HTTPStatus.FOUND
    # Neither the posts nor the moderator's bulk action went near the hanging server (a
    # request that did would still be waiting): no worker has started yet.
    assert hanging_smtp.connections == []
    assert Comment.objects.filter(author=newcomer, status=Comment.Status.APPROVED).count() == 4
    assert statuses() == [Status.QUEUED] * 8  # the author and Ada, for each reply

    worker = Worker(smtp_port=hanging_smtp.port, mail_timeout=3, tmp_path=tmp_path)
    workers.append(worker)
    # The worker waits on the server; readers, moderators and probes do not.
    wait_until(lambda: Status.SENDING in statuses(), "sending", worker)
    assert client.get(article.get_absolute_url()).status_code == HTTPStatus.OK
    health = client.get("/healthz")
    assert health.status_code == HTTPStatus.OK
    assert health.content.decode().splitlines()[-1].startswith("tasks: 7 waiting, the oldest for")
    wait_until(
        lambda: statuses().count(Status.FAILED) >= 2 and Status.SENDING in statuses(),
        "hung twice and sending again",
        worker,
    )
    worker.stop(signal.SIGKILL)  # in the middle of a send: its server has not said a word
    assert hanging_smtp.connections
    killed = Notification.objects.get(status=Status.SENDING)
    assert killed.attempts == 1 and killed.last_attempt_at  # recorded before the send
    log = worker.output()
    assert log.count("Mail server failing") == 1 and "timed out" in log, log
    assert "Task id=" in log and "Traceback" not in log

    smtp.start()  # the mail server answers again (on another port: the worker is new)
    make_due(Status.FAILED, Status.SENDING)  # five minutes on: the killed send is overdue
    output = retry()
    assert "1 unfinished (the worker stopped mid-send?)" in output and "failed, due again" in output
    worker = Worker(smtp_port=smtp.port, mail_timeout=2, tmp_path=tmp_path)
    workers.append(worker)
    wait_until(lambda: statuses() == [Status.SENT] * 8, "all sent", worker)
    time.sleep(0.5)
    assert sorted(smtp.received()) == sorted(
        (n.recipient.email, n.message_id) for n in Notification.objects.select_related("recipient")
    )
    assert Notification.objects.get(pk=killed.pk).attempts == 2
    assert Comment.objects.filter(author=newcomer).count() == 4
    worker.stop()
    # The outage's start was logged by the killed worker; its end, once, by the new one.
    assert worker.output().count("Mail server answering again") == 1, worker.output()
    assert "Mail server failing" not in worker.output()


def test_a_worker_killed_after_the_server_took_the_mail_sends_it_again_as_the_same_message(
    client, article, trusted_reader, smtp, production_mail, workers, tmp_path
):
    """SMTP cannot tell "the server took it" apart from "the worker recorded it": sent
    again rather than lost, with the Message-ID of the first copy."""
    production_mail(smtp.port)
    smtp.start()
    client.force_login(trusted_reader)
    post(client, article, body="Thank you for this")
    notification = Notification.objects.get()
    worker = Worker(smtp_port=smtp.port, mail_timeout=4, tmp_path=tmp_path)
    workers.append(worker)
    smtp.recorder.on_message = lambda: os.kill(worker.process.pid, signal.SIGKILL)
    wait_until(lambda: worker.process.poll() is not None, "killed", worker)
    smtp.recorder.on_message = None
    notification.refresh_from_db()
    assert notification.status == Status.SENDING and notification.attempts == 1

    make_due(Status.SENDING)
    assert retry() == "Notifications taken up: 1 unfinished (the worker stopped mid-send?).\n"
    worker = Worker(smtp_port=smtp.port, mail_timeout=4, tmp_path=tmp_path, batch=True)
    worker.wait()
    notification.refresh_from_db()
    assert notification.status == Status.SENT and notification.attempts == 2
    assert smtp.received() == [("maren@example.org", notification.message_id)] * 2


def test_healthz_shows_the_queue_and_a_stalled_queue_is_logged_once_and_not_doubled(
    client, article, trusted_reader, smtp, production_mail, caplog, tmp_path
):
    production_mail(smtp.port)
    smtp.start()
    assert client.get("/healthz").content.decode().splitlines()[-1] == "tasks: 0 waiting"
    client.force_login(trusted_reader)
    post(client, article, body="Nobody takes this")
    assert DBTaskResult.objects.count() == 1
    # No worker for ten minutes.
    DBTaskResult.objects.update(enqueued_at=timezone.now() - timedelta(minutes=10))
    make_due(Status.QUEUED)
    health = client.get("/healthz")
    assert health.status_code == HTTPStatus.OK
    assert health.content.decode().splitlines()[-1] == "tasks: 1 waiting, the oldest for 600 s"
    assert retry() == "No notification is due.\n"  # its task is still there: no second one
    assert retry() == "No notification is due.\n"
    assert DBTaskResult.objects.count() == 1

    Worker(smtp_port=smtp.port, mail_timeout=4, tmp_path=tmp_path, batch=True).wait()
    assert statuses() == [Status.SENT]
    retry()
    retry()
    logged = [r.getMessage() for r in caplog.records if r.name == "comments.tasks"]
    assert [line.split(":")[0].split(" (")[0] for line in logged] == [
        "Task queue stalled",
        "Task queue moving again",
    ]
    assert "Is the worker (manage.py db_worker) running?" in logged[0]


def test_production_queues_mail_for_the_worker_and_development_sends_at_once():
    backend = "TASKS['default']['BACKEND']"
    assert print_setting(backend) == "django_tasks_db.DatabaseBackend"
    assert print_setting(backend, DJANGO_DEBUG="1") == (
        "django.tasks.backends.immediate.ImmediateBackend"
    )
