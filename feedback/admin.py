"""Read-only back office for "Did this help?": the results per article and per step, with
"made it worse" shares over FEEDBACK_WORSE_THRESHOLD flagged, and the answers behind them.
Both change only through feedback.services (readers' own answers), never by hand here.

Who sees what: the results are for everyone in the back office who may see articles
(authors, editors, reviewers: `articles.view_article`), or who is given
`feedback.view_result`; the answers, which say who answered what about their health, only
for those given `feedback.view_answer` (superusers)."""

from django.contrib import admin
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.html import format_html
from django.utils.text import Truncator

from articles.models import GuideStep
from sciatica_site.adminkit import ReadOnlyAdmin

from .conf import conf
from .models import Answer, Result, item_url


class FlaggedFilter(admin.SimpleListFilter):
    title = '"made it worse" share'
    parameter_name = "flagged"

    def lookups(self, request, model_admin):
        return [
            ("yes", f"{conf.WORSE_THRESHOLD}% or more (of {conf.WORSE_MIN_ANSWERS}+ answers)"),
            ("no", "Below that"),
        ]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(flagged=self.value() == "yes")
        return queryset


class ItemFilter(admin.SimpleListFilter):
    title = "question"
    parameter_name = "item"

    def lookups(self, request, model_admin):
        return [("article", "The whole article"), ("step", "Picture-guide steps")]

    def queryset(self, request, queryset):
        if self.value() in ("article", "step"):
            return queryset.filter(step__isnull=self.value() == "article")
        return queryset


def _percent(part, whole):
    return f"{part} ({round(100 * part / whole)}%)" if whole else "0"


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = (
        "article",
        "item_display",
        "answers_display",
        "helped_display",
        "no_change_display",
        "worse_display",
        "flagged_display",
        "updated_at",
    )
    list_display_links = ("item_display",)
    list_filter = (FlaggedFilter, ItemFilter, ("article", admin.RelatedOnlyFieldListFilter))
    search_fields = ("article__title", "article__slug", "step__caption")
    fields = ("article", "step", "helped", "no_change", "worse", "updated_at")

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) or request.user.has_perm(
            "articles.view_article"
        )

    def has_module_permission(self, request):
        return super().has_module_permission(request) or self.has_view_permission(request)

    def get_queryset(self, request):
        # The step's number in its guide, as the article page shows it (1, 2, ...).
        earlier_steps = (
            GuideStep.objects.filter(article=OuterRef("step__article"))
            .filter(
                Q(position__lt=OuterRef("step__position"))
                | Q(position=OuterRef("step__position"), pk__lte=OuterRef("step"))
            )
            .order_by()
            .values("article")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .select_related("article", "step")
            .with_flags()
            .annotate(step_number=Subquery(earlier_steps))
        )

    @admin.display(description="Question", ordering="step__position")
    def item_display(self, obj):
        if obj.step_id is None:
            return "The whole article"
        caption = Truncator(obj.step.caption).words(8, truncate="…")
        return f"Step {obj.step_number}" + (f" · {caption}" if caption else "")

    @admin.display(description="Answers", ordering="answers")
    def answers_display(self, obj):
        return format_html('<a href="{}">{}</a>', item_url(obj.article, obj.step_id), obj.answers)

    @admin.display(description="Helped", ordering="helped")
    def helped_display(self, obj):
        return _percent(obj.helped, obj.answers)

    @admin.display(description="No change", ordering="no_change")
    def no_change_display(self, obj):
        return _percent(obj.no_change, obj.answers)

    @admin.display(description="Made it worse", ordering="worse")
    def worse_display(self, obj):
        return _percent(obj.worse, obj.answers)

    @admin.display(description="For review", boolean=True, ordering="flagged")
    def flagged_display(self, obj):
        return obj.flagged


@admin.register(Answer)
class AnswerAdmin(ReadOnlyAdmin):
    list_display = ("article", "step", "user", "choice", "created_at", "updated_at")
    list_filter = (("article", admin.RelatedOnlyFieldListFilter), "choice", "created_at")
    list_select_related = ("article", "step", "user")
    search_fields = ("article__title", "user__username", "user__display_name")
    date_hierarchy = "created_at"
