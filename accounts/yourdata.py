"""A person's own data: everything about them as one JSON document, and account deletion.

Deletion is immediate and complete: every registered holder (accounts/personal_data.py)
erases or anonymises its rows, the person's sessions end on every device, allauth's email
addresses go with the account (cascade), and log lines that named them by name are
rewritten. The tests scan every text column of every table for their username, email and
display name afterwards (tests/accounts/test_account_deletion.py).
"""

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import router, transaction
from django.db.models.deletion import Collector, ProtectedError
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from caching import invalidation

from . import personal_data

FORMAT_VERSION = 1


def export(user) -> dict:
    """Everything the site keeps about `user`, as JSON-ready data."""
    from allauth.account.models import EmailAddress

    data = {
        "format": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "bio": user.bio,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("email")
            ],
            "suspensions": [
                {
                    "reason": s.reason,
                    "starts_at": s.starts_at.isoformat(),
                    "ends_at": s.ends_at.isoformat() if s.ends_at else None,
                    "lifted_at": s.lifted_at.isoformat() if s.lifted_at else None,
                }
                for s in user.suspensions.all()
            ],
        },
    }
    for holder in personal_data.holders():
        data[holder.name] = holder.export(user)
    return data


class AccountGone(Exception):
    """The account is already deleted: by another request of the same person a moment
    before (a double click, two tabs), or by the editors."""


def deletion_blocked(user) -> str | None:
    """Why this account cannot be deleted from the site itself, or None. Raises
    AccountGone when the account no longer exists."""
    if user.is_staff or user.is_superuser:
        return _(
            "Accounts that work on the site (authors, editors, reviewers, moderators) are "
            "closed by the editors, so that articles and reviews keep a named person "
            "responsible for them. Write to the site's editors and they will close it."
        )
    for holder in personal_data.holders():
        if holder.blocks_deletion and (why := holder.blocks_deletion(user)):
            return why
    try:  # a row that must keep its person (an article's author, a reviewer's profile)
        model = get_user_model()
        row = model.objects.filter(pk=user.pk).first()
        if row is None:
            raise AccountGone
        Collector(using=router.db_for_write(model)).collect([row])
    except ProtectedError:
        return _(
            "Your account is linked to work published on the site (an article or a "
            "medical review), which must keep a named person. Write to the site's editors "
            "and they will close it."
        )
    return None


def _end_sessions(user_pk) -> int:
    """Delete every session of the person (on every device), through the session engine
    so that a cached copy goes too."""
    from django.conf import settings

    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user_pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


@transaction.atomic
def delete_account(user, *, keep_comments: bool) -> None:
    """Delete the account and everything that names the person. `keep_comments`: their
    comments stay, shown as by "Deleted user"; otherwise their text goes (a comment with
    replies stays as "This comment was deleted", so threads keep their shape).

    The account's row is locked first, so that two deletions at once (a double click, two
    tabs) take turns: the second finds no account and raises AccountGone."""
    user = get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    if user is None:
        raise AccountGone
    why = deletion_blocked(user)
    if why:
        raise PermissionError(why)
    for holder in personal_data.holders():
        if holder.erase:
            holder.erase(user, keep_comments=keep_comments)
    _end_sessions(user.pk)
    user.delete()
    # Their name was on pages (comments, the people pages): retire them.
    invalidation.person_changed()
