"""'Did this help?': a reader answers for the article and for a step of its picture guide,
in place with JavaScript and by form POST and redirect without it, and changes an answer;
the block is axe-clean, fits a phone and a desktop, and shows the focus. Screenshots of the
block (390 and 1280 px) land in tests/e2e/screenshots/."""

import re

import pytest
from playwright.sync_api import expect

from feedback.models import Answer, Result
from feedback.services import answer_give

from .conftest import assert_accessible
from .test_look import WIDTHS, assert_fits_the_screen, assert_tab_shows_the_focus

pytestmark = pytest.mark.e2e

CARE_NOTE = "Sorry it made things worse. Stop this exercise for now"


def counts(article, step=None):
    row = Result.objects.get(article=article, step=step)
    return row.helped, row.no_change, row.worse


def step_item(page, step):
    return page.locator(f"#did-this-help-step-{step.pk}")


def article_item(page):
    return page.locator("#did-this-help .feedback__item").first


def test_answer_the_article_and_a_step_in_place_with_javascript(new_context, demo_article, reader):
    step = demo_article.steps.all()[2]  # the figure-four stretch, step 3
    helped, no_change, worse = counts(demo_article)
    page = new_context(user=reader).new_page()
    page.goto(demo_article.get_absolute_url())
    page.evaluate("window.stillTheSamePage = true")  # a full page load would wipe it out
    block = page.locator("#did-this-help")
    live = block.get_by_role("status")

    question = article_item(page)
    expect(question.get_by_role("group")).to_have_accessible_name("Did this article help you?")
    question.get_by_role("button", name="Helped", exact=True).click()
    expect(live).to_have_text("Thank you: your answer for this article, “Helped”, is saved.")
    expect(article_item(page).get_by_role("group")).to_have_accessible_name(
        "Your answer: Helped. Choose another to change it."
    )
    expect(article_item(page)).to_contain_text(f"{helped + no_change + worse + 1} answers:")
    # The block was replaced; the focus stays on the button used.
    expect(article_item(page).get_by_role("button", name="Helped (your answer)")).to_be_focused()

    step_item(page, step).get_by_role("button", name="Made it worse").click()
    expect(live).to_have_text("Thank you: your answer for step 3, “Made it worse”, is saved.")
    expect(step_item(page, step).get_by_role("note")).to_contain_text(CARE_NOTE)
    expect(step_item(page, step).get_by_role("group")).to_have_accessible_name(
        "Your answer: Made it worse. Choose another to change it."
    )

    # Changed: the note goes with the answer.
    step_item(page, step).get_by_role("button", name="No change").click()
    expect(live).to_have_text("Thank you: your answer for step 3, “No change”, is saved.")
    expect(step_item(page, step).get_by_role("note")).to_have_count(0)
    expect(
        step_item(page, step).get_by_role("button", name="No change (your answer)")
    ).to_be_focused()

    assert page.evaluate("window.stillTheSamePage") is True
    assert Answer.objects.get(user=reader, step=None).choice == "helped"
    assert Answer.objects.get(user=reader, step=step).choice == "no_change"
    assert counts(demo_article) == (helped + 1, no_change, worse)
    assert counts(demo_article, step) == (5, 3, 2)  # the demo's (5, 2, 2) and this reader's


def test_answer_and_change_without_javascript(new_context, demo_article, reader):
    step = demo_article.steps.all()[1]
    page = new_context(user=reader, javascript=False).new_page()
    page.goto(demo_article.get_absolute_url())

    step_item(page, step).get_by_role("button", name="Made it worse").click()
    expect(page).to_have_url(re.compile(rf"#did-this-help-step-{step.pk}$"))
    expect(page.locator(".messages")).to_contain_text(
        "Thank you: your answer for step 2, “Made it worse”, is saved."
    )
    expect(step_item(page, step).get_by_role("note")).to_contain_text(CARE_NOTE)
    expect(step_item(page, step).locator("legend")).to_have_text(
        "Your answer: Made it worse. Choose another to change it."
    )
    expect(step_item(page, step)).to_be_in_viewport()

    step_item(page, step).get_by_role("button", name="Helped", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("your answer for step 2, “Helped”, is saved.")
    expect(step_item(page, step).get_by_role("note")).to_have_count(0)

    article_item(page).get_by_role("button", name="No change").click()
    expect(page).to_have_url(re.compile(r"#did-this-help$"))
    expect(article_item(page).locator("legend")).to_have_text(
        "Your answer: No change. Choose another to change it."
    )
    assert list(
        Answer.objects.filter(user=reader).order_by("step").values_list("step", "choice")
    ) == [
        (step.pk, "helped"),
        (None, "no_change"),
    ]
    assert counts(demo_article, step) == (9, 2, 1)  # the demo's (8, 2, 1) and this reader's


def test_a_refused_answer_is_shown_beside_its_question(new_context, demo_article, reader, settings):
    """Without JavaScript, the page comes back at the question with the reason (a refused
    fetch would be reported by the browser's console, which fails these tests)."""
    settings.FEEDBACK_RATE_LIMIT = "1/m"
    step = demo_article.steps.all()[0]
    before = counts(demo_article, step)
    page = new_context(user=reader, javascript=False).new_page()
    page.goto(demo_article.get_absolute_url())
    article_item(page).get_by_role("button", name="Helped", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("is saved")
    step_item(page, step).get_by_role("button", name="Helped", exact=True).click()
    expect(step_item(page, step).get_by_role("alert")).to_contain_text(
        "You have answered many times in a short while. Wait"
    )
    expect(step_item(page, step)).to_be_in_viewport()
    assert counts(demo_article, step) == before
    assert not Answer.objects.filter(user=reader, step=step).exists()


def test_anonymous_reader_sees_the_totals_and_is_sent_to_log_in_and_back(page, demo_article):
    page.goto(demo_article.get_absolute_url())
    block = page.locator("#did-this-help")
    expect(article_item(page)).to_contain_text("19 answers: 14 helped (74%), 4 no change (21%)")
    expect(block.get_by_role("button")).to_have_count(0)
    block.get_by_role("link", name="Log in to answer").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=.*%23did-this-help$"))


def test_the_block_on_a_phone_and_a_desktop(new_context, demo_article, reader, screenshots):
    """Anonymous and logged in (one answer "made it worse", its note showing): axe-clean,
    fits the screen, every control shows the focus; screenshots for people to look at."""
    step = demo_article.steps.all()[2]
    answer_give(user=reader, article=demo_article, step=step, choice="worse")
    answer_give(user=reader, article=demo_article, choice="helped")
    for device, width in WIDTHS.items():
        for who, user in (("anonymous", None), ("reader", reader)):
            page = new_context(width=width, user=user).new_page()
            page.goto(demo_article.get_absolute_url() + "#did-this-help")
            block = page.locator("#did-this-help")
            expect(block).to_be_visible()
            block.screenshot(path=str(screenshots / f"feedback-{who}-{device}.png"))
            where = f"the 'Did this help?' block ({who}) at {width} px"
            assert_fits_the_screen(page, where)
            assert_accessible(page, f"article with 'Did this help?' ({who}, {width} px)")
            if user is not None:
                expect(step_item(page, step).get_by_role("note")).to_contain_text(CARE_NOTE)
                block.get_by_role("heading", name="Did this help?").focus()
                # Through the article's three answers and into the steps' links and answers.
                assert_tab_shows_the_focus(page, where, presses=8)
            page.close()
