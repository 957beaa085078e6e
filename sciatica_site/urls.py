from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponse
from django.urls import include, path, re_path, reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from accounts.forms import AdminLoginForm
from articles.sitemaps import sitemaps

from .views import serve_media


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


# A database that cannot be reached gives a 503 with Retry-After, not a 500.
handler500 = "sciatica_site.outage.server_error"

admin.site.site_header = f"{settings.SITE_NAME} back office"
admin.site.site_title = settings.SITE_NAME
admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap.xml",
        cache_control(max_age=3600, public=True)(sitemap),
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
    path("accounts/", include("allauth.urls")),
    path("accounts/", include("accounts.urls")),
    path("comments/", include("comments.urls")),
    path("ratings/", include("ratings.urls")),
    path("reviewers/", include("medical.urls")),
    path("feedback/", include("feedback.urls")),
    path("", include("articles.urls")),
]

if settings.SERVE_MEDIA:
    # Uploaded images (validated by Pillow on upload). Behind a proxy or with object
    # storage, set DJANGO_SERVE_MEDIA=0 and let that serve MEDIA_URL.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
            cache_control(max_age=86400, public=True)(serve_media),
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
