"""The checks the other browser tests rely on catch what they should: a clean result means
the check ran and looked, not that it was blind."""

import pytest

from .conftest import AXE_RESULTS, AXE_SCRIPT, CSP_REPORTER, PageWatch, run_axe

pytestmark = pytest.mark.e2e


def test_axe_reports_a_fault_it_is_shown(page, roles):
    page.goto("/")
    page.evaluate(
        """() => {
          const img = document.createElement("img");
          img.src = "/static/img/favicon.svg";
          document.querySelector("main").append(img);
        }"""
    )
    violations = run_axe(page, "home with an image without alt")
    del AXE_RESULTS["home with an image without alt"]
    assert [violation["id"] for violation in violations] == ["image-alt"]


def test_console_errors_csp_violations_and_exceptions_are_caught(browser, live_server, roles):
    watch = PageWatch()
    context = browser.new_context(base_url=live_server.url)
    context.add_init_script(script=CSP_REPORTER)
    context.add_init_script(path=str(AXE_SCRIPT))
    context.on("page", watch.attach)
    page = context.new_page()
    page.goto("/")
    assert watch.problems == []
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.ranInline = true";
          document.body.append(script);
          const box = document.createElement("div");
          box.setAttribute("style", "color: red");
          document.body.append(box);
          setTimeout(() => { throw new Error("boom from a timer"); }, 0);
          fetch("/static/no-such-file.js");
        }"""
    )
    page.wait_for_timeout(300)
    assert page.evaluate("window.ranInline") is None  # the CSP held
    context.close()
    problems = "\n".join(watch.problems)
    assert "CSP violation: script-src-elem" in problems
    assert "CSP violation: style-src-attr" in problems
    assert "boom from a timer" in problems
    assert "404" in problems
