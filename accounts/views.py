import json

from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import yourdata
from .forms import DeleteAccountForm, ProfileForm


@login_required
def profile(request):
    """The reader's own profile: the name shown on their comments, and a bio."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


def _account_gone(request):
    """The reader's account was deleted while this request was on its way (a second click
    on "Delete", another tab): logged out, and told so calmly on the home page."""
    logout(request)
    messages.info(request, _("Your account is already deleted. You are logged out."))
    return redirect("/")


@login_required
def your_data(request):
    """What the site keeps about the reader: download it, or delete the account."""
    try:
        blocked = yourdata.deletion_blocked(request.user)
    except yourdata.AccountGone:
        return _account_gone(request)
    return render(request, "accounts/your_data.html", {"deletion_blocked": blocked})


@login_required
@never_cache
def your_data_download(request):
    """Everything about the reader as one JSON file."""
    data = yourdata.export(request.user)
    name = f"sciatica-your-data-{request.user.username}-{timezone.now():%Y-%m-%d}.json"
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@never_cache
def delete_account(request):
    """Delete the reader's account now: their choice for their comments, their password
    again; logged out at once and sent to the home page with a message. A second request
    for the same deletion (a double click) ends the same way, told it is already done."""
    try:
        blocked = yourdata.deletion_blocked(request.user)
    except yourdata.AccountGone:
        return _account_gone(request)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    # Guessing the password here is limited as allauth limits re-entering it
    # (ACCOUNT_RATE_LIMITS "reauthenticate", 10 a minute per account).
    if (
        request.method == "POST"
        and not blocked
        and not ratelimit.consume(request, action="reauthenticate", user=request.user)
    ):
        return render(request, "429.html", status=429)
    if request.method == "POST" and not blocked and form.is_valid():
        try:
            yourdata.delete_account(request.user, keep_comments=form.keep_comments)
        except yourdata.AccountGone:
            return _account_gone(request)
        logout(request)  # after: a refusal above leaves them logged in, account intact
        messages.success(
            request,
            _(
                "Your account is deleted, with everything that named you. Thank you for "
                "being part of the site."
            ),
        )
        return redirect("/")
    return render(
        request, "accounts/delete_account.html", {"form": form, "deletion_blocked": blocked}
    )
