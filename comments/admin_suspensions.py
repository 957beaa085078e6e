"""Suspensions in the admin: who may not take part, why, and until when.

The model lives in accounts (every app asks it), but suspending and lifting are moderation:
each goes through comments.services, which writes the audit log. Rows are the history, so
none is deleted by hand; a suspension ends by itself, or a moderator lifts it ("Lift now").
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import suspensions
from accounts.models import Suspension

from . import services


class SuspensionAddForm(forms.ModelForm):
    """Who, for how long, and the reason they are shown."""

    duration = forms.ChoiceField(
        label="Length",
        choices=[(key, label) for key, (label, _) in suspensions.DURATIONS.items()],
        initial="7d",
        help_text="It ends by itself at the end; you can lift it sooner.",
    )
    reason = forms.CharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to the person in place of the comment form: say plainly which "
        "rule was broken, without quoting anyone.",
    )

    class Meta:
        model = Suspension
        fields = ("user", "duration", "reason")
        labels = {"user": "Person"}

    def __init__(self, *args, moderator=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.moderator = moderator

    def clean_user(self):
        person = self.cleaned_data["user"]
        if self.moderator is not None and person.pk == self.moderator.pk:
            raise forms.ValidationError("You cannot suspend yourself.")
        if person.is_staff:
            raise forms.ValidationError(
                "Staff accounts are not suspended here: ask an administrator to change "
                "their access instead."
            )
        return person


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("in_force", "In force"), ("ended", "Ended"), ("lifted", "Lifted early")]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "in_force":
            return queryset.in_force(now)
        if self.value() == "ended":
            return queryset.filter(lifted_at__isnull=True, ends_at__lte=now)
        if self.value() == "lifted":
            return queryset.filter(lifted_at__isnull=False)
        return queryset


def _lift(modeladmin, request, people):
    lifted = sum(
        services.commenter_lift_suspension(user=person, moderator=request.user) for person in people
    )
    if lifted:
        modeladmin.message_user(request, f"Lifted the suspension of {lifted} person(s).")
    else:
        modeladmin.message_user(
            request, "Nothing was lifted: no suspension there is in force.", messages.WARNING
        )


class SuspensionAdmin(admin.ModelAdmin):
    list_display = ("person", "state", "ends", "reason", "starts_at", "created_by")
    list_filter = (StateFilter,)
    list_select_related = ("user", "created_by", "lifted_by")
    search_fields = ("user__username", "user__display_name", "user__email", "reason")
    autocomplete_fields = ("user",)
    actions = ["lift_now"]
    date_hierarchy = "starts_at"
    change_form_template = "comments/admin/suspension_change_form.html"
    readonly_fields = (
        "person",
        "reason",
        "starts_at",
        "ends",
        "state",
        "created_by",
        "lifted_at",
        "lifted_by",
    )

    @admin.display(description="Person", ordering="user__username")
    def person(self, suspension):
        return suspension.user.public_name

    @admin.display(description="Ends", ordering="ends_at")
    def ends(self, suspension):
        if suspension.ends_at is None:
            return "permanent"
        return admin.utils.display_for_value(timezone.localtime(suspension.ends_at), "")

    @admin.display(description="State")
    def state(self, suspension):
        return suspensions.state(suspension)

    # The add form asks who, how long, why; a saved suspension is history, read only.

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            form = super().get_form(request, obj, change=change, form=SuspensionAddForm, **kwargs)

            class WithModerator(form):
                def __init__(self, *args, **inner):
                    super().__init__(*args, moderator=request.user, **inner)

            return WithModerator
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ("user", "duration", "reason") if obj is None else self.readonly_fields

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else self.readonly_fields

    def save_model(self, request, obj, form, change):
        if change:  # nothing on the change page is editable
            return
        length = suspensions.DURATIONS[form.cleaned_data["duration"]][1]
        suspension = services.commenter_suspend(
            user=form.cleaned_data["user"],
            moderator=request.user,
            duration=length,
            reason=form.cleaned_data["reason"],
        )
        obj.pk = suspension.pk
        obj.starts_at, obj.ends_at, obj.created_by = (
            suspension.starts_at,
            suspension.ends_at,
            suspension.created_by,
        )
        obj._state.adding = False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Lift now (the selected people may take part again)")
    def lift_now(self, request, queryset):
        if not self.has_change_permission(request):
            raise PermissionDenied
        people = {suspension.user for suspension in queryset.select_related("user")}
        _lift(self, request, people)

    lift_now.allowed_permissions = ("change",)

    # "Lift now" on the suspension's own page.

    def get_urls(self):
        return [
            path(
                "<int:pk>/lift/",
                self.admin_site.admin_view(self.lift_view),
                name="accounts_suspension_lift",
            ),
            *super().get_urls(),
        ]

    def lift_view(self, request, pk):
        return require_POST(self._lift_view)(request, pk)

    def _lift_view(self, request, pk):
        suspension = get_object_or_404(Suspension.objects.select_related("user"), pk=pk)
        if not self.has_change_permission(request, suspension):
            raise PermissionDenied
        if not Suspension.objects.in_force().filter(pk=pk).exists():
            self.message_user(
                request,
                f"Nothing was changed: this suspension is no longer in force "
                f"({suspensions.state(suspension).lower()}).",
                messages.WARNING,
            )
        else:
            _lift(self, request, [suspension.user])
        return redirect(reverse("admin:accounts_suspension_change", args=[pk]))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["in_force"] = Suspension.objects.in_force().filter(pk=obj.pk).exists()
            context["lift_url"] = reverse("admin:accounts_suspension_lift", args=[obj.pk])
            context["show_save"] = context["show_save_and_continue"] = False
            context["show_save_and_add_another"] = False
        return super().render_change_form(request, context, add, change, form_url, obj)


admin.site.register(Suspension, SuspensionAdmin)
