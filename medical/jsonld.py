from urllib.parse import urljoin

from django.utils import timezone

from .queries import current_review, sources_of


def add_review_and_citations(article, data):
    """A reviewed article is also a schema.org MedicalWebPage, with reviewedBy and
    lastReviewed; its Article data (headline, author, dates …) stays as it is, so what
    search engines read of it is unchanged. Sources go in `citation`."""
    review = current_review(article)
    if review is not None:
        reviewer = review.reviewer
        data["@type"] = ["Article", "MedicalWebPage"]
        data["reviewedBy"] = {
            "@type": "Person",
            "name": reviewer.name,
            "jobTitle": reviewer.profession,
            "url": urljoin(data["url"], reviewer.get_absolute_url()),
        }
        data["lastReviewed"] = timezone.localdate(review.reviewed_at).isoformat()
    sources = sources_of(article)
    if sources:
        data["citation"] = [_creative_work(source) for source in sources]


def _creative_work(source):
    work = {"@type": "CreativeWork", "name": source.title, "url": source.link}
    if source.authors:
        work["author"] = source.authors
    if source.publisher:
        work["publisher"] = {"@type": "Organization", "name": source.publisher}
    if source.year:
        work["datePublished"] = str(source.year)
    if source.doi:
        work["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": source.doi}
    return work
