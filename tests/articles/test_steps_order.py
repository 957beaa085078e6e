"""Picture-guide steps: placed under the form's "Picture guide" fieldset, and numbered 1, 2,
3… in the order the author gave them (by moving rows, or typing positions without JS)."""

from http import HTTPStatus

import pytest

from articles.models import GuideStep
from articles.services import guide_steps_renumber
from tests.articles.test_admin import article_form

pytestmark = pytest.mark.django_db


def test_renumbering_follows_the_order_and_puts_unnumbered_steps_last(make_article, make_step):
    article = make_article()
    late = make_step(article, 0, alt_text="added without a position")
    second = make_step(article, 7)
    first = make_step(article, 3)
    guide_steps_renumber(article=article)
    assert list(article.steps.values_list("pk", "position")) == [
        (first.pk, 1),
        (second.pk, 2),
        (late.pk, 3),
    ]


def change_form(article, steps, **extra):
    """The change form as the browser sends it, with the steps' rows in `steps` order."""
    data = article_form(article.author, slug=article.slug, title=article.title)
    data.update(
        {
            "steps-TOTAL_FORMS": str(len(steps)),
            "steps-INITIAL_FORMS": str(len(steps)),
        }
    )
    for index, (step, position) in enumerate(steps):
        data.update(
            {
                f"steps-{index}-id": str(step.pk),
                f"steps-{index}-article": str(article.pk),
                f"steps-{index}-position": str(position),
                f"steps-{index}-alt_text": step.alt_text,
                f"steps-{index}-caption": step.caption,
            }
        )
    data.update(extra)
    return data


def test_moved_steps_are_saved_in_their_new_order(client, staff, make_article, make_step):
    article = make_article()
    one, two, three = (make_step(article, n, caption=f"Caption {n}") for n in (1, 2, 3))
    client.force_login(staff)
    # The script moved step 3 to the top and numbered the rows as they now stand.
    response = client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form(article, [(three, 1), (one, 2), (two, 3)]),
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert list(article.steps.values_list("caption", "position")) == [
        ("Caption 3", 1),
        ("Caption 1", 2),
        ("Caption 2", 3),
    ]
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.index("Caption 3") < html.index("Caption 1") < html.index("Caption 2")


def test_typed_positions_with_gaps_become_one_two_three(client, staff, make_article, make_step):
    """Without JavaScript the positions are typed: 10, 20, 5 is the order 5, 10, 20."""
    article = make_article()
    one, two, three = (make_step(article, n) for n in (1, 2, 3))
    client.force_login(staff)
    client.post(
        f"/admin/articles/article/{article.pk}/change/",
        change_form(article, [(one, 10), (two, 20), (three, 5)]),
    )
    assert list(article.steps.values_list("pk", "position")) == [
        (three.pk, 1),
        (one.pk, 2),
        (two.pk, 3),
    ]


def test_a_new_step_without_a_position_goes_last(
    client, staff, make_article, make_step, png_upload
):
    article = make_article()
    one, two = make_step(article, 1), make_step(article, 2)
    client.force_login(staff)
    data = change_form(article, [(one, 1), (two, 2)])
    data.update(
        {
            "steps-TOTAL_FORMS": "3",
            "steps-2-position": "0",
            "steps-2-image": png_upload("new.png"),
            "steps-2-alt_text": "A new picture",
            "steps-2-caption": "New last step",
        }
    )
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert GuideStep.objects.get(caption="New last step").position == 3


def test_the_steps_sit_under_the_picture_guide_fieldset(client, staff, make_article, make_step):
    article = make_article()
    make_step(article, 1)
    client.force_login(staff)
    html = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    guide = html.index(">Picture guide<")
    steps = html.index('id="steps-group"')
    filing = html.index(">Filing<")
    assert guide < steps < filing
    assert html.count('id="steps-group"') == 1
    assert "articles/admin/step_order.js" in html
