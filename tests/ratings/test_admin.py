"""The back office shows the totals and the votes, read-only."""

from http import HTTPStatus

import pytest
from django.urls import reverse
from django.utils import timezone

from ratings.models import RatingSummary, StarVote, ThumbVote

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff, article, make_article, cast_votes):
    cast_votes(article, stars=[7, 8], thumbs=[1, 1, -1])
    cast_votes(make_article(title="Walking"), stars=[3], thumbs=[-1])
    client.force_login(staff)
    return client


def test_summary_list_shows_each_articles_totals(admin_client):
    html = admin_client.get(reverse("admin:ratings_ratingsummary_changelist")).content.decode()
    assert "Easing sciatica" in html
    assert '<td class="field-average_display">7.5</td>' in html
    assert '<td class="field-vote_count_display">2</td>' in html
    assert '<td class="field-thumbs_display">+1</td>' in html


@pytest.mark.parametrize(
    ("model", "query"),
    [
        ("starvote", "score=7"),
        ("starvote", f"created_at__year={timezone.now().year}"),
        ("thumbvote", "value=1"),
    ],
)
def test_vote_lists_filter_by_article_value_and_date(admin_client, article, model, query):
    url = reverse(f"admin:ratings_{model}_changelist")
    html = admin_client.get(url).content.decode()
    assert "By article" in html and "By created at" in html
    response = admin_client.get(f"{url}?article__id__exact={article.pk}&{query}")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Easing sciatica" in html and "Walking</td>" not in html


@pytest.mark.parametrize("model", [RatingSummary, StarVote, ThumbVote])
def test_votes_and_totals_cannot_be_added_changed_or_deleted(admin_client, model):
    name = model._meta.model_name
    assert (
        admin_client.get(reverse(f"admin:ratings_{name}_add")).status_code == HTTPStatus.FORBIDDEN
    )
    obj = model.objects.first()
    change = admin_client.get(reverse(f"admin:ratings_{name}_change", args=[obj.pk]))
    assert change.status_code == HTTPStatus.OK  # view only
    assert 'name="_save"' not in change.content.decode()
    delete = admin_client.post(
        reverse(f"admin:ratings_{name}_delete", args=[obj.pk]), {"post": "yes"}
    )
    assert delete.status_code == HTTPStatus.FORBIDDEN
    assert model.objects.filter(pk=obj.pk).exists()
