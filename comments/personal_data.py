"""What the comments app holds about a person (accounts/personal_data.py)."""

import re

from django.db import transaction
from django.db.models import Q

from articles.models import attach_page_paths
from caching import invalidation

from .helpful import helpful_forget
from .models import Comment, Flag, Follow, HelpfulVote, ModerationEvent, NotificationPreference


def export(user) -> dict:
    comments = list(Comment.objects.filter(author=user).select_related("article").order_by("pk"))
    attach_page_paths([c.article for c in comments])  # their addresses: one query at most
    return {
        "comments": [
            {
                "id": c.pk,
                "article": c.article.title,
                "address": c.article.get_absolute_url() + f"#{c.anchor}",
                "in_reply_to": c.parent_id,
                "text": c.body,
                "status": c.get_status_display(),
                "written_at": c.created_at.isoformat(),
                "edited_at": c.edited_at.isoformat() if c.edited_at else None,
                "email_me_replies": c.notify_replies,
            }
            for c in comments
        ],
        "reports_you_made": [
            {
                "comment": f.comment_id,
                "reason": f.get_reason_display(),
                "note": f.note,
                "made_at": f.created_at.isoformat(),
                "state": f.get_state_display(),
            }
            for f in Flag.objects.filter(user=user).order_by("pk")
        ],
        "comments_you_found_helpful": [
            {"comment": v.comment_id, "marked_at": v.created_at.isoformat()}
            for v in HelpfulVote.objects.filter(user=user).order_by("pk")
        ],
        "follows": [
            {
                "article": f.article.title,
                "thread": f.thread_id,
                "since": f.created_at.isoformat(),
            }
            for f in Follow.objects.filter(user=user).select_related("article").order_by("pk")
        ],
        "email_settings": {
            p.get_kind_display(): p.get_delivery_display()
            for p in NotificationPreference.objects.filter(user=user).order_by("kind")
        },
    }


@transaction.atomic
def erase(user, *, keep_comments: bool) -> None:
    """Their comments lose every trace of them: kept (as "Deleted user") or emptied (a
    comment with replies stays as "This comment was deleted"; one without goes). Their
    reports, notifications and email settings go with the account (cascade); log lines
    that named them lose the name."""
    helpful_forget(user=user)  # the counts drop with the votes (follows go by cascade)
    mine = Comment.objects.filter(author=user)
    slugs = set(mine.values_list("article__slug", flat=True))
    if not keep_comments:
        answered = mine.filter(replies__isnull=False).distinct()
        answered.update(is_deleted=True, body="", body_html="")
        mine.filter(replies__isnull=True).delete()
    Comment.objects.filter(author=user).update(
        author=None, author_name="", author_email="", author_url=""
    )
    # Every spelling that names them, longest first ("Jo Smith" before "jo"), matched as
    # whole words in any case, so "major joint" stays and "Reported by JO" does not.
    names = sorted(
        {n for n in (user.email, user.public_name, user.get_full_name(), user.username) if n},
        key=len,
        reverse=True,
    )
    naming = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)", re.I)
    mentions = Q(subject=user)
    for name in names:
        mentions |= Q(note__icontains=name)
    for event in ModerationEvent.objects.filter(mentions).only("pk", "note"):
        note = naming.sub("Deleted user", event.note)
        if note != event.note:
            ModerationEvent.objects.filter(pk=event.pk).update(note=note)
    for slug in slugs:
        invalidation.thread_changed(slug=slug)
