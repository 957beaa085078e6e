import importlib
from http import HTTPStatus

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from accounts.models import validate_display_name

pytestmark = pytest.mark.django_db

# The data migration's module name starts with a digit: imported by name.
migration = importlib.import_module("accounts.migrations.0004_display_names_without_markup")

MARKUP_NAMES = [
    "<img/src=`%00` onerror=this.onerror=confirm(1)",
    '"><script>alert(1)</script>',
    "Ann <3",
    "Bo -> Al",
]


@pytest.mark.parametrize("name", MARKUP_NAMES)
def test_a_display_name_cannot_hold_angle_brackets(name):
    with pytest.raises(ValidationError) as error:
        validate_display_name(name)
    assert error.value.code == "markup"


@pytest.mark.parametrize("name", ["Tom & Jerry", 'Robert "Bob" Smith', "Ann O'Neil", "Dr. Ng (PT)"])
def test_names_with_other_punctuation_are_still_names(name):
    validate_display_name(name)


@pytest.mark.parametrize("name", MARKUP_NAMES)
def test_sign_up_with_markup_in_the_name_says_why(client, django_user_model, name):
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
    assert "cannot hold the characters &lt; or &gt;" in response.content.decode()
    assert not django_user_model.objects.filter(username="newreader").exists()


@pytest.mark.parametrize("name", MARKUP_NAMES)
def test_the_profile_refuses_markup_in_the_name_and_says_why(client, django_user_model, name):
    user = django_user_model.objects.create_user(
        username="ada", email="ada@example.org", display_name="Ada"
    )
    client.force_login(user)
    response = client.post("/accounts/profile/", {"display_name": name, "bio": ""})
    assert response.status_code == HTTPStatus.OK
    assert "cannot hold the characters &lt; or &gt;" in response.content.decode()
    user.refresh_from_db()
    assert user.display_name == "Ada"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("<img/src=`%00` onerror=confirm(1)", "img/src=`%00` onerror=confirm(1)"),
        ("<<Ann>>", "Ann"),
        ("Ann<3", "Ann 3"),
        ("Bo -> Al", "Bo - Al"),
        ("<>", ""),
        ("< >", ""),
    ],
)  # fmt: skip
def test_the_migration_keeps_what_can_be_read_of_a_name(before, after):
    assert migration.name_without_markup(before) == after


def test_the_migration_cleans_only_names_with_markup(django_user_model):
    hostile = django_user_model.objects.create_user(
        username="x", email="x@example.org", display_name="<script>alert(1)</script>"
    )
    empty = django_user_model.objects.create_user(
        username="y", email="y@example.org", display_name="<>"
    )
    plain = django_user_model.objects.create_user(
        username="z", email="z@example.org", display_name="Tom & Jerry"
    )
    migration.remove_markup_characters(apps, None)
    for user in (hostile, empty, plain):
        user.refresh_from_db()
    assert hostile.display_name == "script alert(1) /script"
    validate_display_name(hostile.display_name)
    assert (empty.display_name, empty.public_name) == ("", "y")
    assert plain.display_name == "Tom & Jerry"
