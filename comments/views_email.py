"""Email settings: the page where a person chooses how to hear of each kind of event, and
the one-click unsubscribe link every notification email carries (comments/preferences.py)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from . import preferences

Kind = preferences.Kind


class EmailSettingsForm(forms.Form):
    """One choice per kind of email the person can get: at once, daily digest, never."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        current = preferences.preferences_for(user)
        for kind in preferences.kinds_for(user):
            self.fields[kind] = forms.ChoiceField(
                label=Kind(kind).label,
                help_text=preferences.EXPLANATIONS[kind],
                choices=preferences.Delivery.choices,
                initial=current[kind],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose how you want these emails.")},
            )


@login_required
@require_http_methods(["GET", "POST"])
def email_settings(request):
    data = request.POST if request.method == "POST" else None
    form = EmailSettingsForm(data, user=request.user)
    if request.method == "POST" and form.is_valid():
        changed = preferences.preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(
            request,
            _("Your email settings are saved.")
            if changed
            else _("Nothing changed: those were your settings already."),
        )
        return redirect("comments:email-settings")
    status = 400 if form.errors else 200
    return render(request, "comments/email_settings.html", {"form": form}, status=status)


# Mail programs' one-click POST (RFC 8058) carries no CSRF token: the signed token is the
# permission, and it can only stop emails.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET shows what the link stops and one button (link scanners only GET, so they
    unsubscribe nobody); POST, from that button or a mail program's "Unsubscribe", does it."""
    try:
        link = preferences.unsubscribe_read(token)
    except preferences.InvalidToken:
        return render(request, "comments/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "GET":
        return render(request, "comments/unsubscribe.html", {"link": link, "confirm": True})
    everything = request.POST.get("scope") == "all"
    preferences.unsubscribe(link=link, everything=everything)
    return render(
        request,
        "comments/unsubscribe.html",
        {"link": link, "done": True, "comment_only": link.comment is not None and not everything},
    )
