from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm

from .models import User, tidy_display_name, validate_display_name


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with the name readers are shown under on comments."""

    display_name = forms.CharField(
        max_length=80,
        required=False,
        label="Display name",
        help_text="Shown with your comments. Leave empty to use your username.",
    )

    def clean_display_name(self):
        name = tidy_display_name(self.cleaned_data.get("display_name"))
        validate_display_name(name)
        return name

    def save(self, request):
        user = super().save(request)
        user.display_name = self.cleaned_data.get("display_name", "")
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

    def clean_display_name(self):
        return tidy_display_name(self.cleaned_data.get("display_name"))


class AdminLoginForm(AdminAuthenticationForm):
    """The back office's login, checked through allauth like the readers' login, so that
    its limits apply here too: failed logins per address and per account
    (ACCOUNT_RATE_LIMITS), where Django's admin login has none."""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is not None and password:
            self.user_cache = get_adapter(self.request).authenticate(
                self.request, username=username, password=password
            )
            if self.user_cache is None:
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data
