"""A real streaming replica of the test server, for the read-replica tests.

`pg_basebackup -R` copies the test server's cluster into a temporary folder, and a second
PostgreSQL runs it on a free port, as the postgres user, replaying the primary's log as it
streams in (once per test session). While the tests of a module run, Django knows it as the
alias `replica_1`: the test database on that server, marked as a mirror of `default` (its
rows are the primary's, so Django neither creates nor empties it).

Whatever this needs and cannot get (the PostgreSQL binaries, replication connections to
the test server) fails the tests with a message: they are never skipped.
"""

import copy
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2
import pytest
from django.db import connections

from sciatica_site import db_router

ROOT = Path(__file__).resolve().parents[2]
ALIAS = "replica_1"
# A hot standby needs these at least as high as its primary has them.
STANDBY_MINIMUMS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class StreamingReplica:
    """A replica of the server behind `primary` (Django settings of its test database)."""

    # The server must not run as root: run PostgreSQL's programs as its own user.
    run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def __init__(self, primary):
        self.primary = {
            "host": primary["HOST"] or "127.0.0.1",
            "port": int(primary["PORT"] or 5432),
            "user": primary["USER"],
            "password": primary["PASSWORD"] or None,
            "dbname": primary["NAME"],
        }
        self.port = _free_port()
        # In /tmp: the postgres user must be able to reach it (not so under /root).
        self.directory = Path(tempfile.mkdtemp(prefix="sciatica-replica-", dir="/tmp"))
        self.data = self.directory / "data"

    def _run(self, *command):
        env = {**os.environ}
        if self.primary["password"]:
            env["PGPASSWORD"] = self.primary["password"]
        try:
            return subprocess.run(
                [*self.run_as, *command],
                check=True,
                capture_output=True,
                text=True,
                timeout=600,
                env=env,
            )
        except (OSError, subprocess.SubprocessError) as error:
            output = getattr(error, "stderr", "") or ""
            pytest.fail(f"{' '.join(map(str, command))} failed: {error}\n{output}")

    def _connect(self, *, replica):
        settings = {**self.primary, "connect_timeout": 5}
        if replica:
            settings.update(host="127.0.0.1", port=self.port)
        connection = psycopg2.connect(**settings)
        connection.autocommit = True
        return connection

    def query(self, sql, params=None, *, replica=True):
        """The first column of the first row `sql` returns, on the replica or the primary."""
        connection = self._connect(replica=replica)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchone()[0]
        finally:
            connection.close()

    def create(self):
        """Allow replication on the test server (scripts/ensure_replica_support.sh), copy
        it, and write the little configuration the copy needs of its own."""
        server = "postgres://{user}@{host}:{port}/{dbname}".format(**self.primary)
        self._run(str(ROOT / "scripts" / "ensure_replica_support.sh"), server)
        version = self.query("SHOW server_version_num", replica=False)
        self.bindir = Path(f"/usr/lib/postgresql/{int(version) // 10000}/bin")
        if not (self.bindir / "pg_basebackup").exists():
            pytest.fail(f"No {self.bindir}/pg_basebackup: install postgresql-{version[:2]}")
        self.minimums = {
            name: self.query(f"SHOW {name}", replica=False) for name in STANDBY_MINIMUMS
        }
        if self.run_as:
            shutil.chown(self.directory, "postgres")
        self._run(
            self.bindir / "pg_basebackup",
            *("-h", self.primary["host"], "-p", str(self.primary["port"])),
            *("-U", self.primary["user"], "-D", self.data),
            *("-R", "-X", "stream", "--checkpoint=fast"),
        )
        # Debian keeps postgresql.conf and pg_hba.conf outside the data folder.
        (self.directory / "hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        )
        config = self.data / "postgresql.conf"
        if not config.exists():
            self._run("touch", config)

    def start(self):
        options = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={self.directory}",
            f"-c hba_file={self.directory / 'hba.conf'}",
            "-c hot_standby=on",
            "-c shared_buffers=32MB",
            *(f"-c {name}={value}" for name, value in self.minimums.items()),
        ]
        self._run(
            self.bindir / "pg_ctl",
            *("-D", self.data, "-l", self.directory / "server.log"),
            *("-o", " ".join(options), "-w", "-t", "120", "start"),
        )

    def stop(self):
        """Stop at once, as a crash would (pg_ctl stop -m immediate)."""
        self._run(self.bindir / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")

    def is_running(self):
        return (self.data / "postmaster.pid").exists()

    def pause_replay(self):
        self.query("SELECT pg_wal_replay_pause()")
        while self.query("SELECT pg_get_wal_replay_pause_state()") != "paused":
            time.sleep(0.01)

    def resume_replay(self):
        self.query("SELECT pg_wal_replay_resume()")

    def wait_until_caught_up(self, timeout=120):
        """Until the replica has replayed everything the primary has committed."""
        target = self.query("SELECT pg_current_wal_flush_lsn()::text", replica=False)
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.query("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]):
                    return
            except psycopg2.OperationalError:
                pass  # still starting
            if time.monotonic() > deadline:
                log = (self.directory / "server.log").read_text()[-3000:]
                pytest.fail(f"The replica did not catch up in {timeout} s. Its log:\n{log}")
            time.sleep(0.02)

    def destroy(self):
        if self.is_running():
            self.stop()
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture(scope="session")
def streaming_replica(django_db_setup):
    """The replica server, made once per session from the test server (test database
    included), running."""
    replica = StreamingReplica(connections["default"].settings_dict)
    try:
        replica.create()
        replica.start()
        replica.wait_until_caught_up()
        yield replica
    finally:
        replica.destroy()


@pytest.fixture(scope="module")
def replica_alias(streaming_replica):
    """Django's alias replica_1 for the test database on the replica, while a module runs
    (the router sends reads to every alias named replica_*)."""
    settings = copy.deepcopy(connections["default"].settings_dict)
    settings.update(HOST="127.0.0.1", PORT=str(streaming_replica.port))
    settings["TEST"]["MIRROR"] = "default"
    connections.settings[ALIAS] = settings
    yield ALIAS
    connections[ALIAS].close()
    del connections[ALIAS]
    del connections.settings[ALIAS]


@pytest.fixture
def replica(replica_alias, streaming_replica, settings, monkeypatch):
    """The replica, running, replaying and caught up; this process's knowledge of it
    forgotten; a replica a few milliseconds behind waited for (other tests on this server
    write all the time)."""
    monkeypatch.setattr(db_router, "_health", {})
    settings.DATABASE_REPLICA_CATCH_UP_WAIT_SECONDS = 5
    if not streaming_replica.is_running():
        streaming_replica.start()
    streaming_replica.resume_replay()
    streaming_replica.wait_until_caught_up()
    yield streaming_replica
    if not streaming_replica.is_running():
        connections[ALIAS].close()
        streaming_replica.start()
    streaming_replica.resume_replay()
