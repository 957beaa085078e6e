"""Helpful votes and follows in the back office: who found which comment helpful, and who
follows what, for moderators looking into a thread or an account.

- Helpful votes are read only: comments/helpful.py writes them and keeps each comment's
  count with them, so a vote deleted here would leave the count wrong.
- Follows may be deleted (a reader who asks to stop the emails, an account abusing them):
  like the reader's own "Stop following", it only stops the emails.

Moderators (the `comments.moderate_comment` permission, which the Moderators role holds)
see both lists and may delete follows; other staff need the models' own permissions.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.text import Truncator

from articles.models import SEARCH_COLUMNS
from sciatica_site.adminkit import ReadOnlyAdmin

from .models import Follow, HelpfulVote

# Searched by the person: their username, the name they show, their email address.
PERSON_SEARCH = ("user__username", "user__display_name", "user__email")
# The article's text is not shown here: left out of the list's query.
ARTICLE_TEXT = ("body", "body_html", *SEARCH_COLUMNS)


def _may_moderate(request) -> bool:
    return request.user.is_active and request.user.has_perm("comments.moderate_comment")


class _ForModerators(ReadOnlyAdmin):
    """Listed and shown to moderators as well as to holders of the model's view permission."""

    list_per_page = 50
    date_hierarchy = "created_at"
    search_help_text = "Search by the person: username, name or email address."

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or _may_moderate(request)

    def has_delete_permission(self, request, obj=None):
        return self.rows_deletable and (
            super().has_delete_permission(request, obj) or _may_moderate(request)
        )

    @admin.display(description="Person", ordering="user__username")
    def person(self, obj):
        return format_html("{} <small>({})</small>", obj.user.public_name, obj.user.username)

    @admin.display(description="When", ordering="created_at")
    def when(self, obj):
        return date_format(obj.created_at, "j M Y, H:i")


def _comment_link(comment):
    excerpt = Truncator(comment.body).chars(80) or "(deleted by its author)"
    return format_html(
        '<a href="{}">{}</a>', reverse("admin:comments_comment_change", args=[comment.pk]), excerpt
    )


@admin.register(HelpfulVote)
class HelpfulVoteAdmin(_ForModerators):
    """Read only: a vote is taken back by its reader, never deleted by hand (the comment's
    helpful count would go wrong)."""

    list_display = ("when", "person", "comment_excerpt", "article")
    list_filter = (("comment__article", admin.RelatedOnlyFieldListFilter),)
    search_fields = PERSON_SEARCH
    fields = ("user", "comment_excerpt", "article", "created_at")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user", "comment__article")
            .defer(*(f"comment__article__{name}" for name in ARTICLE_TEXT), "comment__body_html")
        )

    @admin.display(description="Comment found helpful")
    def comment_excerpt(self, obj):
        return _comment_link(obj.comment)

    @admin.display(description="Article", ordering="comment__article__title")
    def article(self, obj):
        return obj.comment.article.title


class FollowKindFilter(admin.SimpleListFilter):
    title = "what is followed"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [("article", "All comments on an article"), ("thread", "One thread")]

    def queryset(self, request, queryset):
        if self.value() == "article":
            return queryset.filter(thread__isnull=True)
        if self.value() == "thread":
            return queryset.filter(thread__isnull=False)
        return queryset


@admin.register(Follow)
class FollowAdmin(_ForModerators):
    """Follows may be deleted: the person is no longer emailed about new comments there."""

    rows_deletable = True
    list_display = ("when", "person", "article_title", "followed")
    list_filter = (("article", admin.RelatedOnlyFieldListFilter), FollowKindFilter)
    search_fields = PERSON_SEARCH
    fields = ("user", "article", "followed", "created_at")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("user", "article", "thread")
            .defer(*(f"article__{name}" for name in ARTICLE_TEXT), "thread__body_html")
        )

    @admin.display(description="Article", ordering="article__title")
    def article_title(self, obj):
        return obj.article.title

    @admin.display(description="Follows")
    def followed(self, obj):
        if obj.thread_id is None:
            return "All comments on the article"
        return format_html("The thread of {}", _comment_link(obj.thread))
