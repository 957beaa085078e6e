"""Answering through the site: plain form posts, the in-page script's JSON, and every kind
of bad request, none of which may change a count."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from feedback.models import Answer
from feedback.services import answer_give

from .helpers import results

pytestmark = pytest.mark.django_db

JSON_HEADERS = {"Accept": "application/json", "X-Requested-With": "fetch"}
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
CHOICE_ERROR = 'Choose "Helped", "No change" or "Made it worse".'
STEP_ERROR = "That step is not part of this article&#x27;s picture guide."


def url(article):
    return reverse("feedback:answer", kwargs={"slug": article.slug})


def without_csrf_tokens(html):
    """CSRF tokens are masked afresh each time they are rendered."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


@pytest.fixture
def answering_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def answered(article, steps, answer_all):
    """Earlier answers: the article 2 helped and 1 no change; step 2 one "made it worse"."""
    answer_all(article, ["helped", "helped", "no_change"])
    answer_all(article, ["worse"], step=steps[1])
    return article


def everything(article):
    return list(Answer.objects.order_by("pk").values_list("user", "step", "choice")), [
        results(article, step) for step in (None, *article.steps.all())
    ]


def test_form_answer_for_the_article_redirects_to_it_with_a_message(
    answering_client, answered, reader
):
    response = answering_client.post(
        url(answered), {"choice": "helped"}, HTTP_ACCEPT=BROWSER_ACCEPT
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/articles/easing-sciatica/#did-this-help"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Thank you: your answer for this article, “Helped”, is saved."
    ]
    assert Answer.objects.get(user=reader).choice == "helped"
    assert results(answered) == (3, 1, 0)

    page = answering_client.get(response["Location"]).content.decode()
    assert "Thank you: your answer for this article, “Helped”, is saved." in page
    assert "Your answer: Helped. Choose another to change it." in page
    assert "4 answers:" in page and "3 helped (75%)," in page


def test_form_answer_for_a_step_goes_back_to_that_step(answering_client, answered, steps, reader):
    response = answering_client.post(url(answered), {"choice": "no_change", "step": steps[2].pk})
    assert response["Location"] == f"/articles/easing-sciatica/#did-this-help-step-{steps[2].pk}"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Thank you: your answer for step 3, “No change”, is saved."
    ]
    assert Answer.objects.get(user=reader).step == steps[2]
    assert results(answered, steps[2]) == (0, 1, 0)
    assert results(answered) == (2, 1, 0)  # the article's own count is apart


def test_an_answer_can_be_changed_and_stays_one(answering_client, answered, steps, reader):
    for choice in ("worse", "helped", "no_change"):
        answering_client.post(url(answered), {"choice": choice, "step": steps[1].pk})
    assert list(Answer.objects.filter(user=reader).values_list("choice", flat=True)) == [
        "no_change"
    ]
    assert results(answered, steps[1]) == (0, 1, 1)
    html = answering_client.get(answered.get_absolute_url()).content.decode()
    assert "Your answer: No change. Choose another to change it." in html


def test_json_answer_returns_the_updated_block(answering_client, answered, steps):
    response = answering_client.post(
        url(answered), {"choice": "worse", "step": steps[1].pk}, headers=JSON_HEADERS
    )
    assert response.status_code == HTTPStatus.OK
    data = response.json()
    assert data["message"] == "Thank you: your answer for step 2, “Made it worse”, is saved."
    assert data["answer"] == {"step": steps[1].pk, "choice": "worse"}
    assert data["results"] == {"helped": 0, "no_change": 0, "worse": 2}
    # The body of the block (the same partial the page renders), ready to swap in.
    html = data["html"]
    assert "2 made it worse (100%)" in html
    assert "Sorry it made things worse." in html
    assert 'id="did-this-help"' not in html and "<html" not in html
    page = answering_client.get(answered.get_absolute_url()).content.decode()
    assert without_csrf_tokens(html.strip()) in without_csrf_tokens(page)


def test_accept_json_alone_gets_json(answering_client, answered):
    response = answering_client.post(
        url(answered), {"choice": "helped"}, headers={"Accept": "application/json"}
    )
    assert response["Content-Type"] == "application/json"
    assert response.json()["answer"] == {"step": None, "choice": "helped"}


# Bad requests: none of them changes a count.

BAD_CHOICES = [{"choice": "better"}, {"choice": ""}, {}, {"choice": "HELPED"}, {"choice": "1"}]


@pytest.mark.parametrize("data", BAD_CHOICES, ids=["unknown", "empty", "missing", "case", "digit"])
def test_bad_choice_by_form_shows_the_page_again_with_the_reason_beside_the_question(
    answering_client, answered, steps, reader, data
):
    answer_give(user=reader, article=answered, step=steps[0], choice="helped")
    before = everything(answered)
    response = answering_client.post(
        url(answered), {**data, "step": steps[0].pk}, HTTP_ACCEPT=BROWSER_ACCEPT
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    item = html[html.index(f'id="did-this-help-step-{steps[0].pk}"') :]
    item = item[: item.index("</li>")]
    assert (
        f'<p class="feedback__error" role="alert">{CHOICE_ERROR.replace(chr(34), "&quot;")}</p>'
        in item
    )
    assert "<h1" in html and "Easing sciatica" in html  # the article page itself
    assert everything(answered) == before


@pytest.mark.parametrize("step", ["999999", "abc", "-1", "1.5", "99999999999999999999999"], ids=str)
def test_unknown_step_is_refused_atop_the_block(answering_client, answered, step):
    before = everything(answered)
    response = answering_client.post(
        url(answered), {"choice": "helped", "step": step}, HTTP_ACCEPT=BROWSER_ACCEPT
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    html = response.content.decode()
    assert f'<p class="feedback__error" role="alert">{STEP_ERROR}</p>' in html
    assert html.count('class="feedback__error"') == 1
    assert everything(answered) == before
    json_response = answering_client.post(
        url(answered), {"choice": "helped", "step": step}, headers=JSON_HEADERS
    )
    assert json_response.status_code == HTTPStatus.BAD_REQUEST
    assert json_response.json() == {"error": STEP_ERROR.replace("&#x27;", "'")}
    assert everything(answered) == before


def test_a_step_of_another_article_is_refused(answering_client, answered, make_article, make_step):
    elsewhere = make_step(make_article(title="Walking", slug="walking"), 1)
    before = everything(answered)
    response = answering_client.post(
        url(answered), {"choice": "helped", "step": elsewhere.pk}, headers=JSON_HEADERS
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"error": "That step is not part of this article's picture guide."}
    assert everything(answered) == before
    assert not Answer.objects.filter(step=elsewhere).exists()


@pytest.mark.parametrize("data", BAD_CHOICES)
def test_bad_choice_by_fetch_is_a_400_json_error(answering_client, answered, data):
    before = everything(answered)
    response = answering_client.post(url(answered), data, headers=JSON_HEADERS)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"error": CHOICE_ERROR}
    assert everything(answered) == before


def test_unknown_article_is_404(answering_client, answered):
    response = answering_client.post("/feedback/no-such-article/", {"choice": "helped"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Answer.objects.filter(user__username="rosa").exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.SCHEDULED, "published_at": timezone.now() + timedelta(days=1)},
    ],
    ids=["draft", "scheduled"],
)
def test_unpublished_article_is_404_even_for_staff(client, staff, make_article, fields):
    hidden = make_article(**fields)
    client.force_login(staff)
    response = client.post(url(hidden), {"choice": "helped"})
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not Answer.objects.exists()


def test_get_is_405(answering_client, answered):
    response = answering_client.get(url(answered), {"choice": "helped"})
    assert response.status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert response["Allow"] == "POST"
    assert not Answer.objects.filter(user__username="rosa").exists()


def test_post_without_csrf_token_is_403(reader, answered):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    before = everything(answered)
    response = client.post(url(answered), {"choice": "worse"})
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert everything(answered) == before


def test_post_with_the_pages_csrf_token_is_accepted(reader, answered):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    page = client.get(answered.get_absolute_url()).content.decode()
    form = page[page.index('action="/feedback/easing-sciatica/#did-this-help"') :]
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    response = client.post(url(answered), {"choice": "worse", "csrfmiddlewaretoken": token})
    assert response.status_code == HTTPStatus.FOUND
    assert results(answered) == (2, 1, 1)


def test_anonymous_form_post_goes_to_login_and_back_to_the_block(client, answered):
    before = everything(answered)
    response = client.post(url(answered), {"choice": "helped"})
    assert response.status_code == HTTPStatus.FOUND
    assert (
        response["Location"] == "/accounts/login/?next=/articles/easing-sciatica/%23did-this-help"
    )
    assert everything(answered) == before


def test_anonymous_fetch_gets_401_json(client, answered):
    response = client.post(url(answered), {"choice": "helped"}, headers=JSON_HEADERS)
    assert response.status_code == HTTPStatus.UNAUTHORIZED
    assert response.json() == {
        "error": "Log in to answer.",
        "login_url": "/accounts/login/?next=/articles/easing-sciatica/%23did-this-help",
    }


def test_answers_are_rate_limited_per_reader_with_a_clear_429(
    client, settings, answered, steps, reader, make_reader
):
    settings.FEEDBACK_RATE_LIMIT = "3/m"
    client.force_login(reader)
    for choice in ("helped", "worse", "no_change"):
        response = client.post(url(answered), {"choice": choice, "step": steps[0].pk})
        assert response.status_code == HTTPStatus.FOUND
    before = everything(answered)

    response = client.post(
        url(answered), {"choice": "helped", "step": steps[0].pk}, HTTP_ACCEPT=BROWSER_ACCEPT
    )
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 1 <= int(response["Retry-After"]) <= 120
    html = response.content.decode()
    item = html[html.index(f'id="did-this-help-step-{steps[0].pk}"') :]
    assert "You have answered many times in a short while. Wait" in item[: item.index("</li>")]

    response = client.post(url(answered), {"choice": "helped"}, headers=JSON_HEADERS)
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert response.json()["error"].startswith("You have answered many times in a short while.")
    assert everything(answered) == before

    # Another reader has an allowance of their own.
    client.force_login(make_reader())
    assert client.post(url(answered), {"choice": "worse"}).status_code == HTTPStatus.FOUND
    assert results(answered) == (2, 1, 1)


def test_the_rate_limit_can_be_turned_off(client, settings, answered, reader):
    settings.FEEDBACK_RATE_LIMIT = None
    client.force_login(reader)
    for choice in ["helped", "worse", "no_change"] * 15:
        response = client.post(url(answered), {"choice": choice}, headers=JSON_HEADERS)
        assert response.status_code == HTTPStatus.OK
    assert results(answered) == (2, 2, 0)
