"""What the article page shows: the question for the article and for each step, the totals,
the reader's own answers, the note under "Made it worse", and what it costs in queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from feedback.services import answer_give

pytestmark = pytest.mark.django_db


def block(html):
    """The "Did this help?" block of a page."""
    start = html.index('<section class="feedback wrap" id="did-this-help"')
    return html[start : html.index("</section>", start)]


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def test_anonymous_reader_sees_the_totals_and_a_login_link(client, article, steps, answer_all):
    answer_all(article, ["helped", "helped", "worse"])
    answer_all(article, ["no_change"], step=steps[2])
    html = block(client.get(article.get_absolute_url()).content.decode())
    words = text(html)
    assert (
        "The whole article 3 answers: 2 helped (67%), 0 no change (0%), 1 made it worse (33%)"
        in words
    )
    assert "Step 1 Caption 10 No answers yet." in words
    assert (
        "Step 3 Caption 30 1 answer: 0 helped (0%), 1 no change (100%), 0 made it worse (0%)"
        in words
    )
    assert "<form" not in html and "Sorry it made things worse" not in html
    assert (
        '<a href="/accounts/login/?next=/articles/easing-sciatica/%23did-this-help">'
        "Log in to answer</a> for the article and its steps." in html
    )


def test_steps_are_asked_in_the_guides_order_with_its_numbers(client, article, steps, reader):
    client.force_login(reader)
    page = client.get(article.get_absolute_url()).content.decode()
    html = block(page)
    ids = re.findall(r'<div class="feedback__item" id="did-this-help-step-(\d+)"', html)
    assert ids == [str(step.pk) for step in steps]
    assert re.findall(r"Did step (\d) help you\?", html) == ["1", "2", "3"]
    # "Step 2" links to the picture guide's own step 2 (position 20).
    assert '<a href="#step-2">Step 2</a><span class="feedback__caption">Caption 20</span>' in html
    assert '<li class="guide__step" id="step-2">' in page
    assert page.index("Caption 20</figcaption>") > page.index("Caption 10</figcaption>")


def test_reader_sees_their_own_answers_and_can_change_them(client, article, steps, reader):
    answer_give(user=reader, article=article, choice="helped")
    answer_give(user=reader, article=article, step=steps[0], choice="no_change")
    client.force_login(reader)
    html = block(client.get(article.get_absolute_url()).content.decode())
    assert html.count("Your answer: Helped. Choose another to change it.") == 1
    assert html.count("Your answer: No change. Choose another to change it.") == 1
    assert "Did step 2 help you?" in html and "Did step 3 help you?" in html
    assert html.count('<span class="visually-hidden"> (your answer)</span>') == 2
    # Every question is a form of its own, three buttons, the step's id with it.
    assert html.count('action="/feedback/easing-sciatica/#did-this-help') == 4
    assert html.count('<input type="hidden" name="step"') == 3
    assert html.count('name="choice" value="worse"') == 4


def test_a_made_it_worse_answer_shows_the_calm_note_beside_it_only(client, article, steps, reader):
    answer_give(user=reader, article=article, step=steps[1], choice="worse")
    answer_give(user=reader, article=article, choice="helped")
    client.force_login(reader)
    html = block(client.get(article.get_absolute_url()).content.decode())
    assert html.count('class="feedback__care" role="note"') == 1
    step = html[html.index(f'id="did-this-help-step-{steps[1].pk}"') :]
    note = text(re.search(r'<p class="feedback__care" role="note">(.*?)</p>', step, re.S)[1])
    assert note.startswith("Sorry it made things worse. Stop this exercise for now")
    assert "contact a doctor" in note and "urgent medical help" in note
    # Careful wording: nothing about medicines or doses.
    assert not re.search(
        r"medic(ine|ation)|tablet|pill|painkiller|ibuprofen|paracetamol|dose", note, re.I
    )


def test_the_article_alone_is_asked_when_it_has_no_picture_guide(client, article, reader):
    client.force_login(reader)
    html = block(client.get(article.get_absolute_url()).content.decode())
    assert "Did this article help you?" in html
    assert "Each step of the picture guide" not in html and "step" not in text(html).lower()


def test_staff_previewing_a_draft_see_the_block_without_forms(client, staff, make_article):
    draft = make_article(title="Draft", slug="draft", status=Article.Status.DRAFT)
    client.force_login(staff)
    html = block(client.get(draft.get_absolute_url()).content.decode())
    assert "<form" not in html
    assert "Readers can answer once the article is published." in html


def test_the_cached_page_of_anonymous_readers_shows_a_new_answer(
    client, article, reader, django_capture_on_commit_callbacks
):
    first = block(client.get(article.get_absolute_url()).content.decode())
    assert "No answers yet." in first
    with django_capture_on_commit_callbacks(execute=True):
        answer_give(user=reader, article=article, choice="worse")
    again = block(client.get(article.get_absolute_url()).content.decode())
    assert "1 answer:" in again and "1 made it worse (100%)" in again


# Query counts


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return context.captured_queries


@pytest.mark.parametrize("logged_in", [False, True], ids=["anonymous", "reader"])
def test_the_block_costs_one_query_whatever_the_steps_and_answers(
    client, article, make_step, reader, answer_all, logged_in, settings
):
    settings.CACHING_PAGE_SECONDS = 0  # count what rendering the page costs
    settings.CACHING_FRAGMENT_SECONDS = 0
    if logged_in:
        client.force_login(reader)
    step = make_step(article, 1)
    answer_all(article, ["helped"])
    few = count_queries(client, article.get_absolute_url())
    for position in range(2, 12):
        step = make_step(article, position)
        answer_all(article, ["worse", "no_change"], step=step)
        if logged_in:
            answer_give(user=reader, article=article, step=step, choice="helped")
    answer_all(article, ["helped", "worse"] * 5)
    many = count_queries(client, article.get_absolute_url())
    assert len(many) == len(few)
    ours = [query["sql"] for query in many if "feedback_" in query["sql"]]
    assert len(ours) == 1 and "UNION ALL" in ours[0]
