"""Settings for the test suite: the real settings, on PostgreSQL, with test-only values.

The test command (make test) points DATABASE_URL at a PostgreSQL server; running pytest
without one is refused rather than quietly falling back to SQLite.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sciatica")

from .settings import *  # noqa: E402,F403
from .settings import BASE_DIR, DATABASES, STORAGES, TEMPLATES  # noqa: E402

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise RuntimeError("The test suite runs on PostgreSQL: set DATABASE_URL=postgres://...")

# Tests build pages without running collectstatic first.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
MEDIA_ROOT = BASE_DIR / ".test-media"

# Templates used only by tests (e.g. a stand-in for a panel another app attaches).
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]
