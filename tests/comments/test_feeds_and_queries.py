import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment

pytestmark = pytest.mark.django_db


def test_feeds_carry_approved_comments_only(client, article, make_comment, other_reader):
    make_comment(article, body="Approved words")
    make_comment(article, body="Held words", status=Comment.Status.PENDING, author=other_reader)
    make_comment(article, body="Spam words", status=Comment.Status.SPAM)
    for url in ["/comments/feed/", f"/comments/feed/{article.slug}/"]:
        root = ET.fromstring(client.get(url).content)
        descriptions = [item.findtext("description") for item in root.iter("item")]
        assert descriptions == ["Approved words"]


def test_markup_typed_in_a_comment_stays_text_in_feed_readers(client, article, make_comment):
    """A feed reader reads a description as HTML: what a reader typed as a tag arrives
    escaped once more, as text (the XML parser undoes only the feed's own escaping)."""
    from sciatica_site.sanitizer import clean_comment_html

    typed = "<img src=x onerror=alert(1)> & more"
    make_comment(article, body=typed, body_html=clean_comment_html(typed))
    root = ET.fromstring(client.get("/comments/feed/").content)
    description = next(root.iter("item")).findtext("description")
    assert description == "&lt;img src=x onerror=alert(1)&gt; &amp; more"


def test_replytocom_with_digits_that_are_not_numbers_is_ignored(client, article):
    for value in ("²", "①", "٣", "12a"):
        response = client.get(f"{article.get_absolute_url()}?replytocom={value}")
        assert response.status_code == 200, value


def article_queries(client, article):
    with CaptureQueriesContext(connection) as context:
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return len(context.captured_queries)


def add_comments(article, authors, count):
    start = timezone.now() - timedelta(days=30)
    existing = list(Comment.objects.filter(article=article).values_list("pk", flat=True))
    new = []
    for number in range(count):
        new.append(
            Comment(
                article=article,
                author=authors[number % len(authors)],
                body=f"Comment {number}",
                body_html=f"<p>Comment {number}</p>",
                created_at=start + timedelta(minutes=number),
                status=Comment.Status.APPROVED,
            )
        )
    created = Comment.objects.bulk_create(new)
    # thread a third of them under earlier comments
    for index, comment in enumerate(created):
        if index % 3 == 2:
            comment.parent_id = (existing + [c.pk for c in created])[index - 1]
    Comment.objects.bulk_update(created, ["parent"])


@pytest.mark.parametrize("fragments", [0, 600], ids=["fragments-off", "fragments-on"])
@pytest.mark.parametrize("viewer", ["anonymous", "pending_author", "staff"])
def test_article_page_queries_do_not_grow_with_comments(
    article, reader, other_reader, staff, make_comment, viewer, fragments, settings
):
    settings.CACHING_PAGE_SECONDS = 0  # count what a render costs
    settings.CACHING_FRAGMENT_SECONDS = fragments
    client = Client()
    if viewer == "pending_author":
        make_comment(article, author=reader, status=Comment.Status.PENDING, body="Mine, held")
        client.force_login(reader)
    elif viewer == "staff":
        client.force_login(staff)
    add_comments(article, [reader, other_reader], 1)
    article_queries(client, article)  # the article's fragments, when on, are now cached
    one = article_queries(client, article)
    add_comments(article, [reader, other_reader], 99)
    hundred = article_queries(client, article)
    add_comments(article, [reader, other_reader], 900)
    thousand = article_queries(client, article)
    assert one == hundred == thousand, (one, hundred, thousand)
    # Fully rendered: the article, story count, steps, categories, tags, the review byline,
    # the sources, the "When to get help now" box, "Read next", the thread, the badges of
    # the thread's people, "Did this help?", and for a reader the session, the user, their
    # suspension, their own votes and what they follow there. With the content fragment
    # cached (what readers get), eight of those go.
    reader_extra = 0 if viewer == "anonymous" else 5
    assert thousand <= (12 if not fragments else 4) + reader_extra


def test_a_comment_post_writes_at_most_three_statements(client, article, reader, make_comment):
    make_comment(article, author=reader, body="Earlier, approved")
    Comment.objects.update(created_at=timezone.now() - timedelta(minutes=5))
    client.force_login(reader)
    with CaptureQueriesContext(connection) as context:
        response = client.post(f"/comments/post/{article.slug}/", {"body": "Counting writes"})
    assert response.status_code == 302
    writes = [
        q["sql"] for q in context.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]  # fmt: skip
    assert 1 <= len(writes) <= 3, writes
