"""The demo votes: the original page's figures, and a second run changes nothing."""

import pytest

from demo.ratings import load_demo_ratings
from ratings.models import RatingSummary, StarVote, ThumbVote

from .helpers import totals, totals_from_votes

pytestmark = pytest.mark.django_db


def test_demo_ratings_have_the_originals_figures_and_load_twice_the_same(
    client, article, django_user_model
):
    load_demo_ratings(article)
    first = (
        django_user_model.objects.count(),
        list(StarVote.objects.order_by("pk").values_list("pk", "score", "updated_at")),
        list(ThumbVote.objects.order_by("pk").values_list("pk", "value", "updated_at")),
        RatingSummary.objects.get(article=article).updated_at,
    )
    load_demo_ratings(article)
    assert (
        django_user_model.objects.count(),
        list(StarVote.objects.order_by("pk").values_list("pk", "score", "updated_at")),
        list(ThumbVote.objects.order_by("pk").values_list("pk", "value", "updated_at")),
        RatingSummary.objects.get(article=article).updated_at,
    ) == first

    assert totals(article) == totals_from_votes(article) == (27, 197, 6, 2)
    assert len(set(StarVote.objects.values_list("score", flat=True))) == 10  # a real spread
    voters = django_user_model.objects.filter(username__startswith="voter")
    assert voters.count() == 27
    assert not any(voter.has_usable_password() for voter in voters)

    html = client.get(article.get_absolute_url()).content.decode()
    assert "Rating: 7.3/10 (27 votes cast)" in html
    assert "Rating: +4 (from 8 votes)" in html
