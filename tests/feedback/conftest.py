import pytest
from model_bakery import baker

from feedback.services import answer_give

# (The cache, where rate limits are counted, is emptied before each test: tests/conftest.py.)


@pytest.fixture
def make_reader(django_user_model):
    """A reader account (model_bakery fills in a unique username)."""
    return lambda **fields: baker.make(django_user_model, **fields)


@pytest.fixture
def reader(make_reader):
    return make_reader(username="rosa", display_name="Rosa Lind")


@pytest.fixture
def article(make_article):
    return make_article(title="Easing sciatica", slug="easing-sciatica")


@pytest.fixture
def steps(article, make_step):
    """Three picture-guide steps, made out of order (positions 20, 10, 30): the guide
    shows them as steps 1 (position 10), 2 (20) and 3 (30)."""
    made = {position: make_step(article, position) for position in (20, 10, 30)}
    return [made[10], made[20], made[30]]


@pytest.fixture
def answer_all(make_reader):
    """answer_all(article, ["helped", "worse", ...], step=None): each by a new reader."""

    def answer(article, choices, step=None):
        for choice in choices:
            answer_give(user=make_reader(), article=article, step=step, choice=choice)

    return answer
