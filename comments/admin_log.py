"""The moderation audit log in the admin: who did what to which comment, and when."""

from django.contrib import admin

from sciatica_site.adminkit import ReadOnlyAdmin

from .models import ModerationEvent


@admin.register(ModerationEvent)
class ModerationEventAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "moderator",
        "action",
        "comment",
        "from_status",
        "to_status",
        "note",
    )
    list_filter = ("action", "moderator", "created_at")
    search_fields = ("note", "comment__body")
    list_select_related = ("moderator", "comment")
