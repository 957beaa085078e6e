"""The demo content's medical review: a made-up reviewer, the main article's sources and
citations, one review; loading the demo again changes none of it."""

import io
import re

import pytest
from django.core.management import call_command

from articles.models import Article, GuideStep
from medical.models import ArticleReview, Reviewer, ReviewRequest, Source

pytestmark = pytest.mark.django_db

SLUG = "easing-sciatica-four-gentle-exercises"


def kept_versions():
    return (
        Article.history.count(),
        GuideStep.history.count(),
        Source.history.count(),
        ReviewRequest.objects.count(),
    )


def test_the_demo_article_is_reviewed_and_cites_its_sources(client):
    call_command("load_demo", "--no-admin", stdout=io.StringIO())
    article = Article.objects.get(slug=SLUG)
    review = ArticleReview.objects.select_related("reviewer").get(article=article)
    assert review.reviewer.name == "Ines Calder" and "made-up" in review.reviewer.bio
    assert review.reviewer.user.groups.filter(name="Reviewers").exists()
    assert not review.reviewer.user.has_usable_password()
    assert 4 <= Source.objects.filter(article=article).count() <= 6

    html = client.get(article.get_absolute_url()).content.decode()
    assert 'Medically reviewed by <a href="/reviewers/ines-calder/">Ines Calder</a>' in html
    cited = set(re.findall(r'href="#source-(\d+)"', html))
    assert cited == {str(n) for n in Source.objects.values_list("number", flat=True)}
    assert html.count('class="sources__item"') == len(cited)
    assert "Ines Calder" in client.get("/reviewers/ines-calder/").content.decode()


def test_loading_the_demo_again_keeps_its_review_and_sources_as_they_are():
    call_command("load_demo", "--no-admin", stdout=io.StringIO())
    first = kept_versions()
    review = ArticleReview.objects.get()
    call_command("load_demo", "--no-admin", stdout=io.StringIO())
    assert kept_versions() == first
    assert ArticleReview.objects.get().reviewed_at == review.reviewed_at
    assert Reviewer.objects.count() == 1
