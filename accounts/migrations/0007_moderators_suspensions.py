import importlib

from django.db import migrations

# The roles' first migration creates the permissions and gives every role in ROLES exactly
# its own; run again, Moderators get suspensions (comment bans are gone) and the screening
# phrases, and Editors the screening phrases.
roles_migration = importlib.import_module("accounts.migrations.0002_roles")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_suspensions"),
        ("comments", "0004_moderation_round_two"),
    ]

    operations = [migrations.RunPython(roles_migration.create_roles, migrations.RunPython.noop)]
