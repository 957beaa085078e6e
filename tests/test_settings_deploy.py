"""Production mode: `check --deploy` is clean, and a missing secret key is a clear error."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SECRET_KEY": "x7!k2" * 12,
    "DJANGO_ALLOWED_HOSTS": "blog.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/sciatica",
    "DJANGO_SETTINGS_MODULE": "sciatica_site.settings",
}


def run_manage(*args, env):
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean_env.pop("DATABASE_URL", None)
    clean_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_mode():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_missing_secret_key_in_production_is_a_clear_startup_error():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_headers(client, settings, db):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/", secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "object-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert client.get("/").status_code == 301  # plain HTTP is redirected to HTTPS


def print_setting(name, **env):
    result = run_manage(
        "shell",
        "-c",
        f"from django.conf import settings; print(settings.{name})",
        env={**PRODUCTION_ENV, **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_sessions_go_through_the_cache_only_when_it_is_shared():
    redis = {"DJANGO_CACHE_URL": "redis://127.0.0.1:6379/4"}
    assert print_setting("SESSION_ENGINE", **redis) == "django.contrib.sessions.backends.cached_db"
    assert print_setting("SESSION_ENGINE") == "django.contrib.sessions.backends.db"
    assert "RedisCache" in print_setting("CACHES['default']['BACKEND']", **redis)


def test_log_level_quiets_djangos_own_loggers_too():
    code = (
        "import logging; logging.getLogger('django.tasks').info('task noise');"
        "logging.getLogger('django.tasks').warning('task trouble')"
    )
    result = run_manage("shell", "-c", code, env={**PRODUCTION_ENV, "DJANGO_LOG_LEVEL": "WARNING"})
    assert result.returncode == 0, result.stderr
    assert "task trouble" in result.stderr and "task noise" not in result.stderr


def test_health_check_fails_when_the_database_is_unreachable():
    code = (
        "from django.test import Client; r = Client().get('/healthz', HTTP_HOST='10.0.0.9');"
        "print(r.status_code, r.content.decode().replace(chr(10), ' | '))"
    )
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://postgres@127.0.0.1:9/nowhere"}
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    # The default cache lives in the database: it is down with it (pages render without it).
    assert result.stdout.strip().endswith(
        "503 failing | database: unreachable | cache: unreachable (pages are rendered without it) |"
    )


def test_links_in_emails_default_to_the_sites_https_address_in_production():
    assert print_setting("SITE_URL") == "https://blog.example.org"
    assert print_setting("SITE_URL", DJANGO_SITE_URL="https://x.example") == "https://x.example"


def test_behind_the_proxy_readers_addresses_come_from_x_forwarded_for():
    assert print_setting("ALLAUTH_TRUSTED_PROXY_COUNT") == "1"
    assert print_setting("ALLAUTH_TRUSTED_PROXY_COUNT", DJANGO_TRUSTED_PROXY_COUNT="0") == "0"


def test_a_hanging_database_is_given_up_after_a_few_seconds():
    assert print_setting("DATABASES['default']['OPTIONS']['connect_timeout']") == "5"
