from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from . import suspensions
from .models import Suspension, User


class SuspensionInline(admin.TabularInline):
    """A person's suspensions, newest first: history, read only (suspending and lifting
    are done on the Suspensions pages, which log them)."""

    model = Suspension
    fk_name = "user"
    extra = 0
    can_delete = False
    fields = ("reason", "starts_at", "ends_at", "lifted_at", "created_by", "state")
    readonly_fields = fields
    verbose_name_plural = "Suspensions"

    @admin.display(description="State")
    def state(self, suspension):
        return suspensions.state(suspension)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + (
        ("Public profile", {"fields": ("display_name", "bio")}),
        ("Taking part", {"fields": ("suspension_state",)}),
    )
    readonly_fields = ("suspension_state",)
    list_display = (
        "username",
        "display_name",
        "email",
        "is_staff",
        "is_active",
        "suspended",
        "date_joined",
    )
    search_fields = ("username", "display_name", "first_name", "last_name", "email")
    inlines = [SuspensionInline]

    def get_queryset(self, request):
        in_force = Suspension.objects.in_force(timezone.now()).filter(user=OuterRef("pk"))
        return super().get_queryset(request).annotate(is_suspended=Exists(in_force))

    @admin.display(description="Suspended", boolean=True, ordering="is_suspended")
    def suspended(self, user):
        return user.is_suspended

    @admin.display(description="Suspension")
    def suspension_state(self, user):
        if user.pk is None:
            return "—"
        suspension = suspensions.current(user)
        if suspension is None:
            return format_html(
                'Not suspended. <a href="{}?user={}">Suspend…</a>',
                reverse("admin:accounts_suspension_add"),
                user.pk,
            )
        ends = (
            "permanent, until lifted"
            if suspension.ends_at is None
            else f"until {timezone.localtime(suspension.ends_at):%d %b %Y, %H:%M %Z}"
        )
        return format_html(
            'In force, {} — “{}”. <a href="{}">See or lift it</a>',
            ends,
            suspension.reason or "no reason given",
            reverse("admin:accounts_suspension_change", args=[suspension.pk]),
        )
