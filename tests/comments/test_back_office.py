"""Roles, the moderation queue and its actions, through the Django admin."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group

from accounts.models import Suspension
from articles.models import Article
from comments.models import Comment, ModerationEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(role_user):
    return role_user("mo", "Moderators")


def test_roles_exist_with_their_permissions():
    groups = {group.name: group for group in Group.objects.all()}
    assert {"Authors", "Editors", "Moderators"} <= set(groups)
    codes = {
        name: set(group.permissions.values_list("codename", flat=True))
        for name, group in groups.items()
    }
    assert "edit_others_articles" in codes["Editors"]
    assert "edit_others_articles" not in codes["Authors"]
    assert "moderate_comment" in codes["Moderators"]
    assert "change_article" not in codes["Moderators"]


def test_user_without_role_sees_no_admin(client, django_user_model):
    user = django_user_model.objects.create_user(username="plain", password="x" * 12)
    client.force_login(user)
    assert client.get("/admin/").status_code == HTTPStatus.FOUND


def test_queue_lists_pending_first_and_index_shows_counts(
    client, moderator, article, make_comment, other_reader
):
    make_comment(article, body="Approved older")
    make_comment(article, body="Waiting one", status=Comment.Status.PENDING, author=other_reader)
    client.force_login(moderator)
    listing = client.get("/admin/comments/comment/").content.decode()
    assert listing.index("Waiting one") < listing.index("Approved older")
    index = client.get("/admin/").content.decode()
    assert "1</strong> comment awaiting moderation" in index
    assert "0</strong> flagged comments" in index


@pytest.mark.parametrize(
    ("action", "start", "end"),
    [
        ("action_approve", Comment.Status.PENDING, Comment.Status.APPROVED),
        ("action_unapprove", Comment.Status.APPROVED, Comment.Status.PENDING),
        ("action_spam", Comment.Status.APPROVED, Comment.Status.SPAM),
        ("action_remove", Comment.Status.APPROVED, Comment.Status.REMOVED),
        ("action_restore", Comment.Status.REMOVED, Comment.Status.APPROVED),
    ],
)
def test_each_action_changes_the_status_and_is_logged(
    client, moderator, article, make_comment, action, start, end
):
    comment = make_comment(article, status=start)
    client.force_login(moderator)
    response = client.post(
        "/admin/comments/comment/", {"action": action, "_selected_action": [comment.pk]}
    )
    assert response.status_code == HTTPStatus.FOUND
    comment.refresh_from_db()
    assert comment.status == end
    event = ModerationEvent.objects.get()
    assert (event.moderator, event.comment, event.from_status, event.to_status) == (
        moderator,
        comment,
        start,
        end,
    )
    log = client.get("/admin/comments/moderationevent/").content.decode()
    assert "mo" in log


def test_approved_comment_appears_on_the_article(
    client, moderator, article, make_comment, other_reader
):
    comment = make_comment(
        article, body="Held then freed", status=Comment.Status.PENDING, author=other_reader
    )
    client.force_login(moderator)
    client.post(
        "/admin/comments/comment/", {"action": "action_approve", "_selected_action": [comment.pk]}
    )
    client.logout()
    assert "Held then freed" in client.get(article.get_absolute_url()).content.decode()


def test_action_on_a_comment_that_no_longer_exists_changes_nothing(client, moderator):
    client.force_login(moderator)
    response = client.post(
        "/admin/comments/comment/",
        {"action": "action_approve", "_selected_action": [999999]},
        follow=True,
    )
    assert response.status_code == HTTPStatus.OK
    assert (
        "No action selected" in response.content.decode()
        or "0 comment" in response.content.decode()
    )
    assert not ModerationEvent.objects.exists()


def test_ban_remove_all_and_unban(client, moderator, article, make_comment, other_reader):
    first = make_comment(article, author=other_reader, body="One")
    make_comment(article, author=other_reader, body="Two")
    client.force_login(moderator)
    client.post(
        "/admin/comments/comment/", {"action": "ban_authors", "_selected_action": [first.pk]}
    )
    assert Suspension.objects.in_force().filter(user=other_reader).exists()
    client.post(
        "/admin/comments/comment/",
        {"action": "remove_all_by_authors", "_selected_action": [first.pk]},
    )
    assert set(other_reader.comments.values_list("status", flat=True)) == {Comment.Status.REMOVED}
    assert ModerationEvent.objects.filter(action="suspend", subject=other_reader).exists()


def test_author_cannot_touch_someone_elses_article(client, role_user, make_article, author):
    writer = role_user("wri", "Authors")
    theirs = make_article(title="Someone else's", author=author, status="draft")
    client.force_login(writer)
    listing = client.get("/admin/articles/article/").content.decode()
    assert "Someone else&#x27;s" not in listing and "Someone else's" not in listing
    response = client.post(
        f"/admin/articles/article/{theirs.pk}/change/",
        {"title": "Hijacked", "slug": theirs.slug, "body": "x", "status": "published"},
    )
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND)
    theirs.refresh_from_db()
    assert (theirs.title, theirs.status) == ("Someone else's", "draft")
    client.post(
        "/admin/articles/article/", {"action": "publish_now", "_selected_action": [theirs.pk]}
    )
    theirs.refresh_from_db()
    assert theirs.status == "draft"


def test_author_writes_and_publishes_their_own(client, role_user, author):
    writer = role_user("wri", "Authors")
    client.force_login(writer)
    data = {
        "title": "My guide",
        "slug": "my-guide",
        "author": author.pk,  # a crafted value: ignored, the article is theirs
        "excerpt": "",
        "body": "<p>Hi</p>",
        "featured_image_alt": "",
        "guide_title": "",
        "status": "published",
        "published_at_0": "",
        "published_at_1": "",
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    response = client.post("/admin/articles/article/add/", data)
    assert response.status_code == HTTPStatus.FOUND
    article = Article.objects.get(slug="my-guide")
    assert article.author == writer and article.is_live


def test_editor_edits_anyones_article(client, role_user, make_article, author):
    editor = role_user("ed", "Editors")
    theirs = make_article(title="Needs a fix", author=author)
    client.force_login(editor)
    assert client.get(f"/admin/articles/article/{theirs.pk}/change/").status_code == HTTPStatus.OK


def test_moderator_cannot_edit_articles(client, moderator, make_article):
    article = make_article()
    client.force_login(moderator)
    response = client.post(f"/admin/articles/article/{article.pk}/change/", {"title": "x"})
    assert response.status_code in (HTTPStatus.FOUND, HTTPStatus.FORBIDDEN)
    article.refresh_from_db()
    assert article.title != "x"
    assert client.get("/admin/articles/article/add/").status_code == HTTPStatus.FORBIDDEN


def test_the_moderators_see_the_comment_as_readers_would(client, moderator, article, make_comment):
    comment = make_comment(article, body="Bold", body_html="<p><strong>Bold</strong> words</p>")
    client.force_login(moderator)
    page = client.get(f"/admin/comments/comment/{comment.pk}/change/").content.decode()
    assert "<div><p><strong>Bold</strong> words</p></div>" in page
    assert "&lt;strong&gt;" not in page
