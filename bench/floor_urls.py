"""The site's URLs plus a floor for bench/load.py: a trivial view that returns a stored copy
of the article page's HTML, through the same gunicorn and middleware as the real page.
Used only when DJANGO_ROOT_URLCONF=bench.floor_urls (the load benchmark sets it)."""

import os
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from sciatica_site.urls import urlpatterns as site_urlpatterns

_html = []


def floor(request):
    if not _html:  # read once, then served from memory
        _html.append(Path(os.environ["BENCH_FLOOR_HTML"]).read_bytes())
    return HttpResponse(_html[0], content_type="text/html; charset=utf-8")


urlpatterns = [path("__floor__/", floor), *site_urlpatterns]
