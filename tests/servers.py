"""The site served as in production, for tests that need real server processes: gunicorn
with production settings on the test database, requests as the TLS proxy passes them on,
and a TCP proxy in front of PostgreSQL that a test can cut to make an outage."""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
HOST = "localhost"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(extra=None, *, database_port=None):
    """Production settings (debug off) on this test run's database."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    database = connection.settings_dict
    env.update(
        DJANGO_SETTINGS_MODULE="sciatica_site.settings",
        # This process's key: the sessions it makes are the servers' sessions too.
        DJANGO_SECRET_KEY=settings.SECRET_KEY,
        DJANGO_ALLOWED_HOSTS=f"{HOST},127.0.0.1",
        DATABASE_URL=(
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database_port or database['PORT'] or 5432}/{database['NAME']}"
        ),
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_TRUSTED_PROXY_COUNT="0",
        **(extra or {}),
    )
    return env


def close_other_sessions():
    """End the connections servers left on the test database, so it can be dropped."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def collect_static(root):
    env = production_env({"DJANGO_STATIC_ROOT": str(root)})
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    return root


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Server:
    """`gunicorn sciatica_site.wsgi` on a free port; its log in `log_path`."""

    def __init__(self, env, *, workers=2, log_path=None):
        self.port = free_port()
        self.log_path = log_path
        log = open(log_path, "w") if log_path else subprocess.DEVNULL  # noqa: SIM115
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "sciatica_site.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--access-logfile",
                "/dev/null",
            ],
            cwd=ROOT,
            env=env,
            stderr=log,
            start_new_session=True,
        )

    def wait(self):
        for _ in range(150):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2)
                return self
            except urllib.error.HTTPError:
                return self  # answering, if unhealthy
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("gunicorn exited at start") from None
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer /healthz")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)
        close_other_sessions()

    def log(self):
        return Path(self.log_path).read_text() if self.log_path else ""

    def request(self, path, *, cookies=None, headers=None, data=None):
        """(status, headers, body) of a request as the TLS proxy would pass it on."""
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", **(headers or {})}
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}",
            data=urlencode(data).encode() if data is not None else None,
            headers=headers,
        )
        try:
            with urllib.request.build_opener(NoRedirect).open(request, timeout=20) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()


class TcpProxy:
    """Forwards a local port to `target`; `cut()` drops every connection and refuses new
    ones (the database is unreachable), `restore()` listens again."""

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self._sockets = []
        self._listener = None
        self.restore()

    def restore(self):
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def cut(self):
        # shutdown() wakes the thread blocked in accept(); close() alone would not.
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        for sock in self._sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self._sockets.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.close()
