"""The back office: the Reviewers role, the queue, the review page's decision (POST with
CSRF), authors asking for a review, sources edited with their article's review state."""

import datetime as dt
import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from articles.models import Article
from medical.changes import snapshot_now
from medical.models import ArticleReview, ReviewRequest, Source
from medical.services import review_request_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(role_user):
    return role_user("maren", "Authors", display_name="Maren Holt")


@pytest.fixture
def editor(role_user):
    return role_user("ed", "Editors")


@pytest.fixture
def waiting(article):
    return review_request_create(
        article=article, requested_by=article.author, message="Please check the doses."
    )


def review_page(pk):
    return f"/admin/medical/reviewrequest/{pk}/change/"


def sources_page(article):
    return f"/admin/medical/medicalarticle/{article.pk}/change/"


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_reviewers_role_has_the_queue_and_the_decision(roles):
    codes = set(Group.objects.get(name="Reviewers").permissions.values_list("codename", flat=True))
    assert {"view_reviewrequest", "decide_reviewrequest", "view_medicalarticle"} <= codes
    assert "change_article" not in codes and "add_reviewrequest" not in codes
    authors = set(Group.objects.get(name="Authors").permissions.values_list("codename", flat=True))
    assert {"add_reviewrequest", "add_source", "change_source"} <= authors
    assert "decide_reviewrequest" not in authors
    editors = set(Group.objects.get(name="Editors").permissions.values_list("codename", flat=True))
    assert {"add_reviewer", "change_reviewpolicy", "add_source"} <= editors


def test_the_roles_migration_adds_the_reviewers_role():
    """The data migration (accounts 0005) made the group: no fixture synced it here."""
    group = Group.objects.get(name="Reviewers")
    assert group.permissions.filter(codename="decide_reviewrequest").exists()


def test_a_reviewer_sees_the_queue_the_changes_and_approves_with_a_note(client, reviewer, waiting):
    article = waiting.article
    client.force_login(reviewer.user)
    queue = text(client.get("/admin/medical/reviewrequest/"))
    assert "Easing sciatica" in queue and "Waiting for review" in queue

    page = client.get(review_page(waiting.pk))
    assert page.status_code == HTTPStatus.OK
    html = text(page)
    assert "First review: the whole article" in html and "Please check the doses." in html
    assert "Hold for 20 seconds." in html
    assert 'name="decision" value="approve"' in html and 'name="csrfmiddlewaretoken"' in html

    seen = snapshot_now(article).fingerprint()
    response = client.post(
        review_page(waiting.pk), {"decision": "approve", "note": "Fine.", "seen": seen}
    )
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/admin/medical/reviewrequest/"
    waiting.refresh_from_db()
    assert (waiting.status, waiting.note, waiting.reviewer) == ("approved", "Fine.", reviewer)
    assert ArticleReview.objects.get(article=article).reviewer == reviewer
    message = text(client.get(response["Location"]))
    assert "Approved: “Easing sciatica” is marked as reviewed." in message


def test_the_review_page_shows_the_changes_since_the_last_review(
    client, reviewer, article, approve
):
    approve(article, reviewer)
    article.body = article.body.replace("20 seconds", "60 seconds")
    article.save()
    request = review_request_create(article=article, requested_by=article.author)
    client.force_login(reviewer.user)
    html = text(client.get(review_page(request.pk)))
    assert "Changes since the review of" in html
    assert "Hold for <del>20</del> seconds." in html and "Hold for <ins>60</ins> seconds." in html
    assert "Walk a little every day" not in html  # unchanged, away from the change


def test_a_decision_without_the_csrf_token_is_refused(reviewer, waiting):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer.user)
    seen = snapshot_now(waiting.article).fingerprint()
    response = client.post(review_page(waiting.pk), {"decision": "approve", "seen": seen})
    assert response.status_code == HTTPStatus.FORBIDDEN
    waiting.refresh_from_db()
    assert waiting.is_waiting


def test_sending_back_without_comments_says_so_and_changes_nothing(client, reviewer, waiting):
    client.force_login(reviewer.user)
    seen = snapshot_now(waiting.article).fingerprint()
    response = client.post(
        review_page(waiting.pk), {"decision": "send_back", "note": " ", "seen": seen}
    )
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Say what needs to change: the author reads your comments." in text(response)
    waiting.refresh_from_db()
    assert waiting.is_waiting

    response = client.post(
        review_page(waiting.pk),
        {"decision": "send_back", "note": "Step 2 needs a warning.", "seen": seen},
    )
    assert response.status_code == HTTPStatus.FOUND
    waiting.refresh_from_db()
    assert waiting.status == ReviewRequest.Status.SENT_BACK
    assert not ArticleReview.objects.exists()


def test_an_approval_of_text_changed_meanwhile_is_refused_on_the_page(client, reviewer, waiting):
    client.force_login(reviewer.user)
    seen = snapshot_now(waiting.article).fingerprint()
    article = waiting.article
    article.title = "Easing sciatica, revised"
    article.save()
    response = client.post(review_page(waiting.pk), {"decision": "approve", "seen": seen})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "The article changed while you were reading it." in text(response)
    assert not ArticleReview.objects.exists()


def test_an_author_sees_their_request_but_cannot_decide(client, author, make_article):
    article = make_article(slug="mine", author=author)
    request = review_request_create(article=article, requested_by=author)
    client.force_login(author)
    html = text(client.get(review_page(request.pk)))
    assert "Waiting for review" in html and 'value="approve"' not in html
    seen = snapshot_now(article).fingerprint()
    response = client.post(review_page(request.pk), {"decision": "approve", "seen": seen})
    assert response.status_code == HTTPStatus.FORBIDDEN
    request.refresh_from_db()
    assert request.is_waiting


def test_an_author_asks_for_a_review_of_their_own_articles_only(
    client, author, role_user, make_article
):
    mine = make_article(slug="mine", title="Mine", author=author)
    theirs = make_article(slug="theirs", title="Theirs", author=role_user("kim", "Authors"))
    client.force_login(author)
    form = client.get(f"/admin/medical/reviewrequest/add/?article={mine.pk}")
    assert form.status_code == HTTPStatus.OK
    assert f'<option value="{mine.pk}" selected>Mine</option>' in form.content.decode()
    assert "Theirs" not in form.content.decode()

    refused = client.post(
        "/admin/medical/reviewrequest/add/", {"article": theirs.pk, "message": ""}
    )
    assert refused.status_code == HTTPStatus.OK and not ReviewRequest.objects.exists()

    asked = client.post(
        "/admin/medical/reviewrequest/add/", {"article": mine.pk, "message": "New step 3."}
    )
    assert asked.status_code == HTTPStatus.FOUND
    request = ReviewRequest.objects.get()
    assert (request.article, request.requested_by, request.message) == (mine, author, "New step 3.")

    again = client.post("/admin/medical/reviewrequest/add/", {"article": mine.pk, "message": ""})
    assert "This article is already waiting for review." in text(again)
    assert ReviewRequest.objects.count() == 1
    # The author's list holds their own articles, not the others'.
    listing = text(client.get("/admin/medical/medicalarticle/"))
    assert "Mine" in listing and "Theirs" not in listing
    assert client.get(sources_page(theirs)).status_code == HTTPStatus.FOUND  # not theirs to see


def test_editors_see_updated_since_review_and_overdue_articles(
    client, editor, reviewer, article, make_article, approve
):
    other = make_article(title="Sleeping positions", slug="sleeping")
    approve(article, reviewer)
    approve(other, reviewer)
    article.body += "<p>A new paragraph.</p>"
    article.save()
    ArticleReview.objects.filter(article=other).update(next_review_due=dt.date(2025, 1, 31))
    client.force_login(editor)

    updated = text(client.get("/admin/medical/medicalarticle/?review=updated"))
    assert "Easing sciatica" in updated and "Sleeping positions" not in updated
    overdue = text(client.get("/admin/medical/medicalarticle/?review=overdue"))
    assert "Sleeping positions" in overdue and "31 Jan 2025 (overdue)" in overdue
    index = text(client.get("/admin/"))
    assert "Medical review" in index and "<strong>1</strong> updated since its review" in index
    assert "Overdue for review" in index
    link = f'<a href="/admin/medical/medicalarticle/{other.pk}/change/">Sleeping positions</a>'
    assert f"{link}: due 31 Jan 2025" in index


def test_the_admin_index_counts_cost_the_same_however_many_articles(
    client, editor, reviewer, make_article, approve, django_assert_num_queries
):
    client.force_login(editor)
    client.get("/admin/")  # sessions and permissions read once

    def index_queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            client.get("/admin/")
        return len(captured)

    before = index_queries()
    for number in range(3):
        article = make_article(slug=f"a{number}", title=f"A{number}")
        approve(article, reviewer)
    ArticleReview.objects.update(next_review_due=dt.date(2025, 1, 1))
    assert index_queries() == before


@pytest.mark.parametrize(
    ("doi", "message"),
    [
        ("10.1136 bmj.39223", "is not a DOI"),
        ("bmj.39223.428495.BE", "is not a DOI"),
        ("10.12/x", "is not a DOI"),
    ],
)
def test_a_malformed_doi_in_the_sources_gets_a_clear_error_and_changes_nothing(
    client, editor, article, doi, message, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    data = inline_data(article, [{"number": 1, "title": "BMJ review", "doi": doi}])
    with django_capture_on_commit_callbacks() as announced:
        response = client.post(sources_page(article), data)
    assert response.status_code == HTTPStatus.OK
    assert message in text(response) and "10.1136/bmj.39223.428495.BE" in text(response)
    assert not Source.objects.exists() and not Source.history.exists()
    assert announced == []


def test_sources_are_added_from_the_articles_review_page(
    client, editor, article, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    before = Article.history.filter(id=article.pk).count()
    data = inline_data(
        article,
        [{"number": 1, "title": "NHS: Sciatica", "url": "https://www.nhs.uk/conditions/sciatica/",
          "doi": "https://doi.org/10.1000/abc", "accessed_on": "2026-11-20"}],
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(sources_page(article), data)
    assert response.status_code == HTTPStatus.FOUND
    source = Source.objects.get()
    assert (source.number, source.doi, source.accessed_on) == (
        1,
        "10.1000/abc",
        dt.date(2026, 11, 20),
    )
    # The article itself was not saved (that would count as an edit of its text).
    assert Article.history.filter(id=article.pk).count() == before
    client.logout()
    assert "NHS: Sciatica" in client.get(article.get_absolute_url()).content.decode()


def inline_data(article, rows):
    """The POST of the article's review page with these rows in the sources inline."""
    data = {
        "sources-TOTAL_FORMS": str(len(rows)),
        "sources-INITIAL_FORMS": "0",
        "sources-MIN_NUM_FORMS": "0",
        "sources-MAX_NUM_FORMS": "1000",
        "review_requests-TOTAL_FORMS": "0",
        "review_requests-INITIAL_FORMS": "0",
        "review_requests-MIN_NUM_FORMS": "0",
        "review_requests-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"sources-{index}-{name}": value for name, value in row.items()})
        data[f"sources-{index}-article"] = str(article.pk)
    return data


def test_a_reviewer_edits_their_own_profile_only(client, reviewer, role_user):
    from medical.models import Reviewer

    other_user = role_user("tom", "Reviewers")
    other = Reviewer.objects.create(user=other_user, name="Tom Reed", slug="tom", profession="GP")
    client.force_login(reviewer.user)
    assert client.get(f"/admin/medical/reviewer/{reviewer.pk}/change/").status_code == HTTPStatus.OK
    assert client.get(f"/admin/medical/reviewer/{other.pk}/change/").status_code == HTTPStatus.FOUND
    listing = text(client.get("/admin/medical/reviewer/"))
    assert "Dr Nadia Karim" in listing and "Tom Reed" not in listing


def test_the_review_page_names_who_saved_changes_since_the_review(
    client, reviewer, editor, article, approve, django_capture_on_commit_callbacks
):
    editor.display_name = "Edwin Marsh"
    editor.save()
    approve(article, reviewer)
    article.body = article.body.replace("20 seconds", "60 seconds")
    article.save()  # outside a request (a shell, the importer): names nobody
    client.force_login(editor)
    data = inline_data(article, [{"number": 1, "title": "NHS: Sciatica",
                                  "url": "https://www.nhs.uk/conditions/sciatica/"}])  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(sources_page(article), data).status_code == HTTPStatus.FOUND
    request = review_request_create(article=article, requested_by=article.author)
    client.force_login(reviewer.user)
    html = text(client.get(review_page(request.pk)))
    assert "Saved in this time by: Edwin Marsh</p>" in html
    assert "Hold for <ins>60</ins> seconds." in html
