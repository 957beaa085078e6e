"""Each rule of caching/invalidation.py: which writes retire which versions, once, after
commit. The versions are read from the real cache; the writes go through the apps' own
services, the admin's path (model saves) and the signals articles connects."""

import pytest
from django.core.cache import cache
from django.db import transaction

from articles.models import Category, GuideStep, Tag
from caching import invalidation
from caching.invalidation import CONTENT, LISTINGS, PAGE, SITE
from comments.services import comment_create, comment_moderate, thread_set_closed
from ratings.models import StarVote
from ratings.services import thumb_cast, vote_cast

pytestmark = pytest.mark.django_db(transaction=True)  # versions move on commit


@pytest.fixture
def article(make_article):
    return make_article(title="Rules", slug="rules")


def versions(slug="rules"):
    """{name: version} of the four kinds, for the article `slug`."""
    keys = {"site": SITE, "listings": LISTINGS, "page": PAGE(slug), "content": CONTENT(slug)}
    current = invalidation.current_versions(list(keys.values()))
    return dict(zip(keys, current, strict=True))


def retired_by(action, slug="rules"):
    """The kinds of version `action()` changed."""
    before = versions(slug)
    action()
    after = versions(slug)
    return {name for name in before if before[name] != after[name]}


@pytest.fixture
def reader(django_user_model):
    from allauth.account.models import EmailAddress

    user = django_user_model.objects.create_user("reader", "reader@example.org", "x")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


# One test per rule.


def test_saving_an_article_retires_the_site_its_content_and_its_page(article):
    article.title = "Rules, revised"
    assert retired_by(article.save) == {"site", "content", "page"}


def test_deleting_an_article_retires_the_site(article):
    assert "site" in retired_by(article.delete)


def test_a_guide_step_retires_the_articles_content_and_page_not_the_site(article, make_step):
    assert retired_by(lambda: make_step(article, 1)) == {"content", "page"}
    step = GuideStep.objects.get(article=article)
    assert retired_by(step.delete) == {"content", "page"}


def test_a_comment_retires_the_page_only(article, reader):
    assert retired_by(lambda: comment_create(article=article, author=reader, body="Hi")) == {"page"}


def test_moderating_and_closing_retire_the_page_only(article, reader, staff):
    comment = comment_create(article=article, author=reader, body="Held")
    assert retired_by(
        lambda: comment_moderate(comment=comment, moderator=staff, action="approve")
    ) == {"page"}
    from comments.models import CommentThread

    thread = CommentThread.objects.create(article=article)
    assert retired_by(lambda: thread_set_closed(thread=thread, closed=True)) == {"page"}


def test_a_star_vote_retires_the_page_and_the_lists(article, reader):
    assert retired_by(lambda: vote_cast(user=reader, article=article, score=7)) == {
        "page",
        "listings",
    }


def test_a_thumb_retires_the_page_but_not_the_lists(article, reader):
    assert retired_by(lambda: thumb_cast(user=reader, article=article, value=1)) == {"page"}


def test_a_did_this_help_answer_retires_the_page_only(article, reader):
    from feedback.services import answer_give

    assert retired_by(lambda: answer_give(user=reader, article=article, choice="helped")) == {
        "page"
    }


def test_labels_from_either_side_retire_the_site(article):
    category = Category.objects.create(name="Guides", slug="guides")
    assert "site" in retired_by(lambda: article.categories.add(category))
    tag = Tag.objects.create(name="nerves", slug="nerves")
    assert "site" in retired_by(lambda: tag.articles.add(article))
    assert "site" in retired_by(lambda: Tag.objects.all().delete())


def test_an_author_renaming_themselves_retires_the_site(article, author):
    author.display_name = "Maren Q."
    assert retired_by(author.save) == {"site"}


def test_a_reader_who_is_shown_nowhere_retires_nothing(article, reader):
    reader.display_name = "Someone new"
    assert retired_by(reader.save) == set()


def test_a_commenter_renaming_themselves_retires_the_site(article, reader):
    comment_create(article=article, author=reader, body="Hello")
    reader.display_name = "Kim"
    assert retired_by(reader.save) == {"site"}


def test_logging_in_retires_nothing(article, author):
    assert retired_by(lambda: author.save(update_fields=["last_login"])) == set()


def test_an_import_retires_everything(article):
    assert {"site", "listings"} <= retired_by(invalidation.everything_changed)


def test_the_cache_coming_back_retires_everything_at_once_even_in_a_rolled_back_block(article):
    before = versions()

    with pytest.raises(RuntimeError), transaction.atomic():
        invalidation.cache_recovered()
        raise RuntimeError("the request failed")

    after = versions()
    assert before["site"] != after["site"] and before["listings"] != after["listings"]


# When versions move.


def test_nothing_moves_before_the_commit_and_a_vote_moves_each_version_once(
    article, reader, monkeypatch
):
    writes = []
    set_many = cache.set_many
    monkeypatch.setattr(
        cache, "set_many", lambda data, *a, **k: writes.append(data) or set_many(data, *a, **k)
    )
    before = versions()
    with transaction.atomic():
        vote_cast(user=reader, article=article, score=9)
        assert versions() == before  # a page rendered now reads the old, committed totals
        assert writes == []
    assert len(writes) == 1 and set(writes[0]) == {PAGE("rules"), LISTINGS}


def test_a_rolled_back_write_retires_nothing(article, reader):
    def vote_then_fail():
        with pytest.raises(RuntimeError), transaction.atomic():
            vote_cast(user=reader, article=article, score=3)
            raise RuntimeError("refused later in the request")

    assert retired_by(vote_then_fail) == set()
    assert not StarVote.objects.exists()


def test_a_batch_bumps_each_version_once_at_its_end(article, make_step, monkeypatch):
    writes = []
    set_many = cache.set_many
    monkeypatch.setattr(
        cache, "set_many", lambda data, *a, **k: writes.append(set(data)) or set_many(data, *a, **k)
    )
    before = versions()
    with invalidation.batched():
        article.title = "Rules, with steps"
        article.save()
        for position in (1, 2, 3):
            make_step(article, position)
        assert versions() == before and writes == []
    assert writes == [{SITE, CONTENT("rules"), PAGE("rules")}]


def test_a_batch_that_fails_bumps_nothing(article):
    before = versions()
    with pytest.raises(RuntimeError), invalidation.batched():
        invalidation.site_lists_changed()
        raise RuntimeError("the form was refused")
    assert versions() == before
