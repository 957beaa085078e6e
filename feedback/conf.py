"""Settings of the feedback app, with their defaults (see sciatica_site.appsettings)."""

from django.core.exceptions import ImproperlyConfigured

from sciatica_site.appsettings import AppSettings


class FeedbackSettings(AppSettings):
    prefix = "FEEDBACK"

    @property
    def RATE_LIMIT(self):
        """How many answers (given or changed, for the article and its steps together) one
        reader may send: "<count>/<period>", the period being s, m, h or d with an optional
        number in front ("30/m", "5/10s"). None or "" turns the limit off."""
        return self._setting("RATE_LIMIT", "30/m")

    @property
    def WORSE_THRESHOLD(self):
        """The share of "made it worse" answers, in percent, at or over which an article or
        step is flagged for review in the back office."""
        value = self._setting("WORSE_THRESHOLD", 20)
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 100:
            raise ImproperlyConfigured(
                f"FEEDBACK_WORSE_THRESHOLD {value!r} must be a percentage above 0, at most 100."
            )
        return value

    @property
    def WORSE_MIN_ANSWERS(self):
        """How many answers an article or step needs before its "made it worse" share can
        flag it (one unhappy reader of two is not yet a pattern)."""
        value = self._setting("WORSE_MIN_ANSWERS", 5)
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ImproperlyConfigured(
                f"FEEDBACK_WORSE_MIN_ANSWERS {value!r} must be a whole number, 1 or more."
            )
        return value


conf = FeedbackSettings()
