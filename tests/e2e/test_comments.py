"""Flows 2, 4 and 5: commenting, replying and editing; a draft that survives the login;
a moderator approving a held comment."""

import re

import pytest
from playwright.sync_api import expect

from comments.models import Comment

from .conftest import PASSWORD, assert_accessible, give_approved_comment, log_in_context

pytestmark = pytest.mark.e2e


def comment_item(page, comment):
    return page.locator(f"li#comment-{comment.pk}")


def test_post_reply_and_edit_a_comment(new_context, demo_article, make_reader, settings):
    # Two comments within seconds of each other: the flood rule is not what this tests.
    settings.COMMENTS_FLOOD_SECONDS = 0
    reader = make_reader("ada", "Ada L", trusted=True, article=demo_article)
    page = new_context(user=reader).new_page()
    page.goto(demo_article.get_absolute_url())

    # A new comment, at the end of the thread.
    form = page.locator("#respond form")
    form.get_by_label("Comment", exact=True).fill("The pelvic tilt helped my mornings a lot.")
    form.get_by_role("button", name="Post comment").click()
    posted = Comment.objects.filter(author=reader).latest("created_at")
    expect(page).to_have_url(re.compile(rf"#comment-{posted.pk}$"))
    expect(page.locator(".messages")).to_contain_text("Your comment is posted.")
    mine = comment_item(page, posted)
    expect(mine).to_contain_text("The pelvic tilt helped my mornings a lot.")
    expect(mine).to_be_in_viewport()

    # A reply to another reader's comment: the form moves under it (JavaScript) ...
    parent = Comment.objects.get(article=demo_article, author__username="tomasz", parent=None)
    parent_item = comment_item(page, parent)
    parent_item.locator(".comment__body").first.get_by_role("link", name="Reply to Tomasz").click()
    respond = parent_item.locator("#respond")
    expect(respond.get_by_role("heading")).to_have_text("Reply to Tomasz")
    expect(respond.get_by_label("Comment", exact=True)).to_be_focused()
    respond.get_by_label("Comment", exact=True).fill(
        "Same here: two weeks before I noticed anything."
    )
    respond.get_by_role("button", name="Post comment").click()

    # ... and the reply lands under it, indented, at its own anchor.
    reply = Comment.objects.filter(author=reader).latest("created_at")
    assert reply.parent_id == parent.pk
    expect(page).to_have_url(re.compile(rf"#comment-{reply.pk}$"))
    reply_item = page.locator(
        f"li#comment-{parent.pk} > ol.comment-list--replies > li#comment-{reply.pk}"
    )
    expect(reply_item).to_contain_text("Same here: two weeks before I noticed anything.")
    expect(reply_item).to_be_in_viewport()
    parent_box = parent_item.locator(".comment__body").first.bounding_box()
    reply_box = reply_item.locator(".comment__body").bounding_box()
    assert reply_box["x"] >= parent_box["x"] + 16, (parent_box, reply_box)
    # The target comment is highlighted (:target).
    assert page.evaluate(f"document.querySelector('#comment-{reply.pk}').matches(':target')")

    # Edit the first comment within the window.
    mine.get_by_role("link", name="Edit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit your comment")
    assert_accessible(page, "comment edit")
    box = page.get_by_label("Comment", exact=True)
    expect(box).to_have_value("The pelvic tilt helped my mornings a lot.")
    box.fill("The pelvic tilt and the walks helped my mornings a lot.")
    page.get_by_role("button", name="Save changes").click()
    expect(page).to_have_url(re.compile(rf"#comment-{posted.pk}$"))
    expect(page.locator(".messages")).to_contain_text("Your comment is updated.")
    expect(mine).to_contain_text("The pelvic tilt and the walks helped my mornings a lot.")
    expect(mine.locator(".comment__edited")).to_have_text("(edited)")


def test_a_new_readers_first_comment_is_shown_to_them_as_awaiting_moderation(
    new_context, demo_article, make_reader
):
    reader = make_reader("newbie", "New Reader")
    page = new_context(user=reader).new_page()
    page.goto(demo_article.get_absolute_url())
    page.get_by_label("Comment", exact=True).fill("First time here. Is cycling all right?")
    page.get_by_role("button", name="Post comment").click()
    held = Comment.objects.get(author=reader)
    assert held.status == Comment.Status.PENDING
    expect(page.locator(".messages")).to_contain_text("awaiting moderation")
    item = comment_item(page, held)
    expect(item).to_contain_text("Your comment is awaiting moderation.")
    expect(item).to_contain_text("First time here. Is cycling all right?")
    # Held, but posted: the browser's draft is forgotten, not put back in the box (it was,
    # on every visit, when only a published comment cleared it).
    box = page.locator("#respond").get_by_label("Comment", exact=True)
    expect(box).to_have_value("")
    page.reload()
    expect(box).to_have_value("")

    # Nobody else sees it.
    other = new_context().new_page()
    other.goto(demo_article.get_absolute_url())
    expect(other.locator("#comments")).not_to_contain_text("Is cycling all right?")


def test_draft_typed_before_logging_in_is_back_at_the_form(new_context, demo_article, reader):
    give_approved_comment(reader, demo_article)
    page = new_context().new_page()
    page.goto(demo_article.get_absolute_url())
    respond = page.locator("#respond")
    expect(respond).to_contain_text("You must be logged in to post a comment.")
    draft = "Does the knee-to-chest stretch help at night too?"
    respond.get_by_label("Comment", exact=True).press_sequentially(draft)

    respond.get_by_role("link", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label("Username or email").fill(reader.username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^\s*(log|sign) in\s*$", re.I)).click()

    expect(
        page,
        "After logging in the reader should be back at the comment form (#respond): the "
        "login link's next= must carry '#respond' encoded as %23, or the browser drops it.",
    ).to_have_url(re.compile(rf"{demo_article.get_absolute_url()}#respond$"))
    box = page.locator("#respond").get_by_label("Comment", exact=True)
    expect(box).to_have_value(draft)
    expect(box).to_be_in_viewport()
    page.locator("#respond").get_by_role("button", name="Post comment").click()
    posted = Comment.objects.get(author=reader, body=draft)
    expect(comment_item(page, posted)).to_contain_text(draft)


def test_a_draft_kept_in_the_browser_is_forgotten_on_logout(new_context, demo_article, make_reader):
    """A shared computer: what one reader typed and left is not in the box for the next
    one who logs in there."""
    first = make_reader("ines", "Ines", trusted=True, article=demo_article)
    context = new_context(user=first)
    page = context.new_page()
    page.goto(demo_article.get_absolute_url())
    box = page.locator("#respond").get_by_label("Comment", exact=True)
    box.press_sequentially("Something private about my back")
    page.reload()
    expect(box).to_have_value("Something private about my back")  # kept for her
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()

    second = make_reader("olaf", "Olaf", trusted=True, article=demo_article)
    log_in_context(context, second, page.url.split("/articles/")[0])
    page.goto(demo_article.get_absolute_url())
    expect(page.locator("#respond").get_by_label("Comment", exact=True)).to_have_value("")


def test_draft_survives_the_login_without_javascript(new_context, demo_article, reader):
    """Without the script the draft is kept on the server: "Log in and post" keeps it."""
    page = new_context(javascript=False).new_page()
    page.goto(demo_article.get_absolute_url())
    draft = "Can I do these at work, on a chair?"
    page.locator("#respond").get_by_label("Comment", exact=True).fill(draft)
    page.get_by_role("button", name="Log in and post").click()
    expect(page.locator(".messages")).to_contain_text("We have kept what you wrote.")
    page.get_by_label("Username or email").fill(reader.username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name=re.compile(r"^\s*(log|sign) in\s*$", re.I)).click()

    expect(page).to_have_url(re.compile(rf"{demo_article.get_absolute_url()}#respond$"))
    expect(page.locator("#respond")).to_contain_text("Your draft is back.")
    expect(page.locator("#respond").get_by_label("Comment", exact=True)).to_have_value(draft)


def test_moderator_approves_a_held_comment_in_the_admin(
    new_context, demo_article, make_reader, django_user_model
):
    held = Comment.objects.create(
        article=demo_article,
        author=make_reader("quiet", "Quiet Reader"),
        body="Held until a moderator looks at it.",
        body_html="<p>Held until a moderator looks at it.</p>",
        status=Comment.Status.PENDING,
    )
    moderator = django_user_model.objects.create_user(
        username="mod", email="mod@example.org", password=PASSWORD, is_staff=True
    )
    from django.contrib.auth.models import Group

    moderator.groups.add(Group.objects.get(name="Moderators"))

    reader_page = new_context().new_page()
    reader_page.goto(demo_article.get_absolute_url())
    expect(reader_page.locator("#comments")).not_to_contain_text("Held until a moderator")

    page = new_context().new_page()
    page.goto("/admin/")
    page.get_by_label("Username").fill("mod")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.locator("#moderation-summary").get_by_role("link", name=re.compile("awaiting")).click()
    row = page.locator("#result_list tbody tr", has_text="Held until a moderator")
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("action_approve")
    page.get_by_role("button", name="Run").click()
    expect(page.locator(".messagelist")).to_contain_text("1 comment")

    held.refresh_from_db()
    assert held.status == Comment.Status.APPROVED
    reader_page.reload()
    expect(comment_item(reader_page, held)).to_contain_text("Held until a moderator looks at it.")
    expect(comment_item(reader_page, held)).not_to_contain_text("awaiting moderation")
