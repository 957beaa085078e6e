from django import template
from django.db.models import Count, Q

from ..models import Comment, Flag

register = template.Library()


def queue_counts() -> dict[str, int]:
    """What waits for a moderator, in two small queries (each on an indexed column):
    `held` comments awaiting moderation; `reported` comments with open reports (a report
    closes when a moderator decides), of which `hidden` are hidden by those reports."""
    held = Comment.objects.filter(status=Comment.Status.PENDING).count()
    reports = Comment.objects.filter(flags__state=Flag.State.OPEN).aggregate(
        reported=Count("pk", distinct=True),
        hidden=Count("pk", filter=Q(is_hidden=True), distinct=True),
    )
    return {"held": held, **reports}


def _counts_for(request) -> dict[str, int]:
    """Read once per request: the admin index shows them in its header and its body."""
    if not hasattr(request, "_comments_queue_counts"):
        request._comments_queue_counts = queue_counts()
    return request._comments_queue_counts


@register.simple_tag(takes_context=True)
def moderation_summary(context):
    """How many comments wait for a moderator, for the admin index (moderators only)."""
    request = context["request"]
    if not request.user.has_perm("comments.view_comment"):
        return None
    counts = _counts_for(request)
    return {"pending": counts["held"], "flagged": counts["reported"], "hidden": counts["hidden"]}


@register.inclusion_tag("admin/comments/queue_count.html", takes_context=True)
def moderation_queue_count(context):
    """The admin header's "Queue: 3 held · 2 reported", for those who moderate."""
    request = context.get("request")
    if request is None or not request.user.has_perm("comments.moderate_comment"):
        return {"counts": None}
    return {"counts": _counts_for(request)}
