"""A reader's own data: the JSON download, and deleting the account (immediate, complete)."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models

from accounts import suspensions
from comments.helpful import helpful_cast
from comments.models import Comment, Flag, HelpfulVote, ModerationEvent, NotificationPreference
from comments.services import comment_flag
from feedback.models import Answer, Result
from feedback.services import answer_give
from ratings.models import RatingSummary, StarVote
from ratings.services import thumb_cast, vote_cast

pytestmark = pytest.mark.django_db

PASSWORD = "a long test password"


@pytest.fixture
def article(make_article):
    return make_article(title="Easing sciatica", slug="easing-sciatica")


@pytest.fixture
def zoe(django_user_model):
    user = django_user_model.objects.create_user(
        username="zoe_quill",
        email="zoe.quill@example.org",
        password=PASSWORD,
        display_name="Zoë Quillfeather",
        first_name="Zoë",
        last_name="Quillfeather",
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def other(django_user_model):
    return django_user_model.objects.create_user(
        username="bo", email="bo@example.org", password=PASSWORD, display_name="Bo"
    )


@pytest.fixture
def zoes_life(article, zoe, other, staff, make_step):
    """Zoë commented (one comment answered, one not), voted, answered, reported, set an
    email preference and was once suspended."""
    step = make_step(article, 1)
    answered = Comment.objects.create(
        article=article,
        author=zoe,
        body="Zoë here: the knee hug helps me.",
        body_html="<p>Zoë here: the knee hug helps me.</p>",
    )
    Comment.objects.create(article=article, author=other, parent=answered, body="Same for me.")
    alone = Comment.objects.create(article=article, author=zoe, body="Second thought, Zoë.")
    theirs = Comment.objects.create(article=article, author=other, body="Bo's comment.")
    vote_cast(user=zoe, article=article, score=9)
    vote_cast(user=other, article=article, score=5)
    thumb_cast(user=zoe, article=article, value=1)
    answer_give(user=zoe, article=article, choice="helped")
    answer_give(user=zoe, article=article, choice="worse", step=step)
    comment_flag(comment=theirs, user=zoe, reason="other", note="Zoë thinks this is off topic")
    NotificationPreference.objects.create(user=zoe, kind="reply", delivery="never")
    from comments.services import commenter_suspend

    commenter_suspend(user=zoe, moderator=staff, reason="Testing zoe_quill's appeal")
    suspensions.lift(user=zoe, by=staff)
    return {"answered": answered, "alone": alone, "theirs": theirs, "step": step}


def test_download_has_everything_about_the_reader(client, zoe, zoes_life):
    client.force_login(zoe)
    response = client.get("/accounts/your-data/download/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="sciatica-your-data')
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "zoe.quill@example.org"
    assert data["account"]["email_addresses"][0]["verified"] is True
    assert [c["text"] for c in data["comments"]["comments"]] == [
        "Zoë here: the knee hug helps me.",
        "Second thought, Zoë.",
    ]
    assert data["comments"]["comments"][0]["article"] == "Easing sciatica"
    assert data["comments"]["reports_you_made"][0]["note"] == "Zoë thinks this is off topic"
    assert data["comments"]["email_settings"] == {"Reply to your comment": "Never"}
    assert data["ratings"]["star_votes"] == [
        {
            "article": "Easing sciatica",
            "stars": 9,
            "given_at": data["ratings"]["star_votes"][0]["given_at"],
        }
    ]
    assert data["ratings"]["thumbs"][0]["thumb"] == "Thumbs up"
    answers = {a["step"]: a["answer"] for a in data["feedback"]["did_this_help_answers"]}
    assert answers == {None: "Helped", 1: "Made it worse"}
    assert data["account"]["suspensions"][0]["reason"] == "Testing zoe_quill's appeal"


def test_download_needs_login(client):
    response = client.get("/accounts/your-data/download/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def _rows_naming(needles):
    """Every (table, column, value) in the database whose text holds one of `needles`."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        text_fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(
                f, (models.CharField, models.TextField, models.EmailField, models.JSONField)
            )
        ]
        for name in text_fields:
            for needle in needles:
                lookup = f"{name}__icontains"
                if isinstance(model._meta.get_field(name), models.JSONField):
                    rows = [
                        v
                        for v in model.objects.values_list(name, flat=True)
                        if needle.lower() in json.dumps(v, ensure_ascii=False).lower()
                    ]
                else:
                    rows = list(
                        model.objects.filter(**{lookup: needle}).values_list(name, flat=True)
                    )
                found += [(model._meta.db_table, name, v) for v in rows]
    return found


def _delete(client, user, comments="keep", **extra):
    client.force_login(user)
    return client.post(
        "/accounts/your-data/delete/", {"comments": comments, "password": PASSWORD, **extra}
    )


@pytest.mark.parametrize("choice", ["keep", "remove"])
def test_deletion_leaves_no_row_that_names_them(client, zoe, zoes_life, choice):
    needles = ["zoe_quill", "zoe.quill@example.org", "Quillfeather"]
    assert _rows_naming(needles)  # the scan finds them before
    # A second device's session ends too.
    other_device = client.__class__()
    other_device.force_login(zoe)

    response = _delete(client, zoe, comments=choice)

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _rows_naming(needles) == []
    assert not Session.objects.exists() or all(
        s.get_decoded().get("_auth_user_id") != str(zoe.pk) for s in Session.objects.all()
    )
    assert other_device.get("/accounts/your-data/").status_code == 302  # logged out there
    assert not EmailAddress.objects.filter(email="zoe.quill@example.org").exists()
    assert not Flag.objects.exists()
    assert not NotificationPreference.objects.exists()


def test_keeping_comments_shows_them_as_deleted_user(client, zoe, zoes_life, article):
    _delete(client, zoe, comments="keep")
    kept = Comment.objects.get(pk=zoes_life["answered"].pk)
    assert kept.author_id is None and kept.display_name == "Deleted user"
    assert kept.body == "Zoë here: the knee hug helps me."
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Deleted user" in page and "the knee hug helps me" in page


def test_removing_comments_keeps_the_threads_shape(client, zoe, zoes_life, article):
    _delete(client, zoe, comments="remove")
    answered = Comment.objects.get(pk=zoes_life["answered"].pk)
    assert answered.is_deleted and answered.body == "" and answered.author_id is None
    assert answered.replies.get().body == "Same for me."
    assert not Comment.objects.filter(pk=zoes_life["alone"].pk).exists()
    assert Comment.objects.filter(pk=zoes_life["theirs"].pk).exists()


def test_totals_stay_exact_after_deletion(client, zoe, zoes_life, article):
    _delete(client, zoe)
    summary = RatingSummary.objects.get(article=article)
    assert (summary.star_count, summary.star_sum, summary.thumbs_up) == (1, 5, 0)
    assert StarVote.objects.count() == 1
    assert not Answer.objects.exists()
    assert {(r.helped, r.worse) for r in Result.objects.all()} == {(0, 0)}


def test_wrong_password_deletes_nothing(client, zoe, zoes_life):
    response = _delete(client, zoe, password="not it")
    assert response.status_code == 200
    assert "That is not your password. Nothing was deleted." in response.content.decode()
    zoe.refresh_from_db()
    assert Comment.objects.filter(author=zoe).count() == 2


def test_authors_and_staff_are_sent_to_the_editors(client, author, article, staff):
    for person in (author, staff):
        client.force_login(person)
        page = client.get("/accounts/your-data/").content.decode()
        assert "Write to the site&#x27;s editors" in page
        response = client.post(
            "/accounts/your-data/delete/", {"comments": "keep", "password": PASSWORD}
        )
        assert response.status_code == 200
        assert type(person).objects.filter(pk=person.pk).exists()


def test_the_log_forgets_their_name(client, zoe, zoes_life):
    _delete(client, zoe)
    notes = list(ModerationEvent.objects.values_list("note", flat=True))
    assert notes and not any("zoe_quill" in n for n in notes)


def test_the_log_loses_every_spelling_of_a_short_name_and_nothing_else(
    client, django_user_model, staff, article
):
    """Notes name people in any case; a short username must not eat into other words."""
    jo = django_user_model.objects.create_user(
        username="jo", email="jo@example.org", password=PASSWORD, display_name="Josephine B"
    )
    ModerationEvent.objects.create(
        moderator=staff, action="remove", note="major joint pain claims; Josephine B agreed"
    )
    ModerationEvent.objects.create(moderator=staff, action="remove", note="Reported by JO")
    ModerationEvent.objects.create(moderator=staff, action="remove", note="jo@example.org wrote")
    _delete(client, jo)
    assert sorted(ModerationEvent.objects.values_list("note", flat=True)) == [
        "Deleted user wrote",
        "Reported by Deleted user",
        "major joint pain claims; Deleted user agreed",
    ]


def test_guessing_the_password_on_the_delete_page_is_rate_limited(client, zoe, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reauthenticate": "3/m/user"}
    client.force_login(zoe)
    statuses = [
        client.post(
            "/accounts/your-data/delete/", {"comments": "keep", "password": f"guess {n}"}
        ).status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    assert type(zoe).objects.filter(pk=zoe.pk).exists()


def test_a_suspended_reader_can_still_delete_their_account_and_their_helpful_votes_go(
    client, zoe, zoes_life, staff
):
    # Taking a "Helpful" back is refused while suspended; deleting the account is not.
    theirs = zoes_life["theirs"]
    helpful_cast(user=zoe, comment=theirs)
    suspensions.suspend(user=zoe, by=staff, duration=None, reason="Spam")
    response = _delete(client, zoe)
    assert response.status_code == 302
    assert not type(zoe).objects.filter(pk=zoe.pk).exists()
    theirs.refresh_from_db()
    assert theirs.helpful_count == 0
    assert not HelpfulVote.objects.exists()
