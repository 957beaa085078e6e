from django.db import migrations


def create_policy(apps, schema_editor):
    """The one row editors change (12 months until the next review, to begin with)."""
    apps.get_model("medical", "ReviewPolicy").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("medical", "0001_initial")]

    operations = [migrations.RunPython(create_policy, migrations.RunPython.noop)]
