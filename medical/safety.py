"""Health safety content: the urgent-care settings and the "When to get help now" boxes.

Reads: `urgent_care()` (what the urgent-care page before a red-flag comment says) and
`read_help_box(article)` (the content panel before the picture guide). Writes:
`urgent_care_save`, `help_box_save`, `help_box_delete` (the admin and the demo loader call
them). The box is part of every article's own content, shared by the articles of a
category and, for the site-wide box, by all the rest: a change to a box or to the
urgent-care settings (the box shows the emergency number) retires every page
(`site_lists_changed`: something shown on many pages changed).
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q, Subquery, Value
from django.db.models.functions import Coalesce

from caching import invalidation

from .models import HelpBox, UrgentCare


def urgent_care():
    """The urgent-care settings editors saved, or the defaults."""
    return UrgentCare.current()


@dataclass(frozen=True)
class HelpBoxPanel:
    heading: str
    introduction: str
    signs: list[str]
    call_to_action: str
    other_advice: str = ""


def help_box_for(article):
    """The article's box, in one query: the first (by category name) of its categories'
    active boxes, else the active site-wide box, else None; with the urgent-care settings'
    number and department (the defaults when editors have saved none)."""
    settings_row = UrgentCare.objects.filter(pk=1)
    defaults = UrgentCare()
    return (
        HelpBox.objects.filter(is_active=True)
        .filter(Q(category__articles=article) | Q(category__isnull=True))
        .annotate(
            emergency_number=Coalesce(
                Subquery(settings_row.values("emergency_number")[:1]),
                Value(defaults.emergency_number),
            ),
            emergency_department=Coalesce(
                Subquery(settings_row.values("emergency_department")[:1]),
                Value(defaults.emergency_department),
            ),
        )
        .order_by(F("category__name").asc(nulls_last=True))
        .first()
    )


def read_help_box(article):
    """The content panel's read function (medical/help_box.html)."""
    box = help_box_for(article)
    if box is None:
        return None
    where = UrgentCare(
        emergency_number=box.emergency_number, emergency_department=box.emergency_department
    )
    return HelpBoxPanel(
        box.heading, box.introduction, box.sign_list, where.call_to_action, box.other_advice
    )


def urgent_care_save(*, settings):
    """Save the urgent-care settings: the one row, whether `settings` was read from it or
    made afresh."""
    settings.pk = 1
    settings._state.adding = not UrgentCare.objects.filter(pk=1).exists()
    settings.full_clean()
    with transaction.atomic():
        settings.save()
        invalidation.site_lists_changed()  # the help boxes show the number
    return settings


def help_box_save(*, box):
    box.full_clean()
    with transaction.atomic():
        box.save()
        invalidation.site_lists_changed()
    return box


def help_box_delete(*, box):
    with transaction.atomic():
        box.delete()
        invalidation.site_lists_changed()
