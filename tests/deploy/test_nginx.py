"""The README's production set-up, run: the shipped nginx site (deploy/nginx.conf) over
TLS in front of two gunicorn app servers sharing PostgreSQL and Redis (tests/deploy/
conftest.py starts them). What a reader does through one app server holds on the other,
and nginx's cache never hands anyone a page made for someone else."""

import gzip
import http.client
import re
import socket
import ssl
import time
from http import HTTPStatus

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

WRONG = "The username and/or password you specified are not correct."
TOO_MANY = "Too many failed login attempts. Try again later."


def comment_url(article):
    return f"/comments/post/{article.slug}/"


def test_logging_in_through_one_app_server_and_commenting_through_the_other(
    site, make_reader, make_article
):
    ada = make_reader("ada", "Ada Lovelace")
    article = make_article(author=ada, title="Walking after sciatica", slug="walking")
    url = article.get_absolute_url()
    reader = site.reader()

    assert reader.log_in("ada", via=site.one).status == HTTPStatus.FOUND
    page = reader.get(url, via=site.two)  # the session made by one is good on two
    assert page.status == HTTPStatus.OK and "Log out" in page.text
    posted = reader.post(
        comment_url(article),
        {"csrfmiddlewaretoken": page.csrf_token(), "body": "Ten minutes a day helped me."},
        via=site.two,
        referer=url,
    )
    assert posted.status == HTTPStatus.FOUND and "#comment-" in posted.headers["Location"]
    assert "Ten minutes a day helped me." in reader.get(url, via=site.one).text

    # Through nginx over TLS, the same session: the reader's own page, never the cache's.
    mine = reader.get(url)
    assert mine.status == HTTPStatus.OK and "Log out" in mine.text
    assert mine.cache_status == "BYPASS" and "private" in mine.headers["Cache-Control"]


def test_failed_logins_for_one_account_count_on_both_app_servers(site, make_reader):
    make_reader("ada")
    # Five wrong passwords for one account (allauth's limit per account), alternately
    # through each app server, from five addresses (so the limit per address stays clear).
    for n in range(5):
        server = (site.one, site.two)[n % 2]
        failed = site.reader(f"192.0.2.{n + 1}").log_in("ada", "not her password", via=server)
        assert failed.status == HTTPStatus.OK and WRONG in failed.text
    # Now even the right password is refused for a while, whichever server answers.
    for server in (site.one, site.two):
        reader = site.reader("198.51.100.7")
        refused = reader.log_in("ada", via=server)
        assert TOO_MANY in refused.text and "sessionid" not in reader.cookies


def test_failed_logins_through_nginx_count_against_each_readers_own_address(site, make_reader):
    make_reader("ada")
    guesser = site.reader("127.0.0.2")
    token = guesser.get("/accounts/login/").csrf_token()
    # Ten wrong guesses from one address (allauth's limit per address), each claiming
    # another address in X-Forwarded-For: nginx appends the one it saw, which the app
    # servers believe (DJANGO_TRUSTED_PROXY_COUNT=1).
    for n in range(10):
        failed = guesser.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": f"nobody{n}", "password": "guess"},
            headers={"X-Forwarded-For": f"203.0.113.{n + 1}"},
        )
        assert failed.status == HTTPStatus.OK and WRONG in failed.text
    # That address is refused now, even with the right password, on either app server.
    for _ in range(2):
        refused = guesser.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": token, "login": "ada", "password": "a long test password"},
        )
        assert TOO_MANY in refused.text and "sessionid" not in guesser.cookies
    logins = [line for line in site.nginx_log() if line[1].startswith("POST /accounts/login/")]
    assert {line[0] for line in logins} == {"127.0.0.2"}
    assert {line[3] for line in logins} == site.upstreams
    assert {line[3] for line in logins[-2:]} == site.upstreams

    # Another reader, from another address, is not held back by the guesser.
    other = site.reader("127.0.0.3")
    assert other.log_in("ada").status == HTTPStatus.FOUND and "sessionid" in other.cookies


def test_a_comment_through_one_server_is_seen_through_the_other_at_once_and_through_nginx_within_its_s_maxage(  # noqa: E501
    site, make_reader, make_article
):
    ada = make_reader("ada", "Ada Lovelace")
    article = make_article(author=ada, title="Walking after sciatica", slug="walking")
    url = article.get_absolute_url()
    ada_browser = site.reader()
    ada_browser.log_in("ada", via=site.one)
    token = ada_browser.get(url, via=site.one).csrf_token()

    anonymous = site.reader()
    first = anonymous.get(url)
    stored_at = time.monotonic()
    assert first.status == HTTPStatus.OK and first.cache_status == "MISS"
    s_maxage = int(re.search(r"\bs-maxage=(\d+)", first.headers["Cache-Control"])[1])
    assert "public" in first.headers["Cache-Control"]
    assert anonymous.get(url).cache_status == "HIT"

    posted = ada_browser.post(
        comment_url(article),
        {"csrfmiddlewaretoken": token, "body": "Short walks, often."},
        via=site.one,
        referer=url,
    )
    assert posted.status == HTTPStatus.FOUND
    # The other app server shows it at once (the page versions live in the shared Redis).
    assert "Short walks, often." in site.reader().get(url, via=site.two).text

    # nginx keeps its copy, at most for the s-maxage the app declared (nginx counts in
    # whole seconds: up to one more), then asks again.
    served_old = []
    while True:
        asked_at = time.monotonic() - stored_at
        page = anonymous.get(url)
        if "Short walks, often." in page.text:
            break
        assert asked_at <= s_maxage + 1, f"nginx served the old page {asked_at:.1f} s on"
        served_old.append((page.cache_status, round(asked_at, 1)))
        time.sleep(0.1)
    # Meanwhile the old copy came from nginx's cache (unless the machine was so slow that
    # the s-maxage had run out before the first look).
    if served_old:
        assert "HIT" in {status for status, _ in served_old}, served_old
    else:
        assert time.monotonic() - stored_at > s_maxage
    assert page.cache_status in ("EXPIRED", "MISS")
    again = anonymous.get(url)
    assert again.cache_status == "HIT" and "Short walks, often." in again.text


def test_no_page_for_a_logged_in_reader_is_served_from_nginx_to_anyone_else(
    site, make_reader, make_article
):
    make_reader("ada", "Ada Quietly")
    article = make_article(title="Walking after sciatica", slug="walking")
    url = article.get_absolute_url()
    ada = site.reader()
    assert ada.log_in("ada").status == HTTPStatus.FOUND  # through nginx, both servers

    # Her pages, several times each (round robin: from both app servers), before anyone
    # else asks for them: nginx must keep none of them.
    for path in ("/", url, "/accounts/profile/"):
        for _ in range(3):
            page = ada.get(path)
            assert page.status == HTTPStatus.OK and "Ada Quietly" in page.text
            assert page.cache_status == "BYPASS"
    assert "private" in ada.get(url).headers["Cache-Control"]
    for path in ("/", url):
        first = site.reader().get(path)
        assert first.cache_status == "MISS"
        for _ in range(3):
            page = site.reader().get(path)
            assert page.cache_status == "HIT"
            assert "Ada Quietly" not in page.text and "Log out" not in page.text
            assert "Set-Cookie" not in page.headers
    # And after the anonymous copy is kept, she still gets her own page.
    assert "Ada Quietly" in ada.get(url).text

    kept = site.cached_responses()
    assert len(kept) == 2  # the home page and the article, as anonymous readers see them
    assert not [body for _, body in kept if "Ada Quietly" in body or "Log out" in body]
    site.assert_cache_holds_only_shared_pages()
    answered_ada = {line[3] for line in site.nginx_log() if line[4] == "BYPASS"}
    assert answered_ada == site.upstreams


def test_nginx_serves_static_files_itself_redirects_plain_http_and_ignores_unknown_hosts(
    site, static_root
):
    home = site.reader().get("/")
    # The app servers knew the request came over TLS (no redirect to HTTPS, HSTS sent).
    assert home.status == HTTPStatus.OK and "Strict-Transport-Security" in home.headers
    stylesheet = re.search(r'<link rel="stylesheet" href="(/static/[^"]+)"', home.text)[1]
    on_disk = (static_root / stylesheet.removeprefix("/static/")).read_bytes()
    plain = site.reader().get(stylesheet)
    assert plain.status == HTTPStatus.OK and plain.body == on_disk
    assert "immutable" in plain.headers["Cache-Control"]
    packed = site.reader().request("GET", stylesheet, headers={"Accept-Encoding": "gzip"})
    assert packed.headers["Content-Encoding"] == "gzip"  # collectstatic's .gz copy
    assert gzip.decompress(packed.body) == on_disk
    from_disk = [line for line in site.nginx_log() if stylesheet in line[1]]
    assert from_disk and {line[3] for line in from_disk} == {"-"}  # no app server asked

    # Plain HTTP is sent to HTTPS by nginx, on the site's HTTPS port (not 443 here).
    conn = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=10)
    conn.request("GET", "/articles/walking/?page=2", headers={"Host": site.host})
    response = conn.getresponse()
    assert response.status == HTTPStatus.MOVED_PERMANENTLY
    assert response.headers["Location"] == f"https://{site.public_host}/articles/walking/?page=2"
    conn.close()
    # A host name that is not the site's gets no answer at all, over HTTP or HTTPS.
    conn = http.client.HTTPConnection("127.0.0.1", site.http_port, timeout=10)
    conn.request("GET", "/", headers={"Host": "elsewhere.example"})
    with pytest.raises(http.client.RemoteDisconnected):
        conn.getresponse()
    conn.close()
    anything_goes = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    anything_goes.check_hostname = False
    anything_goes.verify_mode = ssl.CERT_NONE  # so that the refusal is nginx's
    for name in ("elsewhere.example", None):  # None: asked by address
        with (
            socket.create_connection(("127.0.0.1", site.https_port), timeout=10) as raw,
            pytest.raises(ssl.SSLError, match="UNRECOGNIZED_NAME"),
        ):
            anything_goes.wrap_socket(raw, server_hostname=name)
