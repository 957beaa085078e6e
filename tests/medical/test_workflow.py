"""Review as a workflow (medical.services): an author asks, a reviewer approves with a note
or sends back with comments; the article page follows each change."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article
from medical.changes import snapshot_now
from medical.models import ArticleReview, ReviewPolicy, ReviewRequest
from medical.queries import with_review_state
from medical.services import (
    review_approve,
    review_request_create,
    review_send_back,
    reviewer_save,
    source_delete,
    source_save,
)

pytestmark = pytest.mark.django_db


def state(article):
    return with_review_state(Article.objects.filter(pk=article.pk)).get()


def test_approval_records_who_when_the_next_date_and_the_version(article, reviewer, approve):
    policy = ReviewPolicy.current()
    policy.interval_months = 6
    policy.save()
    decided = approve(article, reviewer, note="  Checked against NICE NG59. ")

    review = ArticleReview.objects.get(article=article)
    assert review.reviewer == reviewer
    assert review.reviewed_at == decided.decided_at
    today = timezone.localdate(review.reviewed_at)
    assert (review.next_review_due - today).days in range(181, 185)
    assert review.reviewed_version.body == article.body
    assert decided.status == ReviewRequest.Status.APPROVED
    assert decided.note == "Checked against NICE NG59."
    assert decided.changes_since is None  # a first review


def test_a_second_review_is_on_the_changes_since_the_first(article, reviewer, approve):
    first = approve(article, reviewer)
    second = approve(article, reviewer)
    assert second.changes_since == first.decided_at
    assert ArticleReview.objects.get(article=article).reviewed_at == second.decided_at


def test_asking_twice_while_waiting_is_refused(article):
    review_request_create(article=article, requested_by=article.author)
    with pytest.raises(ValidationError, match="already waiting for review"):
        review_request_create(article=article, requested_by=article.author)
    assert ReviewRequest.objects.count() == 1


def test_sending_back_needs_comments_and_leaves_the_current_review(article, reviewer, approve):
    approve(article, reviewer)
    reviewed = ArticleReview.objects.get(article=article)
    request = review_request_create(article=article, requested_by=article.author)
    with pytest.raises(ValidationError) as refused:
        review_send_back(review_request=request, reviewer=reviewer, note="   ")
    assert "Say what needs to change" in str(refused.value)
    request.refresh_from_db()
    assert request.is_waiting

    review_send_back(review_request=request, reviewer=reviewer, note="Step 3 is unsafe.")
    request.refresh_from_db()
    assert (request.status, request.note) == (ReviewRequest.Status.SENT_BACK, "Step 3 is unsafe.")
    assert ArticleReview.objects.get(article=article).reviewed_at == reviewed.reviewed_at


def test_a_decided_request_cannot_be_decided_again(article, reviewer):
    request = review_request_create(article=article, requested_by=article.author)
    review_approve(review_request=request, reviewer=reviewer)
    with pytest.raises(ValidationError, match="already approved by Dr Nadia Karim"):
        review_send_back(review_request=request, reviewer=reviewer, note="Too late")


def test_a_reviewer_does_not_review_their_own_article(make_article, reviewer):
    own = make_article(slug="own", author=reviewer.user)
    request = review_request_create(article=own, requested_by=reviewer.user)
    with pytest.raises(ValidationError, match="another reviewer must review it"):
        review_approve(review_request=request, reviewer=reviewer)
    assert not ArticleReview.objects.exists()


def test_approving_text_that_changed_while_reading_is_refused(article, reviewer):
    request = review_request_create(article=article, requested_by=article.author)
    seen = snapshot_now(article).fingerprint()
    article.body = "<p>Hold for 90 seconds.</p>"
    article.save()
    with pytest.raises(ValidationError, match="changed while you were reading"):
        review_approve(review_request=request, reviewer=reviewer, seen=seen)
    assert not ArticleReview.objects.exists()
    review_approve(
        review_request=request, reviewer=reviewer, seen=snapshot_now(article).fingerprint()
    )
    assert ArticleReview.objects.filter(article=article).exists()


def test_an_edit_after_the_review_shows_as_updated_since_review_until_re_reviewed(
    article, reviewer, approve, make_step, make_source
):
    assert not state(article).updated_since_review  # never reviewed
    approve(article, reviewer)
    article.status = Article.Status.DRAFT  # publication changes are not edits of the text
    article.save()
    article.status = Article.Status.PUBLISHED
    article.save()
    assert not state(article).updated_since_review

    article.body = article.body.replace("20 seconds", "30 seconds")
    article.save()
    assert state(article).updated_since_review
    approve(article, reviewer)
    assert not state(article).updated_since_review

    make_step(article, 1)
    assert state(article).updated_since_review
    approve(article, reviewer)
    make_source(article, 3)
    assert state(article).updated_since_review


def test_overdue_and_waiting_are_read_with_the_article(article, reviewer, approve):
    approve(article, reviewer)
    ArticleReview.objects.filter(article=article).update(next_review_due=dt.date(2020, 1, 1))
    assert state(article).overdue and not state(article).waiting_for_review
    review_request_create(article=article, requested_by=article.author)
    assert state(article).waiting_for_review


def test_an_article_saved_before_history_was_kept_gets_a_first_version(article, reviewer):
    Article.history.filter(id=article.pk).delete()
    request = review_request_create(article=article, requested_by=article.author)
    review_approve(review_request=request, reviewer=reviewer)
    assert ArticleReview.objects.get(article=article).reviewed_version.title == "Easing sciatica"


# What readers see follows each change (the byline and sources are kept in the shared
# content fragment and the anonymous page cache; the services retire them on commit).


def test_an_approval_shows_on_the_cached_page(client, article, reviewer, approve):
    assert "Medically reviewed" not in client.get(article.get_absolute_url()).content.decode()
    approve(article, reviewer)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Medically reviewed by" in html and "Dr Nadia Karim" in html


def test_a_source_added_or_removed_shows_on_the_cached_page(
    client, article, django_capture_on_commit_callbacks
):
    from medical.models import Source

    assert 'id="sources"' not in client.get(article.get_absolute_url()).content.decode()
    source = Source(article=article, number=1, title="NHS: Sciatica", url="https://www.nhs.uk/")
    with django_capture_on_commit_callbacks(execute=True):
        source_save(source=source)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "NHS: Sciatica" in html and 'href="#source-1"' in html
    with django_capture_on_commit_callbacks(execute=True):
        source_delete(source=source)
    assert "NHS: Sciatica" not in client.get(article.get_absolute_url()).content.decode()


def test_a_reviewer_renamed_shows_on_the_pages_they_reviewed(
    client, article, reviewer, approve, django_capture_on_commit_callbacks
):
    approve(article, reviewer)
    assert "Dr Nadia Karim" in client.get(article.get_absolute_url()).content.decode()
    reviewer.name = "Dr Nadia Karim-Shah"
    with django_capture_on_commit_callbacks(execute=True):
        reviewer_save(reviewer=reviewer)
    assert "Dr Nadia Karim-Shah" in client.get(article.get_absolute_url()).content.decode()


def test_a_sent_back_review_announces_nothing(
    article, reviewer, django_capture_on_commit_callbacks
):
    request = review_request_create(article=article, requested_by=article.author)
    with django_capture_on_commit_callbacks() as callbacks:
        review_send_back(review_request=request, reviewer=reviewer, note="Check step 2.")
    assert callbacks == []
