"""Fill in the width and height of images saved without them (the demo loader did, before
its drawings had file names). Without them every page view reads each image file to
find its size. Images whose file is missing or unreadable are left as they are."""

from django.db import migrations


def _fill(model, field_name, width_name, height_name):
    from django.core.files.images import get_image_dimensions

    field = model._meta.get_field(field_name)
    missing = model.objects.exclude(**{field_name: ""}).filter(**{f"{width_name}__isnull": True})
    # Rows as plain values: loading a model instance would itself try to read the file.
    for pk, name in missing.values_list("pk", field_name).iterator():
        try:
            with field.storage.open(name) as image:
                width, height = get_image_dimensions(image)
        except OSError:
            continue
        if width and height:
            model.objects.filter(pk=pk).update(**{width_name: width, height_name: height})


def fill_dimensions(apps, schema_editor):
    _fill(apps.get_model("articles", "Article"), "featured_image", "featured_image_width",
          "featured_image_height")
    _fill(apps.get_model("articles", "GuideStep"), "image", "image_width", "image_height")


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0003_article_summary_text"),
    ]

    operations = [
        migrations.RunPython(fill_dimensions, migrations.RunPython.noop, elidable=True),
    ]
