"""The moderation queue and the rest of the comments back office.

Every action calls the same functions the site uses (comments.services), and each leaves a
line in the moderation log.
"""

from http import HTTPStatus
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from accounts import suspensions
from articles.models import attach_page_paths
from sciatica_site.adminkit import ReadOnlyAdmin

from . import actions as comment_actions
from . import services
from .models import Comment, CommentThread, Flag, ModerationEvent, Notification
from .moderation import CommentRefused

Action = ModerationEvent.Action
# The queue's row buttons (the comment's page offers every decision).
ROW_LABELS = {
    "approve": "Approve",
    "keep": "Keep",
    "restore": "Restore",
    "spam": "Spam",
    "remove": "Remove",
    "suspend": "Suspend…",
}


class FlagInline(admin.TabularInline):
    model = Flag
    extra = 0
    fields = ("user", "reason", "note", "created_at", "state", "reviewed_by", "reviewed_at")
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "reviewed_by")

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = ModerationEvent
    extra = 0
    fields = ("created_at", "moderator", "action", "from_status", "to_status", "note")
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "Moderation log"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("moderator")

    def has_add_permission(self, request, obj=None):
        return False


class FlaggedFilter(admin.SimpleListFilter):
    title = "reports"
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [("yes", "With open reports"), ("hidden", "Hidden by reports")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(open_reports__gt=0)
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


def _needs_a_look(comment) -> bool:
    return comment.status == Comment.Status.PENDING or comment.is_hidden or comment.open_reports > 0


def _safe_next(request, url):
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return None


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderation queue. Each row and the comment's own page carry one-click decisions
    (comments/actions.py): a POST to `decide_view` with what the moderator saw; the
    destructive ones (spam, remove, suspend) ask first, on a page of their own."""

    list_display = ("excerpt", "posted", "state")
    list_display_links = ("excerpt",)
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
        "held_reason",
        "hold_priority",
        "body",
        "rendered",
        "created_at",
        "edited_at",
        "imported_id",
    )
    readonly_fields = fields  # the queue changes comments only through its decisions
    inlines = [FlagInline, EventInline]
    actions = [
        _moderation_action(Action.APPROVE, "Approve the selected comments"),
        _moderation_action(Action.UNAPPROVE, "Unapprove (back to the queue)"),
        _moderation_action(Action.SPAM, "Mark as spam"),
        _moderation_action(Action.REMOVE, "Remove from the site (replies stay)"),
        _moderation_action(Action.RESTORE, "Restore (approve again)"),
        "ban_authors",
        "remove_all_by_authors",
    ]

    class Media:
        css = {"all": ["comments/admin-moderation.css"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            # The comment's page is titled with its article's title. (Any select_related
            # here replaces list_select_related in the queue: both are named.)
            .select_related("article", "author")
            .annotate(open_reports=Count("flags", filter=Q(flags__state=Flag.State.OPEN)))
        )

    def get_changelist_instance(self, request):
        """The queue, with the addresses of comments on pages read for the whole list in
        one query (the "View on the site" links), not one per row."""
        changelist = super().get_changelist_instance(request)
        attach_page_paths([comment.article for comment in changelist.result_list])
        return changelist

    def get_ordering(self, request):
        """Pending first (the highest hold priority first: red-flag symptoms), then hidden
        by reports, then the newest."""
        queue = Case(
            When(status=Comment.Status.PENDING, then=Value(0)),
            When(is_hidden=True, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        priority = Case(
            When(status=Comment.Status.PENDING, then=F("hold_priority")),
            default=Value(0),
            output_field=IntegerField(),
        )
        return [queue.asc(), priority.desc(), "-created_at", "-pk"]

    def get_list_display(self, request):
        return (*self.list_display, self._decisions_column(request))

    def has_delete_permission(self, request, obj=None):
        # Not even for superusers: deleting a comment takes its replies and its log with it
        # (and its notification rows, which nobody may delete, so Django refused half-way).
        # "Remove from the site" keeps the thread; this also drops "Delete selected".
        return False

    def has_add_permission(self, request):
        return False  # comments come from readers (or the importer), not the back office

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

    # --- columns -----------------------------------------------------------------------

    @admin.display(description="Comment")
    def excerpt(self, obj):
        return Truncator(obj.body).chars(160) or "(deleted by its author)"

    @admin.display(description="Posted", ordering="created_at")
    def posted(self, obj):
        when = timezone.localtime(obj.created_at)
        on_site = ""
        if obj.status == Comment.Status.APPROVED and not obj.is_hidden:
            on_site = format_html(
                ' · <a href="{}#{}">View on the site</a>',
                obj.article.get_absolute_url(),
                obj.anchor,
            )
        return format_html(
            '<span class="oc-by">{}</span> <span class="oc-on">on {}</span> '
            '<time class="oc-when" datetime="{}">{}</time>{}',
            obj.display_name,
            Truncator(obj.article.title).chars(40),
            when.isoformat(),
            date_format(when, "j M Y, H:i"),
            on_site,
        )

    @admin.display(description="State", ordering="status")
    def state(self, obj):
        parts = [format_html('<strong class="oc-status">{}</strong>', obj.get_status_display())]
        if obj.is_hidden:
            parts.append(format_html('<span class="oc-flag">{}</span>', "Hidden by reports"))
        if obj.open_reports:
            parts.append(
                format_html(
                    '<span class="oc-flag">{} open report{}</span>',
                    obj.open_reports,
                    pluralize(obj.open_reports),
                )
            )
        if obj.status == Comment.Status.PENDING and obj.hold_priority:
            parts.append(format_html('<span class="oc-flag">Priority {}</span>', obj.hold_priority))
        if obj.held_reason:
            parts.append(format_html('<span class="oc-why">Why held: {}</span>', obj.held_reason))
        return format_html_join(" ", "{}", ((part,) for part in parts))

    def _decisions_column(self, request):
        """The row buttons. The queue is one big form, so each is a submit button of that
        form with its own formaction (the comment and what the moderator saw) and the
        queue's address, with its filters, to come back to."""
        back = request.get_full_path()
        may_decide = self.has_moderate_permission(request)

        @admin.display(description="Decide")
        def decide(obj):
            if not may_decide:
                return "—"
            choices = comment_actions.available(obj, open_reports=obj.open_reports)
            if not _needs_a_look(obj):  # suspending is for what is held or reported
                choices = [d for d in choices if d != "suspend"]
            query = urlencode(
                {
                    "seen_status": obj.status,
                    "seen_hidden": int(obj.is_hidden),
                    "next": back,
                }
            )
            target = f"{reverse('admin:comments_comment_decide', args=[obj.pk])}?{query}"
            return format_html_join(
                "",
                '<button type="submit" class="button oc-row-{}" formaction="{}" '
                'formmethod="post" name="decision" value="{}">{}'
                '<span class="oc-sr"> the comment by {}</span></button>',
                (
                    (choice, target, choice, ROW_LABELS[choice], obj.display_name)
                    for choice in choices
                ),
            )

        return decide

    @admin.display(description="As shown")
    def rendered(self, obj):
        if not obj.body_html:
            return "—"
        # body_html is the sanitiser's output (comments.services), as the page shows it.
        return format_html("<div>{}</div>", mark_safe(obj.body_html))  # noqa: S308

    # --- one-click decisions -------------------------------------------------------------

    def get_urls(self):
        return [
            path(
                "<path:object_id>/decide/",
                self.admin_site.admin_view(self.decide_view),
                name="comments_comment_decide",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        comment = self.get_object(request, unquote(object_id))
        extra_context = extra_context or {}
        if comment is not None and self.has_moderate_permission(request):
            extra_context["decisions"] = self._decisions_context(request, comment)
        return super().change_view(request, object_id, form_url, extra_context)

    def _decisions_context(self, request, comment):
        choices = comment_actions.available(comment, open_reports=comment.open_reports)
        current = suspensions.current(comment.author) if comment.author_id else None
        return {
            "buttons": [
                (key, comment_actions.DECISIONS[key].label, comment_actions.DECISIONS[key])
                for key in choices
                if key != "suspend"
            ],
            "can_suspend": "suspend" in choices,
            "url": reverse("admin:comments_comment_decide", args=[comment.pk]),
            "next": request.get_full_path(),
            "seen_status": comment.status,
            "seen_hidden": int(comment.is_hidden),
            "durations": [(key, label) for key, (label, _) in suspensions.DURATIONS.items()],
            "suspension": comment_actions.suspension_words(current) if current else "",
        }

    def decide_view(self, request, object_id):
        """POST: one decision on one comment (a row button or the comment's page); the
        destructive ones first show a page asking to confirm. Back to `next` (the queue with
        its filters, or the comment's page) with a message; a refusal changes nothing."""
        if not self.has_moderate_permission(request):
            raise PermissionDenied
        comment = self.get_object(request, unquote(object_id))
        if comment is None:
            self.message_user(request, "That comment no longer exists.", messages.ERROR)
            return redirect("admin:comments_comment_changelist")
        page = self._page_url(request, comment)
        if request.method != "POST":
            return redirect(page)
        data = request.POST

        def param(name):
            return data.get(name, request.GET.get(name, ""))

        back = _safe_next(request, param("next")) or page
        decision = data.get("decision", "")
        if decision not in comment_actions.DECISIONS:
            self.message_user(request, "Choose a decision: nothing was changed.", messages.ERROR)
            return redirect(back)
        seen_status = param("seen_status")
        seen_hidden = {"1": True, "0": False}.get(param("seen_hidden"))
        if decision != "suspend" and (seen_status not in Comment.Status or seen_hidden is None):
            self.message_user(
                request,
                "The button did not say what you saw: reload the page and decide again. "
                "Nothing was changed.",
                messages.ERROR,
            )
            return redirect(back)
        confirm = {
            "decision": decision,
            "seen_status": seen_status,
            "seen_hidden": param("seen_hidden"),
            "next": back,
            "duration": data.get("duration", ""),
            "reason": data.get("reason", ""),
        }
        if comment_actions.DECISIONS[decision].destructive and data.get("confirmed") != "yes":
            return self._confirm_page(request, comment, confirm)
        seen_suspension = None
        if decision == "suspend":
            try:
                seen_suspension = int(data.get("seen_suspension", ""))
            except ValueError:
                return self._confirm_page(request, comment, confirm)
        try:
            message = comment_actions.decide(
                comment=comment,
                moderator=request.user,
                decision=decision,
                seen_status=seen_status,
                seen_hidden=seen_hidden,
                seen_suspension=seen_suspension,
                duration=data.get("duration", ""),
                reason=data.get("reason", ""),
            )
        except services.AlreadyDecided as refusal:
            self.message_user(request, refusal.message, messages.ERROR)
            return redirect(back)
        except CommentRefused as refusal:
            if decision == "suspend":  # a length or reason to fix: ask again, input kept
                return self._confirm_page(request, comment, confirm, error=refusal.message)
            self.message_user(request, refusal.message, messages.ERROR)
            return redirect(back)
        self.message_user(request, message, messages.SUCCESS)
        return redirect(back)

    def _page_url(self, request, comment):
        url = reverse("admin:comments_comment_change", args=[comment.pk])
        return add_preserved_filters(
            {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}, url
        )

    def _confirm_page(self, request, comment, confirm, error=""):
        current = suspensions.current(comment.author) if comment.author_id else None
        context = {
            **self.admin_site.each_context(request),
            "title": comment_actions.DECISIONS[confirm["decision"]].label,
            "opts": self.opts,
            "comment": comment,
            "decision": comment_actions.DECISIONS[confirm["decision"]],
            "confirm": confirm,
            "error": error,
            "url": reverse("admin:comments_comment_decide", args=[comment.pk]),
            "durations": [(key, label) for key, (label, _) in suspensions.DURATIONS.items()],
            "seen_suspension": current.pk if current else 0,
            "suspension": comment_actions.suspension_words(current) if current else "",
        }
        return TemplateResponse(
            request,
            "admin/comments/comment/confirm_decision.html",
            context,
            status=HTTPStatus.BAD_REQUEST if error else HTTPStatus.OK,
        )

    # --- bulk actions --------------------------------------------------------------------

    @admin.action(
        description="Suspend the authors of the selected comments permanently (until lifted)",
        permissions=["moderate"],
    )
    def ban_authors(self, request, queryset):
        everyone = {c.author for c in queryset.select_related("author") if c.author_id}
        # As on a comment's page: staff (and oneself) are not suspended from the queue.
        spared = {user for user in everyone if user.is_staff or user.pk == request.user.pk}
        authors = everyone - spared
        for user in authors:
            services.commenter_suspend(
                user=user,
                moderator=request.user,
                reason="Comments that broke the site's rules (suspended from the queue)",
            )
        skipped = queryset.filter(author__isnull=True).count()
        note = f" ({skipped} without an account skipped)" if skipped else ""
        if spared:
            names = ", ".join(sorted(user.public_name for user in spared))
            note += f" (not suspended, as staff or yourself: {names})"
        self.message_user(
            request,
            f"Suspended {len(authors)} commenter(s) until a moderator lifts it{note}. "
            "For a suspension with an end time and your own reason, use Suspend the poster "
            "on a comment's page.",
        )

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


# The audit log's, the suspensions', the screening phrases' and the helpful votes' and
# follows' admins are in their own modules.
from . import admin_engagement, admin_log, admin_screening, admin_suspensions  # noqa: E402, F401
