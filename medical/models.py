"""Medical review of articles, and the sources they cite.

- `Reviewer`: a clinician's public profile, tied to the account they log in with.
- `ReviewRequest`: the workflow. An author asks; a reviewer approves with a note or sends
  the article back with comments.
- `ArticleReview`: an article's current review (who, when, when the next one is due, and
  which saved version they approved), one row per reviewed article.
- `Source`: the numbered sources an article cites as [1], [2] … in its body.
- `ReviewPolicy`: what editors set for every review (the interval to the next one).

Every saved version of an article, of its picture-guide steps and of its sources is kept
by django-simple-history. It is registered here, so the history tables belong to this app
and articles knows nothing of them: the reviewer's diff compares the version they approved
with today's.
"""

import calendar
import re
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxValueValidator,
    MinValueValidator,
    RegexValidator,
    URLValidator,
)
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history import register
from simple_history.models import HistoricalRecords

from accounts.models import validate_display_name
from articles.models import Article, GuideStep, image_validators


def _worked_out(model):
    """The fields a model works out itself (the body's HTML, the summary, image sizes, the
    times of saving): every version keeps what people wrote, not what follows from it."""
    return [f.name for f in model._meta.concrete_fields if not f.editable and not f.primary_key]


register(Article, app="medical", excluded_fields=_worked_out(Article))
register(GuideStep, app="medical", excluded_fields=_worked_out(GuideStep))

MAX_INTERVAL_MONTHS = 60


def add_months(day, months):
    """The same day `months` later; the month's last day where it is shorter (31 January
    plus one month is 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


class MedicalArticle(Article):
    """Articles as medical review sees them: the back office's list of their review states,
    and the page where an article's sources are edited (the article itself is edited on
    its own page)."""

    class Meta:
        proxy = True
        verbose_name = "article: review and sources"
        verbose_name_plural = "articles: review and sources"


class Reviewer(models.Model):
    """A clinician who reviews articles, as readers see them on their profile page and
    under the byline of what they reviewed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="reviewer_profile",
        help_text="The account this reviewer logs in with (give it the Reviewers role).",
    )
    name = models.CharField(
        max_length=120,
        validators=[validate_display_name],
        help_text="As readers see it, with a title if they use one: “Dr Ann Smith”.",
    )
    slug = models.SlugField(
        max_length=120, unique=True, help_text="The last part of the profile page's address."
    )
    profession = models.CharField(
        max_length=120, help_text="Shown after the name: “Physiotherapist”, “GP”."
    )
    qualifications = models.CharField(
        max_length=250, blank=True, help_text="Degrees and titles: “BSc (Hons), MSc”."
    )
    registration_body = models.CharField(
        max_length=200,
        blank=True,
        help_text="The professional register they are on, if any: “Health and Care "
        "Professions Council”.",
    )
    registration_number = models.CharField(
        max_length=60, blank=True, help_text="Their number on that register."
    )
    bio = models.TextField(
        blank=True, max_length=2000, help_text="A few plain sentences for the profile page."
    )
    photo = models.ImageField(
        upload_to="reviewers/%Y/",
        blank=True,
        validators=image_validators,
        width_field="photo_width",
        height_field="photo_height",
        help_text="A portrait, shown on the profile page.",
    )
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(registration_number="") | ~Q(registration_body=""),
                name="reviewer_registration_number_has_body",
                violation_error_message="A registration number needs the register it is on.",
            )
        ]

    def __str__(self):
        return f"{self.name}, {self.profession}"

    def get_absolute_url(self):
        return reverse("medical:reviewer", kwargs={"slug": self.slug})


class ReviewPolicy(models.Model):
    """What editors set for every review: one row."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    interval_months = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_INTERVAL_MONTHS)],
        help_text="When a reviewer approves an article, its next review falls due this many "
        "months later. A change applies to reviews approved from then on.",
    )

    class Meta:
        verbose_name = "review policy"
        verbose_name_plural = "review policy"
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="review_policy_single_row"),
            models.CheckConstraint(
                condition=Q(interval_months__gte=1, interval_months__lte=MAX_INTERVAL_MONTHS),
                name="review_policy_interval_in_range",
            ),
        ]

    def __str__(self):
        return f"Review every {self.interval_months} months"

    @classmethod
    def current(cls):
        """The row editors set, or the default before they set one."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class ReviewRequest(models.Model):
    """An author's request for a medical review, and the reviewer's decision."""

    class Status(models.TextChoices):
        WAITING = "waiting", "Waiting for review"
        APPROVED = "approved", "Approved"
        SENT_BACK = "sent_back", "Sent back"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="review_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    message = models.TextField(
        blank=True,
        max_length=2000,
        help_text="For the reviewer: what changed, or what to look at closely.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    reviewer = models.ForeignKey(
        Reviewer, on_delete=models.PROTECT, null=True, blank=True, related_name="decisions"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(
        blank=True,
        max_length=4000,
        help_text="The reviewer's note (with an approval) or comments (sending it back).",
    )
    changes_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the review before this one was approved: the decision was on the "
        "changes since then (none: a first review, on the whole article).",
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        permissions = [("decide_reviewrequest", "Can approve or send back medical reviews")]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(status="waiting"),
                name="one_waiting_review_per_article",
                violation_error_message="This article is already waiting for review.",
            ),
            models.CheckConstraint(
                condition=Q(status="waiting", reviewer__isnull=True, decided_at__isnull=True)
                | (~Q(status="waiting") & Q(reviewer__isnull=False, decided_at__isnull=False)),
                name="review_decided_has_reviewer_and_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="sent_back") | ~Q(note=""),
                name="review_sent_back_has_comments",
            ),
        ]

    def __str__(self):
        return f"Review of “{self.article}” ({self.get_status_display().lower()})"

    def get_absolute_url(self):
        return reverse("admin:medical_reviewrequest_change", args=[self.pk])

    @property
    def is_waiting(self):
        return self.status == self.Status.WAITING


class ArticleReview(models.Model):
    """An article's current medical review: the last approval."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="medical_review"
    )
    reviewer = models.ForeignKey(Reviewer, on_delete=models.PROTECT, related_name="reviews")
    reviewed_at = models.DateTimeField()
    next_review_due = models.DateField(db_index=True)
    reviewed_version = models.ForeignKey(
        "medical.HistoricalArticle",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The saved version of the article the reviewer approved.",
    )

    class Meta:
        ordering = ["next_review_due"]

    def __str__(self):
        return f"“{self.article}” reviewed by {self.reviewer.name}"

    def is_overdue(self, today=None):
        return self.next_review_due < (today or timezone.localdate())


# The form of a DOI: "10.", the registrant's four to nine digits, "/", then a suffix
# without spaces (Crossref's advice, with any visible character in the suffix).
DOI_FORM = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIX = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)", re.I)


def normalize_doi(value):
    """A DOI as pasted ("doi:10.…", "https://doi.org/10.…") in its bare form: 10.…"""
    return _DOI_PREFIX.sub("", (value or "").strip())


def validate_doi(value):
    if not DOI_FORM.fullmatch(value):
        raise ValidationError(
            "“%(value)s” is not a DOI. A DOI starts with “10.”, four to nine digits and a "
            "slash, then the rest with no spaces, such as 10.1136/bmj.39223.428495.BE.",
            code="invalid_doi",
            params={"value": value},
        )


validate_web_address = URLValidator(
    schemes=["http", "https"],
    message="Enter a web address starting with https:// or http://.",
)


class Source(models.Model):
    """One numbered source of an article: cited in the body as [number]."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="sources")
    number = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1)],
        help_text="Cite it in the body as [1] (or [1, 3] for two sources at once).",
    )
    authors = models.CharField(
        max_length=300, blank=True, help_text="People or organisation: “Koes BW, Peul WC”."
    )
    title = models.CharField(max_length=300)
    publisher = models.CharField(
        max_length=200, blank=True, help_text="The publisher, journal or website."
    )
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1800), MaxValueValidator(2100)]
    )
    url = models.URLField(
        "web address",
        max_length=500,
        blank=True,
        validators=[validate_web_address],
        help_text="Where readers can find it.",
    )
    doi = models.CharField(
        "DOI",
        max_length=200,
        blank=True,
        validators=[validate_doi],
        help_text="For journal articles: 10.1136/bmj.39223.428495.BE (a doi.org link is "
        "taken too).",
    )
    accessed_on = models.DateField(
        "date accessed", null=True, blank=True, help_text="When you last read it online."
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "number"],
                name="source_number_unique_per_article",
                violation_error_message="The article already has a source with this number.",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="source_number_positive"),
            models.CheckConstraint(
                condition=~Q(url="") | ~Q(doi=""),
                name="source_has_url_or_doi",
                violation_error_message="Give a web address, a DOI, or both.",
            ),
        ]

    def __str__(self):
        return f"[{self.number}] {self.title}"

    def clean_fields(self, exclude=None):
        self.doi = normalize_doi(self.doi)
        self.url = (self.url or "").strip()
        super().clean_fields(exclude=exclude)

    @property
    def doi_url(self):
        return f"https://doi.org/{quote(self.doi, safe='/:;()._-')}" if self.doi else ""

    @property
    def link(self):
        """Where the source's title links to: its web address, else its DOI's."""
        return self.url or self.doi_url


# Health safety: what the site tells readers who may need urgent care (the urgent-care
# page before a comment mentioning a red-flag symptom is saved, and the "When to get help
# now" box on every article). Kept by editors in the admin; the defaults below are the
# UK's, written for a site whose readers are mostly there.

DEFAULT_URGENT_MESSAGE = (
    "Some of what you wrote can be a sign that the nerves at the base of the spine are "
    "being squashed (cauda equina syndrome): numbness around your bottom, genitals or "
    "inner thighs, new trouble controlling your bladder or bowels, or weakness in your "
    "legs that is getting worse. This needs to be seen in hospital straight away: "
    "treated within hours, lasting damage to bladder, bowel, sexual function and leg "
    "strength can often be prevented; left, it may not be. Back pain with a fever, after "
    "a fall or accident, or with weight loss you cannot explain also needs a doctor to "
    "check it today: if you cannot be seen urgently by your GP, call NHS 111.\n"
    "Please do not wait to see whether it settles, and do not wait for replies here: "
    "nobody in the comments can examine you."
)


class UrgentCare(models.Model):
    """Where the site sends a reader who may need urgent care, and what it tells them:
    one row, editable in the admin (UrgentCare.current() gives the defaults before an
    editor saves it)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    country = models.CharField(
        max_length=80,
        default="the United Kingdom",
        help_text="Where the numbers below work, as in “In the United Kingdom, call 999”.",
    )
    emergency_number = models.CharField(
        max_length=20,
        default="999",
        validators=[
            RegexValidator(r"^[0-9][0-9 ]{1,18}$", "Digits (and spaces) only, such as 999.")
        ],
        help_text="The emergency number readers should call: 999 in the UK (112 works there "
        "too, and across the EU), 911 in the US and Canada, 000 in Australia.",
    )
    emergency_department = models.CharField(
        max_length=80,
        default="A&E",
        help_text="What readers call a hospital's emergency department: A&E in the UK, the "
        "ER in the US, the emergency department elsewhere.",
    )
    message = models.TextField(
        default=DEFAULT_URGENT_MESSAGE,
        help_text="The urgent-care page a reader sees before a comment mentioning a "
        "red-flag symptom is saved: why these symptoms need urgent care. Plain text; a new "
        "line starts a new paragraph. The call to action with the number is added above it.",
    )

    class Meta:
        verbose_name = "urgent-care settings"
        verbose_name_plural = "urgent-care settings"
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="urgent_care_single_row")]

    def __str__(self):
        return f"Urgent care: call {self.emergency_number} or go to {self.emergency_department}"

    @classmethod
    def current(cls):
        """The row editors set, or the defaults before they set one."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)

    @property
    def call_to_action(self):
        return _("Call %(number)s or go to %(department)s now.") % {
            "number": self.emergency_number,
            "department": self.emergency_department,
        }

    @property
    def paragraphs(self):
        """The message, a paragraph per line."""
        return [line.strip() for line in self.message.splitlines() if line.strip()]


class HelpBox(models.Model):
    """The "When to get help now" box on the articles of a category (or, without a
    category, on every article whose categories have none of their own)."""

    category = models.OneToOneField(
        "articles.Category",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="help_box",
        help_text="The category whose articles show this box. Leave empty for the site-wide "
        "box, shown on articles whose categories have no box of their own.",
    )
    heading = models.CharField(max_length=80, default="When to get help now")
    introduction = models.TextField(
        max_length=600,
        help_text="One or two sentences before the signs, such as “Stop the exercises and "
        "get urgent care if you have any of these:”. Plain text.",
    )
    signs = models.TextField(
        max_length=2000,
        help_text="The warning signs, one per line (shown as a list). Plain text.",
    )
    other_advice = models.TextField(
        "after the call to action",
        max_length=600,
        blank=True,
        help_text="Optional: signs that need a doctor soon rather than an ambulance, and "
        "where to go for them. Plain text.",
    )
    is_active = models.BooleanField(
        default=True, help_text="Untick to stop showing this box without deleting it."
    )

    class Meta:
        ordering = [models.F("category__name").asc(nulls_first=True)]
        verbose_name = "“When to get help now” box"
        verbose_name_plural = "“When to get help now” boxes"
        constraints = [
            # One box per category, and one without (NULL counts as 0 here).
            models.UniqueConstraint(
                Coalesce("category", models.Value(0)),
                name="help_box_one_site_wide",
                violation_error_message="There is already a site-wide box: edit that one.",
            )
        ]

    def __str__(self):
        return f"{self.heading} ({self.category or 'site-wide'})"

    @property
    def sign_list(self):
        return [line.strip() for line in self.signs.splitlines() if line.strip()]
