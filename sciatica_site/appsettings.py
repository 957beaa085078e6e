"""One way for every app to read its settings (the style of django-allauth's AppSettings).

An app's `conf.py` subclasses AppSettings with its prefix and one property per setting,
whose docstring says what it does and whose body states the default, once:

    class RatingSettings(AppSettings):
        prefix = "RATINGS"

        @property
        def TOP_COUNT(self):
            \"\"\"How many articles the home page's "Top rated" list shows.\"\"\"
            return self._setting("TOP_COUNT", 5)

    conf = RatingSettings()

`conf.TOP_COUNT` is then `settings.RATINGS_TOP_COUNT` when the project sets it, else 5. It
is read at each use, so tests can change settings with pytest-django's `settings` fixture.
"""

from django.conf import settings


class AppSettings:
    prefix = ""

    def _setting(self, name, default):
        return getattr(settings, f"{self.prefix}_{name}", default)
