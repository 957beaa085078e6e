"""Reads that the article pages ask of comments (registered in comments/apps.py), and the
badges a thread shows beside names."""

from dataclasses import dataclass
from html import unescape

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models import (
    BooleanField,
    CharField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Value,
)
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.roles import MODERATORS, REVIEWERS

from .models import Comment


def with_thread(queryset):
    """Join each article's comment switch, so the section reads it without a query."""
    return queryset.select_related("comment_thread")


def has_commented(person) -> bool:
    return Comment.objects.filter(author_id=person.pk).exists()


# --- badges ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Badge:
    """A role a person holds, as a thread shows it beside their name.

    `kind` is "author", "reviewer" or "moderator"; `label` is the badge's text; `role`
    completes "Answer from …" on a reply pinned as a thread's answer."""

    kind: str
    label: str
    role: str


AUTHOR = "author"
REVIEWER = "reviewer"
MODERATOR = "moderator"


def author_badge() -> Badge:
    return Badge(AUTHOR, _("Author of this article"), _("the article’s author"))


def reviewer_badge(profession: str) -> Badge:
    profession = " ".join(profession.split())
    return Badge(
        REVIEWER,
        _("Medical reviewer · %(profession)s") % {"profession": profession},
        _("a medical reviewer (%(profession)s)") % {"profession": profession}
        if profession
        else _("a medical reviewer"),
    )


def moderator_badge() -> Badge:
    return Badge(MODERATOR, _("Moderator"), _("a moderator"))


def reviewer_profession():
    """The profession on a person's reviewer profile, as an expression on the user.

    Who is a clinician is medical's to say (its Reviewer profile, kept by editors); the
    reviewer badge needs just this one value, read inside the thread's single badge query.
    So comments reads it here, and only here, through the profile's relation
    (`reviewer_profile`, medical.Reviewer.user) instead of importing medical: medical
    imports articles and accounts, comments imports neither medical nor anything of it,
    and a site without the medical app simply shows no reviewer badges."""
    if not apps.is_installed("medical"):
        return Value(None, output_field=CharField())
    return F("reviewer_profile__profession")


def _in_role(name):
    return Exists(Group.objects.filter(name=name, user=OuterRef("pk")))


def _has_moderate_permission():
    """Holds the moderate_comment permission, given directly or through a group."""
    return Exists(
        Permission.objects.filter(
            content_type__app_label="comments", codename="moderate_comment"
        ).filter(Q(user=OuterRef("pk")) | Q(group__user=OuterRef("pk")))
    )


def badges_for(article, user_ids) -> dict:
    """{user id: (Badge, …)} for the people among `user_ids` who hold a badge on
    `article`, in one query whatever their number (none when nobody could hold one).

    Earned, never typed: "Author of this article" for the article's author; "Medical
    reviewer · <profession>" for a person in the Reviewers role with a reviewer profile;
    "Moderator" for a person in the Moderators role, or staff with the permission to
    moderate comments (superusers have every permission). Deactivated accounts hold none."""
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return {}
    may_moderate = Q(in_moderators=True) | Q(is_staff=True, is_superuser=True)
    may_moderate |= Q(is_staff=True, has_permission=True)
    rows = (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .annotate(
            in_reviewers=_in_role(REVIEWERS),
            in_moderators=_in_role(MODERATORS),
            has_permission=_has_moderate_permission(),
            profession=reviewer_profession(),
        )
        .annotate(is_moderator=ExpressionWrapper(may_moderate, output_field=BooleanField()))
        .filter(Q(pk=article.author_id) | Q(in_reviewers=True) | may_moderate)
        .values_list("pk", "in_reviewers", "profession", "is_moderator")
    )
    badges = {}
    for pk, in_reviewers, profession, is_moderator in rows:
        held = []
        if pk == article.author_id:
            held.append(author_badge())
        if in_reviewers and profession is not None:
            held.append(reviewer_badge(profession))
        if is_moderator:
            held.append(moderator_badge())
        if held:
            badges[pk] = tuple(held)
    return badges


# --- what a thread shows of roles and answers --------------------------------------------


@dataclass(frozen=True)
class ThreadTrust:
    """Badges and pinned answers of one article's thread, for one reader.

    `badges`: {user id: (Badge, …)}; `answers`: {first comment's id: answer's id} for the
    answers that show (comments.pins says which); `may_pin`: the reader may pin."""

    badges: dict
    answers: dict
    may_pin: bool


def thread_trust(*, article, comments, user) -> ThreadTrust:
    """Read the badges of everyone in the thread and of the reader in one query (none for
    a thread without comments), and keep the pins that still hold: the answer is shown to
    everyone (approved, not deleted) and its writer still holds a badge."""
    viewer_id = user.pk if user.is_authenticated else None
    # The reader rides along in the same query; with no comment there is nothing to pin.
    people = {c.author_id for c in comments}
    badges = badges_for(article, people | {viewer_id} if comments else people)
    by_id = {c.pk: c for c in comments}
    answers = {}
    for comment in comments:
        answer = by_id.get(comment.answer_id) if comment.answer_id else None
        if (
            answer is not None
            and comment.parent_id is None
            and answer.status == Comment.Status.APPROVED
            and not answer.is_deleted
            and answer.author_id in badges
        ):
            answers[comment.pk] = answer.pk
    return ThreadTrust(badges=badges, answers=answers, may_pin=viewer_id in badges)


@dataclass(frozen=True, slots=True)
class AnswerLink:
    """One line of "Answers from our team" at the top of the comments."""

    url: str
    question: str
    name: str
    badge: Badge


def answer_links(trust: ThreadTrust, comments, *, shown_ids) -> list:
    """The pinned answers, in the order of their threads, each linked to its place: on
    this comment page an anchor, else the comment's permalink (which finds its page)."""
    by_id = {c.pk: c for c in comments}
    links = []
    for comment in comments:
        answer_id = trust.answers.get(comment.pk)
        if answer_id is None:
            continue
        answer = by_id[answer_id]
        question = (
            "A deleted comment"
            if comment.is_deleted
            else Truncator(strip_tags(comment.body_html)).words(14, truncate="…")
        )
        url = (
            f"#comment-{answer_id}"
            if answer_id in shown_ids
            else reverse("comments:permalink", kwargs={"pk": answer_id})
        )
        badge = trust.badges[answer.author_id][0]
        links.append(AnswerLink(url, unescape(question), answer.display_name, badge))
    return links
