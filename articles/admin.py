from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html

from caching import invalidation

from .models import Article, Category, GuideStep, Tag
from .services import article_publish, article_unpublish


class GuideStepInline(admin.TabularInline):
    model = GuideStep
    extra = 1
    fields = ("position", "image", "alt_text", "caption")
    ordering = ("position", "id")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "author", "status", "published_at", "updated_at", "view_link")
    list_filter = ("status", "categories", "tags", "author")
    search_fields = ("title", "excerpt", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("author",)
    filter_horizontal = ("categories", "tags")
    inlines = [GuideStepInline]
    list_select_related = ("author",)
    actions = ["publish_now", "make_draft"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "author", "excerpt", "body")}),
        ("Featured image", {"fields": ("featured_image", "featured_image_alt")}),
        ("Picture guide", {"fields": ("guide_title",)}),
        ("Filing", {"fields": ("categories", "tags")}),
        ("Publication", {"fields": ("status", "published_at")}),
    )

    # Authors write and publish their own articles; editors (and superusers) any article.
    # Enforced on the queryset, on each object and on save, not only by hiding buttons.

    @staticmethod
    def edits_others(request):
        return request.user.has_perm("articles.edit_others_articles")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if self.edits_others(request) else queryset.filter(author=request.user)

    def _owns(self, request, obj):
        return obj is None or self.edits_others(request) or obj.author_id == request.user.pk

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._owns(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._owns(request, obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._owns(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.edits_others(request):
            readonly.append("author")
        return readonly

    def get_autocomplete_fields(self, request):
        return self.autocomplete_fields if self.edits_others(request) else ()

    def changeform_view(self, *args, **kwargs):
        # The article and each of its steps announce their change: one bump for them all.
        with invalidation.batched():
            return super().changeform_view(*args, **kwargs)

    def delete_view(self, *args, **kwargs):
        with invalidation.batched():
            return super().delete_view(*args, **kwargs)

    def delete_queryset(self, request, queryset):
        with invalidation.batched():
            super().delete_queryset(request, queryset)

    def save_model(self, request, obj, form, change):
        if not self.edits_others(request):
            if change and Article.objects.filter(pk=obj.pk).exclude(author=request.user).exists():
                raise PermissionDenied("You can only change your own articles.")
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("author", request.user.pk)
        return initial

    @admin.display(description="On the site")
    def view_link(self, obj):
        label = "View" if obj.is_live else "Preview"
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), label)

    @admin.action(description="Publish the selected articles now")
    def publish_now(self, request, queryset):
        articles = list(queryset)
        for article in articles:
            article_publish(article=article)
        self.message_user(request, f"Published {len(articles)} article(s).")

    @admin.action(description="Turn the selected articles back into drafts")
    def make_draft(self, request, queryset):
        articles = list(queryset)
        for article in articles:
            article_unpublish(article=article)
        self.message_user(request, f"{len(articles)} article(s) are drafts now.")


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)
