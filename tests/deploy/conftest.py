"""The shipped nginx site (deploy/nginx.conf) in front of two gunicorn app servers, as two
hosts would run them: separate processes on ports of their own, sharing the test database
(PostgreSQL) and one Redis (pages, fragments, sessions, rate limits).

The two app servers (tests/servers.py) start once per module, with the production
settings and two changes (tests/deploy/site_settings.py): anonymous pages declare an
s-maxage of 3 s instead of 30, so a test can watch nginx's copy expire, and passwords are
hashed as in the rest of the suite. Each test gets an nginx of its own, with an
empty cache and a self-signed certificate for localhost, and an empty Redis. Tests are
transactional (`django_db(transaction=True)`): what they write is committed, so the
servers see it.

Readers talk to nginx over TLS, or straight to one app server with the headers nginx
would add (Host, X-Forwarded-Proto, X-Forwarded-For), to say which server answers.

Without nginx or openssl the tests skip with a message, or fail with it when
REQUIRE_NGINX=1 or REQUIRE_BROWSER_TESTS=1 (CI sets the latter in .ci/run).
"""

import http.client
import os
import re
import shutil
import ssl
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from allauth.account.models import EmailAddress

from deploy import nginx_site
from tests.servers import HOST, Server, free_port, production_env

PASSWORD = "a long test password"
REDIS_URL = "redis://127.0.0.1:6379/12"
# Keys of this run only: several runs of the suite may share the machine's Redis.
CACHE_PREFIX = f"deploy-test-{os.getpid()}"


def _require(missing):
    """Skip, or fail where nginx is required, when something the tests need is missing."""
    if not missing:
        return
    message = f"{missing}\n{nginx_site.HOW_TO_GET_NGINX} `make test` runs scripts/nginx_deps.sh."
    if "1" in (os.environ.get("REQUIRE_NGINX"), os.environ.get("REQUIRE_BROWSER_TESTS")):
        pytest.fail(f"nginx is required here (REQUIRE_NGINX or REQUIRE_BROWSER_TESTS): {message}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def certificate(tmp_path_factory):
    _require(None if nginx_site.nginx_binary() else "nginx was not found.")
    _require(None if shutil.which("openssl") else "openssl was not found.")
    return nginx_site.self_signed_certificate(tmp_path_factory.mktemp("tls"), HOST)


@pytest.fixture(scope="session")
def tls_context(certificate):
    """What a reader's browser would have: trust in the site's certificate."""
    return ssl.create_default_context(cafile=str(certificate[0]))


def _server_env(static_root, media_root):
    """Production settings on the test database (tests/servers.py), behind one proxy,
    with the shared Redis as the cache."""
    env = production_env(
        {
            "DJANGO_CACHE_URL": REDIS_URL,
            "DJANGO_CACHE_PREFIX": CACHE_PREFIX,
            "DJANGO_STATIC_ROOT": str(static_root),
            "DJANGO_MEDIA_ROOT": str(media_root),
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        }
    )
    env["DJANGO_SETTINGS_MODULE"] = "tests.deploy.site_settings"
    env["DJANGO_TRUSTED_PROXY_COUNT"] = "1"  # nginx
    return env


@pytest.fixture(scope="module")
def app_servers(certificate, django_db_setup, django_db_blocker, static_root, tmp_path_factory):
    """Two app servers on the test database, started together, stopped (by process id)
    before the test database is dropped."""
    logs = tmp_path_factory.mktemp("app-servers")
    env = _server_env(static_root, logs / "media")
    servers = []
    try:
        for name in ("one", "two"):
            servers.append(Server(env, workers=2, log_path=logs / f"{name}.log"))
        for server in servers:
            server.wait()
        yield servers
    finally:
        with django_db_blocker.unblock():
            for server in servers:
                server.stop()


@pytest.fixture
def empty_redis():
    """The servers' cache, emptied of this run's keys (only those: other runs may share
    the Redis), before and after the test."""
    import redis

    client = redis.Redis.from_url(REDIS_URL)

    def empty():
        keys = list(client.scan_iter(match=f"{CACHE_PREFIX}:*", count=1000))
        if keys:
            client.delete(*keys)

    empty()
    yield
    empty()
    client.close()


@dataclass
class Page:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode()

    @property
    def cache_status(self):
        """What nginx's cache did (HIT, MISS, EXPIRED, BYPASS...), None when it was not
        asked (a static file, or straight to an app server)."""
        return self.headers.get("X-Cache-Status")

    def csrf_token(self):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.text)[1]


class Route:
    """Where a request goes: through nginx over TLS (`server` None), or straight to one
    app server with what nginx would add: the public Host, X-Forwarded-Proto and the
    reader's address in X-Forwarded-For."""

    def __init__(self, site, server=None):
        self.site, self.server = site, server

    def __repr__(self):
        return f"<Route {f'port {self.server.port}' if self.server else 'nginx'}>"

    def connection(self, address):
        if self.server is None:
            return http.client.HTTPSConnection(
                HOST,
                self.site.https_port,
                context=self.site.tls_context,
                source_address=(address, 0),
                timeout=30,
            )
        return http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)

    def headers(self, address):
        if self.server is None:
            return {}
        return {
            "Host": self.site.public_host,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": address,
        }


class Reader:
    """A browser, roughly: keeps its cookies (whichever route set them), sends Origin and
    Referer with a form as browsers do, follows no redirect. `address` is where its
    requests come from (any 127.x address reaches nginx on loopback)."""

    def __init__(self, site, address="127.0.0.1"):
        self.site, self.address, self.cookies = site, address, {}

    def request(self, method, path, *, via=None, data=None, referer=None, headers=None):
        route = via or self.site.nginx
        headers = {**route.headers(self.address), **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            origin = f"https://{self.site.public_host}"
            headers.update(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": origin,
                    "Referer": origin + (referer or path),
                }
            )
        conn = route.connection(self.address)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            page = Page(response.status, response.headers, response.read())
        finally:
            conn.close()
        for header in page.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)
        return page

    def get(self, path, *, via=None):
        return self.request("GET", path, via=via)

    def post(self, path, data, *, via=None, referer=None, headers=None):
        return self.request("POST", path, via=via, data=data, referer=referer, headers=headers)

    def log_in(self, login, password=PASSWORD, *, via=None):
        """Open the login page and send its form back, with its CSRF token."""
        token = self.get("/accounts/login/", via=via).csrf_token()
        form = {"csrfmiddlewaretoken": token, "login": login, "password": password}
        return self.post("/accounts/login/", form, via=via)


class Site:
    """nginx (the shipped site file, filled in) in front of the two app servers."""

    def __init__(self, directory, servers, static_root, certificate, tls_context):
        # The app servers as nginx's log names them.
        self.upstreams = {f"127.0.0.1:{server.port}" for server in servers}
        self.host = HOST
        self.tls_context = tls_context
        self.http_port, self.https_port = free_port(), free_port()
        self.public_host = f"{HOST}:{self.https_port}"
        self.cache_dir = Path(directory) / "nginx-cache"
        config = nginx_site.render(
            {
                "BLOG_SERVER_NAME": HOST,
                "BLOG_HTTP_LISTEN": f"127.0.0.1:{self.http_port}",
                "BLOG_HTTPS_LISTEN": f"127.0.0.1:{self.https_port}",
                "BLOG_HTTPS_ORIGIN": f"https://{self.public_host}",
                "BLOG_APP_SERVERS": " ".join(f"server {a};" for a in self.upstreams),
                "BLOG_TLS_CERTIFICATE": certificate[0],
                "BLOG_TLS_CERTIFICATE_KEY": certificate[1],
                "BLOG_CACHE_DIR": self.cache_dir,
                "BLOG_STATIC_ROOT": static_root,
            }
        )
        self.nginx = Route(self)
        self.one, self.two = (Route(self, server) for server in servers)
        self.master = nginx_site.PrivateNginx(
            Path(directory) / "nginx", config, wait_port=self.https_port
        )

    def reader(self, address="127.0.0.1"):
        return Reader(self, address)

    def nginx_log(self):
        """nginx's access log: (client address, request line, status, app server or "-",
        cache status or "-") per request."""
        pattern = re.compile(r'(\S+) "([^"]*)" (\d+) upstream=(\S+) cache=(\S+)')
        lines = self.master.access_log.read_text().splitlines()
        return [pattern.fullmatch(line).groups() for line in lines]

    def cached_responses(self):
        """Every response nginx's cache holds: its headers and body, as kept on disk
        (each file holds the key, then the response as the app server sent it)."""
        kept = []
        for path in self.cache_dir.rglob("*"):
            if path.is_file():
                raw = path.read_bytes()
                start = raw.index(b"\nHTTP/") + 1
                head, _, body = raw[start:].partition(b"\r\n\r\n")
                kept.append((head.decode("latin-1"), body.decode(errors="replace")))
        return kept

    def assert_cache_holds_only_shared_pages(self):
        """Nothing in nginx's cache was private, set a cookie, or came without a public
        Cache-Control."""
        for head, _ in self.cached_responses():
            headers = head.lower()
            assert "set-cookie:" not in headers, head
            assert "cache-control: public" in headers, head
            assert "private" not in headers and "no-store" not in headers, head


@pytest.fixture
def site(app_servers, static_root, certificate, tls_context, tmp_path, empty_redis):
    site = Site(tmp_path, app_servers, static_root, certificate, tls_context)
    with site.master:
        yield site


@pytest.fixture
def make_reader(django_user_model):
    """make_reader("ada", "Ada L") -> an account with a verified email, able to log in."""

    def make(username, display_name=""):
        user = django_user_model.objects.create_user(
            username=username,
            email=f"{username}@example.org",
            password=PASSWORD,
            display_name=display_name,
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user

    return make
