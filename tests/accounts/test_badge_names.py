"""A reader cannot take a name that imitates a badge (issue #16, part 3): not a role or a
title however it is spelt (look-alike letters from other scripts, mathematical bold,
small capitals, a capital I or a digit 1 for an l, words run together), and not the public
name of someone who works on the site, of a deleted account or of the site itself."""

from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import suspensions
from accounts.models import (
    name_skeleton,
    validate_display_name,
    validate_name_not_taken,
    validate_reader_display_name,
)
from medical.models import Reviewer

pytestmark = pytest.mark.django_db

ROLE_REFUSAL = "cannot look like a role on this site"
TAKEN_REFUSAL = "reads as the name of someone who writes, reviews or moderates"

IMITATIONS = [
    "𝐌𝐨𝐝𝐞𝐫𝐚𝐭𝐨𝐫",  # mathematical bold
    "𝕸𝖔𝖉𝖊𝖗𝖆𝖙𝖔𝖗",  # mathematical bold fraktur
    "Ｍｏｄｅｒａｔｏｒ",  # full-width
    "\u039coderator",  # Greek capital Mu
    "Mоderatоr",  # Cyrillic o
    "ᴍᴏᴅᴇʀᴀᴛᴏʀ",  # small capitals
    "Author of this articIe",  # capital I for l
    "Author of this artic1e",  # digit 1 for l
    "Auth0r 0f this article",
    "Art1cle author",
    "Med1cal Rev1ewer",
    "Site Admіn",  # Cyrillic і
    "DrSmith",
    "Dr.Smith",
    "DRSmith",
    "ProfRowe",
    "Smith MD",
    "MD Smith",
    "Smith, MBBS",
    "Jo Smith MBChB",
    "Nurse Jane",
    "NurseJane",
    "ɴᴜʀꜱᴇ Jane",
]

REAL_NAMES = [
    "Zoë Brontë",
    "José Núñez",
    "Łukasz",
    "Αλέξανδρος",
    "Дмитрий",
    "李小龍",
    "Siân",
    "O'Neill",
    "Mary-Kate",
    "Nurul Islam",
    "Drew Carey",
    "Mdu Nkosi",
    "Admira Hodžić",
    "Md Rahim",
    "McDonald",
    "DeShawn Adams",
    "Illari Lloyd",
    "Bernard",
    "Nguyễn Thị Minh",
    "Sørina Ødegaard",
    "Aoife Ní Bhriain",
    "Şükrü Öztürk",
    "محمد",
    "Priyanka Chopra",
    "Ngozi Okonkwo-Iweala",
    "Modesty B",
    "Admiral Lee",
    "Staffan",
]


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user(
        username="ada",
        email="ada@example.org",
        password="a long test password",
        display_name="Ada L",
    )


@pytest.fixture
def people_of_the_site(django_user_model, make_article, author):
    """A medical reviewer (her profile's name), an author of an article (Maren Holt, not
    staff) and a moderator (staff)."""
    ines = django_user_model.objects.create_user(
        username="ines", email="ines@example.org", display_name="Ines C."
    )
    Reviewer.objects.create(
        user=ines, name="Ines Calder", slug="ines-calder", profession="Physiotherapist"
    )
    make_article(title="Easing sciatica", slug="easing-sciatica")  # by Maren Holt
    django_user_model.objects.create_user(
        username="theo", email="theo@example.org", display_name="Theo Marsh", is_staff=True
    )


@pytest.mark.parametrize("name", IMITATIONS)
def test_the_rule_refuses_a_name_that_imitates_a_role(name):
    with pytest.raises(ValidationError) as error:
        validate_reader_display_name(name)
    assert error.value.code == "role"


@pytest.mark.parametrize("name", REAL_NAMES)
def test_the_rules_accept_real_names_from_many_languages(people_of_the_site, name):
    validate_display_name(name)
    validate_reader_display_name(name)
    validate_name_not_taken(name)


@pytest.mark.parametrize("name", IMITATIONS)
def test_the_profile_refuses_a_name_that_imitates_a_role(client, reader, name):
    client.force_login(reader)
    response = client.post("/accounts/profile/", {"display_name": name, "bio": ""})
    assert response.status_code == HTTPStatus.OK
    assert ROLE_REFUSAL in response.content.decode()
    reader.refresh_from_db()
    assert reader.display_name == "Ada L"


@pytest.mark.parametrize("name", ["𝐌𝐨𝐝𝐞𝐫𝐚𝐭𝐨𝐫", "ᴍᴏᴅᴇʀᴀᴛᴏʀ", "Smith, MBBS", "DrSmith"])
def test_sign_up_refuses_a_name_that_imitates_a_role(client, django_user_model, name):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.org",
            "username": "newreader",
            "display_name": name,
            "password1": "correct horse battery",
            "password2": "correct horse battery",
        },
    )
    assert response.status_code == HTTPStatus.OK
    assert ROLE_REFUSAL in response.content.decode()
    assert not django_user_model.objects.filter(username="newreader").exists()


@pytest.mark.parametrize("name", ["Zoë Brontë", "Drew Carey", "Mdu Nkosi", "Αλέξανδρος", "李小龍"])
def test_the_profile_saves_a_real_name(client, reader, people_of_the_site, name):
    client.force_login(reader)
    response = client.post("/accounts/profile/", {"display_name": name, "bio": ""})
    assert response.status_code == HTTPStatus.FOUND
    reader.refresh_from_db()
    assert reader.display_name == name


TAKEN_NAMES = [
    "Ines Calder",  # a medical reviewer, as her profile names her
    "lnes CaIder",  # ...with a small L for the I and a capital I for the l
    "InesCalder",
    "Ines C.",  # ...and her account's own display name
    "Maren Holt",  # the author of an article
    "maren holt",
    "Maren_Holt",
    "Theo Marsh",  # a moderator (staff)
    "Deleted user",  # what a deleted account's comments show
    "Deleted-User",
    "Back in Motion",  # the site
    "BackInMotion",
    "Back 1n M0tion",
]


@pytest.mark.parametrize("name", TAKEN_NAMES)
def test_the_rule_refuses_the_name_of_someone_who_works_on_the_site(people_of_the_site, name):
    with pytest.raises(ValidationError) as error:
        validate_name_not_taken(name)
    assert error.value.code == "taken"


@pytest.mark.parametrize("name", TAKEN_NAMES)
def test_the_profile_refuses_the_name_of_someone_who_works_on_the_site(
    client, reader, people_of_the_site, name
):
    client.force_login(reader)
    response = client.post("/accounts/profile/", {"display_name": name, "bio": ""})
    assert response.status_code == HTTPStatus.OK
    assert TAKEN_REFUSAL in response.content.decode()
    reader.refresh_from_db()
    assert reader.display_name == "Ada L"


@pytest.mark.parametrize(
    ("field", "name"), [("display_name", "Ines Calder"), ("username", "MarenHolt")]
)
def test_sign_up_refuses_the_name_of_someone_who_works_on_the_site(
    client, django_user_model, people_of_the_site, field, name
):
    data = {
        "email": "new@example.org",
        "username": "newreader",
        "display_name": "",
        "password1": "correct horse battery",
        "password2": "correct horse battery",
    }
    data[field] = name
    response = client.post("/accounts/signup/", data)
    assert response.status_code == HTTPStatus.OK
    assert TAKEN_REFUSAL in response.content.decode()
    assert not django_user_model.objects.filter(email="new@example.org").exists()


def test_the_site_name_follows_the_setting(settings):
    settings.SITE_NAME = "Spine Talk"
    with pytest.raises(ValidationError):
        validate_name_not_taken("Spine Talk")
    validate_name_not_taken("Back in Motion")


def test_staff_and_the_person_themselves_keep_their_names(client, people_of_the_site, author):
    """Maren, the author, saves her own name; a staff member may take any name."""
    client.force_login(author)
    response = client.post("/accounts/profile/", {"display_name": "Maren Holt", "bio": ""})
    assert response.status_code == HTTPStatus.FOUND
    staff = type(author).objects.get(username="theo")
    client.force_login(staff)
    response = client.post("/accounts/profile/", {"display_name": "Ines Calder", "bio": ""})
    assert response.status_code == HTTPStatus.FOUND
    staff.refresh_from_db()
    assert staff.display_name == "Ines Calder"


def test_the_taken_name_check_costs_one_query(people_of_the_site):
    with CaptureQueriesContext(connection) as queries:
        validate_name_not_taken("Someone New")
    assert len(queries) == 1


def test_names_that_look_alike_share_a_skeleton():
    assert (
        name_skeleton("lnes.CaIder") == name_skeleton("Ines Calder") == name_skeleton("InesCalder")
    )
    assert name_skeleton("Ines Calder") != name_skeleton("Ines Calderón")


def test_a_suspended_reader_cannot_change_their_name(client, reader, staff):
    suspensions.suspend(user=reader, by=staff, duration=None, reason="Repeated spam")
    client.force_login(reader)
    response = client.post("/accounts/profile/", {"display_name": "Ada Lovelace", "bio": "Hi"})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Your account is suspended from taking part on this site" in page
    assert "Repeated spam" in page
    reader.refresh_from_db()
    assert (reader.display_name, reader.bio) == ("Ada L", "")


def test_a_reader_whose_suspension_was_lifted_can_change_their_name(client, reader, staff):
    suspensions.suspend(user=reader, by=staff, duration=None, reason="Repeated spam")
    suspensions.lift(user=reader, by=staff)
    client.force_login(reader)
    response = client.post("/accounts/profile/", {"display_name": "Ada Lovelace", "bio": ""})
    assert response.status_code == HTTPStatus.FOUND
    reader.refresh_from_db()
    assert reader.display_name == "Ada Lovelace"
