"""No stale page with several server processes, in each configuration the README offers.

Two gunicorn servers (two workers each, as two hosts would be) share the test database,
with production settings: once with the default configuration (no DJANGO_CACHE_URL: the
database is the cache) and once with Redis. This test process shares the same cache and
makes each kind of write through the site's own functions (a third app server, in
effect); afterwards every server must show the change to anonymous readers (whole-page
cache) and to a logged-in reader (shared fragments), and no 304 may stand for an old page.
"""

import re
from http.cookies import SimpleCookie

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from articles.models import Category, Tag
from caching.models import CACHE_TABLE
from comments.models import Comment
from comments.services import comment_create, comment_flag, comment_moderate, commenter_suspend
from ratings.services import thumb_cast, vote_cast
from tests.servers import HOST, Server, production_env

pytestmark = pytest.mark.django_db(transaction=True)

REDIS_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture(params=["database", "redis"])
def servers(request, settings, static_root):
    """Two app servers, and this process sharing their cache."""
    if request.param == "redis":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        extra = {"DJANGO_CACHE_URL": REDIS_URL, "DJANGO_CACHE_PREFIX": "two-servers"}
        settings.CACHES = {
            "default": {
                "BACKEND": "caching.redis.ResilientRedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": "two-servers",
            }
        }
    else:
        extra = {}
        settings.CACHES = {
            "default": {
                "BACKEND": "caching.database.ResilientDatabaseCache",
                "LOCATION": CACHE_TABLE,
            }
        }
    settings.COMMENTS_FLOOD_SECONDS = 0
    env = production_env({"DJANGO_STATIC_ROOT": str(static_root), **extra})
    running = [Server(env, workers=2), Server(env, workers=2)]
    try:
        for server in running:
            server.wait()
        yield running
    finally:
        for server in running:
            server.stop()


def make_reader(django_user_model, username, display_name):
    user = django_user_model.objects.create_user(
        username, f"{username}@example.org", "a long test password", display_name=display_name
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def session_of(user):
    """A logged-in session for `user`, in the database every server reads sessions from."""
    client = Client()
    client.force_login(user)
    return {"sessionid": client.cookies["sessionid"].value}


def test_every_server_shows_every_kind_of_write_at_once(
    servers, make_article, make_step, author, staff, django_user_model
):
    article = make_article(title="Shared guide", slug="shared-guide")
    url = article.get_absolute_url()
    ada = make_reader(django_user_model, "ada", "Ada L")
    reporters = [make_reader(django_user_model, f"rep{n}", f"Reporter {n}") for n in range(3)]
    logged_in = session_of(reporters[0])

    def every_server_shows(*expected, absent=()):
        for server in servers:
            for cookies in (None, None, logged_in):  # twice anonymous: the kept page too
                status, _, body = server.request(url, cookies=cookies)
                assert status == 200
                for text in expected:
                    assert text in body, f"port {server.port} ({cookies and 'logged in'}): {text}"
                for text in absent:
                    assert text not in body, f"port {server.port} still shows {text!r}"

    every_server_shows("No star ratings yet")  # every server has the page kept now
    _, headers, _ = servers[0].request(url)
    old_etag = headers["ETag"]

    vote_cast(user=ada, article=article, score=4)
    every_server_shows("Rating: 4.0/10 (1 vote cast)", '"ratingValue": 4.0')

    thumb_cast(user=ada, article=article, value=1)
    every_server_shows("Rating: +1 (from 1 vote)")

    held = comment_create(article=article, author=ada, body="Held for a moderator first.")
    every_server_shows(absent=["Held for a moderator first."])
    held = comment_moderate(comment=held, moderator=staff, action="approve")
    every_server_shows("Held for a moderator first.")

    posted = comment_create(article=article, author=ada, body="Posted straight away now.")
    assert posted.status == Comment.Status.APPROVED
    every_server_shows("Posted straight away now.")

    comment_moderate(comment=posted, moderator=staff, action="remove")
    every_server_shows(absent=["Posted straight away now."])

    for reporter in reporters:
        comment_flag(comment=held, user=reporter, reason="spam")
    every_server_shows(absent=["Held for a moderator first."])

    article.title = "Shared guide, revised"
    article.save()
    every_server_shows("Shared guide, revised")

    make_step(article, 1, caption="Lie on your back")
    every_server_shows("Lie on your back")

    article.categories.add(Category.objects.create(name="Nerve pain", slug="nerve-pain"))
    article.tags.add(Tag.objects.create(name="gentle", slug="gentle"))
    every_server_shows('href="/category/nerve-pain/"', 'href="/tag/gentle/"')

    author.display_name = "Maren H. Holt"
    author.save()
    every_server_shows("Maren H. Holt")

    comment_moderate(comment=held, moderator=staff, action="approve")
    ada.display_name = "Ada Lovelace"
    ada.save()
    every_server_shows("Ada Lovelace")

    for server in servers:  # the first page's ETag is long out of date
        status, _, _ = server.request(url, headers={"If-None-Match": old_etag})
        assert status == 200

    commenter_suspend(user=ada, moderator=staff, reason="Testing")
    own = session_of(ada)
    for server in servers:
        # Every server shows the suspended reader why, in place of the comment form...
        _, headers, body = server.request(url, cookies=own)
        assert "Your account is suspended" in body and "&quot;Testing&quot;" in body
        assert 'class="comment-form"' not in body
        # ...and refuses what they send anyway (an old tab): the comment (text kept) and
        # a vote. The token comes from the page's log-out form.
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        csrf_cookie = SimpleCookie(headers.get("Set-Cookie", ""))["csrftoken"].value
        sent = {
            "cookies": {**own, "csrftoken": csrf_cookie},
            "headers": {"Origin": f"https://{HOST}", "Referer": f"https://{HOST}{url}"},
        }
        status, _, body = server.request(
            f"/comments/post/{article.slug}/",
            data={"csrfmiddlewaretoken": token, "body": "After the ban."},
            **sent,
        )
        assert status == 400 and "Your account is suspended" in body
        assert "After the ban." in body  # refused, text kept
        status, _, body = server.request(
            f"/ratings/{article.slug}/stars/",
            data={"csrfmiddlewaretoken": token, "score": "1"},
            **sent,
        )
        assert status == 403 and "Your account is suspended" in body
    assert not Comment.objects.filter(body="After the ban.").exists()
    every_server_shows("Rating: 4.0/10 (1 vote cast)", absent=["suspended"])
