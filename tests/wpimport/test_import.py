"""Importing the sample export: what lands in the database and what a reader sees."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count

from articles.models import Article, Category, Tag
from comments.models import Comment, CommentThread
from ratings.models import RatingSummary
from wpimport.models import ImportedItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(author, blog_xml, run_import):
    """The sample imported into a site where Maren (author fixture) already has an
    account. Returns the command's output."""
    return run_import(blog_xml)


def by_wp_id(wp_id):
    return Comment.objects.get(imported_id=f"wp:{wp_id}")


def test_author_with_a_known_email_is_matched_and_left_as_is(imported, author):
    article = Article.objects.get(slug="morning-stretches")
    assert article.author == author
    author.refresh_from_db()
    assert author.display_name == "Maren Holt"  # not the WordPress display name
    assert author.has_usable_password()
    assert "matched the existing account “maren” by email" in imported


def test_unknown_author_gets_an_account_without_a_usable_password(imported):
    tom = get_user_model().objects.get(email="tom@walkers.example.com")
    assert tom.username == "tom.walker"
    assert tom.display_name == "Tom Walker"
    assert (tom.first_name, tom.last_name) == ("Tom", "Walker")
    assert not tom.has_usable_password()
    assert Article.objects.get(slug="desk-sitting").author == tom


def test_author_without_posts_gets_no_account(imported):
    assert not get_user_model().objects.filter(email="helper@oldblog.example.net").exists()
    assert "1 with no imported post (no account made)" in imported


def test_categories_and_tags_are_created_and_attached(imported):
    exercises = Category.objects.get(slug="exercises")
    assert exercises.name == "Exercises"
    assert exercises.description == "Movements to try at home."
    assert Category.objects.filter(slug="daily-life").exists()
    assert set(Tag.objects.values_list("slug", "name")) == {
        ("stretching", "stretching"),
        ("lower-back", "lower back"),
    }
    article = Article.objects.get(slug="morning-stretches")
    assert list(article.categories.values_list("slug", flat=True)) == ["exercises"]
    assert set(article.tags.values_list("slug", flat=True)) == {"stretching", "lower-back"}
    assert not Category.objects.filter(slug="main-menu").exists()  # a nav menu term


def test_post_fields_statuses_and_gmt_dates(imported):
    published = Article.objects.get(slug="morning-stretches")
    assert published.title == "Morning stretches for a stiff back"
    assert published.status == Article.Status.PUBLISHED
    assert published.published_at == datetime(2012, 8, 26, 12, 39, tzinfo=UTC)
    assert published.excerpt == "Three gentle movements for stiff mornings & sore backs."

    draft = Article.objects.get(title="Walking plan (unfinished)")
    assert draft.status == Article.Status.DRAFT
    assert draft.published_at is None
    assert draft.slug == "walking-plan-unfinished"  # WordPress drafts have no slug yet

    scheduled = Article.objects.get(slug="sleeping-positions")
    assert scheduled.status == Article.Status.SCHEDULED
    assert scheduled.published_at == datetime(2031, 5, 1, 7, 0, tzinfo=UTC)


def test_pages_are_imported_as_pages_with_their_comments(imported):
    page = Article.objects.get(title="About this blog")
    assert page.kind == Article.Kind.PAGE and page.get_absolute_url() == "/page/about/"
    assert list(page.comments.values_list("body", flat=True)) == ["Nice page."]
    assert not Article.objects.posts().filter(pk=page.pk).exists()


def test_content_becomes_paragraphs_and_figures(imported):
    body = Article.objects.get(slug="morning-stretches").body_html
    assert body.startswith("<p>Waking up stiff is common. These three movements take five")
    assert "five minutes<br>\nand can be done before breakfast.</p>" in body
    assert '<figure class="wp-caption aligncenter"><img' in body
    assert "<figcaption>Knee hug: hold for twenty seconds</figcaption></figure>" in body
    assert "<h2>Before you start</h2>\n<p>Move slowly." in body
    assert "<li><strong>Breathe out</strong> as you stretch</li>" in body
    assert "<p><ul>" not in body and "[caption" not in body
    assert "[ratings]" not in body and "<!--more-->" not in body
    assert "[ratings] ×1" in imported


def test_comments_keep_status_dates_names_and_urls(imported):
    assert by_wp_id(101).status == Comment.Status.APPROVED
    assert by_wp_id(107).status == Comment.Status.PENDING
    assert by_wp_id(108).status == Comment.Status.SPAM
    assert by_wp_id(109).status == Comment.Status.REMOVED
    first = by_wp_id(101)
    assert first.author is None
    assert first.author_name == "Priya"
    assert first.author_email == "priya@example.com"
    assert first.author_url == "http://priya.example.com/"
    assert first.created_at == datetime(2012, 8, 27, 7, 15, tzinfo=UTC)
    assert first.body == "The knee hug helps me a lot.\n\nIs it fine to do it twice a day?"
    assert first.body_html == (
        "<p>The knee hug helps me a lot.</p><p>Is it fine to do it twice a day?</p>"
    )


def test_pingbacks_and_trackbacks_are_skipped_and_counted(imported):
    assert not Comment.objects.filter(imported_id__in=["wp:110", "wp:111"]).exists()
    assert "comments: 2 pingbacks and trackbacks" in imported


def test_threads_keep_their_true_parents_six_levels_deep(imported):
    chain = [by_wp_id(wp_id) for wp_id in range(101, 107)]
    assert chain[0].parent is None
    for parent, reply in zip(chain, chain[1:], strict=False):
        assert reply.parent_id == parent.pk


def test_article_page_shows_the_thread_nested(client, imported):
    article = Article.objects.get(slug="morning-stretches")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "6 Comments on “Morning stretches for a stiff back”" in page
    for depth, wp_id in enumerate(range(101, 106), start=1):
        comment = by_wp_id(wp_id)
        assert f'class="comment comment--depth-{depth}" id="comment-{comment.pk}"' in page
    # Deeper than the display depth (5): shown at the last level, parent kept above.
    sixth = by_wp_id(106)
    assert f'class="comment comment--depth-5" id="comment-{sixth.pk}"' in page
    assert "Sixth level: deeper than the page shows" in page
    for hidden in ("Waiting for a moderator.", "miracle cure", "went to the bin"):
        assert hidden not in page
    assert 'href="http://priya.example.com/"' in page
    assert "27 August 2012, 08:15" in page  # 07:15 GMT, shown in London summer time


def test_rating_meta_becomes_the_imported_totals(client, imported):
    article = Article.objects.get(slug="morning-stretches")
    summary = RatingSummary.objects.get(article=article)
    assert (summary.imported_count, summary.imported_sum) == (27, 197)
    assert (summary.star_count, summary.star_sum) == (0, 0)  # live votes kept apart
    assert summary.average == Decimal("7.3")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "7.3/10" in page
    assert not RatingSummary.objects.filter(article__slug="desk-sitting").exists()


def test_closed_comments_stay_closed(imported):
    assert CommentThread.objects.get(article__slug="desk-sitting").is_closed
    assert not CommentThread.objects.filter(article__slug="morning-stretches").exists()


def test_summary_table_counts_each_kind(imported):
    lines = {line.split()[0]: line.split()[1:] for line in imported.splitlines()[2:12] if line}
    assert lines["authors"] == ["1", "0", "1", "1"]
    assert lines["categories"] == ["2", "0", "0", "0"]
    assert lines["tags"] == ["2", "0", "0", "0"]
    assert lines["posts"] == ["4", "0", "0", "0"]
    assert lines["pages"] == ["1", "0", "0", "0"]
    assert lines["comments"] == ["10", "0", "0", "2"]
    assert lines["ratings"] == ["1", "0", "0", "0"]
    assert lines["redirects"] == ["10", "0", "0", "0"]


def test_every_imported_row_is_remembered_by_wordpress_id(imported):
    kinds = dict(
        ImportedItem.objects.filter(site="oldblog.example.net")
        .values_list("kind")
        .annotate(number=Count("id"))
    )
    assert kinds == {"author": 2, "category": 2, "tag": 2, "post": 5, "comment": 10, "rating": 1}
    post = ImportedItem.objects.get(kind="post", wp_id="10")
    assert post.object_id == Article.objects.get(slug="morning-stretches").pk
    assert len(post.content_hash) == 64


def test_threads_are_built_the_same_without_reserved_ids(author, blog_xml, run_import, monkeypatch):
    """Databases other than PostgreSQL insert a thread one level at a time."""
    monkeypatch.setattr("wpimport.importer._reserve_ids", lambda model, count: None)
    run_import(blog_xml)
    chain = [by_wp_id(wp_id) for wp_id in range(101, 107)]
    assert chain[0].parent is None
    for parent, reply in zip(chain, chain[1:], strict=False):
        assert reply.parent_id == parent.pk
