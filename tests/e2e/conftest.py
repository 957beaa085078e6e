"""Browser tests: Chromium (Debian's package) driven by Playwright's sync API against
pytest-django's live server, on PostgreSQL.

One browser per session; each test gets fresh browser contexts from `new_context`, which
also watches every page for console errors, uncaught exceptions and Content-Security-Policy
violations and fails the test at teardown when there were any. axe-core (npm, pinned in
package.json) is injected into every page with an init script, which a strict CSP allows.

Without Chromium or axe-core the tests skip with a message saying how to get them, or fail
with it when REQUIRE_BROWSER_TESTS=1 (CI sets it in .ci/run).
"""

import json
import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

# Playwright's sync API runs an event loop in the test's thread; Django would otherwise
# refuse ORM calls from the test (and the fixtures) as "async unsafe".
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "a long test password"
DEMO_SLUG = "easing-sciatica-four-gentle-exercises"

HOW_TO_GET_THEM = """\
The browser tests (tests/e2e) need:
  - Chromium: `apt-get install chromium` (Debian's package, at /usr/bin/chromium), or set
    CHROMIUM_PATH to a Chromium binary (`playwright install` is not used);
  - Playwright for Python: `pip install -r requirements-dev.txt`;
  - axe-core: `npm ci` in the repository root (pinned in package.json).
`make test` installs all three (Chromium only when running as root on Debian)."""


try:
    import playwright  # noqa: F401
except ImportError:  # pragma: no cover - depends on the machine
    if os.environ.get("REQUIRE_BROWSER_TESTS") != "1":
        # The test modules import Playwright: leave them out, and say so at the end of the run.
        collect_ignore_glob = ["test_*.py"]


def pytest_terminal_summary(terminalreporter):
    missing = _missing_requirements()
    if missing:
        terminalreporter.write_sep("-", "browser tests (tests/e2e)")
        terminalreporter.write_line(f"Not run: {'; '.join(missing)}.\n{HOW_TO_GET_THEM}")


def chromium_path():
    candidates = [os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser"]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium")


def _missing_requirements():
    missing = []
    if chromium_path() is None:
        missing.append("Chromium was not found")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing.append("the playwright package is not installed")
    if not AXE_SCRIPT.is_file():
        missing.append(f"axe-core is not installed ({AXE_SCRIPT.relative_to(ROOT)} is missing)")
    return missing


@pytest.fixture(scope="session")
def browser():
    missing = _missing_requirements()
    if missing:
        message = f"{'; '.join(missing)}.\n{HOW_TO_GET_THEM}"
        if os.environ.get("REQUIRE_BROWSER_TESTS") == "1":
            pytest.fail(f"REQUIRE_BROWSER_TESTS=1 and {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class PageWatch:
    """Everything a page said that a reader's console would show as an error."""

    def __init__(self):
        self.problems = []

    def attach(self, page):
        page.on("console", lambda message: self._console(page, message))
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: {error}"))

    def _console(self, page, message):
        if message.type != "error":
            return
        source = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and source == page.url:
            # The page's own status (400 for a form sent back with its errors) is what
            # the test asserts on; a stylesheet, script, image or fetch that fails is not.
            return
        self.problems.append(f"{page.url}: console error: {message.text} ({source})")


# A CSP violation is logged as a console error by Chromium; this init script reports each one
# as well, with the directive, so the failure says exactly what was blocked.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " blocked " +
                (event.blockedURI || "inline code") + " at line " + event.lineNumber);
});
"""


@pytest.fixture
def new_context(browser, live_server):
    """new_context(javascript=True, width=1280, height=900, user=None) -> a browser context
    on the live server, logged in as `user` when given. Fails the test at teardown if any
    page showed a console error, an uncaught exception or a CSP violation."""
    watch = PageWatch()
    contexts = []

    def make(*, javascript=True, width=1280, height=900, user=None):
        context = browser.new_context(
            base_url=live_server.url,
            java_script_enabled=javascript,
            viewport={"width": width, "height": height},
        )
        context.set_default_timeout(10_000)
        context.add_init_script(script=CSP_REPORTER)
        context.add_init_script(path=str(AXE_SCRIPT))
        context.on("page", watch.attach)
        if user is not None:
            log_in_context(context, user, live_server.url)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    if watch.problems:
        pytest.fail(
            "The browser reported errors:\n" + "\n".join(f"  - {p}" for p in watch.problems),
            pytrace=False,
        )


@pytest.fixture
def page(new_context):
    """A page in a fresh anonymous context with JavaScript on, 1280 px wide."""
    return new_context().new_page()


def log_in_context(context, user, base_url):
    """Log `user` in without going through the login form (a session made by Django's test
    client, its cookie handed to the browser)."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": session_cookie.key, "value": session_cookie.value, "url": base_url}]
    )


# --- accessibility ---------------------------------------------------------------------

AXE_RESULTS = {}


def run_axe(page, name):
    """Run axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now; return the
    violations, and keep a line per page for the summary written at the end of the run.
    Web fonts are waited for first: the admin editor's toolbar icons are ligatures of the
    Material Icons font, which axe reads as words (and their contrast as text's) until the
    font has loaded (a CI run was that early once)."""
    page.evaluate(
        "Promise.all([...document.fonts].map((face) => face.load().catch(() => null)))"
        ".then(() => document.fonts.ready).then(() => true)"
    )
    results = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = results["violations"]
    AXE_RESULTS[name] = {
        "url": page.url,
        "passes": len(results["passes"]),
        "incomplete": [item["id"] for item in results["incomplete"]],
        "violations": [
            {
                "id": item["id"],
                "impact": item["impact"],
                "help": item["help"],
                "nodes": [node["target"] for node in item["nodes"]][:10],
                "summary": [node["failureSummary"] for node in item["nodes"]][:3],
            }
            for item in violations
        ],
    }
    return violations


def assert_accessible(page, name):
    violations = run_axe(page, name)
    assert not violations, f"axe-core found WCAG 2.1 A/AA violations on {name}:\n" + json.dumps(
        AXE_RESULTS[name]["violations"], indent=2
    )


def pytest_sessionfinish(session):
    if AXE_RESULTS:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / "axe-results.json").write_text(json.dumps(AXE_RESULTS, indent=2))


# --- data ------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits (allauth's, the ratings') live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_served(settings, tmp_path):
    """Uploads go to the test's own folder and the live server serves them from there.

    The site's urls.py binds the media folder when it is first imported; the e2e urlconf
    (tests/e2e/urls.py) reads settings.MEDIA_ROOT at each request instead."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ROOT_URLCONF = "tests.e2e.urls"


@pytest.fixture
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def roles():
    """The back-office groups (made by a data migration, which a flush between live-server
    tests empties)."""
    from accounts.roles import sync_roles

    sync_roles(Group, Permission)


@pytest.fixture
def moderator(roles, django_user_model):
    """A member of the Moderators group (staff), who logs in with PASSWORD."""
    user = django_user_model.objects.create_user(
        username="mod", email="mod@example.org", password=PASSWORD, is_staff=True
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


@pytest.fixture
def demo_article(roles):
    """The demo content (load_demo): the main article with its picture guide, 18 comments
    in threads and, where the ratings app provides them, the original page's votes."""
    from articles.models import Article

    call_command("load_demo", "--no-admin", verbosity=0)
    article = Article.objects.get(slug=DEMO_SLUG)
    try:
        from demo.ratings import load_demo_ratings
    except ImportError:
        pass
    else:
        load_demo_ratings(article)  # does nothing when load_demo already cast them
    return article


@pytest.fixture
def make_reader(django_user_model):
    """make_reader("ada", "Ada L") -> a reader with a verified email who can log in."""

    def make(username, display_name="", *, trusted=False, article=None):
        user = django_user_model.objects.create_user(
            username=username,
            email=f"{username}@example.org",
            password=PASSWORD,
            display_name=display_name,
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        if trusted:
            give_approved_comment(user, article)
        return user

    return make


def give_approved_comment(user, article):
    """An approved comment from a day ago, so the moderation policy trusts the reader."""
    from comments.models import Comment

    return Comment.objects.create(
        article=article,
        author=user,
        body="An earlier comment of mine.",
        body_html="<p>An earlier comment of mine.</p>",
        created_at=timezone.now() - timedelta(days=1),
        status=Comment.Status.APPROVED,
    )


@pytest.fixture
def reader(make_reader):
    return make_reader("ada", "Ada L")
