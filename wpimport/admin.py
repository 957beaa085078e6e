from django.contrib import admin

from .models import ImportedItem


@admin.register(ImportedItem)
class ImportedItemAdmin(admin.ModelAdmin):
    """Read-only: what each WordPress item became, for looking things up."""

    list_display = ("kind", "wp_id", "object_id", "site", "updated_at")
    list_filter = ("kind", "site")
    search_fields = ("wp_id", "local_name")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
