"""Reads: what the article page's panels show, and the review state of articles for the
back office.

The page's reads run when its content fragment (or its head, for the JSON-LD) is rendered,
not on a cached page view; each is one query, made once per article object however many
parts of the page ask (kept on the object for the request).
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import BooleanField, Case, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone

from articles.models import GuideStep

from .citations import citation_id, link_citations, source_id
from .models import ArticleReview, ReviewRequest, Source


def _kept(article, name, compute):
    """`compute()` once per article object: the head, the byline, the body and the sources
    of one page render ask for the same rows."""
    kept = article.__dict__.setdefault("_medical", {})
    if name not in kept:
        kept[name] = compute()
    return kept[name]


def current_review(article):
    return _kept(
        article,
        "review",
        lambda: ArticleReview.objects.select_related("reviewer").filter(article=article).first(),
    )


def sources_of(article):
    return _kept(article, "sources", lambda: list(Source.objects.filter(article=article)))


def cited_body(article, html):
    """(html, counts): the body with its citations linked, and how often each source is
    cited (the sources' links back to the text need the counts)."""
    kept = article.__dict__.setdefault("_medical", {})
    if kept.get("cited_from") != html:
        numbers = {source.number for source in sources_of(article)}
        kept["cited_from"], kept["cited"] = html, link_citations(html, numbers)
    return kept["cited"]


@dataclass(frozen=True)
class Byline:
    name: str
    profession: str
    url: str
    reviewed_at: datetime


def read_byline(article):
    """ "Medically reviewed by …" under the byline, or None before a first review."""
    review = current_review(article)
    if review is None:
        return None
    reviewer = review.reviewer
    return Byline(
        reviewer.name, reviewer.profession, reviewer.get_absolute_url(), review.reviewed_at
    )


@dataclass(frozen=True)
class CitedSource:
    number: int
    anchor: str
    authors: str
    title: str
    publisher: str
    year: int | None
    link: str
    url: str
    doi: str
    doi_url: str
    accessed_on: date | None
    citations: tuple[str, ...]  # the ids of the places in the text that cite it


@dataclass(frozen=True)
class SourceList:
    sources: tuple[CitedSource, ...]


def read_sources(article):
    """The numbered "Sources" section after the body, or None when the article has none."""
    sources = sources_of(article)
    if not sources:
        return None
    kept = article.__dict__.get("_medical", {})
    # As the page's body linked them (it renders first), else from the sanitised body.
    counts = kept["cited"][1] if "cited" in kept else cited_body(article, article.body_html)[1]
    return SourceList(
        tuple(
            CitedSource(
                number=source.number,
                anchor=source_id(source.number),
                authors=source.authors,
                title=source.title,
                publisher=source.publisher,
                year=source.year,
                link=source.link,
                url=source.url,
                doi=source.doi,
                doi_url=source.doi_url,
                accessed_on=source.accessed_on,
                citations=tuple(
                    citation_id(source.number, occurrence)
                    for occurrence in range(1, counts[source.number] + 1)
                ),
            )
            for source in sources
        )
    )


# --- the back office ---------------------------------------------------------------------


def with_review_state(articles, today=None):
    """Articles with their current review joined, and annotated:

    - `updated_since_review`: reviewed, and edited since (its title, summary, text or
      picture-guide heading differ from the version approved, or a step or a source was
      added, changed or removed after the approval);
    - `overdue`: reviewed, and the next review's date has passed;
    - `waiting_for_review`: an author has asked and no reviewer has decided yet.

    One query for any number of articles."""
    today = today or timezone.localdate()
    reviewed_at = OuterRef("medical_review__reviewed_at")
    version = "medical_review__reviewed_version__"
    text_changed = ~Q(
        title=F(f"{version}title"),
        excerpt=F(f"{version}excerpt"),
        body=F(f"{version}body"),
        guide_title=F(f"{version}guide_title"),
    )
    steps_changed = Exists(
        GuideStep.history.filter(article_id=OuterRef("pk"), history_date__gt=reviewed_at)
    )
    sources_changed = Exists(
        Source.history.filter(article_id=OuterRef("pk"), history_date__gt=reviewed_at)
    )
    return articles.select_related("medical_review__reviewer").annotate(
        updated_since_review=Case(
            When(medical_review__isnull=True, then=Value(False)),
            When(text_changed | steps_changed | sources_changed, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        overdue=Case(
            When(medical_review__next_review_due__lt=today, then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        waiting_for_review=Exists(
            ReviewRequest.objects.filter(
                article_id=OuterRef("pk"), status=ReviewRequest.Status.WAITING
            )
        ),
    )


def overdue_reviews(today=None):
    """Reviews whose next date has passed, the longest overdue first."""
    today = today or timezone.localdate()
    return (
        ArticleReview.objects.filter(next_review_due__lt=today)
        .select_related("article", "reviewer")
        .order_by("next_review_due", "article__title")
    )
