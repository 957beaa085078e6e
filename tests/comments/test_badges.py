"""Badges beside names in a thread, earned from roles; display names that would imitate
one are refused for readers."""

import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import validate_display_name, validate_reader_display_name
from accounts.roles import EDITORS, MODERATORS, REVIEWERS
from comments.queries import badges_for
from medical.models import Reviewer

pytestmark = pytest.mark.django_db

PASSWORD = "a long test password"


@pytest.fixture
def make_person(django_user_model):
    def make(username, display_name, *, roles=(), profession=None, **fields):
        person = django_user_model.objects.create_user(
            username=username,
            email=f"{username}@example.org",
            password=PASSWORD,
            display_name=display_name,
            **fields,
        )
        for role in roles:
            person.groups.add(Group.objects.get(name=role))
        if profession is not None:
            Reviewer.objects.create(
                user=person, name=display_name, slug=username, profession=profession
            )
        return person

    return make


@pytest.fixture
def clinician(make_person):
    return make_person(
        "ines", "Ines Calder", roles=[REVIEWERS], profession="Physiotherapist", is_staff=True
    )


@pytest.fixture
def moderator(make_person):
    return make_person("mo", "Mo Reyes", roles=[MODERATORS], is_staff=True)


def badges_of(html, comment):
    """The badge texts beside the name of `comment` on the page."""
    who = re.search(
        rf'<span class="comment__who" id="comment-{comment.pk}-by">(.*?) wrote on ', html
    )
    assert who, f"comment {comment.pk} is not on the page"
    return re.findall(r'<span class="badge badge--\w+">([^<]*)</span>', who.group(1))


def test_badges_beside_names_come_from_roles(
    client, article, author, reader, clinician, moderator, make_person, make_comment
):
    permitted = make_person("pat", "Pat Staff", is_staff=True)
    permitted.user_permissions.add(Permission.objects.get(codename="moderate_comment"))
    comments = {
        "author": make_comment(article, author=author, body="From the author"),
        "clinician": make_comment(article, author=clinician, body="From the reviewer"),
        "moderator": make_comment(article, author=moderator, body="From a moderator"),
        "permitted": make_comment(article, author=permitted, body="From staff who moderate"),
        "reader": make_comment(article, author=reader, body="From a reader"),
    }
    html = client.get(article.get_absolute_url()).content.decode()
    assert badges_of(html, comments["author"]) == ["Author of this article"]
    assert badges_of(html, comments["clinician"]) == ["Medical reviewer · Physiotherapist"]
    assert badges_of(html, comments["moderator"]) == ["Moderator"]
    assert badges_of(html, comments["permitted"]) == ["Moderator"]
    assert badges_of(html, comments["reader"]) == []


def test_the_author_badge_is_for_this_articles_author_only(
    client, make_article, author, make_person, make_comment
):
    other = make_article(title="Another", slug="another", author=make_person("al", "Al Wu"))
    mine = make_comment(other, author=author, body="On an article someone else wrote")
    html = client.get(other.get_absolute_url()).content.decode()
    assert badges_of(html, mine) == []


@pytest.mark.parametrize(
    "roles, profession, staff",
    [
        ([REVIEWERS], None, True),  # the role without a reviewer profile
        ([], "GP", False),  # a profile without the role
        ([EDITORS], None, True),  # staff, but without the permission to moderate
    ],
    ids=["reviewer-without-profile", "profile-without-role", "editor"],
)
def test_no_badge_without_the_role_that_earns_it(
    client, article, make_person, make_comment, roles, profession, staff
):
    person = make_person("sam", "Sam Okafor", roles=roles, profession=profession, is_staff=staff)
    comment = make_comment(article, author=person, body="Hello")
    html = client.get(article.get_absolute_url()).content.decode()
    assert badges_of(html, comment) == []


def test_a_deactivated_account_shows_no_badge(client, article, moderator, make_comment):
    comment = make_comment(article, author=moderator, body="Before I left")
    moderator.is_active = False
    moderator.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert badges_of(html, comment) == []


def test_a_person_with_two_roles_shows_both(article, author, make_person):
    both = make_person("kim", "Kim Ode", roles=[REVIEWERS, MODERATORS], profession="GP")
    badges = badges_for(article, [both.pk, author.pk])
    assert [b.label for b in badges[both.pk]] == ["Medical reviewer · GP", "Moderator"]
    assert [b.label for b in badges[author.pk]] == ["Author of this article"]


def test_a_badge_cannot_be_typed_into_a_comment_name(client, article, make_comment):
    """An imported comment's name is text, escaped: it can say "Moderator", but it gets
    no badge (badges are markup the site adds from roles)."""
    comment = make_comment(
        article,
        author=None,
        author_name='Mo <span class="badge badge--moderator">Moderator</span>',
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert badges_of(html, comment) == []
    assert "&lt;span class=&quot;badge" in html


def test_badges_cost_one_query_however_many_holders(
    article, author, reader, clinician, moderator, make_person, make_comment, settings
):
    settings.CACHING_PAGE_SECONDS = 0
    settings.CACHING_FRAGMENT_SECONDS = 0
    make_comment(article, author=reader, body="One")
    make_comment(article, author=author, body="Two")
    client = Client()

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(article.get_absolute_url()).status_code == HTTPStatus.OK
        return len(context.captured_queries)

    few = count()
    for number in range(8):
        person = make_person(f"mod{number}", f"Helper {number}", roles=[MODERATORS])
        make_comment(article, author=person, body=f"Moderator {number}")
        make_comment(article, author=clinician, body=f"Reviewer {number}")
        make_comment(article, author=moderator, body=f"Again {number}")
    assert count() == few


# --- display names that imitate a badge --------------------------------------------------

IMITATIONS = [
    "Moderator",
    "moderator team",
    "The Mods",
    "M0derat0r",
    "M o d e r a t o r",
    "Medical Reviewer",
    "medical-reviewer",
    "Reviewer",
    "Site Admin",
    "S.i.t.e A.d.m.i.n",
    "Admin",
    "Аdmin",  # a Cyrillic А
    "Administrator",
    "Dr. Smith",
    "Dr Ann",
    "Doctor Jo",
    "Prof. Rowe",
    "Author of this article",
    "Answer from the team",
    "Official Support",
    "Staff",
    "Verified physio",
]

ORDINARY_NAMES = [
    "Ada L",
    "Drew Carey",
    "Modesty B",
    "Admiral Lee",
    "Staffan",
    "Ines Calder",
    "Maren Holt",
    "Andrés",
    "李文",
]


@pytest.mark.parametrize("name", IMITATIONS)
def test_a_reader_cannot_take_a_name_that_imitates_a_badge(client, reader, name):
    client.force_login(reader)
    response = client.post("/accounts/profile/", {"display_name": name, "bio": ""})
    assert response.status_code == HTTPStatus.OK
    assert "cannot look like a role on this site" in response.content.decode()
    reader.refresh_from_db()
    assert reader.display_name == "Ada L"


@pytest.mark.parametrize("name", ORDINARY_NAMES)
def test_ordinary_names_are_accepted(name):
    validate_display_name(name)
    validate_reader_display_name(name)


def test_signing_up_with_a_badge_name_is_refused(client, django_user_model):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "username": "newreader",
            "display_name": "Site Moderator",
            "password1": "correct horse battery",
            "password2": "correct horse battery",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert "cannot look like a role on this site" in response.content.decode()
    assert not django_user_model.objects.filter(username="newreader").exists()


def test_a_username_shown_in_place_of_a_name_follows_the_same_rule(client, django_user_model):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "username": "admin_team",
            "password1": "correct horse battery",
            "password2": "correct horse battery",
        },
    )
    assert "A username cannot look like a role" in response.content.decode()
    assert not django_user_model.objects.filter(email="new@example.org").exists()


def test_staff_keep_their_names_and_reviewer_profiles_keep_titles(django_user_model, clinician):
    admin = django_user_model(username="admin", display_name="Site admin", is_staff=True)
    admin.set_unusable_password()
    admin.full_clean()  # no error
    reader = django_user_model(username="someone", display_name="Site admin")
    reader.set_unusable_password()
    with pytest.raises(ValidationError) as refused:
        reader.full_clean()
    assert "display_name" in refused.value.message_dict
    profile = Reviewer(user=clinician, name="Dr Ann Smith", slug="ann", profession="GP")
    profile.full_clean(exclude=["user"])
