"""Every article's plain-text body written again: sciatica_site.sanitizer.strip_all_tags now
puts each block (heading, paragraph, list item) and <br> on its own line and a line wrapped
in the source is one space, so search snippets keep a heading apart from its paragraph and
"Line<br>break" is two words to search. The search vectors and vocabulary follow
(articles.search.rebuild, as in 0006)."""

from django.db import migrations


def rebuild(apps, schema_editor):
    from articles.search import rebuild as rebuild_search

    names = ("Article", "GuideStep", "SearchWord")
    models_ = tuple(apps.get_model("articles", name) for name in names)
    rebuild_search(using=schema_editor.connection.alias, models=models_)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_articleimage"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop)]
