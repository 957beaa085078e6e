"""The moderation queue and the rest of the comments back office.

Every action calls the same functions the site uses (comments.services), and each leaves a
line in the moderation log.
"""

from django.contrib import admin
from django.db.models import Case, Count, IntegerField, Value, When
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from sciatica_site.adminkit import ReadOnlyAdmin

from . import services
from .models import Comment, CommentThread, Flag, ModerationEvent, Notification

Action = ModerationEvent.Action


class FlagInline(admin.TabularInline):
    model = Flag
    extra = 0
    fields = ("user", "reason", "note", "created_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = ModerationEvent
    extra = 0
    fields = ("created_at", "moderator", "action", "from_status", "to_status", "note")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "Moderation log"

    def has_add_permission(self, request, obj=None):
        return False


class FlaggedFilter(admin.SimpleListFilter):
    title = "flags"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", "Flagged by readers"), ("hidden", "Hidden by flags")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(flag_count__gt=0)
        if self.value() == "hidden":
            return queryset.filter(is_hidden=True)
        return queryset


def _moderation_action(action, description):
    def run(modeladmin, request, queryset):
        done = 0
        for comment in queryset:
            services.comment_moderate(comment=comment, moderator=request.user, action=action)
            done += 1
        modeladmin.message_user(request, f"{Action(action).label}: {done} comment(s).")

    run.__name__ = f"action_{action}"
    return admin.action(description=description, permissions=["moderate"])(run)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = (
        "excerpt",
        "commenter",
        "article",
        "status",
        "flag_count",
        "is_hidden",
        "created_at",
        "on_site",
    )
    list_filter = ("status", FlaggedFilter, "created_at", "article")
    search_fields = (
        "body",
        "author__username",
        "author__display_name",
        "author__email",
        "author_name",
    )
    list_select_related = ("author", "article")
    list_per_page = 50
    date_hierarchy = "created_at"
    fields = (
        "article",
        "parent",
        "author",
        "author_name",
        "author_email",
        "author_url",
        "status",
        "is_hidden",
        "body",
        "rendered",
        "created_at",
        "edited_at",
        "imported_id",
    )
    readonly_fields = fields  # the queue changes comments only through its actions
    inlines = [FlagInline, EventInline]
    actions = [
        _moderation_action(Action.APPROVE, "Approve the selected comments"),
        _moderation_action(Action.UNAPPROVE, "Unapprove (back to the queue)"),
        _moderation_action(Action.SPAM, "Mark as spam"),
        _moderation_action(Action.REMOVE, "Remove from the site"),
        _moderation_action(Action.RESTORE, "Restore (approve again)"),
        "ban_authors",
        "remove_all_by_authors",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(flag_count=Count("flags"))

    def get_ordering(self, request):
        """Pending first, then hidden by flags, then the newest."""
        queue = Case(
            When(status=Comment.Status.PENDING, then=Value(0)),
            When(is_hidden=True, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return [queue.asc(), "-created_at"]

    def has_add_permission(self, request):
        return False  # comments come from readers (or the importer), not the back office

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

    @admin.display(description="Comment")
    def excerpt(self, obj):
        return Truncator(obj.body).chars(90) or "(deleted by its author)"

    @admin.display(description="By")
    def commenter(self, obj):
        return obj.display_name

    @admin.display(description="Flags", ordering="flag_count")
    def flag_count(self, obj):
        return obj.flag_count

    @admin.display(description="On the site")
    def on_site(self, obj):
        if obj.status != Comment.Status.APPROVED:
            return "—"
        return format_html('<a href="{}#{}">View</a>', obj.article.get_absolute_url(), obj.anchor)

    @admin.display(description="As shown")
    def rendered(self, obj):
        if not obj.body_html:
            return "—"
        # body_html is the sanitiser's output (comments.services), as the page shows it.
        return format_html("<div>{}</div>", mark_safe(obj.body_html))  # noqa: S308

    @admin.action(description="Ban the authors of the selected comments", permissions=["moderate"])
    def ban_authors(self, request, queryset):
        authors = {c.author for c in queryset.select_related("author") if c.author_id}
        for user in authors:
            services.commenter_suspend(user=user, moderator=request.user, reason="From the queue")
        skipped = queryset.filter(author__isnull=True).count()
        note = f" ({skipped} without an account skipped)" if skipped else ""
        self.message_user(request, f"Banned {len(authors)} commenter(s){note}.")

    @admin.action(
        description="Remove every comment by the authors of the selected comments",
        permissions=["moderate"],
    )
    def remove_all_by_authors(self, request, queryset):
        authors = {c.author for c in queryset.select_related("author") if c.author_id}
        removed = sum(
            services.comments_remove_all_by(user=user, moderator=request.user) for user in authors
        )
        self.message_user(request, f"Removed {removed} comment(s) by {len(authors)} commenter(s).")


class DeliveryFilter(admin.SimpleListFilter):
    title = "delivery"
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("pending", "On its way (queued, sending or to retry)"), ("given_up", "Given up")]

    def queryset(self, request, queryset):
        if self.value() == "pending":
            return queryset.pending()
        if self.value() == "given_up":
            return queryset.given_up()
        return queryset


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    """The delivery ledger of notification mail (comments/tasks.py): written only by the
    worker and retry_notifications. A row given up is sent again with
    `manage.py retry_notifications --include-given-up`."""

    list_display = (
        "created_at",
        "kind",
        "recipient",
        "status",
        "attempts",
        "last_attempt_at",
        "next_attempt_at",
        "error",
        "sent_at",
    )
    list_filter = (DeliveryFilter, "status", "kind", "created_at")
    search_fields = ("recipient__email", "last_error")
    list_select_related = ("recipient",)
    fields = (
        "kind",
        "comment",
        "recipient",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "last_attempt_at",
        "next_attempt_at",
        "sent_at",
        "message_id",
    )
    readonly_fields = ("message_id",)

    @admin.display(description="Last error")
    def error(self, obj):
        return Truncator(obj.last_error).chars(120) or "—"

    @admin.display(description="Message-ID")
    def message_id(self, obj):
        return obj.message_id


@admin.register(CommentThread)
class CommentThreadAdmin(admin.ModelAdmin):
    list_display = ("article", "is_closed")
    list_editable = ("is_closed",)
    autocomplete_fields = ("article",)

    def has_delete_permission(self, request, obj=None):
        # Reopening is unticking "closed" (through the service, which retires the page);
        # deleting the row would reopen comments with no page retired.
        return False

    def save_model(self, request, obj, form, change):
        services.thread_set_closed(thread=obj, closed=obj.is_closed)


# The audit log's admin is in its own module.
from . import admin_log  # noqa: E402, F401
