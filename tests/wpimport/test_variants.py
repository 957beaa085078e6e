"""Older export versions, other rating scales, comments by logged-in WordPress users."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from articles.models import Article
from comments.models import Comment
from ratings.models import RatingSummary
from ratings.services import summary_import
from wpimport.models import ImportedItem

from .wxrkit import author, comment, export, post

pytestmark = pytest.mark.django_db


def test_wxr_1_1_exports_import_the_same(write_export, run_import):
    run_import(write_export(export([post(5, "Older export", slug="older")], version="1.1")))
    assert Article.objects.get().slug == "older"


def test_five_star_ratings_are_put_on_the_scale_of_ten(write_export, run_import):
    meta = {"ratings_users": "4", "ratings_score": "15"}
    run_import(write_export(export([post(5, "Rated", meta=meta)])), "--ratings-max", "5")
    summary = RatingSummary.objects.get()
    assert (summary.imported_count, summary.imported_sum) == (4, 30)


def test_rating_meta_out_of_range_is_skipped_and_named(write_export, run_import):
    meta = {"ratings_users": "2", "ratings_score": "90"}
    output = run_import(write_export(export([post(5, "Odd", meta=meta)])))
    assert not RatingSummary.objects.exists()
    assert "ratings: 1 rating meta out of range (votes 1 to 10 expected)" in output
    assert "“Odd” (WordPress ID 5): 2 votes, score 90" in output


@pytest.mark.parametrize(
    ("users", "score", "reason"),
    [
        ("1000000000", "4000000000", "rating meta with more than 100,000,000 votes"),
        ("5", "inf", "rating meta that is not a number of votes"),
        ("1", "nan", "rating meta that is not a number of votes"),
        ("2.5", "10", "rating meta that is not a number of votes"),
        ("35,0", "a:0:{}", "rating meta that is not a number"),
    ],
)
def test_unreadable_or_huge_rating_meta_is_skipped_and_named(
    users, score, reason, write_export, run_import
):
    meta = {"ratings_users": users, "ratings_score": score}
    output = run_import(write_export(export([post(5, "Odd", meta=meta)])))
    assert not RatingSummary.objects.exists()
    assert f"ratings: 1 {reason}" in output
    assert Article.objects.count() == 1  # the post itself is imported


def test_imported_totals_are_set_by_the_ratings_app(write_export, run_import, monkeypatch):
    """ratings.services.summary_import checks the totals, locks their row and writes only
    what changed."""
    calls = []

    def spy(*, article, count, total):
        calls.append((article.slug, count, total))
        return summary_import(article=article, count=count, total=total)

    monkeypatch.setattr("wpimport.writers.ratings.summary_import", spy)
    meta = {"ratings_users": "4", "ratings_score": "15"}
    path = write_export(export([post(5, "Rated", slug="rated", meta=meta)]))
    run_import(path, "--ratings-max", "5")
    run_import(path, "--ratings-max", "5")  # unchanged: not written again
    assert calls == [("rated", 4, 30)]


def test_totals_the_ratings_app_refuses_are_skipped_and_named(
    write_export, run_import, monkeypatch
):
    def refuse(*, article, count, total):
        raise ValidationError(f"{count} votes of 1 to 10 stars cannot add up to {total}.")

    monkeypatch.setattr("wpimport.writers.ratings.summary_import", refuse)
    meta = {"ratings_users": "4", "ratings_score": "30"}
    output = run_import(write_export(export([post(5, "Rated", meta=meta)])))
    assert not RatingSummary.objects.exists()
    assert not ImportedItem.objects.filter(kind="rating").exists()  # tried again next run
    assert "ratings: 1 rating meta out of range (votes 1 to 10 expected)" in output
    assert "“Rated” (WordPress ID 5): 4 votes, score 30" in output


def test_comment_by_a_logged_in_wordpress_author_is_linked_to_their_account(
    write_export, run_import
):
    content = export(
        [post(5, "Post", comments=[comment(9, "Author here", name="Maren", user_id=1)])],
        authors=[author("maren", "maren@example.org", wp_id=1)],
    )
    run_import(write_export(content))
    linked = Comment.objects.get()
    assert linked.author == Article.objects.get().author
    assert linked.author_name == "Maren"


def test_commenter_with_a_known_email_is_not_linked_by_email_alone(
    author, write_export, run_import
):
    """Anyone could type someone's address into a WordPress comment form."""
    content = export([post(5, "Post", comments=[comment(9, "Hi", email=author.email)])])
    run_import(write_export(content))
    assert Comment.objects.get().author is None


@pytest.mark.parametrize(
    ("encoding", "title", "text"),
    [
        ("GB2312", "坐骨神经痛的伸展运动", "每天早上做五分钟。"),
        ("Shift_JIS", "坐骨神経痛のストレッチ", "毎朝五分間行います。"),
        ("EUC-KR", "좌골신경통 스트레칭", "매일 아침 5분."),
        ("ISO-8859-1", "Étirements du matin", "Doucement, sans forcer."),
        ("windows-1252", "Übungen für den Rücken", "Langsam – ohne Schmerz."),
    ],
)
def test_exports_in_older_encodings_keep_their_text(
    encoding, title, text, write_export, run_import
):
    """Old blogs' exports declare the encoding their database had; expat reads no
    multi-byte one but its own, so those are decoded first."""
    content = export([post(5, title, f"<p>{text}</p>", slug="stretching")])
    content = content.replace('encoding="UTF-8"', f'encoding="{encoding}"', 1)
    run_import(write_export(content.encode(encoding)))
    article = Article.objects.get()
    assert article.title == title and text in article.body_html


def test_an_unknown_encoding_is_a_clear_error(write_export, run_import):
    content = export([post(5, "Post")]).replace('encoding="UTF-8"', 'encoding="klingon-8"', 1)
    with pytest.raises(CommandError, match="encoding “klingon-8”, which is unknown"):
        run_import(write_export(content))
    assert not Article.objects.exists()


def test_control_characters_wordpress_wrote_are_left_out_and_counted(write_export, run_import):
    content = export([post(5, "Pasted\x0b from Word", "<p>Line\x08 one\x1f.</p>")])
    output = run_import(write_export(content))
    article = Article.objects.get()
    assert article.title == "Pasted from Word" and "Line one." in article.body_html
    assert "3 invisible control characters" in output


def test_updated_shows_when_the_post_changed_in_wordpress_not_the_import(
    client, write_export, run_import
):
    edited = post(5, "Edited later", slug="edited", modified_gmt="2014-03-02 08:00:00")
    untouched = post(6, "Never edited", slug="untouched")  # an export without the date
    run_import(write_export(export([edited, untouched])))
    html = client.get("/articles/edited/").content.decode()
    assert 'updated <time datetime="2014-03-02T08:00:00+00:00">2 March 2014</time>' in html
    assert "updated <time" not in client.get("/articles/untouched/").content.decode()
