"""Deleting an account twice at once (a double click, two tabs) ends calmly: each request
is sent to the home page logged out, none answers with a server error."""

import threading
import time
from http import HTTPStatus

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction
from django.test import Client

from accounts import yourdata

PASSWORD = "a long test password"


def _make_reader():
    return get_user_model().objects.create_user(
        username="zoe", email="zoe@example.org", password=PASSWORD, display_name="Zoë"
    )


def _waiting_for_a_lock() -> int:
    """How many other connections to this database wait for a row lock now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else fixed for the transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_two_deletions_at_once_both_end_on_the_home_page():
    """Both requests are past the login and the password check, then wait on the
    account's row (held here); released, one deletes and the other finds it gone."""
    user = _make_reader()
    clients = [Client(raise_request_exception=False) for _ in range(2)]
    for client in clients:
        client.force_login(user)
    responses = [None, None]

    def delete(index):
        try:
            responses[index] = clients[index].post(
                "/accounts/your-data/delete/", {"comments": "keep", "password": PASSWORD}
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=delete, args=(index,)) for index in range(2)]
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=user.pk)
        for thread in threads:
            thread.start()
        # Wait until both requests are blocked on the row (no time is asserted: a request
        # that never got there fails the test on the join below instead).
        while _waiting_for_a_lock() < 2 and all(thread.is_alive() for thread in threads):
            time.sleep(0.01)
    for thread in threads:
        thread.join(timeout=60)
    assert [r.status_code for r in responses] == [HTTPStatus.FOUND, HTTPStatus.FOUND]
    assert [r["Location"] for r in responses] == ["/", "/"]
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    for client in clients:
        page = client.get("/").content.decode()
        assert "Your account is deleted" in page or "Your account is already deleted" in page
        assert client.get("/accounts/profile/").status_code == HTTPStatus.FOUND  # to log in


@pytest.mark.django_db
def test_deleting_an_account_already_deleted_says_so():
    user = _make_reader()
    stale = get_user_model().objects.get(pk=user.pk)
    yourdata.delete_account(user, keep_comments=True)
    with pytest.raises(yourdata.AccountGone):
        yourdata.delete_account(stale, keep_comments=True)
    with pytest.raises(yourdata.AccountGone):
        yourdata.deletion_blocked(stale)
