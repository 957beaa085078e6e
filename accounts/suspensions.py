"""Who may take part: suspensions' rules, and the words a suspended reader is shown.

Every app that lets readers act (comments, ratings, "Did this help?") asks `current(user)`
before it writes, and shows `explain(suspension)` instead of its form. Suspensions end by
themselves at their time (nothing has to run); a moderator may lift one sooner. The
comments app's moderation services call `suspend` and `lift` and write the audit log.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import Suspension

# The lengths a moderator chooses from (None: until lifted).
DURATIONS = {
    "24h": ("24 hours", timedelta(hours=24)),
    "7d": ("7 days", timedelta(days=7)),
    "30d": ("30 days", timedelta(days=30)),
    "permanent": ("Permanent", None),
}


def current(user, now=None) -> Suspension | None:
    """The suspension that holds for `user` now (the one ending last), or None."""
    if user is None or not user.is_authenticated:
        return None
    suspensions = list(Suspension.objects.filter(user=user).in_force(now))
    if not suspensions:
        return None
    return max(suspensions, key=lambda s: (s.ends_at is None, s.ends_at or s.starts_at))


class Suspended(PermissionDenied):
    """Raised by a write a suspended reader may not make; the message is `explain()`'s."""

    def __init__(self, suspension: Suspension):
        self.suspension = suspension
        self.message = explain(suspension)
        super().__init__(self.message)


def check(user, now=None) -> None:
    """Raise Suspended when `user` may not take part now (one query)."""
    suspension = current(user, now)
    if suspension is not None:
        raise Suspended(suspension)


def of_request(request) -> Suspension | None:
    """`current(request.user)`, read once per request: every panel of the article page
    (comments, ratings, "Did this help?") asks, and the page costs one query for all."""
    try:
        return request._current_suspension
    except AttributeError:
        request._current_suspension = current(getattr(request, "user", None))
        return request._current_suspension


def state(suspension: Suspension, now=None) -> str:
    """How a suspension stands, in words for the back office."""
    now = now or timezone.now()
    if suspension.lifted_at is not None:
        return "Lifted early"
    if suspension.starts_at > now:
        return "Not begun"
    if suspension.ends_at is not None and suspension.ends_at <= now:
        return "Ended"
    return "In force"


@transaction.atomic
def suspend(*, user, by, duration: timedelta | None, reason: str = "", now=None) -> Suspension:
    """Suspend `user` from now for `duration` (None: until lifted). A suspension already
    in force is replaced by this one (it is lifted, by the same moderator, now)."""
    now = now or timezone.now()
    Suspension.objects.filter(user=user).in_force(now).update(lifted_at=now, lifted_by=by)
    return Suspension.objects.create(
        user=user,
        reason=reason[:300],
        starts_at=now,
        ends_at=now + duration if duration is not None else None,
        created_by=by,
    )


@transaction.atomic
def lift(*, user, by, now=None) -> int:
    """End every suspension of `user` in force now; how many there were."""
    now = now or timezone.now()
    return Suspension.objects.filter(user=user).in_force(now).update(lifted_at=now, lifted_by=by)


def explain(suspension: Suspension) -> str:
    """What the reader is told, in place of a form or as the reason a write was refused."""
    if suspension.ends_at is None:
        text = _(
            "Your account is suspended from taking part on this site: you can read "
            "everything, but not comment, reply, edit, report, or vote."
        )
    else:
        ends = timezone.localtime(suspension.ends_at)
        text = _(
            "Your account is suspended from taking part on this site until %(ends)s "
            "(%(timezone)s): you can read everything, but not comment, reply, edit, report, "
            "or vote."
        ) % {"ends": date_format(ends, "j F Y, H:i"), "timezone": ends.tzname()}
    if suspension.reason:
        text += " " + _('The moderators gave this reason: "%(reason)s".') % {
            "reason": suspension.reason.strip().rstrip(".")  # not "… replies.".
        }
    return text + " " + _("If you think this is a mistake, write to the site's editors.")
