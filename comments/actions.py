"""A moderator's one-click decisions on one comment, and the signed links that carry them.

`decide` is the one entry point for the buttons on the comment's admin page, the row
buttons of the queue (comments/admin.py) and the links in the moderators' emails
(comments/action_views.py); it calls comments.services and returns the message for the
moderator. Every button carries what the moderator saw (status, hidden, the poster's
suspension), so a double click or a second moderator acts only once: the services raise
AlreadyDecided and nothing is written.

`action_links(comment, moderator)` gives the absolute, signed URLs for the decisions that
make sense now; each link names one comment, one decision, one moderator and the status
they were told about, and expires after LINK_MAX_AGE. Opening it asks the moderator (logged
in as themselves) to confirm; nothing acts on a GET.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

from accounts import suspensions

from . import services
from .models import Comment, Flag, ModerationEvent
from .moderation import CommentRefused

Action = ModerationEvent.Action

LINK_SALT = "comments.moderate-link"
LINK_MAX_AGE = timedelta(days=7)


@dataclass(frozen=True)
class Decision:
    label: str  # the button
    question: str  # the confirmation step ("" when none is asked)

    @property
    def destructive(self) -> bool:
        return bool(self.question)


DECISIONS = {
    "approve": Decision("Approve", ""),
    "keep": Decision("Mark reports reviewed (keep)", ""),
    "restore": Decision("Restore", ""),
    "spam": Decision(
        "Mark as spam",
        "Mark this comment as spam? It leaves the site and its open reports close.",
    ),
    "remove": Decision(
        "Remove",
        "Remove this comment from the site? Replies to it stay; its open reports close.",
    ),
    "suspend": Decision(
        "Suspend the poster",
        "Suspend the poster? Until it ends they can read but not comment, reply, edit, "
        "report or vote, and they are shown the reason.",
    ),
}
# The decisions an email link may carry (a suspension needs a length and a reason).
LINK_DECISIONS = ("approve", "keep", "restore", "spam", "remove")


def available(comment: Comment, *, open_reports: int) -> list[str]:
    """The decisions that make sense for the comment as it is now, in button order."""
    if comment.status == Comment.Status.PENDING:
        choices = ["approve", "spam", "remove"]
    elif comment.status == Comment.Status.APPROVED:
        choices = ["keep"] if (comment.is_hidden or open_reports) else []
        choices += ["spam", "remove"]
    else:
        choices = ["restore"]
    if comment.author_id:
        choices.append("suspend")
    return choices


def open_report_count(comment: Comment) -> int:
    return comment.flags.filter(state=Flag.State.OPEN).count()


def describe(comment: Comment) -> str:
    """How a message names a comment: its author and its first words."""
    excerpt = Truncator(comment.body).words(8) or "(deleted by its author)"
    return f"the comment by {comment.display_name} (“{excerpt}”)"


def decide(
    *,
    comment: Comment,
    moderator,
    decision: str,
    seen_status: str | None = None,
    seen_hidden: bool | None = None,
    seen_suspension: int | None = None,
    duration: str = "",
    reason: str = "",
) -> str:
    """Carry out one decision through comments.services; return what the moderator is
    told. Raises CommentRefused (AlreadyDecided when the comment, or the poster's
    suspension, changed since the moderator saw it) and then nothing has changed."""
    if decision not in DECISIONS:
        raise CommentRefused("That is not a decision the queue knows: nothing was changed.")
    what = describe(comment)
    if decision == "suspend":
        return _suspend(comment, moderator, duration, reason, seen_suspension)
    if decision == "keep":
        if comment.status != Comment.Status.APPROVED:
            raise CommentRefused(
                "Only a comment on the site can be kept: approve or restore it instead."
            )
        closed = services.comment_keep(
            comment=comment, moderator=moderator, seen_hidden=seen_hidden
        )
        if not closed and not comment.is_hidden:
            raise CommentRefused(
                "Nothing was changed: there are no open reports on this comment "
                "(another moderator may have reviewed them)."
            )
        shows = " It shows on the site again." if comment.is_hidden else ""
        return f"Kept {what}: {closed} report(s) marked reviewed.{shows}"
    action = {
        "approve": Action.APPROVE,
        "spam": Action.SPAM,
        "remove": Action.REMOVE,
        "restore": Action.RESTORE,
    }[decision]
    services.comment_moderate(
        comment=comment,
        moderator=moderator,
        action=action,
        seen_status=seen_status,
        seen_hidden=seen_hidden,
    )
    return {
        "approve": f"Approved {what}: it is on the site now.",
        "spam": f"Marked {what} as spam: it is off the site.",
        "remove": f"Removed {what} from the site.",
        "restore": f"Restored {what}: it is on the site again.",
    }[decision]


def _suspend(comment, moderator, duration, reason, seen_suspension) -> str:
    poster = comment.author
    if poster is None:
        raise CommentRefused(
            "This comment has no account behind it (imported, or the account was deleted): "
            "there is nobody to suspend."
        )
    if poster.is_staff:
        raise CommentRefused("Staff accounts are not suspended here: ask an administrator.")
    if duration not in suspensions.DURATIONS:
        raise CommentRefused("Choose how long the suspension lasts.")
    reason = reason.strip()
    if not reason:
        raise CommentRefused("Give a reason: the reader is shown it in place of the comment form.")
    if len(reason) > 300:
        raise CommentRefused("Keep the reason to 300 characters: the reader is shown it.")
    label, length = suspensions.DURATIONS[duration]
    with transaction.atomic():
        # One suspension per click, however many clicks arrive at once.
        get_user_model().objects.select_for_update().filter(pk=poster.pk).first()
        current = suspensions.current(poster)
        if seen_suspension is not None and (current.pk if current else 0) != seen_suspension:
            raise services.AlreadyDecided(
                f"Nothing was changed: {comment.display_name}'s suspension changed while you "
                f"were looking at it. Now: {suspension_words(current)}."
            )
        suspension = services.commenter_suspend(
            user=poster, moderator=moderator, duration=length, reason=reason, comment=comment
        )
    return f"Suspended {comment.display_name}: {suspension_words(suspension)}."


def suspension_words(suspension) -> str:
    """A suspension in a moderator's words."""
    if suspension is None:
        return "not suspended"
    if suspension.ends_at is None:
        return "suspended until a moderator lifts it"
    ends = timezone.localtime(suspension.ends_at)
    return f"suspended until {date_format(ends, 'j F Y, H:i')}"


# --- signed links ----------------------------------------------------------------------


class LinkRefused(Exception):
    """A link that may not act; `message` is for the moderator, `status` the HTTP status."""

    def __init__(self, message, *, status=400, comment=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.comment = comment


@dataclass(frozen=True)
class Link:
    comment: Comment
    decision: str
    moderator_id: int
    seen_status: str
    seen_hidden: bool


def _signer():
    return signing.TimestampSigner(salt=LINK_SALT)


def link_token(comment: Comment, moderator, decision: str) -> str:
    return _signer().sign_object(
        {
            "c": comment.pk,
            "a": decision,
            "m": moderator.pk,
            "s": comment.status,
            "h": comment.is_hidden,
        }
    )


def action_links(comment: Comment, moderator, *, open_reports=None) -> dict[str, str]:
    """{decision: absolute URL} for the one-click decisions that make sense for the comment
    now, signed for `moderator` (only they can use them) and valid for LINK_MAX_AGE.
    `open_reports`: how many open reports it has, when the caller has counted them."""
    if open_reports is None:
        open_reports = open_report_count(comment)
    decisions = [d for d in available(comment, open_reports=open_reports) if d in LINK_DECISIONS]
    base = settings.SITE_URL.rstrip("/")
    return {
        decision: base
        + reverse("comments:moderate", kwargs={"token": link_token(comment, moderator, decision)})
        for decision in decisions
    }


def read_link(token: str) -> Link:
    """The link's content; LinkRefused (400) when it is forged, damaged or expired, or
    names a comment that no longer exists."""
    try:
        data = _signer().unsign_object(token, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        comment = _comment_of_expired(token)
        raise LinkRefused(
            f"This link has expired: links in moderation emails work for "
            f"{LINK_MAX_AGE.days} days. Nothing was changed; open the comment in the "
            "admin to decide.",
            comment=comment,
        ) from None
    except signing.BadSignature:
        raise LinkRefused(
            "This link is not valid: it may have been copied incompletely or changed. "
            "Nothing was changed."
        ) from None
    try:
        comment = Comment.objects.select_related("author", "article").get(pk=data["c"])
        link = Link(comment, data["a"], int(data["m"]), data["s"], bool(data["h"]))
    except (Comment.DoesNotExist, KeyError, TypeError, ValueError):
        raise LinkRefused("The comment this link is about no longer exists.") from None
    if link.decision not in LINK_DECISIONS:
        raise LinkRefused("This link is not valid. Nothing was changed.")
    return link


def _comment_of_expired(token):
    try:
        data = _signer().unsign_object(token)
        return Comment.objects.filter(pk=data["c"]).first()
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
