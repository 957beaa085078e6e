from django.contrib import admin

from sciatica_site.adminkit import ReadOnlyAdmin

from .models import ImportedItem, OldAddress


@admin.register(ImportedItem)
class ImportedItemAdmin(ReadOnlyAdmin):
    """Read-only: what each WordPress item became, for looking things up. A row may be
    deleted: the next import of that item then creates it anew."""

    rows_deletable = True

    list_display = ("kind", "wp_id", "object_id", "site", "updated_at")
    list_filter = ("kind", "site")
    search_fields = ("wp_id", "local_name")


@admin.register(OldAddress)
class OldAddressAdmin(ReadOnlyAdmin):
    """Read-only: the old WordPress addresses and where they lead. A row may be deleted
    (the old address then gives "not found"); importing the blog again makes it anew."""

    rows_deletable = True

    list_display = ("path", "article", "site", "created_at")
    list_filter = ("site",)
    list_select_related = ("article",)
    search_fields = ("path", "article__title", "article__slug")
