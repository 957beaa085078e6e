"""The page a one-click link from a moderation email opens (comments/actions.py)."""

from http import HTTPStatus

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from . import actions
from .moderation import CommentRefused
from .services import AlreadyDecided


def _page(request, context, status=HTTPStatus.OK):
    context = {**admin.site.each_context(request), "title": "Moderate a comment", **context}
    return TemplateResponse(request, "admin/comments/moderate_link.html", context, status=status)


def _refused(request, message, status, comment=None):
    return _page(request, {"refusal": message, "comment": comment}, status=status)


@require_http_methods(["GET", "POST"])
def moderate(request, token):
    """GET: the comment and a button to confirm (a link alone never acts). POST: the
    decision, through comments.actions.decide with the status the email showed."""
    try:
        link = actions.read_link(token)
    except actions.LinkRefused as refusal:
        return _refused(request, refusal.message, refusal.status, refusal.comment)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("admin:login"))
    comment = link.comment
    if request.user.pk != link.moderator_id:
        return _refused(
            request,
            "This link was sent to another moderator and only works for them. Nothing was "
            "changed; you can decide on the comment in the admin.",
            HTTPStatus.FORBIDDEN,
            comment,
        )
    if not (request.user.is_staff and request.user.has_perm("comments.moderate_comment")):
        return _refused(
            request,
            "Your account may not moderate comments any more. Nothing was changed.",
            HTTPStatus.FORBIDDEN,
            comment,
        )
    decision = actions.DECISIONS[link.decision]
    if request.method == "POST":
        try:
            message = actions.decide(
                comment=comment,
                moderator=request.user,
                decision=link.decision,
                seen_status=link.seen_status,
                seen_hidden=link.seen_hidden,
            )
        except AlreadyDecided as refusal:
            return _refused(request, refusal.message, HTTPStatus.CONFLICT, comment)
        except CommentRefused as refusal:
            return _refused(request, refusal.message, HTTPStatus.BAD_REQUEST, comment)
        messages.success(request, message)
        return redirect("admin:comments_comment_change", comment.pk)
    if (comment.status, comment.is_hidden) != (link.seen_status, link.seen_hidden):
        return _refused(
            request,
            "This comment was decided on after the email was sent: it is now "
            f"{comment.get_status_display().lower()}"
            f"{' and hidden by reports' if comment.is_hidden else ''}. Nothing was changed.",
            HTTPStatus.CONFLICT,
            comment,
        )
    return _page(request, {"comment": comment, "decision": decision, "decision_key": link.decision})
