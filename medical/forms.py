from django import forms
from django.core.exceptions import ValidationError

from .models import ReviewRequest


class ReviewRequestForm(forms.ModelForm):
    """An author asks for a review: which article, and a message for the reviewer."""

    class Meta:
        model = ReviewRequest
        fields = ("article", "message")

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article")
        if article is not None:
            # The form leaves out the status (a new request is waiting): check the model's
            # constraints as the new request will stand ("one waiting per article").
            try:
                ReviewRequest(article=article).validate_constraints()
            except ValidationError as error:
                self.add_error("article", error.messages)
        return cleaned


class DecisionForm(forms.Form):
    """A reviewer's decision on the review page: the button pressed, the note, and the
    fingerprint of the changes they were shown."""

    APPROVE, SEND_BACK = "approve", "send_back"

    decision = forms.ChoiceField(choices=[(APPROVE, "Approve"), (SEND_BACK, "Send back")])
    note = forms.CharField(
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text="Approving: a note for the record (optional). Sending back: what needs to "
        "change; the author reads it.",
    )
    seen = forms.CharField(widget=forms.HiddenInput)
