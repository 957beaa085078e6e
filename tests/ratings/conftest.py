import pytest
from django.core.cache import cache

from ratings.services import thumb_cast, vote_cast


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Vote rate limits live in the cache: each test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_reader(django_user_model):
    counter = iter(range(1, 10_000))

    def make(username=None, **fields):
        username = username or f"reader{next(counter):03d}"
        fields.setdefault("email", f"{username}@example.org")
        return django_user_model.objects.create_user(
            username=username, password="a long test password", **fields
        )

    return make


@pytest.fixture
def reader(make_reader):
    return make_reader("rosa", display_name="Rosa Lind")


@pytest.fixture
def article(make_article):
    return make_article(title="Easing sciatica", slug="easing-sciatica")


@pytest.fixture
def cast_votes(make_reader):
    """cast_votes(article, stars=[8, 10, ...], thumbs=[1, -1, ...]), each by a new reader."""

    def cast(article, stars=(), thumbs=()):
        for score in stars:
            vote_cast(user=make_reader(), article=article, score=score)
        for value in thumbs:
            thumb_cast(user=make_reader(), article=article, value=value)

    return cast
