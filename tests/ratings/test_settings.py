"""The app's settings, read in ratings/conf.py."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from ratings.ratelimit import Rate, parse_rate


@pytest.mark.parametrize(
    ("value", "rate"),
    [
        ("20/m", Rate(20, 60)),
        ("5/10s", Rate(5, 10)),
        ("100/h", Rate(100, 3600)),
        ("1000 / d", Rate(1000, 86400)),
        (None, None),
        ("", None),
    ],
)
def test_rate_limit_setting_is_parsed(value, rate):
    assert parse_rate(value) == rate


@pytest.mark.parametrize("value", ["20", "20/minute", "m/20", "-1/m", "twenty/m"])
def test_a_rate_limit_setting_that_makes_no_sense_fails_loudly(value):
    with pytest.raises(ImproperlyConfigured, match="RATINGS_RATE_LIMIT"):
        parse_rate(value)
