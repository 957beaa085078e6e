"""The back office of medical review.

- "Articles: review and sources": every article's review state (reviewed by, last
  reviewed, next due, updated since review, waiting), filters for each, and on an
  article's page its numbered sources and its reviews so far.
- "Review requests": the reviewers' queue (waiting first). A request's page shows the
  changes since the last review and, to a reviewer, the buttons to approve with a note or
  send back with comments (a POST with Django's CSRF token). Authors ask for a review here.
- "Reviewers": the clinicians' public profiles; a reviewer edits their own.
- "Review policy": the interval to the next review, set by editors.
- "Urgent-care settings" and "When to get help now" boxes: what the site tells readers who
  may need urgent care (medical.safety).

Authors see their own articles and requests; editors and reviewers see all. Every write
goes through medical.services.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models import Article

from . import safety, services
from .access import may_decide, sees_all_articles
from .changes import compare, editors_between, snapshot_at, snapshot_now
from .forms import DecisionForm, ReviewRequestForm
from .models import (
    ArticleReview,
    HelpBox,
    MedicalArticle,
    Reviewer,
    ReviewPolicy,
    ReviewRequest,
    Source,
    UrgentCare,
)
from .queries import with_review_state


class SourceInline(admin.TabularInline):
    model = Source
    extra = 1
    fields = ("number", "authors", "title", "publisher", "year", "url", "doi", "accessed_on")
    ordering = ("number",)


class ReviewRequestInline(admin.TabularInline):
    """The article's reviews so far, each linking to its page (read only)."""

    model = ReviewRequest
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ("requested_at", "requested_by", "status", "reviewer", "decided_at")
    readonly_fields = fields
    verbose_name_plural = "reviews so far"

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ReviewStateFilter(admin.SimpleListFilter):
    title = "medical review"
    parameter_name = "review"
    FILTERS = {
        "waiting": ("Waiting for review", {"waiting_for_review": True}),
        "overdue": ("Overdue for review", {"overdue": True}),
        "updated": ("Updated since review", {"updated_since_review": True}),
        "never": ("Never reviewed", {"medical_review__isnull": True}),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _) in self.FILTERS.items()]

    def queryset(self, request, queryset):
        if self.value() in self.FILTERS:
            return queryset.filter(**self.FILTERS[self.value()][1])
        return queryset


@admin.register(MedicalArticle)
class MedicalArticleAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "status",
        "reviewed_by",
        "last_reviewed",
        "next_review_due",
        "updated_since_review_display",
        "waiting_display",
    )
    list_filter = (ReviewStateFilter, "status")
    search_fields = ("title",)
    fields = ("article_link", "review_state")
    readonly_fields = fields
    inlines = [SourceInline, ReviewRequestInline]

    def get_queryset(self, request):
        articles = with_review_state(super().get_queryset(request).select_related("author"))
        if sees_all_articles(request.user):
            return articles
        return articles.filter(author=request.user)

    def _owns(self, request, obj):
        return obj is None or sees_all_articles(request.user) or obj.author_id == request.user.pk

    def has_add_permission(self, request):
        return False  # articles are written on their own page

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._owns(request, obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._owns(request, obj)

    def save_model(self, request, obj, form, change):
        """Nothing of the article itself is edited here (its fields are read only):
        saving it would count as an edit."""

    def save_formset(self, request, form, formset, change):
        if formset.model is not Source:
            return super().save_formset(request, form, formset, change)
        sources = formset.save(commit=False)
        for source in formset.deleted_objects:
            services.source_delete(source=source)
        for source in sources:
            services.source_save(source=source)

    @admin.display(description="Reviewed by", ordering="medical_review__reviewer__name")
    def reviewed_by(self, obj):
        review = getattr(obj, "medical_review", None)
        return review.reviewer.name if review else "–"

    @admin.display(description="Last reviewed", ordering="medical_review__reviewed_at")
    def last_reviewed(self, obj):
        review = getattr(obj, "medical_review", None)
        return timezone.localdate(review.reviewed_at) if review else "–"

    @admin.display(description="Next review due", ordering="medical_review__next_review_due")
    def next_review_due(self, obj):
        review = getattr(obj, "medical_review", None)
        if review is None:
            return "–"
        if obj.overdue:
            return format_html("<strong>{} (overdue)</strong>", date_format(review.next_review_due))
        return review.next_review_due

    @admin.display(description="Updated since review", boolean=True)
    def updated_since_review_display(self, obj):
        return obj.updated_since_review

    @admin.display(description="Waiting for review", boolean=True)
    def waiting_display(self, obj):
        return obj.waiting_for_review

    @admin.display(description="Article")
    def article_link(self, obj):
        return format_html(
            '<a href="{}">{}</a> by {} ({}) · <a href="{}">edit the article</a>',
            obj.get_absolute_url(),
            obj.title,
            obj.author.public_name,
            obj.get_status_display().lower(),
            reverse("admin:articles_article_change", args=[obj.pk]),
        )

    @admin.display(description="Medical review")
    def review_state(self, obj):
        review = getattr(obj, "medical_review", None)
        if review is None:
            state = "Never reviewed."
        else:
            state = format_html(
                'Reviewed by <a href="{}">{}</a> on {}; next review due {}{}.{}',
                review.reviewer.get_absolute_url(),
                review.reviewer.name,
                timezone.localdate(review.reviewed_at),
                review.next_review_due,
                mark_safe(" <strong>(overdue)</strong>") if obj.overdue else "",
                mark_safe(" <strong>Updated since review.</strong>")
                if obj.updated_since_review
                else "",
            )
        if obj.waiting_for_review:
            return format_html("{} Waiting for review.", state)
        ask = reverse("admin:medical_reviewrequest_add") + f"?article={obj.pk}"
        return format_html('{} <a href="{}">Ask for a medical review</a>', state, ask)


class QueueFilter(admin.SimpleListFilter):
    """The queue shows requests waiting for review unless asked for others."""

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*ReviewRequest.Status.choices, (self.ALL, "All")]

    def value(self):
        return super().value() or ReviewRequest.Status.WAITING

    def choices(self, changelist):
        choices = super().choices(changelist)
        next(choices)  # Django's own "All" (no parameter) is the waiting queue here
        yield from choices

    def queryset(self, request, queryset):
        if self.value() == self.ALL:
            return queryset
        return queryset.filter(status=self.value())


@admin.register(ReviewRequest)
class ReviewRequestAdmin(admin.ModelAdmin):
    form = ReviewRequestForm
    list_display = ("article", "requested_by", "requested_at", "status", "reviewer", "decided_at")
    list_filter = (QueueFilter,)
    list_select_related = ("article", "requested_by", "reviewer")
    search_fields = ("article__title", "message", "note")
    ordering = ("requested_at",)

    def get_queryset(self, request):
        requests = super().get_queryset(request)
        if sees_all_articles(request.user):
            return requests
        return requests.filter(article__author=request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            articles = Article.objects.order_by("title")
            if not request.user.has_perm("articles.edit_others_articles"):
                articles = articles.filter(author=request.user)
            kwargs["queryset"] = articles
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return False  # decided on the request's page, never edited by hand

    def has_delete_permission(self, request, obj=None):
        return False  # the record of who reviewed what is kept

    def save_model(self, request, obj, form, change):
        created = services.review_request_create(
            article=obj.article, requested_by=request.user, message=obj.message
        )
        # The admin goes on with `obj` (its log entry, the redirect): make it the row made.
        vars(obj).update(vars(created))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The request's page: the changes since the last review and, for a reviewer while
        it waits, the decision form (approve with a note, or send back with comments)."""
        review_request = self.get_object(request, unquote(object_id))
        if review_request is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_permission(request, review_request):
            raise PermissionDenied
        article = review_request.article
        reviewer = Reviewer.objects.filter(user=request.user).first()
        decides = review_request.is_waiting and may_decide(request.user) and reviewer is not None
        if review_request.is_waiting:
            current = ArticleReview.objects.filter(article=article).first()
            since = current.reviewed_at if current else None
            now = snapshot_now(article)
            until = None
        else:
            since = review_request.changes_since
            until = review_request.decided_at
            now = snapshot_at(article, until) or snapshot_now(article)
        form = DecisionForm(request.POST or None, initial={"seen": now.fingerprint()})
        if request.method == "POST":
            if not decides:
                raise PermissionDenied
            if form.is_valid():
                response = self._decide(request, review_request, reviewer, form)
                if response is not None:
                    return response
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Medical review: {article.title}",
            "subtitle": None,
            "review_request": review_request,
            "article": article,
            "since": since,
            "changes": compare(snapshot_at(article, since) if since else None, now),
            "edited_by": editors_between(article, since, until),
            "form": form if decides else None,
            "reviewer_missing": review_request.is_waiting
            and may_decide(request.user)
            and reviewer is None,
            "media": self.media,
        }
        status = 400 if form.is_bound and form.errors else 200
        return TemplateResponse(
            request, "medical/admin/review_request.html", context, status=status
        )

    def _decide(self, request, review_request, reviewer, form):
        data = form.cleaned_data
        try:
            if data["decision"] == DecisionForm.APPROVE:
                services.review_approve(
                    review_request=review_request,
                    reviewer=reviewer,
                    note=data["note"],
                    seen=data["seen"],
                )
                message = f"Approved: “{review_request.article.title}” is marked as reviewed."
            else:
                services.review_send_back(
                    review_request=review_request, reviewer=reviewer, note=data["note"]
                )
                message = f"Sent back: “{review_request.article.title}” goes back to its author."
        except ValidationError as error:
            form.add_error(None, error)
            return None
        self.message_user(request, message, messages.SUCCESS)
        return redirect("admin:medical_reviewrequest_changelist")


@admin.register(Reviewer)
class ReviewerAdmin(admin.ModelAdmin):
    list_display = ("name", "profession", "registration_body", "user")
    list_select_related = ("user",)
    search_fields = ("name", "profession", "user__username")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("user",)
    fieldsets = (
        (None, {"fields": ("user", "name", "slug", "profession", "qualifications")}),
        ("Registration", {"fields": ("registration_body", "registration_number")}),
        ("Profile page", {"fields": ("bio", "photo")}),
    )

    @staticmethod
    def manages_reviewers(request):
        return request.user.has_perm("medical.add_reviewer")

    def get_queryset(self, request):
        reviewers = super().get_queryset(request)
        return reviewers if self.manages_reviewers(request) else reviewers.filter(user=request.user)

    def get_readonly_fields(self, request, obj=None):
        return () if self.manages_reviewers(request) else ("user", "slug")

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if self.manages_reviewers(request) else {}

    def get_autocomplete_fields(self, request):
        return self.autocomplete_fields if self.manages_reviewers(request) else ()

    def save_model(self, request, obj, form, change):
        services.reviewer_save(reviewer=obj)


@admin.register(ReviewPolicy)
class ReviewPolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__",)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ReviewPolicy.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(UrgentCare)
class UrgentCareAdmin(admin.ModelAdmin):
    """The urgent-care settings: one row (the defaults until an editor saves it)."""

    list_display = ("__str__", "country")

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not UrgentCare.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        safety.urgent_care_save(settings=obj)


@admin.register(HelpBox)
class HelpBoxAdmin(admin.ModelAdmin):
    list_display = ("heading", "category", "is_active")
    list_filter = ("is_active",)
    fields = ("category", "heading", "introduction", "signs", "other_advice", "is_active")

    def save_model(self, request, obj, form, change):
        safety.help_box_save(box=obj)

    def delete_model(self, request, obj):
        safety.help_box_delete(box=obj)

    def delete_queryset(self, request, queryset):
        for box in queryset:
            safety.help_box_delete(box=box)
