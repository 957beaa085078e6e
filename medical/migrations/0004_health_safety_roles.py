import importlib

from django.db import migrations

# The roles' first migration creates the permissions and gives every role in ROLES exactly
# its own; run again, it gives Editors the urgent-care settings and the help boxes.
roles_migration = importlib.import_module("accounts.migrations.0002_roles")


class Migration(migrations.Migration):
    dependencies = [
        ("medical", "0003_health_safety"),
        ("accounts", "0005_reviewers_role"),
    ]

    operations = [migrations.RunPython(roles_migration.create_roles, migrations.RunPython.noop)]
