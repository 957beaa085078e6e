from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from comments.models import Comment


@pytest.fixture
def article(make_article):
    return make_article(title="Easing sciatica", slug="easing-sciatica")


@pytest.fixture
def reader(django_user_model):
    user = django_user_model.objects.create_user(
        username="ada",
        email="ada@example.org",
        password="a long test password",
        display_name="Ada L",
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def other_reader(django_user_model):
    return django_user_model.objects.create_user(
        username="bo", email="bo@example.org", password="a long test password", display_name="Bo"
    )


@pytest.fixture
def make_comment(reader):
    """A comment created directly (not through the rules), an hour old unless told."""

    def make(article, **fields):
        fields.setdefault("author", reader)
        fields.setdefault("body", "A comment.")
        fields.setdefault("body_html", f"<p>{fields['body']}</p>")
        fields.setdefault("created_at", timezone.now() - timedelta(hours=1))
        fields.setdefault("status", Comment.Status.APPROVED)
        return Comment.objects.create(article=article, **fields)

    return make


@pytest.fixture
def trusted_reader(reader, article, make_comment):
    """A reader with an approved comment already, so new ones are not held."""
    make_comment(article, author=reader, body="My first, approved long ago.")
    return reader
