"""The back office: results per article and per step, "made it worse" flagged over the
threshold, read-only; the answers themselves only for those allowed to see them."""

import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.roles import AUTHORS, sync_roles
from feedback.models import Answer, Result

pytestmark = pytest.mark.django_db

RESULTS = reverse("admin:feedback_result_changelist")
ANSWERS = reverse("admin:feedback_answer_changelist")
ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
CELL = re.compile(r"<t[dh][^>]*>(.*?)</t[dh]>", re.S)


@pytest.fixture
def answered(article, steps, make_article, answer_all):
    """The article: 4 helped, 1 worse (20% of 5: flagged at the default threshold). Step 2:
    1 helped, 3 worse (75%, but of 4 answers: too few). Step 3: 2 helped, 6 worse (flagged).
    Another article: 9 helped."""
    answer_all(article, ["helped"] * 4 + ["worse"])
    answer_all(article, ["helped", "worse", "worse", "worse"], step=steps[1])
    answer_all(article, ["helped", "helped"] + ["worse"] * 6, step=steps[2])
    answer_all(make_article(title="Walking", slug="walking"), ["helped"] * 9)
    return article


def table_rows(html):
    """(raw HTML, [text of each cell]) for each row of the change list."""
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    return [
        (row, [re.sub(r"<[^>]+>", "", cell).strip() for cell in CELL.findall(row)])
        for row in ROW.findall(body)
    ]


def rows(html):
    return [cells for _, cells in table_rows(html)]


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def test_results_list_each_article_and_step_with_counts_and_percentages(staff_client, answered):
    html = staff_client.get(RESULTS).content.decode()
    listed = {(row[0], row[1]): row[2:7] for row in rows(html)}
    assert listed[("Easing sciatica", "The whole article")] == [
        "5",
        "4 (80%)",
        "0 (0%)",
        "1 (20%)",
        "",
    ]
    assert listed[("Easing sciatica", "Step 2 · Caption 20")] == [
        "4",
        "1 (25%)",
        "0 (0%)",
        "3 (75%)",
        "",
    ]
    assert listed[("Easing sciatica", "Step 3 · Caption 30")] == [
        "8",
        "2 (25%)",
        "0 (0%)",
        "6 (75%)",
        "",
    ]
    assert listed[("Walking", "The whole article")] == ["9", "9 (100%)", "0 (0%)", "0 (0%)", ""]
    assert len(listed) == 4


def flagged(client, query=""):
    """(article, question) of the rows whose "For review" icon says yes."""
    html = client.get(f"{RESULTS}{query}").content.decode()
    return sorted(
        (cells[0], cells[1])
        for row, cells in table_rows(html)
        if re.search(r'class="field-flagged_display"><img src="[^"]*icon-yes', row)
    )


def test_made_it_worse_over_the_threshold_is_flagged_and_filterable(staff_client, answered):
    expected = [
        ("Easing sciatica", "Step 3 · Caption 30"),
        ("Easing sciatica", "The whole article"),
    ]
    assert flagged(staff_client) == expected
    html = staff_client.get(f"{RESULTS}?flagged=yes").content.decode()
    assert "20% or more (of 5+ answers)" in html
    assert len(rows(html)) == 2 and flagged(staff_client, "?flagged=yes") == expected
    assert len(rows(staff_client.get(f"{RESULTS}?flagged=no").content.decode())) == 2


def test_the_threshold_and_the_minimum_are_settings(staff_client, answered, settings):
    settings.FEEDBACK_WORSE_THRESHOLD = 50
    assert flagged(staff_client) == [("Easing sciatica", "Step 3 · Caption 30")]
    settings.FEEDBACK_WORSE_MIN_ANSWERS = 4
    assert flagged(staff_client) == [
        ("Easing sciatica", "Step 2 · Caption 20"),
        ("Easing sciatica", "Step 3 · Caption 30"),
    ]
    assert "50% or more (of 4+ answers)" in staff_client.get(RESULTS).content.decode()


def test_results_filter_by_question_and_article(staff_client, answered, article):
    assert len(rows(staff_client.get(f"{RESULTS}?item=step").content.decode())) == 2
    assert len(rows(staff_client.get(f"{RESULTS}?item=article").content.decode())) == 2
    html = staff_client.get(f"{RESULTS}?article__id__exact={article.pk}").content.decode()
    assert {row[0] for row in rows(html)} == {"Easing sciatica"}


def test_the_results_list_costs_the_same_queries_for_many_rows(
    staff_client, article, make_step, answer_all
):
    answer_all(article, ["helped"])
    with CaptureQueriesContext(connection) as few:
        staff_client.get(RESULTS)
    for position in range(1, 15):
        answer_all(article, ["worse"], step=make_step(article, position))
    with CaptureQueriesContext(connection) as many:
        response = staff_client.get(RESULTS)
    assert len(rows(response.content.decode())) == 15
    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("model", [Result, Answer])
def test_results_and_answers_cannot_be_added_changed_or_deleted(staff_client, answered, model):
    name = model._meta.model_name
    assert (
        staff_client.get(reverse(f"admin:feedback_{name}_add")).status_code == HTTPStatus.FORBIDDEN
    )
    obj = model.objects.first()
    change = staff_client.get(reverse(f"admin:feedback_{name}_change", args=[obj.pk]))
    assert change.status_code == HTTPStatus.OK  # view only
    assert 'name="_save"' not in change.content.decode()
    delete = staff_client.post(
        reverse(f"admin:feedback_{name}_delete", args=[obj.pk]), {"post": "yes"}
    )
    assert delete.status_code == HTTPStatus.FORBIDDEN
    assert model.objects.filter(pk=obj.pk).exists()


def test_authors_see_the_results_but_not_who_answered_what(client, author, answered):
    sync_roles(Group, Permission)
    author.is_staff = True
    author.save()
    author.groups.add(Group.objects.get(name=AUTHORS))
    client.force_login(author)
    assert "Did this help?" in client.get(reverse("admin:index")).content.decode()
    assert client.get(RESULTS).status_code == HTTPStatus.OK
    assert len(rows(client.get(RESULTS).content.decode())) == 4
    assert client.get(ANSWERS).status_code == HTTPStatus.FORBIDDEN


def test_staff_without_article_access_see_no_results(client, django_user_model, answered):
    clerk = django_user_model.objects.create_user(username="clerk", password="x", is_staff=True)
    client.force_login(clerk)
    assert client.get(RESULTS).status_code == HTTPStatus.FORBIDDEN
