"""The vote endpoints. Each parses the request, calls ratings.services and answers: with
JSON for the in-page script (fetch), with a redirect back to the rating block for a plain
form POST."""

from functools import wraps
from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from accounts import suspensions
from articles.models import Article

from . import ratelimit, services
from .forms import StarVoteForm, ThumbVoteForm
from .models import MAX_SCORE, RatingSummary, ThumbVote, rating_url
from .queries import login_url_for, rating_panel

PANEL_BODY = "ratings/article_panel.html#rating_body"


def wants_json(request):
    """The script sends X-Requested-With and Accept: application/json; a browser's own
    form POST prefers HTML (its Accept also ends in */*, so request.accepts() won't do)."""
    if request.headers.get("X-Requested-With"):
        return True
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _login_required(request, article):
    login_url = login_url_for(article)
    if wants_json(request):
        return JsonResponse(
            {"error": _("Log in to rate this article."), "login_url": login_url},
            status=HTTPStatus.UNAUTHORIZED,
        )
    return redirect(login_url)


def _refused(request, article, message, status, heading):
    if wants_json(request):
        response = JsonResponse({"error": message}, status=status)
    else:
        response = render(
            request,
            "ratings/vote_refused.html",
            {
                "article": article,
                "heading": heading,
                "message": message,
                "back_url": rating_url(article),
            },
            status=status,
        )
    return response


def _suspended(request, article, refusal):
    return _refused(
        request, article, refusal.message, HTTPStatus.FORBIDDEN, _("Your vote was not counted")
    )


def _done(request, article, message):
    if not wants_json(request):
        messages.success(request, message)
        return redirect(rating_url(article))
    summary = RatingSummary.objects.filter(pk=article.pk).first()
    panel = rating_panel(
        article, request.user, summary=summary or RatingSummary(article_id=article.pk)
    )
    html = render_to_string(PANEL_BODY, {"article": article, "panel": panel}, request=request)
    average = panel.summary.average
    return JsonResponse(
        {
            "message": message,
            "html": html,
            "rating": {
                "average": str(average) if average is not None else None,
                "count": panel.summary.vote_count,
                "thumbs_score": panel.summary.thumbs_score,
                "thumbs_count": panel.summary.thumbs_count,
                "my_score": panel.my_score,
                "my_thumb": panel.my_thumb,
            },
        }
    )


def vote_endpoint(handler):
    """Turn handler(request, article) -> message into a vote view: POST only (405
    otherwise), a published article (404 otherwise), a logged-in reader (login redirect or
    401) who is not suspended (403, with the reason), within the rate limit (429), bad
    input refused with 400 and nothing counted."""

    @require_POST
    @wraps(handler)
    def view(request, slug):
        article = get_object_or_404(Article.objects.on_site(), slug=slug)
        if not request.user.is_authenticated:
            return _login_required(request, article)
        try:
            suspensions.check(request.user)
        except suspensions.Suspended as refusal:
            return _suspended(request, article, refusal)
        wait = ratelimit.consume(request.user)
        if wait is not None:
            response = _refused(
                request,
                article,
                ngettext(
                    "You have voted many times in a short while. Wait %(wait)d second and "
                    "try again.",
                    "You have voted many times in a short while. Wait %(wait)d seconds and "
                    "try again.",
                    wait,
                )
                % {"wait": wait},
                HTTPStatus.TOO_MANY_REQUESTS,
                _("Too many votes at once"),
            )
            response["Retry-After"] = str(wait)
            return response
        try:
            message = handler(request, article)
        except suspensions.Suspended as refusal:  # suspended since the check above
            return _suspended(request, article, refusal)
        except ValidationError as error:
            return _refused(
                request,
                article,
                " ".join(error.messages),
                HTTPStatus.BAD_REQUEST,
                _("Your vote was not counted"),
            )
        return _done(request, article, message)

    return view


def _cleaned(form, field):
    if not form.is_valid():
        raise ValidationError(form.errors[field][0])
    return form.cleaned_data[field]


@vote_endpoint
def star_vote(request, article):
    score = _cleaned(StarVoteForm(request.POST), "score")
    services.vote_cast(user=request.user, article=article, score=score)
    return _("Thank you: your rating of %(score)s out of %(best)s is saved.") % {
        "score": score,
        "best": MAX_SCORE,
    }


def withdraw_endpoint(withdraw, *, nothing_message, done_message):
    """A view taking back the reader's vote through `withdraw` (a ratings service)."""

    def handler(request, article):
        if withdraw(user=request.user, article=article) is None:
            return str(nothing_message)
        return str(done_message)

    handler.__name__ = withdraw.__name__
    return vote_endpoint(handler)


star_withdraw = withdraw_endpoint(
    services.vote_withdraw,
    nothing_message=gettext_lazy("You had no star rating to withdraw."),
    done_message=gettext_lazy("Your star rating is withdrawn."),
)


@vote_endpoint
def thumb_vote(request, article):
    value = _cleaned(ThumbVoteForm(request.POST), "value")
    services.thumb_cast(user=request.user, article=article, value=value)
    if value == ThumbVote.Direction.UP:
        return _("Thank you: your thumbs up is saved.")
    return _("Thank you: your thumbs down is saved.")


thumb_withdraw = withdraw_endpoint(
    services.thumb_withdraw,
    nothing_message=gettext_lazy("You had no thumbs vote to withdraw."),
    done_message=gettext_lazy("Your thumbs vote is withdrawn."),
)
