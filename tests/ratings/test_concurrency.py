"""Many readers voting at the same moment, each on a database connection of their own,
never lose or double a count."""

import threading

import pytest
from django.db import connections

from ratings.models import RatingSummary, StarVote, ThumbVote
from ratings.services import thumb_cast, thumb_withdraw, vote_cast, vote_withdraw

from .helpers import spread, spread_from_votes, totals, totals_from_votes

UP, DOWN = ThumbVote.Direction.UP, ThumbVote.Direction.DOWN
VOTERS = 24
DOUBLE_CLICKERS = 6  # voters who send the same votes twice at once (two tabs, a double click)


def voting_plan(number):
    """What voter `number` does: cast, change, sometimes withdraw and come back."""
    first, second = number % 10 + 1, 10 - number % 10
    thumb = UP if number % 2 else DOWN
    steps = [
        lambda user, article: vote_cast(user=user, article=article, score=first),
        lambda user, article: thumb_cast(user=user, article=article, value=thumb),
        lambda user, article: vote_cast(user=user, article=article, score=second),
        lambda user, article: thumb_cast(user=user, article=article, value=-thumb),
    ]
    if number % 3 == 0:
        steps.append(lambda user, article: vote_withdraw(user=user, article=article))
    if number % 4 == 0:
        steps.append(lambda user, article: thumb_withdraw(user=user, article=article))
    if number % 6 == 0:
        steps.append(lambda user, article: vote_cast(user=user, article=article, score=7))
    return steps


def expected_totals():
    """The totals once every plan has run: what each voter's last steps leave."""
    stars, thumbs_up, thumbs_down = [], 0, 0
    for number in range(VOTERS):
        second = 10 - number % 10
        if number % 6 == 0:
            stars.append(7)
        elif number % 3 != 0:
            stars.append(second)
        if number % 4 != 0:
            thumb = -(UP if number % 2 else DOWN)
            thumbs_up += thumb == UP
            thumbs_down += thumb == DOWN
    return (len(stars), sum(stars), thumbs_up, thumbs_down)


@pytest.mark.django_db(transaction=True)
def test_concurrent_voters_never_lose_a_count(make_article, make_reader):
    article = make_article()
    voters = [make_reader() for _ in range(VOTERS)]
    # Some plans run twice at once for the same voter. Only plans without a withdraw: two
    # copies of "cast A, cast B" end on B in any interleaving, so the totals are known.
    doubled = [number for number in range(VOTERS) if number % 3 and number % 4][:DOUBLE_CLICKERS]
    jobs = [(number, voters[number]) for number in range(VOTERS)]
    jobs += [(number, voters[number]) for number in doubled]
    start = threading.Barrier(len(jobs))
    failures = []

    def vote(number, user):
        try:
            start.wait(timeout=30)
            for step in voting_plan(number):
                step(user, article)
        except Exception as error:  # reported below, with the voter's number
            failures.append((number, repr(error)))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert not any(thread.is_alive() for thread in threads)
    assert failures == []
    assert len(jobs) >= 20
    assert totals(article) == totals_from_votes(article) == expected_totals()
    assert spread(article) == spread_from_votes(article)
    assert RatingSummary.objects.count() == 1
    assert StarVote.objects.count() == expected_totals()[0]
