"""The "When to get help now" box on article pages, and the urgent-care settings, as
editors keep them in the admin (medical.safety)."""

import io
from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from articles.models import Article, Category
from medical.models import HelpBox, UrgentCare
from medical.safety import help_box_delete, help_box_save, read_help_box, urgent_care_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def legs():
    return Category.objects.create(name="Leg pain", slug="leg-pain")


@pytest.fixture
def site_box():
    return HelpBox.objects.create(
        introduction="Stop the exercises and get help now if you have:",
        signs="Numbness around your bottom or genitals\nNew trouble passing urine",
    )


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_the_site_wide_box_shows_before_the_picture_guide(
    client, make_article, make_step, site_box
):
    article = make_article(body="<p>The body.</p>")
    make_step(article, 1)
    html = page(client, article)
    assert "When to get help now" in html
    assert "<li>Numbness around your bottom or genitals</li>" in html
    assert "Call 999 or go to A&amp;E now." in html
    assert html.index("The body.") < html.index('id="get-help-now"')
    assert html.index('id="get-help-now"') < html.index('id="picture-guide"')


def test_a_category_box_is_shared_by_its_articles(client, make_article, legs, site_box):
    HelpBox.objects.create(
        category=legs, introduction="For leg pain:", signs="A foot that drops or drags"
    )
    first, second, other = make_article(), make_article(), make_article()
    first.categories.add(legs)
    second.categories.add(legs)
    for article in (first, second):
        html = page(client, article)
        assert "A foot that drops or drags" in html and "New trouble passing urine" not in html
    assert "New trouble passing urine" in page(client, other)


def test_an_inactive_box_gives_way_to_the_site_wide_one(make_article, legs, site_box):
    HelpBox.objects.create(category=legs, introduction="x", signs="Leg sign", is_active=False)
    article = make_article()
    article.categories.add(legs)
    assert read_help_box(article).signs == [
        "Numbness around your bottom or genitals",
        "New trouble passing urine",
    ]


def test_no_box_no_panel(client, make_article):
    article = make_article()
    assert read_help_box(article) is None
    assert 'id="get-help-now"' not in page(client, article)


def test_the_box_text_is_escaped(make_article):
    HelpBox.objects.create(introduction="<script>x</script>", signs="<b>bold</b>")
    html = render_to_string("medical/help_box.html", {"panel": read_help_box(make_article())})
    assert "<script>x" not in html and "&lt;script&gt;" in html and "&lt;b&gt;bold" in html


def test_the_box_costs_one_query(make_article, legs, site_box, django_assert_num_queries):
    article = make_article()
    with django_assert_num_queries(1):
        read_help_box(article)


def test_only_one_site_wide_box(site_box):
    with pytest.raises(IntegrityError), transaction.atomic():
        HelpBox.objects.create(introduction="again", signs="again")
    with pytest.raises(ValidationError, match="There is already a site-wide box"):
        help_box_save(box=HelpBox(introduction="again", signs="again"))


def test_a_changed_box_or_number_shows_on_the_cached_page(
    client, make_article, site_box, django_capture_on_commit_callbacks
):
    article = make_article()
    assert "New trouble passing urine" in page(client, article)
    site_box.signs = "Weakness getting worse"
    with django_capture_on_commit_callbacks(execute=True):
        help_box_save(box=site_box)
    assert "Weakness getting worse" in page(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        urgent_care_save(settings=UrgentCare(emergency_number="112"))
    assert "Call 112 or go to A&amp;E now." in page(client, article)
    with django_capture_on_commit_callbacks(execute=True):
        help_box_delete(box=site_box)
    assert 'id="get-help-now"' not in page(client, article)


def test_urgent_care_defaults_before_editors_save(db):
    UrgentCare.objects.all().delete()
    settings = UrgentCare.current()
    assert settings.emergency_number == "999"
    assert settings.call_to_action == "Call 999 or go to A&E now."
    assert "within hours" in settings.message


@pytest.mark.parametrize("number", ["", "nine", "999; drop", "+44 999"])
def test_a_bad_emergency_number_is_refused(number):
    with pytest.raises(ValidationError, match="emergency_number"):
        urgent_care_save(settings=UrgentCare(emergency_number=number))
    assert not UrgentCare.objects.filter(emergency_number=number).exists()


def test_editors_keep_the_box_and_settings_in_the_admin(client, role_user, legs):
    editor = role_user("ed", "Editors")
    client.force_login(editor)
    response = client.post(
        "/admin/medical/helpbox/add/",
        {
            "category": legs.pk,
            "heading": "When to get help now",
            "introduction": "Get help now if:",
            "signs": "Leg weakness getting worse",
            "is_active": "on",
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[-2000:]
    assert HelpBox.objects.get(category=legs).sign_list == ["Leg weakness getting worse"]
    response = client.post(
        "/admin/medical/urgentcare/1/change/",
        {
            "country": "Ireland",
            "emergency_number": "112",
            "emergency_department": "the emergency department",
            "message": "Why it is urgent.",
        },
    )
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[-2000:]
    assert UrgentCare.current().emergency_number == "112"
    # One row: none to add, none to delete.
    assert client.get("/admin/medical/urgentcare/add/").status_code == HTTPStatus.FORBIDDEN
    assert client.get("/admin/medical/urgentcare/1/delete/").status_code == HTTPStatus.FORBIDDEN


def test_the_settings_row_is_there_from_the_start():
    assert UrgentCare.objects.filter(pk=1).exists()


def test_the_demo_has_a_box_for_its_exercise_guides_and_the_uk_settings(client):
    call_command("load_demo", "--no-admin", stdout=io.StringIO())
    call_command("load_demo", "--no-admin", stdout=io.StringIO())  # again: nothing new
    assert HelpBox.objects.count() == 2
    assert UrgentCare.current().emergency_number == "999"
    main = Article.objects.get(slug="easing-sciatica-four-gentle-exercises")
    html = page(client, main)
    assert "Stop them and get help straight away" in html
    assert "Call 999 or go to A&amp;E now." in html and "NHS 111" in html
    assert html.index('id="get-help-now"') < html.index('id="picture-guide"')
    other = Article.objects.exclude(categories__slug="exercise-guides").filter(
        status=Article.Status.PUBLISHED
    )[0]
    assert "Most back pain and sciatica gets better" in page(client, other)
