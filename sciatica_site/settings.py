"""Settings for the site, read from the environment.

Development: `DJANGO_DEBUG=1` (set by `make run`), SQLite when `DATABASE_URL` is unset.
Production: `DJANGO_DEBUG` unset, `DJANGO_SECRET_KEY` and `DJANGO_ALLOWED_HOSTS` required.
Every variable is listed in the README.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production mode (DJANGO_DEBUG unset) needs a "
            'secret key: generate one with `python -c "import secrets; '
            'print(secrets.token_urlsafe(50))"` and export DJANGO_SECRET_KEY, or set '
            "DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DJANGO_DEBUG-is-on"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

SITE_NAME = env("DJANGO_SITE_NAME", "Back in Motion")
SITE_DESCRIPTION = env(
    "DJANGO_SITE_DESCRIPTION", "Plain-spoken guides to exercise for back and nerve pain."
)

INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.contrib.postgres",  # full-text search (articles.search); harmless on SQLite
    # Third-party
    "allauth",
    "allauth.account",
    "simple_history",
    "django_tasks_db",
    "django_prose_editor",  # the article body's editor in the admin (articles/editor.py)
    # Local
    "caching",
    "accounts",
    "articles",
    "comments",
    "ratings",
    "feedback",
    "medical",
    "wpimport",
    "demo",
]

MIDDLEWARE = [
    "sciatica_site.health.health_check_middleware",  # /healthz, before the host check
    "sciatica_site.outage.outage_middleware",  # notices the database coming back
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "sciatica_site.db_router.ReplicaReadsMiddleware",  # which reads may use a replica
    "caching.pages.private_by_default",  # pages for a reader with a session stay theirs
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",  # who saved each kept version
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "wpimport.middleware.old_wordpress_addresses",  # old WordPress links: 301 (on a 404)
]

ROOT_URLCONF = env("DJANGO_ROOT_URLCONF", "sciatica_site.urls")
WSGI_APPLICATION = "sciatica_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sciatica_site.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL (PostgreSQL in tests, CI and production), else a SQLite file.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A database that hangs instead of refusing must not hold a worker (and /healthz)
    # until gunicorn kills it: give up connecting after a few seconds.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(env("DJANGO_DB_CONNECT_TIMEOUT", "5"))
    )
# Read replicas: DATABASE_REPLICA_URLS, comma-separated PostgreSQL streaming replicas of the
# primary, become replica_1 ... replica_n. The router sends them the reads that may use one
# (sciatica_site/db_router.py); one that does not answer within 2 s is skipped for a while.
for number, replica_url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    replica = dj_database_url.parse(
        replica_url,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    postgresql = "django.db.backends.postgresql"
    if replica["ENGINE"] != postgresql or DATABASES["default"]["ENGINE"] != postgresql:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URLS needs PostgreSQL, for DATABASE_URL and every replica "
            "(postgres://user:password@host:5432/name): the router asks PostgreSQL how far "
            "each replica has replayed the primary's log."
        )
    replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
    replica["TEST"] = {"MIRROR": "default"}  # a replica's test database is the primary's
    DATABASES[f"replica_{number}"] = replica
DATABASE_ROUTERS = ["sciatica_site.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: shared by every worker and host in every configuration. DJANGO_CACHE_URL=
# redis://127.0.0.1:6379/1 puts it in Redis (faster, and sessions read from it); without
# it, the database is the cache.
CACHE_URL = env("DJANGO_CACHE_URL")
if CACHE_URL and CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            # Django's Redis backend; while Redis is unreachable the site runs without it.
            "BACKEND": "caching.redis.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": env("DJANGO_CACHE_PREFIX", "site"),
            "OPTIONS": {
                "socket_connect_timeout": float(env("DJANGO_CACHE_TIMEOUT", "0.5")),
                "socket_timeout": float(env("DJANGO_CACHE_TIMEOUT", "0.5")),
            },
        }
    }
    # Sessions are read from the shared cache and written through to the database, so a
    # logged-in page view spends no query on its session, and every app server sees a
    # logout at once. (Not with the per-process cache: a worker would go on trusting its
    # own copy of a session another worker had ended.)
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    # Without Redis, the database every worker and app server shares is the cache too
    # (caching/database.py says why a per-process cache cannot be the default).
    CACHES = {
        "default": {
            "BACKEND": "caching.database.ResilientDatabaseCache",
            "LOCATION": "caching_cache_entry",  # caching.models.CACHE_TABLE
            "OPTIONS": {"MAX_ENTRIES": int(env("DJANGO_CACHE_MAX_ENTRIES", "30000"))},
        }
    }
# Each worker also keeps the pages it serves in its own memory, keyed by the shared page
# versions, so that a hit costs one look-up in the shared cache (caching/pages.py).
CACHES["pages_local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "pages",
    "OPTIONS": {"MAX_ENTRIES": int(env("DJANGO_LOCAL_PAGES", "300"))},
}
# The article's own content is cached as fragments shared by every reader, in the default
# cache; DJANGO_FRAGMENT_CACHE_SECONDS=0 renders it every time (Django's {% cache %} tag
# then uses a cache that keeps nothing).
CACHING_FRAGMENT_SECONDS = int(env("DJANGO_FRAGMENT_CACHE_SECONDS", "600"))
if not CACHING_FRAGMENT_SECONDS:
    CACHES["template_fragments"] = {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# Accounts (django-allauth). Email must be verified before an account can log in, so every
# commenter and voter has a confirmed address. Rate limits keep allauth's defaults; they
# live in the cache, so production should share one (DJANGO_CACHE_URL).
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# "Send me a sign-in code": a one-time code by email, beside the password (allauth's own
# limits: 3 tries per code, codes last 3 minutes, requests rate-limited per address).
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_USER_DISPLAY = "accounts.models.user_display"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{env('DJANGO_SITE_NAME', 'Back in Motion')}] "
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Behind the TLS proxy every request comes from its address: allauth's per-address limits
# (failed logins, sign-ups, password resets) read the reader's from the X-Forwarded-For
# the proxy appends. The number of proxies in front: 1 for the README's nginx, 0 when
# readers reach gunicorn directly (then the header is ignored: readers could forge it).
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("DJANGO_TRUSTED_PROXY_COUNT", "0" if DEBUG else "1"))

# One language per site, the one named here: there is no LocaleMiddleware, so every reader
# gets the same language and the page cache (caching/pages.py) needs no language in its key.
# Interface text is marked for translation; catalogues live in locale/ (README: "Languages").
LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English"), ("cy", "Cymraeg")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# Static files through WhiteNoise; hashed names and compression in production.
STATIC_URL = "static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
# Serve uploads from Django itself (one host, no separate media server). Turn off when a
# proxy or object storage serves MEDIA_URL.
SERVE_MEDIA = env_bool("DJANGO_SERVE_MEDIA", True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Email. Development prints mail to the console; production sends through SMTP.
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "Back in Motion <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND_NAME = env(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_NAME}}
if EMAIL_BACKEND_NAME.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env("DJANGO_EMAIL_HOST", "localhost"),
        "port": int(env("DJANGO_EMAIL_PORT", "25")),
        "username": env("DJANGO_EMAIL_USER", ""),
        "password": env("DJANGO_EMAIL_PASSWORD", ""),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
        "timeout": int(env("DJANGO_EMAIL_TIMEOUT", "10")),
    }
elif EMAIL_BACKEND_NAME.endswith("filebased.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "file_path": env("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "sent-mail"))
    }

# Background work (notification emails). Production queues tasks in the database for the
# worker (`manage.py db_worker`, README "Background worker"), so no request waits for the
# mail server; development runs them at once, in the request, so mail shows in the console.
TASKS = {
    "default": {
        "BACKEND": env(
            "DJANGO_TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# The site's own address, for links in emails (no request there to build them from).
# Without DJANGO_SITE_URL, production uses https:// and the first allowed host name.
SITE_URL = env(
    "DJANGO_SITE_URL",
    "http://127.0.0.1:8000"
    if DEBUG
    else "https://" + next((h.lstrip(".") for h in ALLOWED_HOSTS if h != "*"), "localhost"),
)

# Comment screening: new comments are also checked with Akismet when a key is given
# (comments/screening.py; the other COMMENTS_* settings are in comments/conf.py).
COMMENTS_AKISMET_API_KEY = env("COMMENTS_AKISMET_API_KEY", "")

# Security. Production is HTTPS only; the TLS proxy (or gunicorn's forwarded_allow_ips,
# loopback by default) tells Django the request was secure.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_FAILURE_VIEW = "sciatica_site.views.csrf_failure"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Strict CSP in every mode, so that development shows what production would block.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

LOG_LEVEL = env("DJANGO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # Django's own loggers pass INFO (each task run, say) up to the root's handler whatever
    # the root's level: give them the same level, so DJANGO_LOG_LEVEL means what it says.
    "loggers": {"django": {"level": LOG_LEVEL}, "django.db.backends": {"level": "INFO"}},
}

# Votes one reader may send (ratings/conf.py explains the format).
RATINGS_RATE_LIMIT = env("DJANGO_RATINGS_RATE_LIMIT", "20/m")
# The anonymous page cache (caching/conf.py).
CACHING_PAGE_SECONDS = int(env("DJANGO_PAGE_CACHE_SECONDS", "600"))
