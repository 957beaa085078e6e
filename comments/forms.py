from django import forms
from django.utils.translation import gettext_lazy as _

from .conf import conf
from .models import Flag
from .moderation import CommentRefused
from .services import check_body

# Under the comment box (the rules: comments/markup.py; examples: {% formatting_help %}).
FORMATTING_HELP = _(
    "Write as you would in an email. **bold**, *italic*, a dash (-) to start a list, "
    "> to quote; web addresses become links. No pictures or HTML."
)


class _BodyChecked:
    """The body's own rules (empty, too long: comments.services.check_body) checked with
    the form, before anything else reads the text: the red-flag and privacy checks and the
    screening phrases never see a text that will be refused anyway (a 2 MB comment took a
    worker for seconds). The reader keeps what they typed, with the reason."""

    def clean_body(self):
        try:
            return check_body(self.cleaned_data["body"])
        except CommentRefused as refusal:
            raise forms.ValidationError(refusal.message, code="body") from None


class CommentForm(_BodyChecked, forms.Form):
    """The comment box. Length and the moderation rules are checked by
    comments.services.comment_create, whose refusals land on this form as errors. Its
    fields are written out by comments/article_panel.html (no widget rendering)."""

    body = forms.CharField(
        label=_("Comment"),
        strip=False,
        help_text=FORMATTING_HELP,
        error_messages={"required": _("Write something first: the comment is empty.")},
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    notify_replies = forms.BooleanField(required=False, label=_("Email me replies to this comment"))

    def clean(self):
        cleaned = super().clean()
        if self.has_error("parent"):  # a hidden field: say it where the reader looks
            del self.errors["parent"]
            self.add_error(None, _("The comment you are replying to is not available."))
        return cleaned


class CommentEditForm(_BodyChecked, forms.Form):
    body = forms.CharField(
        label=_("Comment"),
        strip=False,
        help_text=FORMATTING_HELP,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write something first: the comment is empty.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].widget.attrs["maxlength"] = conf.MAX_LENGTH


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this comment?"),
        choices=Flag.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason.")},
    )
    note = forms.CharField(
        label=_("Anything the moderators should know? (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
