"""Importing again: nothing changes for an unchanged export; a newer export updates what
changed, keyed by WordPress IDs; edits and deletions made on this site survive."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from articles.models import Article
from comments.models import Comment
from ratings.models import RatingSummary
from wpimport.models import ImportedItem

from .wxrkit import author, category, comment, export, post, tag

pytestmark = pytest.mark.django_db


def snapshot():
    """Every row of every model (with its updated_at where it has one)."""
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in {"sessions", "admin", "contenttypes", "auth"}:
            continue
        state[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return state


def test_second_run_changes_nothing(blog_xml, run_import, uploads):
    run_import(blog_xml, "--media-dir", str(uploads))
    before = snapshot()
    assert before["articles.Article"] and before["comments.Comment"]
    output = run_import(blog_xml, "--media-dir", str(uploads))
    assert snapshot() == before
    for kind in ("authors", "categories", "tags", "posts", "comments", "ratings", "media"):
        line = next(line for line in output.splitlines() if line.startswith(kind))
        created, updated = line.split()[1:3]
        assert (created, updated) == ("0", "0"), line


def version_one():
    return export(
        [
            post(
                10,
                "Morning stretches",
                "First text.",
                slug="morning-stretches",
                categories=[("exercises", "Exercises")],
                meta={"ratings_users": "4", "ratings_score": "30"},
                comments=[
                    comment(101, "First!", name="Priya"),
                    comment(102, "A reply.", parent=101, name="Helper"),
                ],
            ),
            post(11, "Desk sitting", "Screen at eye level.", slug="desk-sitting"),
        ],
        terms=[category("exercises", "Exercises", 2), tag("stretching", "stretching", 7)],
    )


def version_two():
    """The same blog a month later: a retitled post with new text and a new tag, an
    edited comment, a new reply, more votes, and a new post."""
    return export(
        [
            post(
                10,
                "Morning stretches, revised",
                "First text, now longer.",
                slug="morning-stretches",
                categories=[("exercises", "Exercises")],
                tags=[("stretching", "stretching")],
                meta={"ratings_users": "6", "ratings_score": "50"},
                comments=[
                    comment(101, "First! (edited)", name="Priya"),
                    comment(102, "A reply.", parent=101, name="Helper"),
                    comment(103, "A reply to the reply.", parent=102, name="Priya"),
                ],
            ),
            post(11, "Desk sitting", "Screen at eye level.", slug="desk-sitting"),
            post(12, "Walking", "Ten minutes a day.", slug="walking"),
        ],
        terms=[category("exercises", "Exercises", 2), tag("stretching", "stretching", 7)],
    )


def test_newer_export_updates_what_changed(write_export, run_import):
    run_import(write_export(version_one(), "one.xml"))
    stretches = Article.objects.get(slug="morning-stretches")
    desk = Article.objects.get(slug="desk-sitting")
    first, reply = (
        Comment.objects.get(imported_id="wp:101"),
        Comment.objects.get(imported_id="wp:102"),
    )

    output = run_import(write_export(version_two(), "two.xml"))

    updated = Article.objects.get(pk=stretches.pk)
    assert updated.title == "Morning stretches, revised"
    assert updated.body_html == "<p>First text, now longer.</p>"
    assert list(updated.tags.values_list("slug", flat=True)) == ["stretching"]
    assert updated.updated_at > stretches.updated_at
    assert Article.objects.get(pk=desk.pk).updated_at == desk.updated_at
    assert Article.objects.filter(slug="walking").exists()

    assert Comment.objects.get(pk=first.pk).body == "First! (edited)"
    assert Comment.objects.get(pk=reply.pk).body_html == reply.body_html
    new_reply = Comment.objects.get(imported_id="wp:103")
    assert new_reply.parent_id == reply.pk
    assert Comment.objects.count() == 3

    summary = RatingSummary.objects.get(article=updated)
    assert (summary.imported_count, summary.imported_sum) == (6, 50)

    rows = {line.split()[0]: line.split()[1:] for line in output.splitlines()[2:10] if line}
    assert rows["posts"] == ["1", "1", "1", "0"]
    assert rows["comments"] == ["1", "1", "1", "0"]
    assert rows["ratings"] == ["0", "1", "0", "0"]


def test_moderation_done_here_survives_a_rerun(write_export, run_import):
    path = write_export(export([post(10, "Post", comments=[comment(5, "Hi", approved="0")])]))
    run_import(path)
    Comment.objects.filter(imported_id="wp:5").update(status=Comment.Status.APPROVED)
    run_import(path)
    assert Comment.objects.get(imported_id="wp:5").status == Comment.Status.APPROVED


def test_items_deleted_here_are_not_brought_back(write_export, run_import):
    path = write_export(
        export(
            [
                post(10, "Kept", slug="kept", comments=[comment(5, "Spam we deleted")]),
                post(11, "Deleted", slug="deleted"),
            ]
        )
    )
    run_import(path)
    Article.objects.filter(slug="deleted").delete()
    Comment.objects.filter(imported_id="wp:5").delete()
    output = run_import(path)
    assert not Article.objects.filter(slug="deleted").exists()
    assert not Comment.objects.exists()
    assert "posts: 1 deleted on this site after an earlier import (left deleted)" in output
    assert "comments: 1 deleted on this site after an earlier import" in output


def test_author_accounts_are_made_once(write_export, run_import):
    path = write_export(
        export([post(10, "Post", creator="newbie")], authors=[author("newbie", "new@example.org")])
    )
    run_import(path)
    run_import(path)
    assert get_user_model().objects.filter(email="new@example.org").count() == 1
    assert ImportedItem.objects.filter(kind="author").count() == 1


@pytest.mark.django_db(transaction=True)  # the import retires cached pages on commit
def test_an_export_that_only_changes_a_comment_refreshes_the_cached_page(
    client, write_export, run_import
):
    """Comments are written in bulk, past the services that retire cached pages: the
    importer must retire them itself."""
    run_import(write_export(version_one(), "one.xml"))
    url = Article.objects.get(slug="morning-stretches").get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "hit"
    edited = version_one().replace("First!", "First, and edited in WordPress!")
    run_import(write_export(edited, "edited.xml"))
    assert Comment.objects.get(imported_id="wp:101").body == "First, and edited in WordPress!"
    assert "First, and edited in WordPress!" in client.get(url).content.decode()
