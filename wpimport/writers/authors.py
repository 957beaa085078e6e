"""WordPress authors: matched to accounts here, or given new ones, as their posts need."""

import re

from django.contrib.auth import get_user_model

from ..wxr import WPAuthor
from .fields import email_or_empty, plain
from .ledger import Kind, fingerprint


class AuthorWriter:
    """Authors are declared at the top of the export but get an account only once a post
    of theirs is imported. Accounts that exist are never changed, so unlike other items
    an author is not compared by fingerprint; and one deleted here is matched or made
    again, since the post needs an author."""

    def __init__(self, context):
        self.context = context
        self.user_model = get_user_model()
        self.declared = {}  # login -> WPAuthor
        self.login_by_author_id = {}  # WordPress user ID -> login
        self.user_ids = {}  # login -> user pk
        self.unmatched_logins = set()  # authors with no account here (for comment links)

    def declare(self, author: WPAuthor):
        if not author.login:
            self.context.abort("an author (wp:author) has no login.", line=author.line)
        self.declared[author.login] = author
        if author.wp_id:
            self.login_by_author_id[author.wp_id] = author.login

    def commenter_id(self, wp_user_id):
        """The account of a comment's WordPress user, if that user has one here (none is
        made for a comment)."""
        if wp_user_id in ("", "0") or wp_user_id not in self.login_by_author_id:
            return None
        return self.user_for(self.login_by_author_id[wp_user_id], create=False)

    def user_for(self, login, *, create):
        """The account for a WordPress login: the one made or matched before, else an
        existing account with the same email address, else (when `create`) a new one
        without a usable password."""
        if login in self.user_ids:
            return self.user_ids[login]
        if not create and login in self.unmatched_logins:
            return None
        report, ledger = self.context.report, self.context.ledger
        author = self.declared.get(login) or WPAuthor(login=login)
        record = ledger.get(Kind.AUTHOR, login)
        if record is not None and ledger.exists_here(Kind.AUTHOR, record):
            user_id = record.object_id
            report.count("authors", "unchanged")
        else:
            email = email_or_empty(author.email)
            match = (
                self.user_model.objects.filter(email__iexact=email).order_by("pk").first()
                if email
                else None
            )
            if match is not None:
                user_id = match.pk
                report.count("authors", "unchanged")
                report.note(
                    f"WordPress author “{login}” matched the existing account "
                    f"“{match.get_username()}” by email address."
                )
            elif create:
                user_id = self._create_user(author, email).pk
                report.count("authors", "created")
            else:
                self.unmatched_logins.add(login)
                return None
            ledger.remember(Kind.AUTHOR, login, user_id, fingerprint({"user": user_id}))
        self.user_ids[login] = user_id
        return user_id

    def _create_user(self, author: WPAuthor, email):
        base = re.sub(r"[^\w.@+-]", "-", author.login).strip("-")[:140] or "wp-author"
        username, number = base, 1
        while self.user_model.objects.filter(username__iexact=username).exists():
            username = f"{base}-wp" if number == 1 else f"{base}-wp{number}"
            number += 1
        user = self.user_model(
            username=username,
            email=email,
            display_name=plain(author.display_name, 80),
            first_name=plain(author.first_name, 150),
            last_name=plain(author.last_name, 150),
        )
        user.set_unusable_password()
        user.save()
        self.context.report.note(
            "Accounts made for WordPress authors have no password: they choose one with "
            "“Forgot password”. Give them a role in the admin if they will write here."
        )
        return user

    def finish(self):
        for login, author in self.declared.items():
            if login not in self.user_ids:
                self.context.report.count(
                    "authors",
                    "skipped",
                    reason="with no imported post (no account made)",
                    label=author.display_name or login,
                )
