from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminFileWidget
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import models
from django.forms.models import BaseInlineFormSet, ModelChoiceIterator
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import patch_cache_control
from django.utils.csp import CSP
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from caching import invalidation

from . import extensions
from .editor import PICKER_LIMIT, body_form_field
from .images import figure_html
from .models import Article, ArticleImage, Category, GuideStep, Tag
from .services import (
    article_image_renditions_make,
    article_publish,
    article_unpublish,
    guide_steps_renumber,
)


def labelled_file_widget(db_field):
    """Django 6.1 puts a file field in a <fieldset> with a <legend>, which does not name
    the input itself: give it its name (axe: "Form elements must have labels")."""
    return AdminFileWidget(attrs={"aria-label": capfirst(db_field.verbose_name)})


class GuideStepFormSet(BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:  # a bare checkbox in its table cell: name it
            form.fields["DELETE"].widget.attrs["aria-label"] = "Delete"


class GuideStepInline(admin.TabularInline):
    """The picture guide's steps, shown under the form's "Picture guide" fieldset
    (admin/articles/article/change_form.html). step_order.js orders them by drag and drop
    or with Move up / Move down buttons; without it the positions are typed. Either way
    they are renumbered 1, 2, 3… on save (guide_steps_renumber)."""

    model = GuideStep
    formset = GuideStepFormSet
    extra = 1
    fields = ("position", "image", "alt_text", "caption")
    ordering = ("position", "id")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        # A table row's fields have no <label>: each is named after its column (and, by
        # step_order.js, its step's number).
        named = {"aria-label": capfirst(db_field.verbose_name)}
        if db_field.name == "position":
            kwargs["widget"] = forms.NumberInput(attrs={"min": 0, **named})
        elif db_field.name == "caption":
            kwargs["widget"] = forms.Textarea(attrs={"rows": 2, "cols": 30, **named})
        elif db_field.name == "alt_text":
            kwargs["widget"] = forms.TextInput(attrs={"class": "vTextField", **named})
        elif db_field.name == "image":
            kwargs["widget"] = labelled_file_widget(db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    class Media:
        js = ["articles/admin/step_order.js"]
        css = {"all": ["articles/admin/authoring.css"]}


class PageChoiceIterator(ModelChoiceIterator):
    """The pages a page may sit under, in the order of their addresses (a page follows
    the page above it), leaving out the page being edited and the pages under it. Those
    are still accepted by the field, so that choosing one (a form opened before a move)
    gets the model's clear error rather than "not one of the available choices"."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        editing = self.field.page_being_edited
        pages = sorted(self.queryset, key=lambda page: page.page_path)
        for page in pages:
            if editing is not None and (
                page.pk == editing or any(a.pk == editing for a in page.page_ancestors)
            ):
                continue
            yield self.choice(page)


class ParentPageField(forms.ModelChoiceField):
    """Every page, labelled with its address; two queries whatever their number and
    depth (the pages, then the pages above them: ArticleQuerySet.with_page_paths)."""

    iterator = PageChoiceIterator
    page_being_edited = None

    def label_from_instance(self, page):
        return f"{page.title} (/page/{page.page_path}/)"


class ArticleAdminForm(forms.ModelForm):
    """The article form, with the kind (article or page) and the parent page. Those two
    fields are not editable on the model (so neither model forms nor the medical app's
    history take them up); this form offers them, and puts what was chosen on the
    article before the model's validation (Article.clean: only pages have a parent, never
    themselves or a page under them)."""

    kind = forms.ChoiceField(
        choices=Article.Kind.choices,
        initial=Article.Kind.POST,
        required=False,  # left out (a form from before pages could be written): unchanged
        widget=forms.RadioSelect(attrs={"class": "radiolist inline"}),
        # (Django's admin shows help texts as HTML: no angle brackets here.)
        help_text="An article is listed on the home page, in its categories, feeds and "
        "search. A page (About, Contact...) is not: readers reach it by your links and at "
        "its address, /page/ then the slugs of the pages above it and its own, such as "
        "/page/about/team/.",
    )
    parent = ParentPageField(
        queryset=Article.objects.pages()
        .only("title", "slug", "kind", "parent_id")
        .with_page_paths(),
        required=False,
        label="Parent page",
        empty_label="None: a top-level page",
        error_messages={
            "invalid_choice": "Choose one of the pages listed (the one chosen is not a page, "
            "or no longer exists)."
        },
        help_text="Pages only: the page this one sits under (its address starts with it). "
        "A page is on the site only once the pages above it are published too.",
    )

    class Meta:
        model = Article
        # Declared above (the model's own fields are not editable); the admin adds this
        # exclusion to the fields its fieldsets name.
        exclude = ("kind", "parent")  # noqa: DJ006 (the admin names the fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("kind", self.instance.kind)
            self.initial.setdefault("parent", self.instance.parent_id)
            self.fields["parent"].page_being_edited = self.instance.pk

    def clean_kind(self):
        return self.cleaned_data["kind"] or self.instance.kind

    def _post_clean(self):
        for name in ("kind", "parent"):
            if name in self.cleaned_data:
                setattr(self.instance, name, self.cleaned_data[name])
        super()._post_clean()


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "kind",
        "address",
        "author",
        "status",
        "published_at",
        "updated_at",
        "view_link",
    )
    # "Kind": articles, or the site's pages (About, Contact...: at /page/<path>/).
    list_filter = ("kind", "status", "categories", "tags", "author")
    search_fields = ("title", "excerpt", "body")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("author",)
    filter_horizontal = ("categories", "tags")
    inlines = [GuideStepInline]
    list_select_related = ("author",)
    form = ArticleAdminForm

    class Media:
        js = ["articles/admin/admin_a11y.js"]

    actions = ["publish_now", "make_draft"]
    fieldsets = (
        (None, {"fields": ("title", "slug", "author", "excerpt", "body")}),
        ("Article or page", {"fields": ("kind", "parent")}),
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
        # Pages' addresses (the list's "Address" and "On the site") in one query for the
        # whole list, whatever the depth of the pages.
        queryset = super().get_queryset(request).with_page_paths()
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
        for worked_out in ("page_ancestors", "page_path"):  # the parent may have changed
            obj.__dict__.pop(worked_out, None)
        hidden_by = obj.page_hidden_by if obj.kind == Article.Kind.PAGE else None
        if obj.is_live and hidden_by is not None:
            self.message_user(
                request,
                f"“{obj}” is published, but readers cannot open it yet: the page above it, "
                f"“{hidden_by.title}”, is not published. It comes on the site, at its "
                "address, as soon as that page is published.",
                messages.WARNING,
            )
        if obj.kind == Article.Kind.PAGE and not obj.is_live:
            under = list(obj.children.published().values_list("title", flat=True)[:6])
            if under:
                self.message_user(
                    request,
                    f"While “{obj}” is not published, the pages under it are not on the site "
                    f"either: {', '.join(f'“{title}”' for title in under[:5])}"
                    f"{' and more' if len(under) > 5 else ''}.",
                    messages.WARNING,
                )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.ImageField):
            kwargs["widget"] = labelled_file_widget(db_field)
        if db_field.name == "body":
            return body_form_field(
                images=ArticleImage.objects.exclude(renditions=[])[:PICKER_LIMIT],
                label="Body",
                help_text="Headings, lists, links, quotes, tables and images with captions. "
                "Text pasted from a word processor or a web page is tidied: its styles and "
                "anything else the site does not show are removed when you save.",
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        guide_steps_renumber(article=form.instance)

    def get_urls(self):
        preview = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/preview/",
                preview(self.preview_view),
                name="articles_article_preview",
            ),
            path(
                "<int:object_id>/preview/page/",
                preview(self.preview_page_view),
                name="articles_article_preview_page",
            ),
            *super().get_urls(),
        ]

    def _article_to_preview(self, request, object_id):
        article = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def preview_view(self, request, object_id):
        """The article's page at phone and desktop width side by side: two frames of
        preview_page_view, the page exactly as readers will get it (drafts with the
        staff-only banner)."""
        article = self._article_to_preview(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": article,
            "title": f"Preview: {article}",
            "frame_url": reverse("admin:articles_article_preview_page", args=[article.pk]),
            "is_nav_sidebar_enabled": False,  # the room is for the two frames
        }
        return TemplateResponse(request, "admin/articles/article/preview.html", context)

    @method_decorator(xframe_options_sameorigin)
    @method_decorator(csp_override({**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}))
    def preview_page_view(self, request, object_id):
        """The public page of the article, rendered by the same function as the public
        address, that the preview may show in a frame (the public page may not be framed)."""
        article = self._article_to_preview(request, object_id)
        response = extensions.render_article_page(request, article.slug)
        patch_cache_control(response, private=True, no_cache=True, no_store=True)
        return response

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.setdefault("author", request.user.pk)
        return initial

    @admin.display(description="Address")
    def address(self, obj):
        return obj.get_absolute_url()

    @admin.display(description="On the site")
    def view_link(self, obj):
        label = "View" if obj.is_on_site else "Preview"
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


@admin.register(ArticleImage)
class ArticleImageAdmin(admin.ModelAdmin):
    """The media library: pictures for the text of articles. Each is checked as featured
    images are and gets its renditions once, on upload; its picture cannot be swapped
    afterwards (upload a new one), so the articles showing it keep showing the same."""

    list_display = ("thumbnail", "__str__", "caption", "decorative", "size", "uploaded_at")
    list_display_links = ("__str__",)
    list_filter = ("decorative",)
    search_fields = ("alt_text", "caption")
    fields = ("image", "alt_text", "decorative", "caption", "preview")
    readonly_fields = ("preview",)

    def get_readonly_fields(self, request, obj=None):
        return ("image", "preview") if obj else ("preview",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.ImageField):
            kwargs["widget"] = labelled_file_widget(db_field)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        return [
            path(
                "<int:object_id>/figure/",
                self.admin_site.admin_view(self.figure_view),
                name="articles_articleimage_figure",
            ),
            *super().get_urls(),
        ]

    def figure_view(self, request, object_id):
        """The figure the editor inserts for a library image (image_picker.js asks for it
        when the image was uploaded from the article form, in a popup)."""
        library_image = get_object_or_404(ArticleImage.objects.exclude(renditions=[]), pk=object_id)
        if not self.has_view_or_change_permission(request, library_image):
            raise PermissionDenied
        return JsonResponse({"id": library_image.pk, "figure": figure_html(library_image)})

    def get_deleted_objects(self, objs, request):
        """A picture the text of an article or page still shows is not deleted (the page
        would show a broken image): the confirmation page lists where it is used, with
        links, instead of a Delete button (admin/articles/articleimage/ templates)."""
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        for library_image in objs:
            used_in = list(
                Article.objects.showing_library_image(library_image)
                .only("title", "slug", "kind", "parent_id", "status", "published_at")
                .with_page_paths()
                .order_by("title")
            )
            if used_in:
                protected.append(
                    format_html(
                        "“{}” is shown in: {}",
                        library_image,
                        format_html_join(", ", "{}", ((self._article_link(a),) for a in used_in)),
                    )
                )
        return deleted, model_count, perms_needed, protected

    def _article_link(self, article):
        return format_html(
            '<a href="{}">{}</a> ({} at {})',
            reverse("admin:articles_article_change", args=[article.pk]),
            article.title,
            article.get_kind_display().lower(),
            article.get_absolute_url(),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)
        article_image_renditions_make(library_image=obj)

    @admin.display(description="Picture")
    def thumbnail(self, obj):
        if not obj.renditions:
            return "—"
        smallest = obj.renditions[0]
        return format_html(
            '<img src="{}" alt="" width="96" height="{}" class="library-thumbnail">',
            default_storage.url(smallest["name"]),
            round(96 * smallest["height"] / smallest["width"]),
        )

    @admin.display(description="Size")
    def size(self, obj):
        return f"{obj.width} × {obj.height} px" if obj.width else "—"

    @admin.display(description="As shown")
    def preview(self, obj):
        if obj is None or not obj.renditions:
            return "Resized copies (480, 960 and 1600 px wide) are made when you save."
        widths = ", ".join(f"{r['width']} px" for r in obj.renditions)
        return format_html("{}<p>Sizes made: {}.</p>", self.thumbnail(obj), widths)
