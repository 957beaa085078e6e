"""Search: each article's plain-text body, word count and search vector, and the vocabulary
that corrects typos (articles.search).

On PostgreSQL only: the pg_trgm extension (TrigramExtension skips other databases), a GIN
index on the vectors and a trigram GIN index on the vocabulary. Neither index is in the
models' Meta (a GIN index cannot be made on SQLite, where `make run` migrates too), so
the model state does not know them and makemigrations leaves them alone. Then every
existing article gets its plain-text body, word count and vector, and the vocabulary is
filled."""

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

INDEXES = {
    "articles_article_search_vector_gin": "articles_article USING gin (search_vector)",
    "articles_searchword_word_trgm": "articles_searchword USING gin (word gin_trgm_ops)",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, target in INDEXES.items():
            schema_editor.execute(f"CREATE INDEX {name} ON {target}")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def fill(apps, schema_editor):
    from articles.search import rebuild

    names = ("Article", "GuideStep", "SearchWord")
    models_ = tuple(apps.get_model("articles", name) for name in names)
    rebuild(using=schema_editor.connection.alias, models=models_)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0005_clean_bodies_again'),
    ]

    operations = [
        TrigramExtension(),
        migrations.CreateModel(
            name='SearchWord',
            fields=[
                ('word', models.CharField(max_length=40, primary_key=True, serialize=False)),
            ],
            options={
                'ordering': ['word'],
            },
        ),
        migrations.AddField(
            model_name='article',
            name='body_text',
            field=models.TextField(default='', editable=False, help_text='The body as plain text, worked out on save: search reads and quotes it.'),
        ),
        migrations.AddField(
            model_name='article',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='article',
            name='search_head',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='article',
            name='word_count',
            field=models.PositiveIntegerField(default=0, editable=False, help_text='Words in the body, worked out on save.'),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
