"""PostgreSQL unreachable: readers get a 503 with Retry-After, anonymous pages kept in
Redis are still served, a comment sent meanwhile comes back with its text, and the outage
is logged once when it starts and once when it ends. The database is cut for real: the
server reaches it through a TCP proxy the test closes."""

import re
import time
from http.cookies import SimpleCookie

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from comments.models import Comment
from sciatica_site import outage
from tests.servers import HOST, Server, TcpProxy, production_env

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = "redis://127.0.0.1:6379/13"


@pytest.fixture
def database_proxy(settings):
    database = settings.DATABASES["default"]
    proxy = TcpProxy((database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)))
    yield proxy
    proxy.cut()


@pytest.fixture
def server(database_proxy, static_root, tmp_path):
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    env = production_env(
        {
            "DJANGO_STATIC_ROOT": str(static_root),
            "DJANGO_CACHE_URL": REDIS_URL,
            "DJANGO_DB_CONNECT_TIMEOUT": "2",
        },
        database_port=database_proxy.port,
    )
    running = Server(env, workers=1, log_path=tmp_path / "gunicorn.log").wait()
    yield running
    running.stop()


def test_an_outage_gives_503s_keeps_what_was_typed_and_is_logged_once(
    server, database_proxy, make_article, django_user_model
):
    article = make_article(title="Steady guide", slug="steady-guide")
    url = article.get_absolute_url()
    reader = django_user_model.objects.create_user("ada", "ada@example.org", "x" * 20)
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    client = Client()
    client.force_login(reader)
    session = {"sessionid": client.cookies["sessionid"].value}
    assert server.request(url)[0] == 200  # kept in Redis for anonymous readers
    _, headers, body = server.request(url, cookies=session)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    cookies = {**session, "csrftoken": SimpleCookie(headers["Set-Cookie"])["csrftoken"].value}

    database_proxy.cut()

    status, headers, body = server.request(url)
    assert status == 200 and "Steady guide" in body  # from the page cache
    for path in ("/", "/category/none/", url + "?cpage=2"):
        status, headers, body = server.request(path)
        assert status == 503, f"{path}: {status} {body[:3000]}"
        assert headers["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
        assert "We cannot reach our database just now" in body
    text = "My leg felt easier after the second stretch & I slept better <3"
    status, _, body = server.request(
        f"/comments/post/{article.slug}/",
        cookies=cookies,
        headers={"Origin": f"https://{HOST}", "Referer": f"https://{HOST}{url}"},
        data={"csrfmiddlewaretoken": token, "body": text, "parent": ""},
    )
    assert status == 503
    assert "Nothing you sent was saved" in body
    assert "My leg felt easier after the second stretch &amp; I slept better &lt;3" in body
    assert f'action="/comments/post/{article.slug}/"' in body

    database_proxy.restore()
    time.sleep(outage.PROBE_SECONDS + 0.5)
    assert server.request("/")[0] == 200
    assert server.request("/")[0] == 200
    log = server.log()
    assert log.count("Database unreachable") == 1, log
    assert log.count("Database reachable again") == 1, log
    assert "Traceback" not in log and "Internal Server Error" not in log, log
    assert not Comment.objects.exists()


def test_the_outage_page_never_shows_a_password_back(rf):
    from django.db import OperationalError

    request = rf.post(
        "/accounts/login/",
        {"login": "ada", "password": "correct horse battery staple", "csrfmiddlewaretoken": "t"},
        HTTP_ORIGIN="http://testserver",
    )
    body = outage.outage_response(request, OperationalError("gone")).content.decode()
    assert "correct horse" not in body
    assert 'value="ada"' in body or ">ada<" in body
