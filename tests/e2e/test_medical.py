"""Medical review in the browser: a reviewer logs into the back office, opens the queue,
reads the changes since the last review and approves; the article then says who reviewed
it and when. Citations in the text jump to the numbered sources and back. The byline and
the sources fit a phone and a desktop (screenshots in tests/e2e/screenshots/)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from medical.models import ArticleReview, Reviewer, ReviewRequest
from medical.services import review_request_create

from .conftest import PASSWORD, assert_accessible
from .test_look import WIDTHS, assert_fits_the_screen

pytestmark = pytest.mark.e2e


@pytest.fixture
def clinician(django_user_model, roles):
    """A reviewer who logs in with a password: the Reviewers role and a profile."""
    user = django_user_model.objects.create_user(
        username="olu", email="olu@example.org", password=PASSWORD, is_staff=True
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    user.groups.add(Group.objects.get(name="Reviewers"))
    return Reviewer.objects.create(
        user=user, name="Dr Olu Adeyemi", slug="olu-adeyemi", profession="Sports physician"
    )


def test_a_reviewer_approves_the_changes_in_the_back_office(
    new_context, demo_article, clinician, screenshots
):
    demo_article.body = demo_article.body.replace(
        "Hold for 20 to 30 seconds.", "Hold for 30 to 40 seconds.", 1
    )
    demo_article.save()
    review_request_create(
        article=demo_article,
        requested_by=demo_article.author,
        message="Longer holds in exercise 1.",
    )
    page = new_context().new_page()

    page.goto("/admin/")
    page.get_by_label("Username").fill("olu")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    summary = page.locator("#medical-review-summary")
    expect(summary).to_contain_text("1 article waiting for review")

    summary.get_by_role("link", name=re.compile("waiting for review")).click()
    expect(page).to_have_url(re.compile(r"/admin/medical/reviewrequest/$"))
    page.get_by_role("link", name=demo_article.title).click()

    expect(
        page.get_by_role("heading", name=re.compile("Changes since the review of"))
    ).to_be_visible()
    expect(page.locator(".medical-review__message").first).to_have_text(
        "Longer holds in exercise 1."
    )
    removed = page.locator(".diff__line--removed", has_text="Repeat 3 times on each side")
    added = page.locator(".diff__line--added", has_text="Repeat 3 times on each side")
    expect(removed.locator("del")).to_have_text(["20", "30"])
    expect(added.locator("ins")).to_have_text(["30", "40"])
    assert_accessible(page, "medical review page (back office)")
    page.locator("#content-main").screenshot(path=screenshots / "medical-review-desktop.png")

    page.get_by_label("Note or comments").fill("Longer holds are fine for a stretch.")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".messagelist")).to_contain_text(
        f"Approved: “{demo_article.title}” is marked as reviewed."
    )
    decided = ReviewRequest.objects.get(status=ReviewRequest.Status.APPROVED, reviewer=clinician)
    assert decided.note == "Longer holds are fine for a stretch."
    review = ArticleReview.objects.get(article=demo_article)
    assert review.reviewer == clinician

    page.goto(demo_article.get_absolute_url())
    byline = page.locator(".medical-byline")
    day = timezone.localdate(review.reviewed_at)
    expect(byline).to_have_text(
        f"Medically reviewed by Dr Olu Adeyemi, Sports physician · last reviewed "
        f"{day.day} {day:%B %Y}"
    )
    byline.get_by_role("link", name="Dr Olu Adeyemi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dr Olu Adeyemi")
    expect(page.locator(".cards")).to_contain_text(demo_article.title)
    assert_accessible(page, "reviewer page")


def test_a_citation_jumps_to_its_source_and_back(page, demo_article):
    page.goto(demo_article.get_absolute_url())
    citation = page.locator("#cite-3-2")
    expect(citation).to_have_accessible_name("source 3")
    citation.click()
    expect(page).to_have_url(re.compile("#source-3$"))
    source = page.locator("#source-3")
    expect(source).to_be_in_viewport()
    expect(source).to_contain_text("Diagnosis and treatment of sciatica")
    source.get_by_role("link", name="Back to citation 2 of source 3").click()
    expect(page).to_have_url(re.compile("#cite-3-2$"))
    expect(citation).to_be_in_viewport()
    assert_accessible(page, "article with sources (anonymous)")


@pytest.mark.parametrize("device", list(WIDTHS))
def test_the_byline_and_the_sources_fit_phones_and_desktops(
    new_context, demo_article, screenshots, device
):
    page = new_context(width=WIDTHS[device]).new_page()
    page.goto(demo_article.get_absolute_url())
    assert_fits_the_screen(page, f"article with sources, {device}")
    header = page.locator(".article__header")
    expect(header.locator(".medical-byline")).to_contain_text("Medically reviewed by Ines Calder")
    header.screenshot(path=screenshots / f"medical-byline-{device}.png")
    cited = page.locator(".article__body p", has=page.locator("#cite-1-1"))
    cited.screenshot(path=screenshots / f"citation-{device}.png")
    sources = page.locator("#sources")
    expect(sources.locator(".sources__item")).to_have_count(5)
    sources.screenshot(path=screenshots / f"sources-{device}.png")
    page.goto("/reviewers/ines-calder/")
    assert_fits_the_screen(page, f"reviewer page, {device}")
    page.screenshot(path=screenshots / f"reviewer-{device}.png", full_page=True)
