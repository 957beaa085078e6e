"""Writes: every change to reviews, reviewers and sources goes through these functions (the
admin, the demo loader and the tests call them). Each validates, writes in a transaction,
and announces to caching.invalidation what it changes on the article pages: the review
byline and the sources are part of the article's own content (content panels), so a
change to them is `article_content_changed`; a reviewer's name is shown on every article
they reviewed, so a change to their profile is `person_changed`.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from articles.models import Article, GuideStep
from caching import invalidation

from .changes import snapshot_now
from .models import ArticleReview, ReviewPolicy, ReviewRequest, Source, add_months


def review_request_create(*, article, requested_by, message=""):
    """An author asks for a medical review of `article`. Refused while it already waits."""
    review_request = ReviewRequest(
        article=article, requested_by=requested_by, message=(message or "").strip()
    )
    review_request.full_clean()
    try:
        with transaction.atomic():
            review_request.save()
    except IntegrityError as error:  # asked twice at the same moment
        raise ValidationError("This article is already waiting for review.") from error
    return review_request


def _lock_waiting(review_request, reviewer):
    """The request, locked with its article until the decision commits (an edit saved
    meanwhile waits for it), after checking it may be decided by `reviewer`."""
    locked = (
        ReviewRequest.objects.select_for_update(of=("self", "article"))
        .select_related("article", "reviewer")
        .get(pk=review_request.pk)
    )
    if not locked.is_waiting:
        raise ValidationError(
            "This review was already %(status)s by %(name)s on %(date)s.",
            code="decided",
            params={
                "status": locked.get_status_display().lower(),
                "name": locked.reviewer.name,
                "date": date_format(timezone.localtime(locked.decided_at), "j F Y, H:i"),
            },
        )
    if locked.article.author_id == reviewer.user_id:
        raise ValidationError(
            "You wrote this article: another reviewer must review it.", code="own_article"
        )
    return locked


def _keep_versions(article):
    """The article's latest kept version, after keeping a first one of the article, its
    steps and its sources where they were saved before history was kept (the demo's, an
    import's): the diff at the next review starts from these."""
    history = Article.history.filter(id=article.pk)
    if not history.exists():
        Article.history.bulk_history_create([article])
    for model in (GuideStep, Source):
        kept = model.history.filter(article_id=article.pk).values("id")
        unkept = list(model.objects.filter(article_id=article.pk).exclude(pk__in=kept))
        if unkept:
            model.history.bulk_history_create(unkept)
    return history.order_by("-history_date", "-history_id").first()


def review_approve(*, review_request, reviewer, note="", seen=None):
    """`reviewer` approves the article as it is now. `seen` is the fingerprint of what
    they read (medical.changes.Snapshot.fingerprint): if the article changed since, the
    approval is refused, so no one approves text they have not seen. The next review falls
    due after the editors' interval (ReviewPolicy)."""
    with transaction.atomic():
        locked = _lock_waiting(review_request, reviewer)
        article = locked.article
        if seen is not None and seen != snapshot_now(article).fingerprint():
            raise ValidationError(
                "The article changed while you were reading it. Look at the changes again "
                "before you approve.",
                code="changed",
            )
        version = _keep_versions(article)
        now = timezone.now()
        previous = ArticleReview.objects.filter(article=article).first()
        ArticleReview.objects.update_or_create(
            article=article,
            defaults={
                "reviewer": reviewer,
                "reviewed_at": now,
                "next_review_due": add_months(
                    timezone.localdate(now), ReviewPolicy.current().interval_months
                ),
                "reviewed_version": version,
            },
        )
        locked.status = ReviewRequest.Status.APPROVED
        locked.reviewer = reviewer
        locked.decided_at = now
        locked.note = (note or "").strip()
        locked.changes_since = previous.reviewed_at if previous else None
        locked.save()
        invalidation.article_content_changed(slug=article.slug)
    return locked


def review_send_back(*, review_request, reviewer, note):
    """`reviewer` sends the article back to its author with comments (required). The
    article's current review, if any, stays as it was: nothing on the page changes."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(
            {"note": "Say what needs to change: the author reads your comments."},
            code="required",
        )
    with transaction.atomic():
        locked = _lock_waiting(review_request, reviewer)
        previous = ArticleReview.objects.filter(article_id=locked.article_id).first()
        locked.status = ReviewRequest.Status.SENT_BACK
        locked.reviewer = reviewer
        locked.decided_at = timezone.now()
        locked.note = note
        locked.changes_since = previous.reviewed_at if previous else None
        locked.save()
    return locked


def source_save(*, source):
    """Add or change one of an article's sources (validated: a DOI's form, a web
    address's scheme, a number the article has not used)."""
    source.full_clean()
    with transaction.atomic():
        source.save()
        invalidation.article_content_changed(slug=source.article.slug)
    return source


def source_delete(*, source):
    slug = source.article.slug
    with transaction.atomic():
        source.delete()
        invalidation.article_content_changed(slug=slug)


def reviewer_save(*, reviewer):
    """Add or change a reviewer's profile. Their name and profession are under the byline
    of every article they reviewed, and the pages of those may be anywhere: the site."""
    reviewer.full_clean()
    with transaction.atomic():
        reviewer.save()
        if reviewer.reviews.exists():
            invalidation.person_changed()
    return reviewer
