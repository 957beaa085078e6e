"""The screening phrases in the admin: the list moderators keep (comments.phrases says how a
phrase matches), and "Try a text", which shows what a pasted comment would match and what
screening would do with it. Edits count from the next comment posted."""

import re

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.urls import path, reverse

from . import phrases
from .models import ScreeningPhrase

SYNTAX_HELP = (
    "Matched as whole words, ignoring case, with their usual endings (stop → stopped, "
    "stopping; cure → cured). * is any one word (stop * meds); ... is up to five words in "
    "the same sentence (stop ... meds); a|b is either word (ditch|bin pills); {medicine}, "
    "{care} and {alcohol} stand for lists of words (stop ... {medicine}). Unsafe-advice "
    'phrases do not count in a question the poster asks ("should I stop taking it?"), '
    'after "my doctor said…", or right after "not" / "never".'
)


SHORT_KIND = {
    ScreeningPhrase.Kind.UNSAFE_ADVICE: "Unsafe advice",
    ScreeningPhrase.Kind.RED_FLAG: "Red flag",
}


class ScreeningPhraseForm(forms.ModelForm):
    class Meta:
        model = ScreeningPhrase
        fields = ("kind", "phrase", "is_active", "note")
        help_texts = {"phrase": SYNTAX_HELP}

    def clean_phrase(self):
        phrase = " ".join(self.cleaned_data["phrase"].split())
        unknown = sorted(
            {name for name in _class_names(phrase) if name.lower() not in phrases.CLASSES}
        )
        if unknown:
            known = ", ".join(f"{{{name}}}" for name in phrases.CLASSES)
            raise forms.ValidationError(
                f"Unknown list {', '.join('{' + name + '}' for name in unknown)}: "
                f"the lists are {known}."
            )
        if phrases.gaps(phrase) > phrases.MAX_GAPS:
            raise forms.ValidationError(
                f"A phrase can have at most {phrases.MAX_GAPS} “...” gaps: each one makes "
                "screening try many more places in every comment."
            )
        if phrases.pattern(phrase) is None:
            raise forms.ValidationError(
                "Write at least one word (a phrase of only * or ... would match everything)."
            )
        return phrase


def _class_names(phrase: str) -> list[str]:
    return re.findall(r"\{(\w*)\}", phrase)


class PhraseRowForm(forms.ModelForm):
    """A row of the list: its "active" box named for screen readers (the column heading is
    not the box's label)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "is_active" in self.fields:
            self.fields["is_active"].widget.attrs["aria-label"] = (
                f"Active: {self.instance.phrase} ({self.instance.get_kind_display()})"
            )


class TryTextForm(forms.Form):
    text = forms.CharField(
        label="A comment's text",
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        max_length=5000,
        help_text="Paste a comment to see which active phrases it matches. Nothing is saved.",
    )


@admin.register(ScreeningPhrase)
class ScreeningPhraseAdmin(admin.ModelAdmin):
    form = ScreeningPhraseForm
    list_display = ("phrase", "kind_label", "is_active", "note", "updated_at")
    list_display_links = ("phrase",)
    list_editable = ("is_active",)
    list_filter = ("kind", "is_active")
    search_fields = ("phrase", "note")
    ordering = ("kind", "phrase")
    list_per_page = 100
    change_list_template = "admin/comments/screeningphrase/change_list.html"

    @admin.display(description="Kind", ordering="kind")
    def kind_label(self, obj):
        return SHORT_KIND.get(obj.kind, obj.kind)

    def get_changelist_form(self, request, **kwargs):
        kwargs.setdefault("form", PhraseRowForm)
        return super().get_changelist_form(request, **kwargs)

    def get_urls(self):
        return [
            path(
                "try/",
                self.admin_site.admin_view(self.try_text_view),
                name="comments_screeningphrase_try",
            ),
            *super().get_urls(),
        ]

    def try_text_view(self, request):
        """What a pasted text matches, kind by kind, and what screening's phrase screeners
        would do with it (the other screeners depend on the poster and are left out)."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = TryTextForm(request.POST or None)
        results = None
        if request.method == "POST" and form.is_valid():
            text = form.cleaned_data["text"]
            results = []
            for kind, label in ScreeningPhrase.Kind.choices:
                active = phrases.active(kind)
                found = phrases.find(text, active)
                counted = (
                    phrases.find_advice(text, active)
                    if kind == ScreeningPhrase.Kind.UNSAFE_ADVICE
                    else found
                )
                results.append(
                    {
                        "label": label,
                        "counted": counted,
                        "not_advice": [phrase for phrase in found if phrase not in counted],
                    }
                )
            held = [result for result in results if result["counted"]]
            verdict = (
                "Held for a moderator: " + "; ".join(r["label"] for r in held)
                if held
                else "Not held by the phrases (other screeners may still hold it)."
            )
            results = {"kinds": results, "verdict": verdict}
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Try a text against the screening phrases",
            "form": form,
            "results": results,
            "changelist_url": reverse("admin:comments_screeningphrase_changelist"),
        }
        return TemplateResponse(request, "admin/comments/screeningphrase/try.html", context)
