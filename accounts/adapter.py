import logging
import smtplib

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        """Usernames in one form (NFKC, as Django's own user manager makes them), so that
        full-width "１２３" is the "123" it looks like; and with a letter or digit in them
        (".", "-" alone make author addresses no one can open)."""
        username = get_user_model().normalize_username(username)
        if not any(character.isalnum() for character in username):
            raise ValidationError("A username needs at least one letter or digit.")
        return super().clean_username(username, shallow=shallow)

    def send_mail(self, template_prefix, email, context):
        """allauth's mail (address confirmation, password reset, notices). When the mail
        server cannot be reached the reader is told so, and what they did stands: an
        account signed up for is kept, and logging in later sends the confirmation again.
        Without this, sign-up answered with a server error after creating the account."""
        try:
            super().send_mail(template_prefix, email, context)
        except (OSError, smtplib.SMTPException):
            logger.exception("Could not send %s to a reader", template_prefix)
            if allauth_context.request is not None:
                messages.error(
                    allauth_context.request,
                    "We could not send you an email just now. Nothing is lost: please try "
                    "again in a few minutes (logging in sends a confirmation email again).",
                )
