from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.utils.translation import gettext_lazy as _

from . import suspensions
from .models import (
    User,
    tidy_display_name,
    validate_display_name,
    validate_name_not_taken,
    validate_reader_display_name,
)


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form with the name readers are shown under on comments."""

    display_name = forms.CharField(
        max_length=80,
        required=False,
        label=_("Display name"),
        help_text=_("Shown with your comments. Leave empty to use your username."),
    )

    def clean_display_name(self):
        name = tidy_display_name(self.cleaned_data.get("display_name"))
        validate_display_name(name)
        if name:
            validate_reader_display_name(name)  # a new account is a reader's
            validate_name_not_taken(name)
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
        labels = {"display_name": _("Display name"), "bio": _("About you")}
        help_texts = {
            "display_name": _("Shown with your comments. Leave empty to use your username."),
            "bio": _("Optional. Plain text; shown if you write for the site."),
        }

    def clean_display_name(self):
        """The name, tidied; unchanged while the reader is suspended (their name is on
        their comments: a suspension stops them changing how those read), with the
        suspension's own words as the reason."""
        name = tidy_display_name(self.cleaned_data.get("display_name"))
        if name != self.instance.display_name and (
            suspension := suspensions.current(self.instance)
        ):
            raise forms.ValidationError(suspensions.explain(suspension), code="suspended")
        return name


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


class DeleteAccountForm(forms.Form):
    """Deleting one's own account: what becomes of the comments, and the password again
    (an account without a usable password — made by a social login or a code — is asked
    to type DELETE instead)."""

    KEEP, REMOVE = "keep", "remove"
    comments = forms.ChoiceField(
        label=_("Your comments"),
        widget=forms.RadioSelect,
        choices=[
            (KEEP, _('Keep them on the site, shown as by "Deleted user"')),
            (
                REMOVE,
                _(
                    "Remove their text (comments others answered stay as "
                    '"This comment was deleted", so the conversation still reads)'
                ),
            ),
        ],  # fmt: skip
        initial=KEEP,
    )
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        required=False,
    )
    confirm = forms.CharField(label=_('Type "DELETE" to confirm'), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["confirm"]
        else:
            del self.fields["password"]

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if not self.user.check_password(password):
            raise forms.ValidationError(
                _("That is not your password. Nothing was deleted."), code="wrong_password"
            )
        return password

    def clean_confirm(self):
        if self.cleaned_data.get("confirm", "").strip() != "DELETE":
            raise forms.ValidationError(_("Type DELETE (in capitals) to confirm."), code="confirm")
        return "DELETE"

    @property
    def keep_comments(self) -> bool:
        return self.cleaned_data["comments"] == self.KEEP
