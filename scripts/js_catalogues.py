"""Write the catalogue of the readers' scripts for each language of the site, as a static
file: static/jsi18n/<language>.js, which base.html loads before the scripts that use it.

Each is Django's JavaScript catalogue (django.views.i18n.JavaScriptCatalog: gettext(),
interpolate() and the djangojs translations in locale/), written once instead of served by
a view, so that it is a static file like every other script of the site: served by
WhiteNoise or nginx under a hashed name (kept for good, fetched anew when the translations
change), the same for every reader (the page cache needs no language), from the site's own
origin (the CSP allows no inline script). `make messages` runs this after compiling the
catalogues; tests/test_i18n.py fails when a file here is not what this would write now.

    DJANGO_DEBUG=1 .venv/bin/python scripts/js_catalogues.py
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "static" / "jsi18n"
# The local apps with reader scripts. Their strings are in locale/ (LOCALE_PATHS, always
# read); naming them keeps third-party djangojs catalogues (the admin's calendar) out.
APPS_WITH_SCRIPTS = ["comments", "ratings", "feedback"]
HEADER = b"// Written by scripts/js_catalogues.py (make messages) from locale/: do not edit.\n"


def render(language) -> bytes:
    from django.utils import translation
    from django.views.i18n import JavaScriptCatalog

    with translation.override(language):
        return HEADER + JavaScriptCatalog(packages=APPS_WITH_SCRIPTS).get(None).content.lstrip()


def catalogue_files() -> dict[Path, bytes]:
    """{path: content} of the catalogue file of each language in settings.LANGUAGES."""
    from django.conf import settings

    return {OUTPUT / f"{code}.js": render(code) for code, _name in settings.LANGUAGES}


def main():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sciatica_site.settings")
    import django

    django.setup()
    OUTPUT.mkdir(exist_ok=True)
    for path, content in catalogue_files().items():
        if not path.exists() or path.read_bytes() != content:
            path.write_bytes(content)
            print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
