"""A moderator's one-click decisions in the browser: from the comment's admin page, from the
queue's rows and from a signed email link; the queue's layout at 1280 and 390 px."""

import re
from urllib.parse import urlsplit

from playwright.sync_api import expect

from accounts.models import Suspension
from comments import actions
from comments.models import Comment, Flag, ModerationEvent

from .conftest import PASSWORD, assert_accessible

QUEUE = "/admin/comments/comment/"


def held(article, author, body, **fields):
    return Comment.objects.create(
        article=article,
        author=author,
        body=body,
        body_html=f"<p>{body}</p>",
        status=Comment.Status.PENDING,
        **fields,
    )


def messages(page):
    return page.locator(".messagelist")


def test_approve_remove_and_suspend_from_the_comments_page(
    new_context, demo_article, moderator, make_reader
):
    poster = make_reader("quinn", "Quinn R")
    waiting = held(
        demo_article,
        poster,
        "Honestly just take more ibuprofen, doctors don't know anything.",
        held_reason="possible unsafe health advice",
    )
    page = new_context(user=moderator).new_page()

    page.goto(f"{QUEUE}{waiting.pk}/change/")
    expect(page.locator(".oc-decide")).to_contain_text("Why held: possible unsafe health advice")
    assert_accessible(page, "admin comment page (held)")
    page.get_by_role("button", name="Approve", exact=True).click()
    expect(messages(page)).to_contain_text("Approved the comment by Quinn R")
    expect(page).to_have_url(re.compile(rf"{QUEUE}{waiting.pk}/change/$"))
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED

    # Remove: one click, then the confirmation step.
    page.get_by_role("button", name="Remove…").click()
    expect(page.locator(".oc-question")).to_contain_text("Remove this comment from the site?")
    assert_accessible(page, "admin confirm remove")
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED
    page.get_by_role("button", name="Yes: remove").click()
    expect(messages(page)).to_contain_text("Removed the comment by Quinn R")
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.REMOVED

    # Suspend the poster: length and reason on the page, then confirm.
    page.get_by_label("Length").select_option(label="30 days")
    page.get_by_label("Reason (the reader is shown it)").fill(
        "Advice to change medication without a clinician."
    )
    page.get_by_role("button", name="Suspend the poster…").click()
    expect(page.get_by_label("Reason (the reader is shown it)")).to_have_value(
        "Advice to change medication without a clinician."
    )
    page.get_by_role("button", name="Yes: suspend the poster").click()
    expect(messages(page)).to_contain_text("Suspended Quinn R: suspended until")
    suspension = Suspension.objects.get(user=poster)
    assert suspension.reason == "Advice to change medication without a clinician."
    assert suspension.ends_at is not None

    # The reader sees why, and no comment form.
    reader_page = new_context(user=poster).new_page()
    reader_page.goto(demo_article.get_absolute_url())
    expect(reader_page.locator("#respond")).to_contain_text(
        'The moderators gave this reason: "Advice to change medication without a clinician".'
    )
    expect(reader_page.locator("#respond textarea[name=body]")).to_have_count(0)


def test_approve_remove_and_suspend_from_the_queue_rows(
    new_context, demo_article, moderator, make_reader
):
    poster = make_reader("quinn", "Quinn R")
    first = held(demo_article, poster, "Is it normal for the pain to move to the other leg?")
    second = held(demo_article, poster, "Buy cheap pills at my shop, no prescription needed.")
    page = new_context(user=moderator).new_page()
    page.goto(f"{QUEUE}?status__exact=pending")

    row = page.locator("#result_list tbody tr", has_text="pain to move to the other leg")
    row.get_by_role("button", name=re.compile(r"^Approve")).click()
    expect(messages(page)).to_contain_text("Approved the comment by Quinn R")
    expect(page).to_have_url(re.compile(r"\?status__exact=pending$"))
    expect(page.locator("#result_list")).not_to_contain_text("pain to move to the other leg")
    first.refresh_from_db()
    assert first.status == Comment.Status.APPROVED

    row = page.locator("#result_list tbody tr", has_text="Buy cheap pills")
    row.get_by_role("button", name=re.compile(r"^Remove")).click()
    page.get_by_role("button", name="Yes: remove").click()
    expect(messages(page)).to_contain_text("Removed the comment by Quinn R")
    expect(page).to_have_url(re.compile(r"\?status__exact=pending$"))
    second.refresh_from_db()
    assert second.status == Comment.Status.REMOVED

    third = held(demo_article, poster, "Stop the tablets, they only hide the problem.")
    page.reload()
    row = page.locator("#result_list tbody tr", has_text="Stop the tablets")
    row.get_by_role("button", name=re.compile(r"^Suspend")).click()
    page.get_by_label("Length").select_option(label="24 hours")
    page.get_by_label("Reason (the reader is shown it)").fill("Unsafe advice about medication.")
    page.get_by_role("button", name="Yes: suspend the poster").click()
    expect(messages(page)).to_contain_text("Suspended Quinn R")
    expect(page).to_have_url(re.compile(r"\?status__exact=pending$"))
    assert Suspension.objects.get(user=poster).reason == "Unsafe advice about medication."
    assert ModerationEvent.objects.get(action=ModerationEvent.Action.SUSPEND).comment == third


def test_a_double_click_on_a_row_acts_once(new_context, demo_article, moderator, make_reader):
    waiting = held(demo_article, make_reader("quinn", "Quinn R"), "A question about walking.")
    page = new_context(user=moderator, javascript=False).new_page()
    page.goto(f"{QUEUE}?status__exact=pending")
    other_tab = page.context.new_page()
    other_tab.goto(f"{QUEUE}?status__exact=pending")  # the same queue, seen before the click
    page.locator("#result_list tbody tr", has_text="about walking").get_by_role(
        "button", name=re.compile(r"^Approve")
    ).click()
    other_tab.locator("#result_list tbody tr", has_text="about walking").get_by_role(
        "button", name=re.compile(r"^Approve")
    ).click()
    expect(messages(other_tab)).to_contain_text("Nothing was changed")
    assert ModerationEvent.objects.filter(comment=waiting).count() == 1


def test_the_queue_reads_well_at_1280_and_390_px(
    new_context, demo_article, moderator, make_reader, screenshots
):
    poster = make_reader("quinn", "Quinn R")
    held(
        demo_article,
        poster,
        "Since yesterday I cannot feel my saddle area and passing urine is difficult.",
        held_reason="red-flag symptoms: numbness in the saddle area",
        hold_priority=10,
    )
    held(
        demo_article,
        poster,
        "Honestly just take more ibuprofen, doctors don't know anything.",
        held_reason="possible unsafe health advice",
    )
    reported = Comment.objects.filter(article=demo_article, status="approved").first()
    Comment.objects.filter(pk=reported.pk).update(is_hidden=True)
    Flag.objects.create(comment=reported, user=poster, reason=Flag.Reason.HARMFUL)

    wide = new_context(user=moderator, width=1280).new_page()
    wide.goto(QUEUE)
    wide.screenshot(path=screenshots / "moderation-queue-1280.png", full_page=True)
    header = wide.locator("#result_list thead")
    for column in ("Comment", "Posted", "State", "Decide"):
        box = header.get_by_text(column, exact=True).bounding_box()
        assert box["x"] + box["width"] <= 1280, f"{column} is off-screen at 1280 px"
    # The whole table is in view: nothing scrolled off to the right of the list's box (with
    # the admin's menu and the filters open, the list gets about 630 px).
    results = wide.locator(".results")
    assert results.evaluate("box => box.scrollWidth <= box.clientWidth"), (
        "the queue's table is wider than its box at 1280 px: the decisions are cut off"
    )
    excerpt = wide.locator("#result_list tbody tr").first.locator(".field-excerpt")
    assert excerpt.bounding_box()["width"] >= 180  # not one word per line
    first_row = wide.locator("#result_list tbody tr").first
    expect(first_row).to_contain_text("Why held: red-flag symptoms")
    expect(wide.locator("#result_list tbody tr", has_text="1 open report")).to_have_count(1)
    assert_accessible(wide, "admin comment queue 1280")

    narrow = new_context(user=moderator, width=390, height=844).new_page()
    narrow.goto(QUEUE)
    narrow.screenshot(path=screenshots / "moderation-queue-390.png", full_page=True)
    narrow.screenshot(path=screenshots / "moderation-queue-390-top.png")
    row = narrow.locator("#result_list tbody tr").first
    for part in (".field-excerpt", ".field-posted", ".field-state"):
        box = row.locator(part).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390, f"{part} is off-screen"
    for button in row.locator(".field-decide button").all():
        box = button.bounding_box()
        assert box["x"] + box["width"] <= 390 and box["height"] >= 24
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(narrow, "admin comment queue 390")

    row.get_by_role("button", name=re.compile(r"^Suspend")).click()
    expect(narrow.get_by_label("Reason (the reader is shown it)")).to_be_visible()
    narrow.screenshot(path=screenshots / "moderation-confirm-suspend-390.png", full_page=True)
    assert narrow.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(narrow, "admin confirm suspend 390")


def test_an_email_link_asks_to_log_in_then_to_confirm(
    new_context, demo_article, moderator, make_reader
):
    waiting = held(demo_article, make_reader("quinn", "Quinn R"), "Is swimming all right?")
    path = urlsplit(actions.action_links(waiting, moderator)["approve"]).path
    page = new_context().new_page()  # axe needs JavaScript; the pages work without it
    page.goto(path)
    page.get_by_label("Username").fill("mod")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(path)}$"))
    expect(page.locator(".oc-summary")).to_contain_text("Is swimming all right?")
    assert_accessible(page, "moderation email link")
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.PENDING
    page.get_by_role("button", name="Yes: approve").click()
    expect(messages(page)).to_contain_text("Approved the comment by Quinn R")
    waiting.refresh_from_db()
    assert waiting.status == Comment.Status.APPROVED

    response = page.goto(path[:-3] + "xx/")
    assert response.status == 400
    expect(page.locator(".errornote")).to_contain_text("This link is not valid")
