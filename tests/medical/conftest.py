import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from accounts.roles import sync_roles
from medical.models import Reviewer, Source
from medical.services import review_approve, review_request_create

PASSWORD = "a long test password"


@pytest.fixture
def roles():
    """The back-office groups, with their permissions as ROLES says."""
    sync_roles(Group, Permission)


@pytest.fixture
def role_user(django_user_model, roles):
    """role_user("nadia", "Reviewers"): a user given the role as the README says."""

    def make(username, role, **fields):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.org", password=PASSWORD, **fields
        )
        call_command("grant_role", username, role, stdout=io.StringIO())
        user.refresh_from_db()
        return user

    return make


@pytest.fixture
def reviewer(role_user):
    """A clinician with the Reviewers role and a profile."""
    user = role_user("nadia", "Reviewers", display_name="Nadia K")
    return Reviewer.objects.create(
        user=user,
        name="Dr Nadia Karim",
        slug="nadia-karim",
        profession="General practitioner",
        qualifications="MBBS, MRCGP",
    )


@pytest.fixture
def article(make_article):
    return make_article(
        title="Easing sciatica",
        slug="easing-sciatica",
        body="<p>Walk a little every day [1].</p><h2>Stretches</h2><p>Hold for 20 seconds.</p>",
    )


@pytest.fixture
def make_source():
    def make(article, number=1, **fields):
        fields.setdefault("title", f"Source number {number}")
        fields.setdefault("url", f"https://example.org/source-{number}")
        return Source.objects.create(article=article, number=number, **fields)

    return make


@pytest.fixture
def approve(django_capture_on_commit_callbacks):
    """approve(article, reviewer): ask for a review as the article's author and approve it,
    with what runs once it commits (the pages retired)."""

    def run(article, reviewer, note=""):
        with django_capture_on_commit_callbacks(execute=True):
            request = review_request_create(article=article, requested_by=article.author)
            return review_approve(review_request=request, reviewer=reviewer, note=note)

    return run
