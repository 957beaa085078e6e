from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_SCORE, MIN_SCORE, ThumbVote
from .services import SCORE_ERROR, THUMB_ERROR


class StarVoteForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[
            (score, f"{score} out of {MAX_SCORE}") for score in range(MIN_SCORE, MAX_SCORE + 1)
        ],
        coerce=int,
        error_messages={"required": SCORE_ERROR, "invalid_choice": SCORE_ERROR},
    )


class ThumbVoteForm(forms.Form):
    """The thumbs buttons send value=up or value=down."""

    VALUES = {"up": ThumbVote.Direction.UP, "down": ThumbVote.Direction.DOWN}

    value = forms.ChoiceField(
        choices=[("up", _("Thumbs up")), ("down", _("Thumbs down"))],
        error_messages={"required": THUMB_ERROR, "invalid_choice": THUMB_ERROR},
    )

    def clean_value(self):
        return self.VALUES[self.cleaned_data["value"]]
