import logging
import smtplib
from dataclasses import dataclass
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import validate_name_not_taken, validate_reader_display_name

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteName:
    """What allauth's emails read of "the current site": its name and domain."""

    name: str
    domain: str


def this_site() -> SiteName:
    return SiteName(
        name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc or settings.SITE_NAME
    )


class AccountAdapter(DefaultAccountAdapter):
    def clean_username(self, username, shallow=False):
        """Usernames in one form (NFKC, as Django's own user manager makes them), so that
        full-width "１２３" is the "123" it looks like; and with a letter or digit in them
        (".", "-" alone make author addresses no one can open)."""
        username = get_user_model().normalize_username(username)
        if not any(character.isalnum() for character in username):
            raise ValidationError(_("A username needs at least one letter or digit."))
        # Shown in place of an empty display name: the same rule on roles and titles.
        validate_reader_display_name(username, what="username")
        validate_name_not_taken(username, what="username")
        return super().clean_username(username, shallow=shallow)

    def send_mail(self, template_prefix, email, context):
        """allauth's mail, naming the site by its name and address (settings.SITE_NAME,
        SITE_URL), never by the host the request came in on ("Hello from 127.0.0.1:8123!").

        allauth's mail (address confirmation, password reset, notices). When the mail
        server cannot be reached the reader is told so, and what they did stands: an
        account signed up for is kept, and logging in later sends the confirmation again.
        Without this, sign-up answered with a server error after creating the account."""
        context = {**context, "current_site": this_site()}
        try:
            super().send_mail(template_prefix, email, context)
        except (OSError, smtplib.SMTPException):
            logger.exception("Could not send %s to a reader", template_prefix)
            if allauth_context.request is not None:
                messages.error(
                    allauth_context.request,
                    _(
                        "We could not send you an email just now. Nothing is lost: please "
                        "try again in a few minutes (logging in sends a confirmation email "
                        "again)."
                    ),
                )
