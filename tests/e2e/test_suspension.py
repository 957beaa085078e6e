"""A suspended reader's article page, in Chromium: the reason and the end of the suspension
in place of the comment form and of the rating and "Did this help?" buttons, axe-clean and
fitting a phone and a desktop; a vote they send anyway is refused and counts nothing.
Screenshots (390 and 1280 px) land in tests/e2e/screenshots/."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from comments.services import commenter_suspend
from ratings.models import RatingSummary

from .conftest import assert_accessible
from .test_look import WIDTHS, assert_fits_the_screen

pytestmark = pytest.mark.e2e

REASON = "Advice to stop prescribed medicines, after a warning"


@pytest.fixture
def suspended(demo_article, reader, staff_user):
    commenter_suspend(user=reader, moderator=staff_user, duration=timedelta(days=7), reason=REASON)
    return reader


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser(
        username="carl", email="carl@example.org", password="a long test password"
    )


def votes(article):
    summary = RatingSummary.objects.get(article=article)
    return summary.star_count, summary.star_sum, summary.thumbs_up, summary.thumbs_down


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_the_suspended_readers_page_shows_the_reason_and_no_form(
    new_context, demo_article, suspended, screenshots, width
):
    page = new_context(user=suspended, width=width).new_page()
    page.goto(f"{demo_article.get_absolute_url()}#respond")
    respond = page.locator("#respond")
    expect(respond.get_by_role("heading")).to_have_text("Your account is suspended")
    expect(respond).to_contain_text(REASON)
    expect(respond).to_contain_text("until")
    expect(page.locator("form.comment-form")).to_have_count(0)
    expect(page.locator("#comments").get_by_role("link", name="Reply")).to_have_count(0)
    expect(page.locator("#rating")).to_contain_text("Your account is suspended")
    expect(page.locator("#rating").get_by_role("button")).to_have_count(0)
    expect(page.locator("#did-this-help").get_by_role("button")).to_have_count(0)
    respond.scroll_into_view_if_needed()
    respond.screenshot(path=str(screenshots / f"suspended-respond-{width}.png"))
    page.locator("#rating").screenshot(path=str(screenshots / f"suspended-rating-{width}.png"))
    assert_fits_the_screen(page, f"suspended reader's article page at {width} px")
    assert_accessible(page, f"suspended reader's article page at {width} px")


def test_a_vote_sent_anyway_is_refused_and_counts_nothing(new_context, demo_article, suspended):
    context = new_context(user=suspended)
    page = context.new_page()
    page.goto(demo_article.get_absolute_url())
    token = page.locator('input[name="csrfmiddlewaretoken"]').first.get_attribute("value")
    before = votes(demo_article)
    url = f"/ratings/{demo_article.slug}/stars/"
    form = {"csrfmiddlewaretoken": token, "score": "1"}
    as_page = context.request.post(url, form=form, headers={"Accept": "text/html"})
    assert as_page.status == 403
    assert REASON in as_page.text() and "Your vote was not counted" in as_page.text()
    as_script = context.request.post(
        url, form=form, headers={"Accept": "application/json", "X-Requested-With": "fetch"}
    )
    assert as_script.status == 403 and REASON in as_script.json()["error"]
    assert votes(demo_article) == before


@pytest.fixture
def moderator(make_reader, roles):
    from django.core.management import call_command

    user = make_reader("mo", "Mo Reyes")
    call_command("grant_role", "mo", "Moderators", stdout=open("/dev/null", "w"))  # noqa: SIM115
    user.refresh_from_db()
    return user


def test_a_moderator_suspends_in_the_admin_and_reads_the_log(
    new_context, demo_article, reader, moderator, screenshots
):
    page = new_context(user=moderator).new_page()
    page.goto("/admin/accounts/suspension/add/")
    # The person, through the autocomplete (select2): type part of the name, pick them.
    page.locator(".select2-selection").first.click()
    page.locator(".select2-search__field").fill(reader.username)
    page.get_by_role("option", name=reader.public_name).click()
    page.get_by_label("Length").select_option(label="30 days")
    page.get_by_label("Reason").fill(REASON)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("In force")
    for name, width in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(screenshots / f"admin-suspensions-{name}.png"), full_page=True)
    assert_accessible(page, "admin suspensions list")

    rows.first.locator("th a").click()
    page.get_by_role("button", name="Lift now").click()
    expect(page.locator(".messagelist")).to_contain_text("Lifted the suspension of 1 person")

    page.goto("/admin/comments/moderationevent/")
    log = page.locator("#result_list tbody tr")
    expect(log.nth(0)).to_contain_text("Lifted a suspension")
    expect(log.nth(1)).to_contain_text("Suspended the author")
    expect(log.nth(1)).to_contain_text(REASON)
    expect(page.get_by_role("link", name="Download as CSV")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(screenshots / "admin-moderation-log-desktop.png"), full_page=True)
    assert_accessible(page, "admin moderation log")
