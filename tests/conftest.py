import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from model_bakery import baker
from PIL import Image

from articles.models import Article, GuideStep


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


def png_bytes(width=40, height=30, colour=(11, 107, 92)):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def png_upload():
    def make(name="step.png", **kwargs):
        return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")

    return make


@pytest.fixture
def author(django_user_model):
    return django_user_model.objects.create_user(
        username="maren",
        email="maren@example.org",
        password="a long test password",
        display_name="Maren Holt",
        bio="Physiotherapist and walker.",
    )


@pytest.fixture
def role_user(django_user_model):
    """role_user("mo", "Moderators", **fields): a user given a back-office role as the
    README says (manage.py grant_role, which also makes them staff)."""

    def make(username, role, **fields):
        user = django_user_model.objects.create_user(
            username=username, email=f"{username}@example.org", password="x" * 12, **fields
        )
        call_command("grant_role", username, role, stdout=io.StringIO())
        user.refresh_from_db()
        return user

    return make


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser(
        username="boss", email="boss@example.org", password="a long test password"
    )


@pytest.fixture
def make_article(author):
    """Make an article; published an hour ago unless told otherwise."""

    def make(**fields):
        fields.setdefault("author", author)
        fields.setdefault("status", Article.Status.PUBLISHED)
        if fields["status"] != Article.Status.DRAFT:
            fields.setdefault("published_at", timezone.now() - timedelta(hours=1))
        fields.setdefault("body", "<p>Body text.</p>")
        return baker.make(Article, **fields)

    return make


@pytest.fixture
def make_step(png_upload):
    def make(article, position, **fields):
        fields.setdefault("alt_text", f"Alt text {position}")
        fields.setdefault("caption", f"Caption {position}")
        return GuideStep.objects.create(
            article=article, position=position, image=png_upload(f"s{position}.png"), **fields
        )

    return make


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with empty caches (page cache, rate limits, pages kept in memory)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """Static files collected as production serves them (hashed names), once a run, for
    tests that start real servers (tests/servers.py)."""
    from tests.servers import collect_static

    return collect_static(tmp_path_factory.mktemp("static"))
