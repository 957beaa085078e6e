"""Where the site leans on Django's internals, the behaviour it relies on, so that an
upgrade that changes it fails here, by name, rather than somewhere downstream."""

from http import HTTPStatus

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.test import RequestFactory

from articles.models import Article
from tests.conftest import png_bytes

pytestmark = pytest.mark.django_db


def test_get_token_asks_for_the_cookie_through_csrf_cookie_needs_update():
    """caching.pages sets this META key to False so a shared page carries no CSRF cookie."""
    request = RequestFactory().get("/")
    CsrfViewMiddleware(lambda request: None).process_request(request)
    get_token(request)
    assert request.META.get("CSRF_COOKIE_NEEDS_UPDATE") is True


def test_an_anonymous_article_page_sets_no_csrf_cookie(client, make_article):
    article = make_article()
    response = client.get(article.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()  # the comment form
    assert "csrftoken" not in response.cookies


def test_csrf_view_middleware_run_by_hand_refuses_a_post_without_a_token():
    """comments.views.post_comment runs Django's CSRF check itself for logged-in readers."""
    factory = RequestFactory(enforce_csrf_checks=True)
    check = CsrfViewMiddleware(lambda request: None)
    refused = factory.post("/comments/x/post/", {"body": "hi"})
    refused._dont_enforce_csrf_checks = False
    response = check.process_view(refused, None, (), {})
    assert response is not None and response.status_code == HTTPStatus.FORBIDDEN

    token_request = factory.get("/")
    check.process_request(token_request)
    token = get_token(token_request)
    allowed = factory.post(
        "/comments/x/post/", {"body": "hi", "csrfmiddlewaretoken": token}, secure=False
    )
    allowed.COOKIES["csrftoken"] = token_request.META["CSRF_COOKIE"]
    check.process_request(allowed)
    assert check.process_view(allowed, None, (), {}) is None


def test_a_stored_file_is_committed_and_a_new_upload_is_not(make_article):
    """articles.models.validate_image_size skips files already stored (`_committed`)."""
    article = make_article()
    article.featured_image = SimpleUploadedFile("new.png", png_bytes(), "image/png")
    assert article.featured_image._committed is False
    article.save()
    stored = Article.objects.get(pk=article.pk).featured_image
    assert stored._committed is True


def test_create_permissions_skips_an_app_config_without_a_models_module():
    """accounts/migrations/0002_roles.py sets models_module to make create_permissions run
    during migrations (it returns early without one)."""
    config = global_apps.get_app_config("ratings")
    Permission.objects.filter(codename="view_starvote").delete()
    saved = config.models_module
    try:
        config.models_module = None
        create_permissions(config, verbosity=0)
        assert not Permission.objects.filter(codename="view_starvote").exists()
        config.models_module = True
        create_permissions(config, verbosity=0)
        assert Permission.objects.filter(codename="view_starvote").exists()
    finally:
        config.models_module = saved


def test_log_response_leaves_alone_a_response_marked_as_logged(caplog):
    """sciatica_site.outage marks its 503 so a database outage is logged once, not once
    per request."""
    from django.http import HttpResponse
    from django.utils.log import log_response

    marked = HttpResponse(status=503)
    marked._has_been_logged = True
    log_response("Service Unavailable: %s", "/", response=marked)
    assert not caplog.records
    log_response("Service Unavailable: %s", "/", response=HttpResponse(status=503))
    assert len(caplog.records) == 1
