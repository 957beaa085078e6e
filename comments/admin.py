from django.contrib import admin
from django.utils.html import format_html
from django.utils.text import Truncator

from .models import Comment, CommentThread


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ("excerpt", "commenter", "article", "status", "created_at", "on_site")
    list_filter = ("status", "created_at", "article")
    search_fields = ("body", "author__username", "author__display_name", "author_name")
    list_select_related = ("author", "article")
    raw_id_fields = ("parent", "author", "article")
    readonly_fields = ("body_html", "created_at", "edited_at", "imported_id")
    date_hierarchy = "created_at"

    @admin.display(description="Comment")
    def excerpt(self, obj):
        return Truncator(obj.body).chars(80) or "(deleted)"

    @admin.display(description="By")
    def commenter(self, obj):
        return obj.display_name

    @admin.display(description="On the site")
    def on_site(self, obj):
        url = f"{obj.article.get_absolute_url()}#{obj.anchor}"
        return format_html('<a href="{}">View</a>', url)


@admin.register(CommentThread)
class CommentThreadAdmin(admin.ModelAdmin):
    list_display = ("article", "is_closed")
    list_editable = ("is_closed",)
    autocomplete_fields = ("article",)
