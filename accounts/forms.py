from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms

from .models import User


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with the name readers are shown under on comments."""

    display_name = forms.CharField(
        max_length=80,
        required=False,
        label="Display name",
        help_text="Shown with your comments. Leave empty to use your username.",
    )

    def save(self, request):
        user = super().save(request)
        user.display_name = self.cleaned_data.get("display_name", "").strip()
        user.save(update_fields=["display_name"])
        return user


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "bio"]
        labels = {"display_name": "Display name", "bio": "About you"}
        help_texts = {
            "display_name": "Shown with your comments. Leave empty to use your username.",
            "bio": "Optional. Plain text; shown if you write for the site.",
        }
