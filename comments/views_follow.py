"""Helpful votes, following, and a reader's notifications page. The buttons in the thread
(comments.rendering) post here with Django's CSRF check; each works as a plain form (back
to the comment) and answers the in-page script (comments.js) with JSON. The rules are in
comments/helpful.py and comments/following.py."""

from http import HTTPStatus

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from accounts.suspensions import Suspended
from articles.models import Article
from sciatica_site import ratelimit

from . import following, helpful
from .conf import conf
from .models import Comment

BAD_CHOICE = gettext_lazy(
    "That button sent something unexpected: nothing was changed. Reload the page."
)


def wants_json(request):
    """The script sends X-Requested-With; a browser's own form POST prefers HTML."""
    if request.headers.get("X-Requested-With"):
        return True
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _switch(request):
    """The state the button asks for: True (on), False (off), None (not a choice)."""
    return {"1": True, "0": False}.get(request.POST.get("on"))


def _refused(request, message, back, status=HTTPStatus.BAD_REQUEST):
    if wants_json(request):
        return JsonResponse({"error": message}, status=status)
    messages.error(request, message)
    return redirect(back)


def _login_first(request, back):
    if wants_json(request):
        login = f"{reverse('account_login')}?next={back}"
        return JsonResponse(
            {"error": _("Log in first."), "login_url": login}, status=HTTPStatus.UNAUTHORIZED
        )
    return redirect_to_login(back)


@require_POST
def helpful_vote(request, pk):
    """Mark comment `pk` helpful (on=1) or take it back (on=0)."""
    comment = get_object_or_404(Comment.objects.on_live_articles(), pk=pk)
    back = comment.get_absolute_url()  # the permalink: the comment on its comment page
    if not request.user.is_authenticated:
        return _login_first(request, back)
    on = _switch(request)
    if on is None:
        return _refused(request, BAD_CHOICE, back)
    wait = ratelimit.consume(
        request.user,
        rate=ratelimit.parse_rate(conf.HELPFUL_RATE_LIMIT, setting="COMMENTS_HELPFUL_RATE_LIMIT"),
        scope="comments:helpful",
    )
    if wait is not None:
        return _refused(
            request,
            ngettext(
                "You have marked many comments in a short while. Wait %(wait)s second and "
                "try again.",
                "You have marked many comments in a short while. Wait %(wait)s seconds and "
                "try again.",
                wait,
            )
            % {"wait": wait},
            back,
            HTTPStatus.TOO_MANY_REQUESTS,
        )
    try:
        if on:
            count = helpful.helpful_cast(user=request.user, comment=comment)
        else:
            count = helpful.helpful_withdraw(user=request.user, comment=comment)
    except (helpful.HelpfulRefused, Suspended) as refusal:
        return _refused(request, refusal.message, back, HTTPStatus.FORBIDDEN)
    message = (
        _("Marked as helpful. Thank you.")
        if on
        else _("Taken back: no longer marked helpful by you.")
    )
    if wants_json(request):
        return JsonResponse({"count": count, "pressed": on, "message": message})
    messages.success(request, message)
    return redirect(back)


def _next_or(request, fallback):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _follow_reply(request, *, on, what, back):
    message = (
        _("You follow %(what)s: you will get an email for each new comment.") % {"what": what}
        if on
        else _("You no longer follow %(what)s.") % {"what": what}
    )
    if wants_json(request):
        return JsonResponse({"pressed": on, "message": message})
    messages.success(request, message)
    return redirect(_next_or(request, back))


def _follow_switch(request, *, back, what, article, thread=None):
    """Follow (on=1) or unfollow (on=0) `thread` (or the whole article), then answer."""
    if not request.user.is_authenticated:
        return _login_first(request, back)
    on = _switch(request)
    if on is None:
        return _refused(request, BAD_CHOICE, back)
    if on:
        try:
            following.follow_create(user=request.user, article=article, thread=thread)
        except following.FollowRefused as refusal:
            return _refused(request, refusal.message, back, HTTPStatus.FORBIDDEN)
    else:
        following.follow_delete(user=request.user, article=article, thread=thread)
    return _follow_reply(request, on=on, what=what, back=back)


@require_POST
def follow_thread(request, pk):
    """Follow (on=1) or unfollow (on=0) the thread that comment `pk` starts."""
    thread = get_object_or_404(Comment.objects.on_live_articles(), pk=pk)
    return _follow_switch(
        request,
        back=thread.get_absolute_url(),
        what=_("the thread started by %(name)s") % {"name": thread.display_name},
        article=thread.article,
        thread=thread,
    )


@require_POST
def follow_article(request, slug):
    """Follow (on=1) or unfollow (on=0) every comment on the article."""
    article = get_object_or_404(Article.objects.on_site(), slug=slug)
    return _follow_switch(
        request,
        back=f"{article.get_absolute_url()}#comments",
        what=_("the comments on “%(title)s”") % {"title": article.title},
        article=article,
    )


@login_required
def notifications_page(request):
    """What the reader follows (each with Unfollow) and the latest emails written to them."""
    return render(
        request,
        "comments/notifications.html",
        {
            "follows": following.follows_of(request.user),
            "notifications": following.notifications_of(request.user),
        },
    )


# Mail programs' one-click POST (RFC 8058) carries no CSRF token: the signed token is the
# permission, and it can only stop emails.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def follow_unsubscribe(request, token):
    """GET shows what the link stops and a button (link scanners only GET); POST, from the
    button or a mail program's "Unsubscribe", unfollows the article's threads and comments
    (scope=all: also stops every such email)."""
    link = following.unsubscribe_read(token)
    if link is None:
        return render(request, "comments/follow_unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "GET":
        return render(request, "comments/follow_unsubscribe.html", {"link": link})
    everything = request.POST.get("scope") == "all"
    following.unsubscribe(link=link, everything=everything)
    return render(
        request,
        "comments/follow_unsubscribe.html",
        {"link": link, "done": True, "everything": everything},
    )
