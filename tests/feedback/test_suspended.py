"""A suspended reader cannot answer "Did this help?": the block shows why instead of the
buttons, and an answer they send is refused (403, the reason on the page and in the
script's JSON), with no count changed."""

from datetime import timedelta
from http import HTTPStatus

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts import suspensions
from accounts.models import Suspension
from feedback.services import answer_give

from .helpers import results

pytestmark = pytest.mark.django_db

JSON_HEADERS = {"Accept": "application/json", "X-Requested-With": "fetch"}
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def url(article):
    return reverse("feedback:answer", kwargs={"slug": article.slug})


def block(html):
    start = html.index('<section class="feedback')
    return html[start : html.index("</section>", start)]


@pytest.fixture
def suspended(reader, staff, article):
    answer_give(user=reader, article=article, choice="helped")  # an answer from before
    return suspensions.suspend(user=reader, by=staff, duration=None, reason="Spam links")


def test_the_block_shows_why_instead_of_the_buttons(client, reader, article, suspended):
    client.force_login(reader)
    html = client.get(article.get_absolute_url()).content.decode()
    shown = block(html)
    assert "Your account is suspended from taking part" in shown and "Spam links" in shown
    assert "<form" not in shown and "feedback.js" not in html


def test_an_answer_is_refused_on_the_page_and_in_json(client, reader, article, suspended):
    client.force_login(reader)
    page = client.post(url(article), {"choice": "worse"}, HTTP_ACCEPT=BROWSER_ACCEPT)
    assert page.status_code == HTTPStatus.FORBIDDEN
    shown = block(page.content.decode())
    assert shown.count("Your account is suspended") == 1 and "<form" not in shown
    script = client.post(url(article), {"choice": "worse"}, headers=JSON_HEADERS)
    assert script.status_code == HTTPStatus.FORBIDDEN
    assert "Spam links" in script.json()["error"]
    assert results(article) == (1, 0, 0)


def test_the_service_refuses_a_suspended_reader(reader, article, suspended):
    with pytest.raises(PermissionDenied, match="suspended"):
        answer_give(user=reader, article=article, choice="worse")
    assert results(article) == (1, 0, 0)


def test_a_suspension_whose_end_has_passed_lets_the_reader_answer(client, reader, staff, article):
    Suspension.objects.create(
        user=reader,
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() - timedelta(seconds=1),
        created_by=staff,
    )
    client.force_login(reader)
    response = client.post(url(article), {"choice": "no_change"}, headers=JSON_HEADERS)
    assert response.status_code == HTTPStatus.OK
    assert results(article) == (0, 1, 0)
