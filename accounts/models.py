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


# Names of the site's roles, as whole words of a name ("Admin Jo", "the mods"), and titles
# that read as a clinical credential ("Dr Smith", "Smith MD", "Smith, MBBS", "Nurse Jane")...
_ROLE_WORDS = (
    "admin admins administrator mod mods moderator moderators modteam reviewer reviewers "
    "staff sysop webmaster official dr doctor prof professor mbbs mbchb nurse"
).split()
# "MD" is a title only in capitals: "Md" is how many Bangladeshi names write Mohammad
# ("Md Rahim"), so "Smith MD" and "MD Smith" are refused and "Md Rahim" is not.
_CAPITALS_ONLY_WORDS = frozenset({"MD"})
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
# ASCII that stands in for letters ("M0derat0r", "artic1e", "$taff"), read after casefolding.
# "l", "1", "|" and "!" look like "I" (and so like "i" once casefolded): all four read as
# "i", in a name and in the words above alike ("articIe" is "article").
_ASCII_STAND_INS = str.maketrans("013457@$|!8l", "oieastasiibi")
# A lower-case letter followed by a capital starts a new word: "DrSmith" is "Dr Smith".
_WORD_JOIN = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


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
# ...and when it is the name of someone who works on the site, or of the site itself.
_TAKEN_NAME_REFUSALS = {
    "display name": gettext_lazy(
        "This display name reads as the name of someone who writes, reviews or moderates "
        "for this site, or of the site itself: readers would take your comments for "
        "theirs. Please choose another name."
    ),
    "username": gettext_lazy(
        "This username reads as the name of someone who writes, reviews or moderates "
        "for this site, or of the site itself: readers would take your comments for "
        "theirs. Please choose another name."
    ),
}


def _letters_of(value, *, keep_case=False, part_words=True):
    """The name as it reads to the eye: plain lower-case Latin letters and spaces.

    NFKC first (mathematical bold "𝐌", full-width "Ｍ" become "M"), then words run
    together are parted ("DrSmith"), then look-alikes from Unicode's confusables data
    become the Latin letter they imitate (Greek "Μ", Cyrillic "а", small capital "ᴍ";
    accounts/lookalikes.py), then casefolding, accents dropped, and ASCII stand-ins
    ("0" for "o", "1" for "l"). `keep_case`: the Latin letters before casefolding, in
    their case, and nothing else. `part_words=False`: words run together left as they are
    ("MBChB" is one word, not "MB Ch B")."""
    from .lookalikes import TABLE

    value = unicodedata.normalize("NFKC", value)
    if part_words:
        value = _WORD_JOIN.sub(" ", value)
    value = value.translate(TABLE)
    if keep_case:
        return "".join(c if c.isascii() and c.isalpha() else " " for c in value)
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c if c.isalpha() else " " for c in plain.translate(_ASCII_STAND_INS))


def name_skeleton(value):
    """What two names must share to look alike: their letters as the eye reads them, with
    no spaces or punctuation ("Ines Calder", "lnes.CaIder" and "InesCalder" share one)."""
    return _letters_of(value).replace(" ", "")


# The words and runs above as _letters_of reads them (so that "l" reads as "i" on both sides).
_ROLE_WORD_LETTERS = frozenset(_letters_of(word) for word in _ROLE_WORDS)
_ROLE_RUN_LETTERS = tuple(_letters_of(run) for run in _ROLE_RUNS)


def validate_reader_display_name(value, *, what="display name"):
    """A reader's display name may not pass for a role of the site.

    Beside the names of the people who hold them, threads show badges earned from roles
    (the article's author, medical reviewers, moderators), and pinned answers say "Answer
    from a medical reviewer": a reader named "Moderator", "Medical Reviewer", "Site Admin"
    or "Dr Smith" would borrow that trust without the badge. So a reader's name may not
    hold a role's word (admin, mod, moderator, reviewer, staff, official, webmaster) or a
    clinical title (Dr, Doctor, Prof, Professor, MD, MBBS, MBChB, Nurse: in a health thread
    a title reads as a credential, and the site shows credentials only as checked reviewer
    profiles), nor a badge's words run together, however spaced, dotted, accented, run
    together ("DrSmith") or spelt with look-alike characters ("M0d3rator", "𝐌𝐨𝐝𝐞𝐫𝐚𝐭𝐨𝐫",
    Greek or Cyrillic letters, small capitals, "articIe" with a capital I).
    Nurses, physiotherapists and doctors who want to be known as such become reviewers,
    with a profile editors check.

    Staff keep the names they have (User.clean_fields skips the rule for them); names
    given in other places (a reviewer profile, "Dr Ann Smith") are not readers' names.
    `what` ("display name" or "username") is the name the refusal speaks of. The rule
    that a reader may not take a staff member's or the site's name is
    validate_name_not_taken (it reads the database)."""
    letters = _letters_of(value)
    words = set(letters.split()) | set(_letters_of(value, part_words=False).split())
    squashed = letters.replace(" ", "")
    if (
        words & _ROLE_WORD_LETTERS
        or any(run in squashed for run in _ROLE_RUN_LETTERS)
        or set(_letters_of(value, keep_case=True).split()) & _CAPITALS_ONLY_WORDS
    ):
        raise ValidationError(_ROLE_NAME_REFUSALS[what], code="role")


def reserved_name_skeletons(*, exclude_pk=None) -> set[str]:
    """The skeletons (name_skeleton) of the names readers may not take: the public name of
    everyone who works on the site (staff, the authors of articles, medical reviewers,
    with a reviewer's name as their profile shows it), "Deleted user" (what a deleted
    account's comments show) and the site's name. One query."""
    from django.db.models import Exists, OuterRef

    from articles.models import Article

    rows = (
        User.objects.filter(
            Q(is_staff=True)
            | Q(is_superuser=True)
            | Q(reviewer_profile__isnull=False)
            | Exists(Article.objects.filter(author=OuterRef("pk")))
        )
        .exclude(pk=exclude_pk)
        .order_by()
        .values_list(
            "display_name", "first_name", "last_name", "username", "reviewer_profile__name"
        )
    )
    names = {"Deleted user", _("Deleted user"), settings.SITE_NAME}
    for display_name, first_name, last_name, username, reviewer_name in rows:
        names.add(public_name(display_name, first_name, last_name, username))
        if reviewer_name:
            names.add(reviewer_name)
    return {skeleton for name in names if (skeleton := name_skeleton(name))}


def validate_name_not_taken(value, *, exclude_pk=None, what="display name"):
    """A reader's name may not read as the public name of someone who works on the site,
    of a deleted account ("Deleted user") or of the site (reserved_name_skeletons): a
    reader called "Ines Calder" beside a medical reviewer of that name, or "InesCalder",
    "lnes Calder" with a small L, would pass for her. `exclude_pk`: the person's own
    account, whose name is theirs to keep."""
    skeleton = name_skeleton(value)
    if skeleton and skeleton in reserved_name_skeletons(exclude_pk=exclude_pk):
        raise ValidationError(_TAKEN_NAME_REFUSALS[what], code="taken")


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
        """The field checks, and for readers (not staff) the rules that a display name may
        not pass for a role (validate_reader_display_name) nor for the name of someone who
        works on the site (validate_name_not_taken)."""
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        checked = not exclude or "display_name" not in exclude
        if checked and self.display_name and not self.is_staff and "display_name" not in errors:
            try:
                validate_reader_display_name(self.display_name)
                validate_name_not_taken(self.display_name, exclude_pk=self.pk)
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
