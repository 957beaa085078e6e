"""Read-only back office for ratings: totals per article and the votes behind them. Votes
change only through ratings.services (readers' own actions), never by hand here."""

from django.contrib import admin

from sciatica_site.adminkit import ReadOnlyAdmin

from .models import RatingSummary, StarVote, ThumbVote


@admin.register(RatingSummary)
class RatingSummaryAdmin(ReadOnlyAdmin):
    list_display = (
        "article",
        "average_display",
        "vote_count_display",
        "star_count",
        "imported_count",
        "thumbs_display",
        "thumbs_up",
        "thumbs_down",
        "updated_at",
    )
    list_select_related = ("article",)
    search_fields = ("article__title", "article__slug")
    ordering = ("article__title",)

    @admin.display(description="Average (of 10)")
    def average_display(self, obj):
        return obj.average if obj.average is not None else "–"

    @admin.display(description="Star votes (all)")
    def vote_count_display(self, obj):
        return obj.vote_count

    @admin.display(description="Thumbs score")
    def thumbs_display(self, obj):
        score = obj.thumbs_score
        return f"+{score}" if score > 0 else str(score)


@admin.register(StarVote)
class StarVoteAdmin(ReadOnlyAdmin):
    list_display = ("article", "user", "score", "created_at", "updated_at")
    list_filter = (("article", admin.RelatedOnlyFieldListFilter), "score", "created_at")
    list_select_related = ("article", "user")
    search_fields = ("article__title", "user__username", "user__display_name")
    date_hierarchy = "created_at"


@admin.register(ThumbVote)
class ThumbVoteAdmin(ReadOnlyAdmin):
    list_display = ("article", "user", "value", "created_at", "updated_at")
    list_filter = (("article", admin.RelatedOnlyFieldListFilter), "value", "created_at")
    list_select_related = ("article", "user")
    search_fields = ("article__title", "user__username", "user__display_name")
    date_hierarchy = "created_at"
