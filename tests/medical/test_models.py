"""The rules the models hold: a DOI's form, a web address's scheme, one number per source,
one waiting request per article, the next review's date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from medical.models import ReviewPolicy, ReviewRequest, Source, add_months

pytestmark = pytest.mark.django_db


def source(article, **fields):
    fields = {"number": 1, "title": "A source", "url": "https://example.org/", **fields}
    return Source(article=article, **fields)


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("10.1136/bmj.39223.428495.BE", "10.1136/bmj.39223.428495.BE"),
        ("  10.1056/NEJMra1410151 ", "10.1056/NEJMra1410151"),
        ("doi:10.1056/NEJMra1410151", "10.1056/NEJMra1410151"),
        ("https://doi.org/10.1002/14651858.CD001254.pub2", "10.1002/14651858.CD001254.pub2"),
        ("http://dx.doi.org/10.1000/xyz(1)", "10.1000/xyz(1)"),
    ],
)
def test_a_doi_is_kept_in_its_bare_form(article, typed, kept):
    checked = source(article, doi=typed, url="")
    checked.full_clean()
    assert checked.doi == kept
    assert checked.doi_url == f"https://doi.org/{kept}"


@pytest.mark.parametrize(
    "typed",
    [
        "10.1136",  # no suffix
        "11.1136/bmj.1",  # not 10.
        "10.12/short",  # registrant too short
        "10.1136/has space",
        "bmj.39223.428495.BE",
        "https://example.org/10.1136/bmj.1",
    ],
)
def test_a_malformed_doi_is_refused_with_what_a_doi_looks_like(article, typed):
    with pytest.raises(ValidationError) as refused:
        source(article, doi=typed, url="").full_clean()
    message = " ".join(refused.value.message_dict["doi"])
    assert "is not a DOI" in message and "10.1136/bmj.39223.428495.BE" in message


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "ftp://example.org/paper.pdf", "data:text/html,hi"]
)
def test_a_web_address_needs_http_or_https(article, address):
    with pytest.raises(ValidationError) as refused:
        source(article, url=address).full_clean()
    assert "https:// or http://" in " ".join(refused.value.message_dict["url"])


def test_a_source_needs_a_web_address_or_a_doi(article):
    with pytest.raises(ValidationError, match="a web address, a DOI, or both"):
        source(article, url="", doi="").full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        source(article, url="", doi="").save()


def test_two_sources_of_an_article_cannot_share_a_number(article, make_source):
    make_source(article, 1)
    with pytest.raises(ValidationError, match="already has a source with this number"):
        source(article, number=1).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        source(article, number=1).save()
    source(article, number=2).full_clean()


def test_only_one_request_per_article_waits(article):
    ReviewRequest.objects.create(article=article, requested_by=article.author)
    with pytest.raises(ValidationError, match="already waiting for review"):
        ReviewRequest(article=article, requested_by=article.author).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewRequest.objects.create(article=article, requested_by=article.author)


def test_a_request_sent_back_holds_the_reviewers_comments(article, reviewer):
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewRequest.objects.create(
            article=article,
            requested_by=article.author,
            status=ReviewRequest.Status.SENT_BACK,
            reviewer=reviewer,
            decided_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC),
        )


def test_a_registration_number_needs_its_register(reviewer):
    reviewer.registration_number = "PH12345"
    with pytest.raises(ValidationError, match="needs the register it is on"):
        reviewer.full_clean()
    reviewer.registration_body = "Health and Care Professions Council"
    reviewer.full_clean()


def test_a_reviewer_name_is_plain_text(reviewer):
    reviewer.name = "<b>Dr Who</b>"
    with pytest.raises(ValidationError):
        reviewer.full_clean()


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (dt.date(2026, 3, 15), 12, dt.date(2027, 3, 15)),
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
        (dt.date(2027, 12, 31), 2, dt.date(2028, 2, 29)),
        (dt.date(2026, 11, 30), 6, dt.date(2027, 5, 30)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(start, months, due):
    assert add_months(start, months) == due


def test_the_review_policy_is_one_row_of_a_sensible_interval():
    policy = ReviewPolicy.current()
    assert policy.pk == 1 and policy.interval_months == 12
    policy.interval_months = 0
    with pytest.raises(ValidationError):
        policy.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ReviewPolicy.objects.create(id=2, interval_months=6)
