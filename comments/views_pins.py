"""Pin and unpin a thread's answer: the buttons in the thread (comments.rendering) post
here, with Django's CSRF check. The rules are in comments/pins.py."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import Comment
from .pins import PinRefused, answer_pin, answer_unpin


def _thread(pk):
    return get_object_or_404(Comment.objects.on_live_articles(), pk=pk)


def _back_to(comment):
    """The comment in its thread, on the right comment page (the permalink finds it)."""
    return redirect(reverse("comments:permalink", kwargs={"pk": comment.pk}))


@require_POST
def pin_answer(request, pk):
    """Pin the reply named by the form's `answer` as the answer of thread `pk`."""
    thread = _thread(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(thread.get_absolute_url())
    raw = request.POST.get("answer", "")
    reply = None
    if raw.isascii() and raw.isdigit():
        reply = Comment.objects.filter(pk=int(raw)).first()
    try:
        if reply is None:
            raise PinRefused(_("That reply does not exist: nothing was pinned."))
        answer_pin(reply=reply, by=request.user, thread=thread)
    except PinRefused as refusal:
        messages.error(request, refusal.message)
        return _back_to(thread)
    messages.success(
        request,
        _("Pinned: the reply by %(name)s now shows first as the answer.")
        % {"name": reply.display_name},
    )
    return _back_to(reply)


@require_POST
def unpin_answer(request, pk):
    """Take the pinned answer off thread `pk`."""
    thread = _thread(pk)
    if not request.user.is_authenticated:
        return redirect_to_login(thread.get_absolute_url())
    try:
        answer_unpin(thread=thread, by=request.user)
    except PinRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Unpinned: the reply shows in its place in the thread again."))
    return _back_to(thread)
