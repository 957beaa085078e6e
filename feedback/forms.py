from django import forms

from .models import Choice
from .services import CHOICE_ERROR, STEP_ERROR


class AnswerForm(forms.Form):
    """An answer from the block: choice=helped|no_change|worse (the button pressed) and,
    for a step's question, step=<id> (one of this article's steps)."""

    choice = forms.ChoiceField(
        choices=Choice.choices,
        error_messages={"required": CHOICE_ERROR, "invalid_choice": CHOICE_ERROR},
    )
    step = forms.ModelChoiceField(
        queryset=None,
        required=False,
        error_messages={"invalid_choice": STEP_ERROR},
    )

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["step"].queryset = article.steps.all()

    def first_error(self):
        """The message to show: the step's, when both are wrong (it decides where)."""
        for field in ("step", "choice"):
            if field in self.errors:
                return self.errors[field][0]
        return ""
