import importlib
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, GuideStep
from comments.markup import render_markdown
from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_load_demo_builds_the_original_pages_shape_and_is_idempotent(client, django_user_model):
    call_command("load_demo", stdout=io.StringIO())
    first = (
        Article.objects.count(),
        GuideStep.objects.count(),
        django_user_model.objects.count(),
        Comment.objects.count(),
    )
    stamps = list(Article.objects.values_list("updated_at", flat=True))
    call_command("load_demo", stdout=io.StringIO())
    assert (
        Article.objects.count(),
        GuideStep.objects.count(),
        django_user_model.objects.count(),
        Comment.objects.count(),
    ) == first
    assert list(Article.objects.values_list("updated_at", flat=True)) == stamps

    article = Article.objects.get(slug="easing-sciatica-four-gentle-exercises")
    html = client.get(article.get_absolute_url()).content.decode()
    assert len(re.findall(r"<h3[^>]*>Exercise \d:", html)) == 4
    assert (
        len(re.findall(r"Hold (?:each position )?for .*? seconds?\. Repeat \d+ times", html)) == 4
    )
    assert html.count('class="guide__step"') == article.steps.count() >= 4
    assert "has written 3 stories on this site." in html
    assert "18 Comments on “Easing Sciatica" in html
    assert "Answers from our team" in html and "Answer from a medical reviewer" in html
    assert "7.3/10 (27 votes cast)" in html and "+4 (from 8 votes)" in html
    assert html.count('class="comment-list comment-list--replies"') >= 5
    words = len(re.sub(r"<[^>]+>", " ", article.body_html).split())
    assert 1200 <= words <= 1800


def test_demo_admin_can_log_in_with_the_documented_password_in_debug(client, settings):
    settings.DEBUG = True  # make run
    call_command("load_demo", stdout=io.StringIO())
    assert client.login(username="admin", password="demo-admin-2026")
    # Its address is confirmed, so the readers' login (allauth) lets it in too.
    response = client.post(
        "/accounts/login/", {"login": "admin", "password": "demo-admin-2026"}, follow=True
    )
    assert response.context["user"].username == "admin"


def test_demo_admin_on_a_real_server_gets_a_random_password_printed_once(client, settings):
    settings.DEBUG = False
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert not client.login(username="admin", password="demo-admin-2026")
    password = re.search(r"password '([^']+)'", out.getvalue()).group(1)
    assert client.login(username="admin", password=password)


def test_running_load_demo_again_keeps_the_password_the_operator_chose(client, monkeypatch):
    call_command("load_demo", stdout=io.StringIO())
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("Operator-chosen-77")
    admin.save()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert client.login(username="admin", password="Operator-chosen-77")
    assert "left as it is" in out.getvalue()
    monkeypatch.setenv("DEMO_ADMIN_PASSWORD", "Asked-for-again-88")
    call_command("load_demo", stdout=io.StringIO())
    assert client.login(username="admin", password="Asked-for-again-88")


def test_demo_images_are_saved_with_their_size(client):
    """Width and height are stored, so the page prints them (no layout shift) and no page
    view has to open an image file to learn them."""
    call_command("load_demo", stdout=io.StringIO())
    assert not GuideStep.objects.filter(image_width__isnull=True).exists()
    assert not Article.objects.filter(featured_image_width__isnull=True).exists()
    step = GuideStep.objects.order_by("position").first()
    html = client.get(step.article.get_absolute_url()).content.decode()
    assert f'width="{step.image_width}" height="{step.image_height}" loading="lazy"' in html


def test_migration_fills_missing_image_sizes_and_skips_missing_files():
    from django.apps import apps

    fill = importlib.import_module("articles.migrations.0004_fill_image_dimensions")
    call_command("load_demo", stdout=io.StringIO())
    steps = GuideStep.objects.order_by("position")
    first, second = steps[0], steps[1]
    second.image.storage.delete(second.image.name)
    GuideStep.objects.update(image_width=None, image_height=None)

    fill.fill_dimensions(apps, None)

    sizes = dict(GuideStep.objects.values_list("pk", "image_width"))
    assert sizes[first.pk] == 960
    assert sizes[second.pk] is None


def test_demo_articles_never_edited_do_not_say_updated(client):
    """They were written on their publication date, not "updated" the day the demo loaded."""
    call_command("load_demo", stdout=io.StringIO())
    for article in Article.objects.published():
        assert article.updated_at == article.published_at
        page = client.get(article.get_absolute_url()).content.decode()
        assert "updated <time" not in page, article.slug


def test_demo_comments_are_in_markdown_as_new_comments_are(client):
    """The demo shows comments as readers write them now: Markdown, rendered by the same
    code as a new comment (comments/markup.py), their text as written."""
    call_command("load_demo", stdout=io.StringIO())
    comments = Comment.objects.filter(imported_id__startswith="demo:")
    assert comments.count() == 18
    for comment in comments:
        assert comment.body_format == Comment.BodyFormat.MARKDOWN, comment.imported_id
        assert comment.body_html == render_markdown(comment.body), comment.imported_id
    answer = comments.get(imported_id="demo:c18")
    assert answer.body.startswith("For most people with sciatica, yes.")
    assert answer.body_html.count("<p>") == 2  # its two paragraphs
    html = client.get(answer.article.get_absolute_url()).content.decode()
    assert "<p>Please get urgent medical help at once if you notice numbness" in html


def test_loading_the_demo_again_brings_older_html_demo_comments_to_markdown():
    call_command("load_demo", stdout=io.StringIO())
    demo = Comment.objects.filter(imported_id__startswith="demo:")
    # As an older version of the demo left them.
    demo.update(body_format=Comment.BodyFormat.HTML, body_html="<p>old</p>")
    call_command("load_demo", stdout=io.StringIO())
    assert set(demo.values_list("body_format", flat=True)) == {Comment.BodyFormat.MARKDOWN}
    assert not demo.filter(body_html="<p>old</p>").exists()
    assert demo.count() == 18
