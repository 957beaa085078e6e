from django import template
from django.db.models import Count, Q

from ..models import Comment

register = template.Library()


@register.simple_tag(takes_context=True)
def moderation_summary(context):
    """How many comments wait for a moderator, for the admin index (moderators only)."""
    request = context["request"]
    if not request.user.has_perm("comments.view_comment"):
        return None
    return Comment.objects.aggregate(
        pending=Count("pk", filter=Q(status=Comment.Status.PENDING), distinct=True),
        flagged=Count("pk", filter=Q(flags__isnull=False), distinct=True),
        hidden=Count("pk", filter=Q(is_hidden=True), distinct=True),
    )
