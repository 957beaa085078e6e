"""The shipped nginx site (deploy/nginx.conf), filled in and run by a private nginx master:
what the deployment test (tests/deploy) and the benchmark (bench/nginx.py) put in front of
their app servers.

`render(values)` replaces the template's ${BLOG_...} placeholders, as `envsubst` does for
an operator, and refuses to leave one unfilled. `PrivateNginx` writes a main configuration
around the site (its own pid, logs, temporary and cache folders, so it touches nothing of
the system's nginx and several can run at once), starts `nginx -p DIR -c FILE` in the
foreground and stops it by its process id.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

TEMPLATE = Path(__file__).resolve().with_name("nginx.conf")
PLACEHOLDER = re.compile(r"\$\{(BLOG_[A-Z_]+)\}")

HOW_TO_GET_NGINX = (
    "nginx is needed: `apt-get install nginx` (Debian's package; scripts/nginx_deps.sh "
    "installs it when run as root), or set NGINX_PATH to an nginx binary."
)


def placeholders(template=TEMPLATE):
    """The names the template asks for, in order of appearance."""
    return list(dict.fromkeys(PLACEHOLDER.findall(Path(template).read_text())))


def render(values, template=TEMPLATE):
    """The site configuration with every placeholder filled from `values` (a name without
    a value is an error, as is a value for no name)."""
    names = placeholders(template)
    missing = [name for name in names if name not in values]
    unknown = [name for name in values if name not in names]
    if missing or unknown:
        raise ValueError(f"placeholders missing: {missing}; values for no placeholder: {unknown}")
    return PLACEHOLDER.sub(lambda match: str(values[match[1]]), Path(template).read_text())


def nginx_binary():
    """The nginx to run, or None."""
    for candidate in (os.environ.get("NGINX_PATH"), shutil.which("nginx"), "/usr/sbin/nginx"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def self_signed_certificate(directory, host="localhost"):
    """(certificate, key) for `host` and 127.0.0.1, made with openssl in `directory`."""
    directory = Path(directory)
    certificate, key = directory / "site.pem", directory / "site.key"
    options = "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
    subprocess.run(  # noqa: S603 - our own arguments
        ["openssl", *options.split(), "-subj", f"/CN={host}"]  # noqa: S607 - openssl on PATH
        + ["-addext", f"subjectAltName=DNS:{host},IP:127.0.0.1"]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return certificate, key


# What Debian's /etc/nginx/nginx.conf sets around its sites, with every path the master or
# its workers write to moved into the private folder. The access log names the app server
# that answered and what the cache did, for the test to read.
MAIN_CONFIG = """\
{user}
worker_processes {workers};
pid {dir}/nginx.pid;
lock_file {dir}/nginx.lock;
error_log {dir}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    {types}
    default_type application/octet-stream;
    gzip on;
    log_format upstreams '$remote_addr "$request" $status upstream=$upstream_addr '
                         'cache=$upstream_cache_status';
    {access_log}
    client_body_temp_path {dir}/temp/body;
    proxy_temp_path {dir}/temp/proxy;
    fastcgi_temp_path {dir}/temp/fastcgi;
    uwsgi_temp_path {dir}/temp/uwsgi;
    scgi_temp_path {dir}/temp/scgi;
    include {dir}/site.conf;
}}
"""
MIME_TYPES = Path("/etc/nginx/mime.types")


class PrivateNginx:
    """An nginx master of our own serving `site_config` (rendered from the template), with
    its files in `directory`. `start()` returns once it accepts connections on
    `wait_port`; `stop()` ends it by its process id."""

    def __init__(self, directory, site_config, *, wait_port, workers=1, access_log=True):
        self.directory = Path(directory)
        self.wait_port = wait_port
        self.process = None
        (self.directory / "temp").mkdir(parents=True, exist_ok=True)
        (self.directory / "site.conf").write_text(site_config)
        self.config = self.directory / "nginx.conf"
        self.access_log = self.directory / "access.log"
        self.config.write_text(
            MAIN_CONFIG.format(
                dir=self.directory,
                workers=workers,
                # Workers of a root master would run as nobody, who may not read a test's
                # private folders: as root they run as root (a non-root master ignores it).
                user="user root;" if os.geteuid() == 0 else "",
                types=f"include {MIME_TYPES};"
                if MIME_TYPES.is_file()
                else "types { text/html html; text/css css; application/javascript js; }",
                access_log=f"access_log {self.access_log} upstreams;"
                if access_log
                else "access_log off;",
            )
        )

    def start(self):
        binary = nginx_binary()
        if binary is None:
            raise RuntimeError(HOW_TO_GET_NGINX)
        error_log = self.directory / "error.log"
        self.process = subprocess.Popen(  # noqa: S603 - our own arguments
            [binary, "-p", str(self.directory), "-c", str(self.config), "-e", str(error_log)]
            + ["-g", "daemon off;"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                problems = error_log.read_text() if error_log.exists() else ""
                raise RuntimeError(f"nginx did not start:\n{problems}")
            try:
                socket.create_connection(("127.0.0.1", self.wait_port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("nginx did not accept connections within 20 s")

    def stop(self):
        """Stop the master (it stops its workers) and wait for it."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=20)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()
