import importlib

from django.db import migrations

# The roles' first migration creates the permissions and gives every role in ROLES exactly
# its own; run again, it adds the Reviewers role and the medical permissions of the others.
roles_migration = importlib.import_module("accounts.migrations.0002_roles")


def drop_reviewers(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Reviewers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_display_names_without_markup"),
        ("medical", "0001_initial"),
    ]

    operations = [migrations.RunPython(roles_migration.create_roles, drop_reviewers)]
