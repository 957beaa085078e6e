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
# The suite runs on the primary alone, whatever DATABASE_REPLICA_URLS says: the replica
# tests (tests/replicas) make a streaming replica of the test server for themselves.
DATABASES = {"default": DATABASES["default"]}

# Tests build pages without running collectstatic first.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test client runs the site in this one process, so the suite keeps its cache in
# memory (query counts then count the page's own queries). The configurations the site
# really runs with, the database cache and Redis, are tested with several server
# processes in tests/caching/test_two_processes.py.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages_local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "p"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SECURE_SSL_REDIRECT = False
MEDIA_ROOT = BASE_DIR / ".test-media"

# Templates used only by tests (e.g. a stand-in for a panel another app attaches).
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "templates"]

# Never Akismet from the suite, whatever the environment says (its tests use a local stub).
COMMENTS_AKISMET_API_KEY = ""
