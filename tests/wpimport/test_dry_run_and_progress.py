"""--dry-run writes nothing; the progress line appears only on a terminal."""

from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command

from articles.models import Article

pytestmark = pytest.mark.django_db


def row_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_dry_run_shows_what_would_happen_and_writes_nothing(author, blog_xml, run_import, uploads):
    before = row_counts()
    output = run_import(blog_xml, "--dry-run", "--media-dir", str(uploads))
    assert output.startswith("Dry run: nothing was written. An import would do this:")
    posts = next(line for line in output.splitlines() if line.startswith("posts"))
    assert posts.split()[1:] == ["4", "0", "0", "0"]
    assert row_counts() == before
    assert not (Path(settings.MEDIA_ROOT) / "wp").exists()


def test_dry_run_after_an_import_reports_only_the_differences(blog_xml, run_import):
    run_import(blog_xml)
    Article.objects.filter(slug="desk-sitting").delete()
    output = run_import(blog_xml, "--dry-run")
    assert "posts: 1 deleted on this site after an earlier import" in output
    posts = next(line for line in output.splitlines() if line.startswith("posts"))
    assert posts.split()[1:] == ["0", "0", "3", "1"]


class Terminal(StringIO):
    def isatty(self):
        return True


def test_progress_is_shown_on_a_terminal_and_cleared(blog_xml):
    terminal = Terminal()
    call_command("import_wordpress", str(blog_xml), stdout=terminal)
    shown = terminal.getvalue()
    assert "\r100%  " in shown and "posts" in shown.split("\r")[1]
    assert "Import finished." in shown


def test_no_progress_line_when_output_is_not_a_terminal(blog_xml, run_import):
    assert "\r" not in run_import(blog_xml)
