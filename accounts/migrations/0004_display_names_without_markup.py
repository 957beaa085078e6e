"""Display names lose "<" and ">", which validate_display_name now refuses.

Each becomes a space (runs of spaces one space, ends trimmed), so the rest of the name
stays readable: "<Ann>" is "Ann", "Ann<3" is "Ann 3". A name with nothing visible left is
emptied, and the person is shown by the full name or the username as for anyone without
a display name."""

import unicodedata

from django.db import migrations
from django.db.models import Q

MARKUP_CHARACTERS = "<>"


def name_without_markup(name):
    for character in MARKUP_CHARACTERS:
        name = name.replace(character, " ")
    name = " ".join(name.split())
    if not any(unicodedata.category(character)[0] in "LNSP" for character in name):
        return ""
    return name


def remove_markup_characters(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    has_markup = Q()
    for character in MARKUP_CHARACTERS:
        has_markup |= Q(display_name__contains=character)
    users = list(User.objects.filter(has_markup).only("pk", "display_name"))
    for user in users:
        user.display_name = name_without_markup(user.display_name)
    User.objects.bulk_update(users, ["display_name"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_display_name_one_visible_line"),
    ]

    operations = [
        migrations.RunPython(remove_markup_characters, migrations.RunPython.noop),
    ]
