"""A suspended reader cannot vote: the block shows why instead of the buttons, and every
vote they send is refused (403, the reason in HTML and in the script's JSON), with no
count changed. The suspension ends by itself."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts import suspensions
from accounts.models import Suspension
from ratings.services import thumb_cast, vote_cast

from .helpers import totals

pytestmark = pytest.mark.django_db

JSON_HEADERS = {"Accept": "application/json", "X-Requested-With": "fetch"}
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def url(name, article):
    return reverse(f"ratings:{name}", kwargs={"slug": article.slug})


@pytest.fixture
def suspended(reader, staff, article):
    vote_cast(user=reader, article=article, score=6)  # a vote from before
    return suspensions.suspend(
        user=reader, by=staff, duration=timedelta(days=7), reason="Rude to other readers"
    )


def test_the_block_shows_why_instead_of_the_buttons(client, reader, article, suspended):
    client.force_login(reader)
    html = client.get(article.get_absolute_url()).content.decode()
    block = html[html.index('id="rating"') : html.index("</section>", html.index('id="rating"'))]
    assert "Your account is suspended from taking part" in block
    assert "Rude to other readers" in block
    assert "<form" not in block and "ratings.js" not in html
    assert "Be the first" not in block


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("star-vote", {"score": "1"}),
        ("star-withdraw", {}),
        ("thumb-vote", {"value": "down"}),
        ("thumb-withdraw", {}),
    ],
)
def test_every_vote_is_refused_and_changes_no_count(client, reader, article, suspended, name, data):
    client.force_login(reader)
    before = totals(article)
    page = client.post(url(name, article), data, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert page.status_code == HTTPStatus.FORBIDDEN
    html = page.content.decode()
    assert "Your vote was not counted" in html and "Rude to other readers" in html
    script = client.post(url(name, article), data, headers=JSON_HEADERS)
    assert script.status_code == HTTPStatus.FORBIDDEN
    assert "Your account is suspended" in script.json()["error"]
    assert totals(article) == before == (1, 6, 0, 0)


def test_the_services_refuse_a_suspended_reader(reader, article, suspended):
    with pytest.raises(PermissionDenied, match="suspended"):
        vote_cast(user=reader, article=article, score=2)
    with pytest.raises(PermissionDenied, match="suspended"):
        thumb_cast(user=reader, article=article, value=1)
    assert totals(article) == (1, 6, 0, 0)


def test_a_suspension_whose_end_has_passed_lets_the_reader_vote(client, reader, staff, article):
    Suspension.objects.create(
        user=reader,
        reason="Rude",
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() - timedelta(seconds=1),
        created_by=staff,
    )
    client.force_login(reader)
    assert 'name="score"' in client.get(article.get_absolute_url()).content.decode()
    response = client.post(url("star-vote", article), {"score": "8"}, headers=JSON_HEADERS)
    assert response.status_code == HTTPStatus.OK
    assert totals(article) == (1, 8, 0, 0)
