"""The app's settings: defaults, and settings that cannot work are refused with a reason."""

import time

import pytest
from django.core.exceptions import ImproperlyConfigured

from feedback import ratelimit
from feedback.conf import conf
from feedback.ratelimit import Rate, parse_rate


def test_defaults():
    assert (conf.RATE_LIMIT, conf.WORSE_THRESHOLD, conf.WORSE_MIN_ANSWERS) == ("30/m", 20, 5)


@pytest.mark.parametrize(
    ("value", "rate"),
    [("30/m", Rate(30, 60)), ("5/10s", Rate(5, 10)), (" 100 / h ", Rate(100, 3600)), ("", None),
     (None, None)],
)  # fmt: skip
def test_rate_limit_forms(value, rate):
    assert parse_rate(value) == rate


@pytest.mark.parametrize("value", ["30", "30/minute", "0/m", "-1/m", "m/30", "1.5/m"])
def test_a_rate_limit_that_cannot_be_read_is_refused(value):
    with pytest.raises(ImproperlyConfigured, match="FEEDBACK_RATE_LIMIT"):
        parse_rate(value)


@pytest.mark.parametrize("value", [0, -5, 101, "20", True, None])
def test_a_threshold_that_is_no_percentage_is_refused(settings, value):
    settings.FEEDBACK_WORSE_THRESHOLD = value
    with pytest.raises(ImproperlyConfigured, match="FEEDBACK_WORSE_THRESHOLD"):
        _ = conf.WORSE_THRESHOLD


@pytest.mark.parametrize("value", [0, 2.5, "5", None])
def test_a_minimum_that_is_no_whole_number_is_refused(settings, value):
    settings.FEEDBACK_WORSE_MIN_ANSWERS = value
    with pytest.raises(ImproperlyConfigured, match="FEEDBACK_WORSE_MIN_ANSWERS"):
        _ = conf.WORSE_MIN_ANSWERS


class Reader:
    pk = 7


def test_the_limit_slides_across_the_turn_of_a_window(settings, monkeypatch):
    """Three answers late in one window and one just after it: a fixed window would let
    the fourth through (a fresh count); the sliding window weighs the previous one."""
    settings.FEEDBACK_RATE_LIMIT = "3/10s"
    clock = [1_000_008.0]  # 8 seconds into a 10-second window
    monkeypatch.setattr(time, "time", lambda: clock[0])
    assert [ratelimit.consume(Reader) for _ in range(3)] == [None, None, None]
    # Full: the next window, once these three weigh two answers or fewer (2 s + 3.3 s).
    assert ratelimit.consume(Reader) == 6
    clock[0] = 1_000_010.5  # just past the turn: the three still weigh 95%, 2.85 answers
    assert ratelimit.consume(Reader) == 3  # until they weigh 2: 3.3 s into the window
    clock[0] += 3  # waiting that long is enough
    assert ratelimit.consume(Reader) is None
    assert ratelimit.consume(Reader) is not None
