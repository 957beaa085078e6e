"""Comments posted and deleted at the same moment, each on a database connection of its
own: the rules still hold, and nothing is lost without the reader being told."""

import threading
import time

import pytest
from django.db import connections, transaction

from comments.models import Comment
from comments.moderation import CommentRefused
from comments.services import comment_create, comment_delete

pytestmark = pytest.mark.django_db(transaction=True)


def run_in_threads(*jobs):
    """Start every job at once; returns what each returned or raised."""
    start = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            start.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # looked at by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def in_thread(job):
    """Run job in a thread of its own (its own connection); returns (thread, results)."""
    results = []

    def run():
        try:
            results.append(job())
        except Exception as error:
            results.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, results


def wait_until_a_lock_is_awaited(timeout=15):
    """Until another connection is waiting for a row lock (PostgreSQL says so), so that
    the test knows the race is really on."""
    from django.db import connection

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.02)
    pytest.fail("the second connection never waited for the lock")


def test_a_double_click_posts_one_comment(article, trusted_reader):
    def post():
        return comment_create(article=article, author=trusted_reader, body="Said twice at once")

    results = run_in_threads(post, post, post)
    posted = [r for r in results if isinstance(r, Comment)]
    refused = [r for r in results if isinstance(r, CommentRefused)]
    assert len(posted) == 1 and len(refused) == 2, results
    assert Comment.objects.filter(body="Said twice at once").count() == 1


def test_a_reply_to_a_comment_deleted_meanwhile_is_refused_with_its_text_kept(
    article, trusted_reader, other_reader, make_comment
):
    """The delete holds the parent when the reply arrives: the reply waits for it, then
    is refused with a message (the view keeps the text), not a server error."""
    parent = make_comment(article, author=trusted_reader, body="Soon gone")
    lock_taken, release = threading.Event(), threading.Event()

    def delete_slowly():
        with transaction.atomic():
            comment_delete(comment=parent, user=trusted_reader)
            lock_taken.set()
            release.wait(timeout=30)

    deleter, _ = in_thread(delete_slowly)
    assert lock_taken.wait(timeout=30)
    replier, outcome = in_thread(
        lambda: comment_create(article=article, author=other_reader, body="My reply", parent=parent)
    )
    wait_until_a_lock_is_awaited()  # the reply waits for the parent's lock
    release.set()
    deleter.join(timeout=30)
    replier.join(timeout=30)
    assert isinstance(outcome[0], CommentRefused), outcome
    assert "has just been deleted" in outcome[0].message
    assert not Comment.objects.filter(pk=parent.pk).exists()


def test_deleting_a_comment_while_a_reply_to_it_goes_in_keeps_the_thread(
    article, trusted_reader, other_reader, make_comment
):
    """The reply holds the parent when the delete arrives: the delete waits, sees the
    reply and leaves the parent as "This comment was deleted" (no reply lost with it)."""
    parent = make_comment(article, author=trusted_reader, body="Replied to")
    lock_taken, release = threading.Event(), threading.Event()

    def reply_slowly():
        with transaction.atomic():
            reply = comment_create(
                article=article, author=other_reader, body="Just in", parent=parent
            )
            lock_taken.set()
            release.wait(timeout=30)
        return reply

    replier, reply = in_thread(reply_slowly)
    assert lock_taken.wait(timeout=30)
    deleter, deleted = in_thread(lambda: comment_delete(comment=parent, user=trusted_reader))
    wait_until_a_lock_is_awaited()  # the delete waits for the parent's lock
    release.set()
    replier.join(timeout=30)
    deleter.join(timeout=30)
    assert deleted == [False], deleted  # kept, emptied
    parent.refresh_from_db()
    assert parent.is_deleted
    assert Comment.objects.filter(pk=reply[0].pk, parent=parent).exists()


def test_reports_sent_together_all_count_and_a_double_click_is_told(
    article, make_comment, other_reader, trusted_reader, django_user_model, settings
):
    """Each report locks the comment: two at once both count towards hiding it, and one
    reader's double click gets "already reported", not a server error."""
    from comments.services import comment_flag

    settings.COMMENTS_FLAGS_TO_HIDE = 2
    comment = make_comment(article, author=other_reader, body="Reported twice at once")
    third = django_user_model.objects.create_user(username="third", password="x" * 12)
    results = run_in_threads(
        lambda: comment_flag(comment=comment, user=trusted_reader, reason="harmful"),
        lambda: comment_flag(comment=comment, user=third, reason="harmful"),
    )
    assert not any(isinstance(r, Exception) for r in results), results
    assert Comment.objects.get(pk=comment.pk).is_hidden

    other = make_comment(article, author=other_reader, body="Double clicked")
    results = run_in_threads(
        lambda: comment_flag(comment=other, user=third, reason="spam"),
        lambda: comment_flag(comment=other, user=third, reason="spam"),
    )
    refusals = [r for r in results if isinstance(r, CommentRefused)]
    assert len(refusals) == 1 and "already reported" in refusals[0].message
