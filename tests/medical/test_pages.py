"""What readers see: the review line under the byline, citations linked to the numbered
sources and back, the JSON-LD, the reviewer's page."""

import json
import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    settings.CACHING_PAGE_SECONDS = 0  # each request renders (fragments stay cached)


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def jsonld(html):
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found.group(1))


def test_the_byline_names_the_reviewer_and_the_date_of_the_last_review(
    client, article, reviewer, approve
):
    assert "Medically reviewed" not in page(client, article)
    decided = approve(article, reviewer)
    html = page(client, article)
    day = timezone.localdate(decided.decided_at)
    expected = (
        'Medically reviewed by <a href="/reviewers/nadia-karim/">Dr Nadia Karim</a>, '
        "General practitioner\n  · last reviewed "
        f'<time datetime="{day.isoformat()}">{day.day} {day:%B %Y}</time>'
    )
    assert expected in html
    # Under the byline, inside the article's header.
    header = html.index('class="article__header')
    assert header < html.index("Medically reviewed") < html.index("</header>", header)


def test_citations_link_to_the_numbered_sources_and_back(client, article, make_source):
    make_source(article, 1, authors="NHS", title="Sciatica", publisher="NHS website",
                url="https://www.nhs.uk/conditions/sciatica/")  # fmt: skip
    make_source(article, 2, title="Diagnosis and treatment of sciatica", publisher="BMJ",
                year=2007, url="", doi="10.1136/bmj.39223.428495.BE")  # fmt: skip
    html = page(client, article)
    assert (
        '<sup class="cite">[<a class="cite__link" id="cite-1-1" href="#source-1">'
        '<span class="visually-hidden">source </span>1</a>]</sup>'
    ) in html
    sources = html[html.index('<section class="sources wrap" id="sources"') :]
    assert '<h2 id="sources-title">Sources</h2>' in sources
    first = sources[sources.index('id="source-1"') : sources.index('id="source-2"')]
    assert (
        '<a class="sources__title" href="https://www.nhs.uk/conditions/sciatica/">Sciatica</a>'
        in first
    )
    assert '<a href="#cite-1-1">' in first and "Back to where source 1 is cited" in first
    second = sources[sources.index('id="source-2"') :]
    assert (
        '<a href="https://doi.org/10.1136/bmj.39223.428495.BE">10.1136/bmj.39223.428495.BE</a>'
        in second
    )
    assert "(2007)" not in second and "BMJ, 2007." in second
    assert "#cite-2" not in second  # not cited in the body: no way back to offer
    # The sources come after the body and before the picture guide and tags.
    assert html.index("Walk a little") < html.index('id="sources"')


def test_jsonld_is_a_medical_web_page_keeping_the_article_data(
    client, article, reviewer, approve, make_source
):
    make_source(article, 1, title="NICE NG59", publisher="NICE", year=2016,
                url="https://www.nice.org.uk/guidance/ng59")  # fmt: skip
    plain = jsonld(page(client, article))
    assert plain["@type"] == "Article" and "reviewedBy" not in plain
    assert plain["citation"] == [
        {
            "@type": "CreativeWork",
            "name": "NICE NG59",
            "url": "https://www.nice.org.uk/guidance/ng59",
            "publisher": {"@type": "Organization", "name": "NICE"},
            "datePublished": "2016",
        }
    ]
    decided = approve(article, reviewer)
    data = jsonld(page(client, article))
    assert data["@type"] == ["Article", "MedicalWebPage"]
    assert data["headline"] == "Easing sciatica" and data["author"]["name"] == "Maren Holt"
    assert data["reviewedBy"] == {
        "@type": "Person",
        "name": "Dr Nadia Karim",
        "jobTitle": "General practitioner",
        "url": "http://testserver/reviewers/nadia-karim/",
    }
    assert data["lastReviewed"] == timezone.localdate(decided.decided_at).isoformat()


def test_the_reviewer_page_lists_the_published_articles_they_reviewed(
    client, reviewer, make_article, approve
):
    reviewer.registration_body = "General Medical Council"
    reviewer.registration_number = "7654321"
    reviewer.bio = "Nadia works in a city practice."
    reviewer.save()
    live = make_article(title="Reviewed and live", slug="live")
    draft = make_article(title="Reviewed draft", slug="draft", status="draft")
    make_article(title="Not reviewed", slug="other")
    approve(live, reviewer)
    approve(draft, reviewer)
    response = client.get("/reviewers/nadia-karim/")
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<h1 class="page-title">Dr Nadia Karim</h1>' in html
    assert "General practitioner, MBBS, MRCGP" in html
    assert "Registered with General Medical Council, number 7654321." in html
    assert "Nadia works in a city practice." in html
    assert "Reviewed and live" in html
    assert "Reviewed draft" not in html and "Not reviewed" not in html
    assert "every 12 months" in html


def test_an_unknown_reviewer_is_a_404(client):
    assert client.get("/reviewers/nobody/").status_code == HTTPStatus.NOT_FOUND


def test_the_page_costs_the_same_queries_however_many_sources(
    client, article, reviewer, approve, make_source, settings
):
    """Two queries (the review, the sources) when the content is rendered, however many
    sources; none once its fragments are kept."""
    settings.CACHING_FRAGMENT_SECONDS = 0  # render the content every time

    def queries():
        with CaptureQueriesContext(connection) as captured:
            page(client, article)
        return len(captured)

    bare = queries()
    approve(article, reviewer)
    make_source(article, 1)
    one = queries()
    for number in range(2, 7):
        make_source(article, number)
    assert queries() == one == bare  # review and sources read whether there are any or not


def test_fragments_kept_cost_no_medical_query(client, article, reviewer, approve, make_source):
    approve(article, reviewer)
    make_source(article, 1)
    page(client, article)
    with CaptureQueriesContext(connection) as captured:
        html = page(client, article)
    assert "Medically reviewed" in html and 'id="source-1"' in html
    assert not [q for q in captured if "medical_" in q["sql"]]
