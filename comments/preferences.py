"""How each person wants to hear of each kind of event: at once, in a daily digest, or never.

A person without a NotificationPreference row for a kind gets the kind's default
(DEFAULTS): at once for everything, except "comment reported by a reader", which comes in
the moderator's daily digest (reports are many and rarely urgent; reports that hide a
comment, and comments held by screening, are told at once).

They choose on their "Email settings" page, and every notification email carries a
one-click unsubscribe link: a signed token naming the person and the kinds of email it
stops (and, for a reply email, the comment whose replies they asked for). The token is the
permission: no login. It expires after UNSUBSCRIBE_MAX_AGE.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.roles import MODERATORS
from articles.models import Article

from .models import Comment, Notification, NotificationPreference

Kind = Notification.Kind
Delivery = NotificationPreference.Delivery

DEFAULTS = {
    Kind.NEW_COMMENT: Delivery.AT_ONCE,
    Kind.REPLY: Delivery.AT_ONCE,
    Kind.FOLLOWED: Delivery.AT_ONCE,
    Kind.AWAITING: Delivery.AT_ONCE,
    Kind.HELD: Delivery.AT_ONCE,
    Kind.HIDDEN: Delivery.AT_ONCE,
    Kind.REPORTED: Delivery.DIGEST,
}

# Who gets which kind (comments/notifications.py), in the order the settings page lists them.
MODERATOR_KINDS = (Kind.HELD, Kind.HIDDEN, Kind.REPORTED, Kind.AWAITING)
AUTHOR_KINDS = (Kind.NEW_COMMENT,)
READER_KINDS = (Kind.REPLY, Kind.FOLLOWED)

# What each kind is, for the settings page and the unsubscribe page.
EXPLANATIONS = {
    Kind.HELD: _(
        "A new comment was held by screening (for example possible unsafe health "
        "advice, or red-flag symptoms); the email says why."
    ),
    Kind.HIDDEN: _("Readers' reports hid a comment until a moderator decides."),
    Kind.REPORTED: _(
        "A reader reported a comment (one email per comment, however many reports follow)."
    ),
    Kind.AWAITING: _(
        "A new comment waits for a moderator (held for a reason other than "
        "screening, such as a first comment)."
    ),
    Kind.NEW_COMMENT: _("Someone commented on one of your articles."),
    Kind.REPLY: _("Someone replied to a comment of yours where you ticked “Email me replies”."),
    Kind.FOLLOWED: _("A new comment in a thread, or on an article, you follow."),
}

UNSUBSCRIBE_SALT = "comments.unsubscribe"
UNSUBSCRIBE_MAX_AGE = timedelta(days=365)


def kinds_for(user) -> list[str]:
    """The kinds of email this person can get: replies for everyone; new comments for
    people who write articles; the alerts for moderators."""
    kinds = []
    if user.groups.filter(name=MODERATORS).exists():
        kinds += MODERATOR_KINDS
    if user.has_perm("articles.add_article") or Article.objects.filter(author=user).exists():
        kinds += AUTHOR_KINDS
    return kinds + list(READER_KINDS)


def deliveries(kind, users) -> dict[int, str]:
    """How each of `users` wants `kind` delivered, by user id (one query)."""
    chosen = dict(
        NotificationPreference.objects.filter(kind=kind, user__in=users).values_list(
            "user_id", "delivery"
        )
    )
    return {user.pk: chosen.get(user.pk, DEFAULTS[kind]) for user in users}


def preferences_for(user) -> dict[str, str]:
    """Every kind's delivery for this person (their choice or the default)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {kind: chosen.get(kind, DEFAULTS[kind]) for kind in Kind.values}


@transaction.atomic
def preference_set(*, user, kind, delivery) -> NotificationPreference:
    """Record how `user` wants `kind` delivered. Turning a kind off also drops what was
    waiting for their next digest: "never" takes effect at once."""
    if kind not in Kind.values or delivery not in Delivery.values:
        raise ValueError(f"Unknown kind or delivery: {kind!r}, {delivery!r}")
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, kind=kind, defaults={"delivery": delivery}
    )
    if delivery == Delivery.NEVER:
        Notification.objects.filter(
            recipient=user, kind=kind, status=Notification.Status.DIGEST
        ).delete()
    return preference


def preferences_set(*, user, choices: dict[str, str]) -> list[str]:
    """Save the settings page: `choices` maps kind to delivery. Returns the kinds changed."""
    current = preferences_for(user)
    changed = [kind for kind, delivery in choices.items() if current.get(kind) != delivery]
    with transaction.atomic():
        for kind in changed:
            preference_set(user=user, kind=kind, delivery=choices[kind])
    return changed


# One-click unsubscribe -----------------------------------------------------------------


class InvalidToken(Exception):
    """A link that was altered, copied incompletely, too old, or about people or comments
    that no longer exist."""


@dataclass
class Unsubscribe:
    """What an unsubscribe link stops: `kinds` of email to `user`; for a reply email,
    `comment` is the comment whose replies they asked for."""

    user: object
    kinds: list[str] = field(default_factory=list)
    comment: Comment | None = None

    @property
    def kind_labels(self) -> list[str]:
        return [Kind(kind).label for kind in self.kinds]


def unsubscribe_token(*, user, kinds, comment=None) -> str:
    data = {"u": user.pk, "k": sorted(str(kind) for kind in kinds)}
    if comment is not None:
        data["c"] = comment.pk
    return signing.dumps(data, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(token: str) -> Unsubscribe:
    """The person and kinds a token names; InvalidToken if it is not one of ours, has
    expired, or names what no longer exists."""
    try:
        data = signing.loads(
            token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE.total_seconds()
        )
    except signing.BadSignature as error:  # SignatureExpired included
        raise InvalidToken from error
    if not isinstance(data, dict):
        raise InvalidToken
    if set(data) == {"comment"}:
        # The first reply emails' links named only the comment.
        comment = Comment.objects.select_related("article", "author").filter(pk=data["comment"])
        comment = comment.first()
        if comment is None or comment.author is None:
            raise InvalidToken
        return Unsubscribe(user=comment.author, kinds=[Kind.REPLY], comment=comment)
    kinds = data.get("k")
    if not isinstance(kinds, list) or not kinds or not set(kinds) <= set(Kind.values):
        raise InvalidToken
    user = get_user_model().objects.filter(pk=data.get("u")).first()
    if user is None:
        raise InvalidToken
    comment = None
    if "c" in data:
        comment = (
            Comment.objects.select_related("article").filter(pk=data["c"], author=user).first()
        )
        if comment is None:
            raise InvalidToken
    return Unsubscribe(user=user, kinds=[Kind(kind) for kind in kinds], comment=comment)


@transaction.atomic
def unsubscribe(*, link: Unsubscribe, everything: bool = False) -> None:
    """Act on an unsubscribe link. A reply email's link stops the replies to that one
    comment (as unticking "Email me replies" would), unless `everything`: then, as for
    every other link, the kinds it names are set to "never"."""
    if link.comment is not None and not everything:
        Comment.objects.filter(pk=link.comment.pk).update(notify_replies=False)
        return
    for kind in link.kinds:
        preference_set(user=link.user, kind=kind, delivery=Delivery.NEVER)
