"""The moderation audit log in the admin: who did what to which comment (or person), and
when, in words; filtered by the moderators who acted; downloadable as CSV."""

import csv

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from sciatica_site.adminkit import ReadOnlyAdmin

from .models import ModerationEvent

EXCERPT_CHARS = 60


class ModeratorFilter(admin.SimpleListFilter):
    """Only the people who appear in the log as moderators (one query), not every
    account."""

    title = "moderator"  # the admin shows "By moderator"
    parameter_name = "moderator"

    def lookups(self, request, model_admin):
        acted = ModerationEvent.objects.filter(moderator__isnull=False).values("moderator")
        people = get_user_model().objects.filter(pk__in=acted).order_by("username")
        return [(str(person.pk), person.public_name) for person in people]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isascii() and value.isdigit():
            return queryset.filter(moderator_id=int(value))
        return queryset


def _excerpt(comment) -> str:
    if comment.is_deleted:
        return "(deleted by its author)"
    return Truncator(" ".join(comment.body.split())).chars(EXCERPT_CHARS)


# CSV: a cell a spreadsheet would run as a formula gets a leading apostrophe (OWASP's
# "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer to stream."""

    def write(self, value):
        return value


CSV_HEADER = (
    "When (UTC)",
    "Moderator",
    "Action",
    "Comment id",
    "Comment",
    "Article",
    "Article address",
    "Person",
    "Note",
)


def csv_row(event, request) -> tuple:
    comment = event.comment
    article = comment.article if comment else None
    return (
        event.created_at.astimezone(timezone.UTC).strftime("%Y-%m-%d %H:%M:%S"),
        event.moderator.public_name if event.moderator else "",
        event.get_action_display(),
        comment.pk if comment else "",
        _excerpt(comment) if comment else "",
        article.title if article else "",
        request.build_absolute_uri(article.get_absolute_url()) if article else "",
        event.subject.public_name if event.subject else "",
        event.note,
    )


def stream_csv(events, request, filename):
    """The rows as a streamed CSV download (the log can be long)."""
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow(CSV_HEADER)
        for event in events.iterator(chunk_size=500):
            yield writer.writerow([csv_cell(cell) for cell in csv_row(event, request)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@admin.register(ModerationEvent)
class ModerationEventAdmin(ReadOnlyAdmin):
    list_display = (
        "when",
        "moderator_name",
        "action_in_words",
        "comment_excerpt",
        "article_link",
        "person",
        "note",
    )
    list_display_links = ("when",)
    list_filter = ("action", ModeratorFilter, "created_at")
    search_fields = ("note", "comment__body", "subject__username", "subject__display_name")
    list_select_related = ("moderator", "subject", "comment__article")
    actions = ["download_selected_csv"]
    change_list_template = "comments/admin/moderationevent_change_list.html"

    @admin.display(description="When", ordering="created_at")
    def when(self, event):
        return f"{timezone.localtime(event.created_at):%d %b %Y, %H:%M}"

    @admin.display(description="Who", ordering="moderator__username")
    def moderator_name(self, event):
        return event.moderator.public_name if event.moderator else "—"

    @admin.display(description="Action", ordering="action")
    def action_in_words(self, event):
        return event.get_action_display()

    @admin.display(description="Comment")
    def comment_excerpt(self, event):
        if event.comment is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:comments_comment_change", args=[event.comment.pk]),
            _excerpt(event.comment),
        )

    @admin.display(description="Article")
    def article_link(self, event):
        if event.comment is None:
            return "—"
        article = event.comment.article
        return format_html('<a href="{}">{}</a>', article.get_absolute_url(), article.title)

    @admin.display(description="Person")
    def person(self, event):
        return event.subject.public_name if event.subject else "—"

    def get_urls(self):
        return [
            path(
                "csv/",
                self.admin_site.admin_view(self.csv_view),
                name="comments_moderationevent_csv",
            ),
            *super().get_urls(),
        ]

    def csv_view(self, request):
        """The rows the changelist shows with the same filters and search, every page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            messages.error(request, "Those filters are not valid: nothing to download.")
            return redirect("admin:comments_moderationevent_changelist")
        return stream_csv(changelist.queryset, request, "moderation-log.csv")

    @admin.action(description="Download the selected rows as CSV", permissions=["view"])
    def download_selected_csv(self, request, queryset):
        return stream_csv(
            queryset.select_related(*self.list_select_related), request, "moderation-log.csv"
        )
