"""Each rule of the moderation policy (comments/moderation.py and the screeners of
comments/screening.py), through the site."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import suspensions
from comments.models import Comment, Flag
from comments.services import comment_flag, comment_moderate

pytestmark = pytest.mark.django_db


def post(client, article, body, **extra):
    return client.post(f"/comments/post/{article.slug}/", {"body": body, **extra})


def test_first_comment_is_held_until_one_is_approved(client, article, reader, staff):
    client.force_login(reader)
    post(client, article, "First words")
    first = Comment.objects.get()
    assert first.status == Comment.Status.PENDING
    comment_moderate(comment=first, moderator=staff, action="approve")
    Comment.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    post(client, article, "Second words")
    assert Comment.objects.get(body="Second words").status == Comment.Status.APPROVED


def test_more_than_two_links_is_held(client, article, trusted_reader):
    client.force_login(trusted_reader)
    post(client, article, "See https://a.example https://b.example and https://c.example")
    assert Comment.objects.latest("id").status == Comment.Status.PENDING


@pytest.mark.parametrize(
    "body",
    [
        "[x](//a.example/1) [y](//b.example/2) [z](<//c.example/3>)",
        "www.a.example and [b][ref] and <HTTP://c.example>\n\n[ref]: //b.example",
    ],
)
def test_links_are_counted_however_they_are_spelled(client, article, trusted_reader, body):
    """Counted in the HTML the comment becomes: what readers would see as links."""
    client.force_login(trusted_reader)
    post(client, article, body)
    assert Comment.objects.latest("id").status == Comment.Status.PENDING


def test_two_links_are_fine(client, article, trusted_reader):
    client.force_login(trusted_reader)
    post(client, article, "See https://a.example and https://b.example")
    assert Comment.objects.latest("id").status == Comment.Status.APPROVED


def test_moderation_word_holds_and_block_word_is_spam(client, article, trusted_reader, settings):
    settings.COMMENTS_MODERATION_WORDS = ["miracle cure"]
    settings.COMMENTS_BLOCKED_WORDS = ["cheap pills"]
    client.force_login(trusted_reader)
    post(client, article, "Is there a Miracle Cure for this?")
    assert Comment.objects.latest("id").status == Comment.Status.PENDING
    Comment.objects.filter(author=trusted_reader).update(
        created_at=timezone.now() - timedelta(minutes=1)
    )
    post(client, article, "buy CHEAP PILLS here")
    spam = Comment.objects.latest("id")
    assert spam.status == Comment.Status.SPAM
    assert "buy CHEAP PILLS" not in client.get(article.get_absolute_url()).content.decode()


def test_flood_is_refused_with_when_to_try_again_and_the_text_kept(client, article, trusted_reader):
    Comment.objects.filter(author=trusted_reader).update(created_at=timezone.now())
    client.force_login(trusted_reader)
    response = post(client, article, "Quick second thought")
    html = response.content.decode()
    assert response.status_code == 400
    assert "You are posting too quickly. You can post again in" in html
    assert "Quick second thought</textarea>" in html
    assert not Comment.objects.filter(body="Quick second thought").exists()


def test_duplicate_is_refused(client, article, trusted_reader):
    client.force_login(trusted_reader)
    response = post(client, article, "my first, APPROVED long ago.")
    assert "You have already said that on this article." in response.content.decode()
    assert Comment.objects.filter(author=trusted_reader).count() == 1


def test_banned_commenter_is_refused_with_a_clear_message(client, article, trusted_reader, staff):
    suspensions.suspend(user=trusted_reader, by=staff, duration=None)
    client.force_login(trusted_reader)
    response = post(client, article, "Let me back in")
    assert "Your account is suspended from taking part on this site" in response.content.decode()
    assert "Let me back in</textarea>" in response.content.decode()
    assert not Comment.objects.filter(body="Let me back in").exists()


@pytest.fixture
def flaggers(django_user_model):
    return [
        django_user_model.objects.create_user(username=f"flagger{n}", password="x" * 12)
        for n in range(3)
    ]


def test_three_flags_hide_a_comment_until_a_moderator_decides(
    client, article, make_comment, flaggers, staff
):
    comment = make_comment(article, body="Questionable advice")
    for number, flagger in enumerate(flaggers):
        client.force_login(flagger)
        response = client.post(f"/comments/{comment.pk}/flag/", {"reason": "harmful"})
        assert response.status_code == 302
        visible = "Questionable advice" in client.get(article.get_absolute_url()).content.decode()
        assert visible == (number < 2)
    comment_moderate(comment=comment, moderator=staff, action="approve")
    assert "Questionable advice" in client.get(article.get_absolute_url()).content.decode()


def test_flags_do_not_hide_what_staff_or_the_author_wrote(
    client, article, make_comment, flaggers, staff
):
    """A few accounts acting together must not silence the site's own people: the
    reports are kept for the moderators, the comment stays."""
    from comments.models import Flag

    by_staff = make_comment(article, body="Official answer", author=staff)
    by_author = make_comment(article, body="The author answers", author=article.author)
    for comment in (by_staff, by_author):
        for flagger in flaggers:
            client.force_login(flagger)
            client.post(f"/comments/{comment.pk}/flag/", {"reason": "harmful"})
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Official answer" in html and "The author answers" in html
    assert Flag.objects.filter(comment__in=[by_staff, by_author]).count() == 6


def test_a_reader_flags_once(client, article, make_comment, other_reader):
    comment = make_comment(article, body="Hmm")
    client.force_login(other_reader)
    client.post(f"/comments/{comment.pk}/flag/", {"reason": "spam"})
    response = client.post(f"/comments/{comment.pk}/flag/", {"reason": "spam"}, follow=True)
    assert "You have already reported this comment." in response.content.decode()
    assert Flag.objects.count() == 1


def test_flag_needs_a_reason_and_an_existing_comment(client, article, make_comment, other_reader):
    comment = make_comment(article, body="Hmm")
    client.force_login(other_reader)
    response = client.post(f"/comments/{comment.pk}/flag/", {"reason": ""})
    assert response.status_code == 400 and "Choose a reason." in response.content.decode()
    assert client.post("/comments/999999/flag/", {"reason": "spam"}).status_code == 404
    comment.is_deleted = True
    comment.save()
    assert client.post(f"/comments/{comment.pk}/flag/", {"reason": "spam"}).status_code == 404
    assert Flag.objects.count() == 0


def test_own_comment_cannot_be_flagged(article, make_comment, reader):
    comment = make_comment(article, author=reader)
    from comments.moderation import CommentRefused

    with pytest.raises(CommentRefused):
        comment_flag(comment=comment, user=reader, reason="spam")


def test_a_kept_comment_is_hidden_again_only_by_as_many_new_reports(
    article, make_comment, flaggers, staff, django_user_model
):
    """Reports a moderator closed ("reviewed: kept") do not count towards hiding it again."""
    comment = make_comment(article, body="Kept after review")
    for flagger in flaggers:
        comment_flag(comment=Comment.objects.get(pk=comment.pk), user=flagger, reason="other")
    comment_moderate(comment=comment, moderator=staff, action="approve")
    assert set(Flag.objects.values_list("state", flat=True)) == {Flag.State.KEPT}
    newcomer = django_user_model.objects.create_user(username="newcomer", password="x" * 12)
    comment_flag(comment=Comment.objects.get(pk=comment.pk), user=newcomer, reason="other")
    assert not Comment.objects.get(pk=comment.pk).is_hidden
