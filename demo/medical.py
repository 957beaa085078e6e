"""The demo's medical review: a made-up physiotherapist who reviewed the main article, and
the article's numbered sources; and its health-safety content: the urgent-care settings
(the UK's) and the "When to get help now" boxes (one for the exercise guides, one for the
rest of the site). Written through medical.services and medical.safety; running it again
changes nothing."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from accounts.roles import REVIEWERS
from articles.models import Category
from demo import content
from medical.models import ArticleReview, HelpBox, Reviewer, Source, UrgentCare
from medical.safety import help_box_save, urgent_care_save
from medical.services import (
    review_approve,
    review_request_create,
    reviewer_save,
    source_delete,
    source_save,
)


def _differs(instance, fields):
    return any(getattr(instance, name) != value for name, value in fields.items())


def _reviewer():
    data = dict(content.REVIEWER)
    user, created = get_user_model().objects.update_or_create(
        username=data.pop("username"), defaults={**data, "is_staff": True}
    )
    if created:
        user.set_unusable_password()  # a made-up person: nobody logs in as her
        user.save(update_fields=["password"])
    role = Group.objects.filter(name=REVIEWERS).first()
    if role is not None:
        user.groups.add(role)
    reviewer = Reviewer.objects.filter(user=user).first() or Reviewer(user=user)
    if reviewer.pk is None or _differs(reviewer, content.REVIEWER_PROFILE):
        for name, value in content.REVIEWER_PROFILE.items():
            setattr(reviewer, name, value)
        reviewer_save(reviewer=reviewer)
    return reviewer


def _sources(article):
    existing = {source.number: source for source in Source.objects.filter(article=article)}
    for data in content.MAIN_ARTICLE_SOURCES:
        fields = {"authors": "", "publisher": "", "year": None, "url": "", "doi": "",
                  "accessed_on": None, **data}  # fmt: skip
        source = existing.pop(data["number"], None) or Source(article=article)
        if source.pk is None or _differs(source, fields):
            for name, value in fields.items():
                setattr(source, name, value)
            source_save(source=source)
    for leftover in existing.values():
        source_delete(source=leftover)


# The urgent-care settings: the UK's numbers, the message as the model's default says it.
URGENT_CARE = {
    "country": "the United Kingdom",
    "emergency_number": "999",
    "emergency_department": "A&E",
}

# Written as a cautious physiotherapist would put it on a handout. The signs that need an
# ambulance or A&E today (cauda equina syndrome, a nerve losing strength, an injury) are
# the list; infection and cancer signs, which need a doctor soon rather than an ambulance,
# come after the call to action with where to go for them.
EXERCISE_GUIDES_BOX = {
    "heading": "When to get help now",
    "introduction": (
        "These exercises are for sciatica that is settling or steady. Stop them and get "
        "help straight away if, with your back or leg pain, you notice any of these. They "
        "are rare, but they need a doctor today, not more rest or stretching:"
    ),
    "signs": "\n".join(
        [
            "Numbness or tingling around your bottom, genitals or inner thighs (the "
            "area that would touch a saddle)",
            "New difficulty passing urine, not being able to hold it, or not feeling "
            "when your bladder is full",
            "Losing control of your bowels, or not feeling when you need to go",
            "Sciatica in both legs, or numbness or weakness in both legs",
            "Weakness in a leg or foot that is getting worse, or a foot that catches or "
            "slaps down as you walk",
            "Pain that started after a bad fall, a car accident or a heavy blow",
        ]
    ),
    "other_advice": (
        "Back pain with a high temperature or night sweats, weight loss you cannot "
        "explain, or back pain when you have had cancer also needs a doctor soon: ask "
        "your GP surgery for an urgent appointment, or call NHS 111."
    ),
}

SITE_WIDE_BOX = {
    "heading": "When to get help now",
    "introduction": (
        "Most back pain and sciatica gets better with time and gentle movement. Get help "
        "straight away if you have any of these:"
    ),
    "signs": "\n".join(
        [
            "Numbness around your bottom, genitals or inner thighs",
            "New problems passing urine or controlling your bladder or bowels",
            "Symptoms in both legs, or leg weakness that is getting worse",
            "Pain after a bad fall or an accident",
        ]
    ),
    "other_advice": (
        "With a fever, weight loss you cannot explain, or a history of cancer, see a "
        "doctor soon: your GP surgery or NHS 111."
    ),
}


def _help_box(category, fields):
    box = HelpBox.objects.filter(category=category).first() or HelpBox(category=category)
    if box.pk is None or _differs(box, fields):
        for name, value in fields.items():
            setattr(box, name, value)
        help_box_save(box=box)


def _safety():
    settings = UrgentCare.objects.filter(pk=1).first() or UrgentCare(pk=1)
    if settings._state.adding or _differs(settings, URGENT_CARE):
        for name, value in URGENT_CARE.items():
            setattr(settings, name, value)
        urgent_care_save(settings=settings)
    guides = Category.objects.filter(slug="exercise-guides").first()
    if guides is not None:
        _help_box(guides, EXERCISE_GUIDES_BOX)
    _help_box(None, SITE_WIDE_BOX)


@transaction.atomic
def load_demo_medical(article):
    """Give `article` its sources and, once, a review by the demo reviewer; the site its
    urgent-care settings and help boxes."""
    reviewer = _reviewer()
    _sources(article)
    _safety()
    if not ArticleReview.objects.filter(article=article).exists():
        request = review_request_create(
            article=article,
            requested_by=article.author,
            message=content.REVIEW_REQUEST_MESSAGE,
        )
        review_approve(review_request=request, reviewer=reviewer, note=content.REVIEW_NOTE)
