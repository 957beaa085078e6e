"""The demo's medical review: a made-up physiotherapist who reviewed the main article, and
the article's numbered sources. Written through medical.services; running it again
changes nothing."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.roles import REVIEWERS
from demo import content
from medical.models import ArticleReview, Reviewer, Source
from medical.services import (
    review_approve,
    review_request_create,
    reviewer_save,
    source_delete,
    source_save,
)


def _differs(instance, fields):
    return any(getattr(instance, name) != value for name, value in fields.items())


def _reviewer():
    data = dict(content.REVIEWER)
    user, created = get_user_model().objects.update_or_create(
        username=data.pop("username"), defaults={**data, "is_staff": True}
    )
    if created:
        user.set_unusable_password()  # a made-up person: nobody logs in as her
        user.save(update_fields=["password"])
    role = Group.objects.filter(name=REVIEWERS).first()
    if role is not None:
        user.groups.add(role)
    reviewer = Reviewer.objects.filter(user=user).first() or Reviewer(user=user)
    if reviewer.pk is None or _differs(reviewer, content.REVIEWER_PROFILE):
        for name, value in content.REVIEWER_PROFILE.items():
            setattr(reviewer, name, value)
        reviewer_save(reviewer=reviewer)
    return reviewer


def _sources(article):
    existing = {source.number: source for source in Source.objects.filter(article=article)}
    for data in content.MAIN_ARTICLE_SOURCES:
        fields = {"authors": "", "publisher": "", "year": None, "url": "", "doi": "",
                  "accessed_on": None, **data}  # fmt: skip
        source = existing.pop(data["number"], None) or Source(article=article)
        if source.pk is None or _differs(source, fields):
            for name, value in fields.items():
                setattr(source, name, value)
            source_save(source=source)
    for leftover in existing.values():
        source_delete(source=leftover)


@transaction.atomic
def load_demo_medical(article):
    """Give `article` its sources and, once, a review by the demo reviewer."""
    reviewer = _reviewer()
    _sources(article)
    if not ArticleReview.objects.filter(article=article).exists():
        request = review_request_create(
            article=article,
            requested_by=article.author,
            message=content.REVIEW_REQUEST_MESSAGE,
        )
        review_approve(review_request=request, reviewer=reviewer, note=content.REVIEW_NOTE)
