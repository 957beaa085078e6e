from django.contrib import admin
from django.utils.html import format_html

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
