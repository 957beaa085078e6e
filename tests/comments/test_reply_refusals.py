"""A reply that cannot be posted says why, as things are (issue #17's rough edge: a reply to
a comment still held for moderation was told it "may just have been deleted"), and keeps
the text the reader typed."""

import pytest

from comments.models import Comment

pytestmark = pytest.mark.django_db


def reply(client, article, parent, body="My reply to that."):
    return client.post(
        f"/comments/post/{article.slug}/", {"body": body, "parent": parent.pk}
    ).content.decode()


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({"status": Comment.Status.PENDING}, "is waiting for a moderator&#x27;s approval"),
        ({"is_hidden": True}, "is hidden while a moderator looks at readers&#x27; reports"),
        ({"status": Comment.Status.REMOVED}, "was removed by a moderator"),
        ({"is_deleted": True, "body": ""}, "was deleted by its author"),
    ],
)
def test_the_reason_is_the_one_that_holds(
    client, article, trusted_reader, other_reader, make_comment, state, message
):
    parent = make_comment(article, author=other_reader, body="The comment answered.")
    Comment.objects.filter(pk=parent.pk).update(**state)
    client.force_login(trusted_reader)
    page = reply(client, article, parent)
    assert message in page
    assert "My reply to that.</textarea>" in page
    assert "may just have been deleted" not in page
    assert not Comment.objects.filter(body="My reply to that.").exists()
