"""The site's URLs for the browser tests, with uploads served from settings.MEDIA_ROOT as
it is at each request (each test has its own media folder; sciatica_site/urls.py binds the
folder once, when it is first imported)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from sciatica_site.urls import urlpatterns as site_urlpatterns

MEDIA_PREFIX = settings.MEDIA_URL.lstrip("/")


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    pattern
    for pattern in site_urlpatterns
    if not str(pattern.pattern).startswith(f"^{MEDIA_PREFIX}")
] + [re_path(rf"^{MEDIA_PREFIX}(?P<path>.*)$", media)]
