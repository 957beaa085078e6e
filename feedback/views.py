"""The answer endpoint. It parses the request, calls feedback.services and answers: with
JSON for the in-page script (fetch), with a redirect back to the question for a plain form
POST. A refused answer changes nothing and says why: a JSON error for the script, the
article page again for a form, the reason beside the question (400, or 429 when too fast)."""

from http import HTTPStatus

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts import suspensions
from articles.extensions import render_article_page
from articles.models import Article

from . import ratelimit, services
from .forms import AnswerForm
from .models import Choice, item_anchor, item_url
from .queries import Refusal, feedback_panel, item_name, login_url_for

PANEL_BODY = "feedback/article_panel.html#feedback_body"


def wants_json(request):
    """The script sends X-Requested-With and Accept: application/json; a browser's own
    form POST prefers HTML (its Accept also ends in */*, so request.accepts() won't do)."""
    if request.headers.get("X-Requested-With"):
        return True
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def _refused(request, article, refusal, status):
    if wants_json(request):
        return JsonResponse({"error": refusal.message}, status=status)
    return render_article_page(request, article.slug, states={"feedback": refusal}, status=status)


def _done(request, article, step, answer):
    message = _("Thank you: your answer for %(item)s, “%(choice)s”, is saved.") % {
        "item": item_name(step),
        "choice": Choice(answer.choice).label,
    }
    if not wants_json(request):
        messages.success(request, message)
        return redirect(item_url(article, answer.step_id))
    panel = feedback_panel(article, request.user)
    html = render_to_string(PANEL_BODY, {"article": article, "panel": panel}, request=request)
    item = next(item for item in panel.items if item.step_id == answer.step_id)
    return JsonResponse(
        {
            "message": message,
            "html": html,
            "answer": {"step": answer.step_id, "choice": answer.choice},
            "results": item.counts,
        }
    )


@require_POST
def answer(request, slug):
    """Answer "Did this help?" for the article or one of its steps: POST only (405
    otherwise), a published article (404 otherwise), a logged-in reader (login redirect
    or 401) who is not suspended (403, with the reason), within the rate limit (429); bad
    input is refused with 400."""
    article = get_object_or_404(Article.objects.on_site(), slug=slug)
    if not request.user.is_authenticated:
        login_url = login_url_for(article)
        if wants_json(request):
            return JsonResponse(
                {"error": _("Log in to answer."), "login_url": login_url},
                status=HTTPStatus.UNAUTHORIZED,
            )
        return redirect(login_url)
    try:
        suspensions.check(request.user)
    except suspensions.Suspended as refusal:
        return _refused(request, article, Refusal(refusal.message), HTTPStatus.FORBIDDEN)
    form = AnswerForm(request.POST, article=article)
    valid = form.is_valid()
    step = form.cleaned_data.get("step")
    # Where the page shows a refusal: beside the question answered, or atop the block
    # when the step named is not one of this article's.
    where = None if "step" in form.errors else item_anchor(step.pk if step else None)
    wait = ratelimit.consume(request.user)
    if wait is not None:
        refusal = Refusal(
            ngettext(
                "You have answered many times in a short while. Wait %(wait)d second and "
                "try again.",
                "You have answered many times in a short while. Wait %(wait)d seconds and "
                "try again.",
                wait,
            )
            % {"wait": wait},
            anchor=where,
        )
        response = _refused(request, article, refusal, HTTPStatus.TOO_MANY_REQUESTS)
        response["Retry-After"] = str(wait)
        return response
    try:
        if not valid:
            raise ValidationError(form.first_error())
        saved = services.answer_give(
            user=request.user, article=article, step=step, choice=form.cleaned_data["choice"]
        )
    except suspensions.Suspended as refusal:  # suspended since the check above
        return _refused(request, article, Refusal(refusal.message), HTTPStatus.FORBIDDEN)
    except ValidationError as error:
        refusal = Refusal(" ".join(error.messages), anchor=where)
        return _refused(request, article, refusal, HTTPStatus.BAD_REQUEST)
    return _done(request, article, step, saved)
