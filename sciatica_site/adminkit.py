"""Pieces of the back office that several apps share."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that only the app's own functions write (votes, the moderation log, what an
    import made): the admin lists and shows them, and changes none by hand. Set
    `rows_deletable = True` where deleting a row by hand is safe."""

    rows_deletable = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return self.rows_deletable and super().has_delete_permission(request, obj)
