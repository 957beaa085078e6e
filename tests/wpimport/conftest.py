from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

FILES = Path(__file__).parent / "files"


@pytest.fixture
def blog_xml():
    """The hand-written sample export (tests/wpimport/files/blog.xml)."""
    return FILES / "blog.xml"


@pytest.fixture
def write_export(tmp_path):
    """Write export text (or bytes) to a file and return its path."""

    def write(content, name="export.xml"):
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return write


@pytest.fixture
def run_import():
    """Run `manage.py import_wordpress` and return what it printed."""

    def run(path, *args):
        out = StringIO()
        call_command("import_wordpress", str(path), *map(str, args), stdout=out)
        return out.getvalue()

    return run


@pytest.fixture
def uploads(tmp_path):
    """A copy of wp-content/uploads with the sample's images (and a stray non-image)."""
    from tests.conftest import png_bytes

    root = tmp_path / "uploads"
    (root / "2012" / "08").mkdir(parents=True)
    (root / "2012" / "08" / "knee-hug.png").write_bytes(png_bytes(60, 40))
    (root / "2012" / "08" / "stretch-sheet.pdf").write_bytes(b"%PDF-1.4\n% a tiny sheet\n")
    return root
