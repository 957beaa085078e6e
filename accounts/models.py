import re
import unicodedata

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Joiners that belong in names and emoji (Persian, family emoji): the only format
# characters a display name may hold.
_ALLOWED_FORMAT_CHARACTERS = {"\u200c", "\u200d"}


# A web address, as mail clients would make a link of it: a scheme, "www.", a host name
# followed by a path, or a host name ending in a common top-level domain ("Ann.Smith" is a
# name; "evil-prize.com" is not).
_WEB_ADDRESS = re.compile(
    r"://|www\.|[\w-]+\.[a-z]{2,}/|[\w-]+\.(?:com|net|org|info|biz|io|app|site|online|shop|xyz|"
    r"top|link|click|live|club|store)\b",
    re.I,
)


# The characters that make markup of text: no name needs them, and a name travels to
# places that may read it as HTML (feed readers, mail clients).
_MARKUP_CHARACTERS = frozenset("<>")


def validate_display_name(value):
    """A name people are shown by, on pages, in feeds and in emails sent to others: one
    line of visible text. No control or invisible characters (line breaks, zero-width
    spaces, right-to-left overrides that make a name read backwards), no "<" or ">" (a
    name is not markup), no web addresses (a name in a confirmation email is no place
    for a link), something visible."""
    for character in value:
        category = unicodedata.category(character)
        if category == "Cc" or (category == "Cf" and character not in _ALLOWED_FORMAT_CHARACTERS):
            raise ValidationError(
                _(
                    "A display name is one line of visible text: remove line breaks and "
                    "invisible characters."
                ),
                code="invisible",
            )
    if _MARKUP_CHARACTERS.intersection(value):
        raise ValidationError(_("A display name cannot hold the characters < or >."), code="markup")
    if _WEB_ADDRESS.search(value):
        raise ValidationError(_("A display name cannot hold a web address."), code="address")
    if value and not any(unicodedata.category(c)[0] in "LNSP" for c in value):
        raise ValidationError(_("A display name needs at least one letter or digit."), code="empty")


# Names of the site's roles, as whole words of a name ("Admin Jo", "the mods")...
_ROLE_WORDS = frozenset(
    "admin admins administrator mod mods moderator moderators modteam reviewer reviewers "
    "staff sysop webmaster official dr doctor prof professor".split()
)
# ...and as runs of letters, however they are spaced or dotted ("M o d e r a t o r",
# "Site_Admin", "Medical-Reviewer", "Answer from").
_ROLE_RUNS = (
    "moderator",
    "administrator",
    "siteadmin",
    "medicalreviewer",
    "authorofthisarticle",
    "articleauthor",
    "answerfrom",
    "siteteam",
    "ourteam",
    "verified",
)
# Letters that stand in for others ("M0derat0r", "Аdmin" with a Cyrillic А).
_LOOKALIKES = str.maketrans(
    "0134578@$|!аеорсхуіјѕԁɡο",
    "oieastbasliaeopcxyijsdgo",
)


# What a reader is told when a name passes for a role, one whole sentence per kind of name
# (a translation may need to change more than the noun).
_ROLE_NAME_REFUSALS = {
    "display name": gettext_lazy(
        "A display name cannot look like a role on this site (such as Moderator, Admin, "
        "Medical reviewer or a title like Dr): those are shown as badges beside the names "
        "of the people who hold them. Please choose another name."
    ),
    "username": gettext_lazy(
        "A username cannot look like a role on this site (such as Moderator, Admin, "
        "Medical reviewer or a title like Dr): those are shown as badges beside the names "
        "of the people who hold them. Please choose another name."
    ),
}


def _letters_of(value):
    """The name as plain lower-case Latin letters and spaces, as it reads to the eye."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c if c.isalpha() else " " for c in plain.translate(_LOOKALIKES))


def validate_reader_display_name(value, *, what="display name"):
    """A reader's display name may not pass for a role of the site.

    Beside the names of the people who hold them, threads show badges earned from roles
    (the article's author, medical reviewers, moderators), and pinned answers say "Answer
    from a medical reviewer": a reader named "Moderator", "Medical Reviewer", "Site Admin"
    or "Dr Smith" would borrow that trust without the badge. So a reader's name may not
    hold a role's word (admin, mod, moderator, reviewer, staff, official, webmaster) or a
    clinical title (Dr, Doctor, Prof, Professor: in a health thread a title reads as a
    credential, and the site shows credentials only as checked reviewer profiles), nor a
    badge's words run together, however spaced, dotted, accented or spelt with look-alike
    characters ("M0d3rator", "S.i.t.e A.d.m.i.n"). Nurses, physiotherapists and doctors
    who want to be known as such become reviewers, with a profile editors check.

    Staff keep the names they have (User.clean_fields skips the rule for them); names
    given in other places (a reviewer profile, "Dr Ann Smith") are not readers' names.
    `what` ("display name" or "username") is the name the refusal speaks of."""
    letters = _letters_of(value)
    words = set(letters.split())
    squashed = letters.replace(" ", "")
    if words & _ROLE_WORDS or any(run in squashed for run in _ROLE_RUNS):
        raise ValidationError(_ROLE_NAME_REFUSALS[what], code="role")


def tidy_display_name(value):
    """One line: any run of spaces, tabs or line breaks made one space, ends trimmed."""
    return " ".join((value or "").split())


class User(AbstractUser):
    """A person with an account: reader, author, moderator or operator."""

    display_name = models.CharField(
        max_length=80,
        blank=True,
        validators=[validate_display_name],
        help_text="The name shown on articles and comments. Falls back to the full name, "
        "then the username.",
    )
    bio = models.TextField(
        blank=True,
        max_length=2000,
        help_text="A few plain sentences about this person, shown in the author box.",
    )

    class Meta:
        ordering = ["username"]

    def __str__(self):
        return self.public_name

    @property
    def public_name(self) -> str:
        return public_name(self.display_name, self.first_name, self.last_name, self.username)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"username": self.username})

    def clean_fields(self, exclude=None):
        """The field checks, and for readers (not staff) the rule that a display name may
        not pass for a role (validate_reader_display_name)."""
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        checked = not exclude or "display_name" not in exclude
        if checked and self.display_name and not self.is_staff and "display_name" not in errors:
            try:
                validate_reader_display_name(self.display_name)
            except ValidationError as error:
                errors["display_name"] = error.error_list
        if errors:
            raise ValidationError(errors)


def public_name(display_name, first_name, last_name, username) -> str:
    """The name a person is shown by: the display name, else the full name, else the
    username. A plain function, so that reads of bare values (a comment thread) name
    people exactly as User.public_name does."""
    return display_name or f"{first_name} {last_name}".strip() or username


def user_display(user) -> str:
    """How allauth names a user in its pages and emails."""
    return user.public_name


class SuspensionQuerySet(models.QuerySet):
    def in_force(self, now=None):
        """Suspensions that hold now: begun, not lifted, and not ended by their time."""
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, lifted_at__isnull=True).filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now)
        )


class Suspension(models.Model):
    """A reader who may not take part until `ends_at` (never, when it is empty): no
    comments, replies, edits or reports, no votes, no "Did this help?" answers. It ends by
    itself at its time; a moderator may lift it sooner. Rows are kept as the history.
    The rules and the words readers see are in accounts/suspensions.py."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="suspensions"
    )
    reason = models.CharField(
        max_length=300, blank=True, help_text="Shown to the reader, in place of the comment form."
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(
        null=True, blank=True, help_text="Empty: until a moderator lifts it (permanent)."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["user", "lifted_at"])]

    def __str__(self):
        return f"Suspension of {self.user}"
