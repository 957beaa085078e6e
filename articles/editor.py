"""The body editor of the article admin: django-prose-editor (ProseMirror/Tiptap) limited
to what the sanitiser keeps, with a picker that inserts images of the media library.

What the editor sends is still cleaned: by the form field (sanitiser.clean_article_html,
so the author sees the cleaned text if the form comes back with errors) and again by
Article.save. Pasted word-processor markup is tidied on both sides: the editor's schema
keeps only its own elements, and the sanitiser drops styles, classes of its own and
anything else it does not allow.
"""

import functools
import re

from django import forms
from django.contrib.admin.widgets import AdminTextareaWidget
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape, format_html, format_html_join
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import (
    AdminProseEditorWidget,
    prose_editor_admin_media,
    prose_editor_js,
)

from sciatica_site.sanitizer import clean_article_html, strip_all_tags

from .images import figure_html

# Each entry is one of the sanitiser's ARTICLE_TAGS (sciatica_site/sanitizer.py): nothing
# the editor makes is dropped on save.
EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},  # h1 is the article's title
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "Figure": True,
    "Caption": True,
    "Image": True,
    # The paragraph styles of site.css (.prose .note, .prose .dose).
    "NodeClass": {
        "cssClasses": {
            "paragraph": {
                "title": "Paragraph",
                "cssClasses": [
                    {"className": "note", "title": "Note box"},
                    {"className": "dose", "title": "Dose line"},
                ],
            }
        }
    },
}

PICKER_LIMIT = 200

# The editor reads <b> and <i> as bold and italic (saving them as <strong> and <em>).
_READ_AS = {"b": "strong", "i": "em"}
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\b([^>]*)>")
_ATTRIBUTE_NAME = re.compile(
    r"([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*(?:=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?"
)


# What the editor writes itself but its own allow-list leaves out: its Caption node is
# saved as <figcaption class="figure-caption"> (django-prose-editor 0.28), so every article
# with a picture inserted in the editor would fall back to HTML on its next edit.
_EDITOR_WRITES = {"figcaption": {"class"}}


@functools.cache
def _editor_allowlist():
    allowlist = allowlist_from_extensions(expand_extensions(EDITOR_EXTENSIONS))
    for tag, attributes in _EDITOR_WRITES.items():
        allowlist["attributes"][tag] = set(allowlist["attributes"].get(tag, ())) | attributes
    return allowlist


def editor_would_lose(html: str) -> list[str]:
    """What of a stored body the editor could not keep: elements and attributes its schema
    has no place for (an <abbr>, a <dl>, an id…), which it would drop on the first save.
    Such a body is edited as HTML instead (BodyEditorWidget), so nothing is lost."""
    allowlist = _editor_allowlist()
    lost = []
    for name, attributes in _TAG.findall(html or ""):
        tag = _READ_AS.get(name.lower(), name.lower())
        if tag not in allowlist["tags"]:
            lost.append(f"<{tag}>")
            continue
        allowed = allowlist["attributes"].get(tag, set())
        for attribute in _ATTRIBUTE_NAME.findall(attributes):
            if attribute.lower() not in allowed:
                lost.append(f'{attribute.lower()}="…" on <{tag}>')
    return sorted(set(lost))


class BodyEditorWidget(AdminProseEditorWidget):
    """The editor, and under it the picker of library images (shown by image_picker.js
    once the editor is ready; without JavaScript the body is a plain HTML text box)."""

    def __init__(self, *args, images=(), **kwargs):
        self.images = images  # read when the form renders
        super().__init__(*args, **kwargs)

    @property
    def media(self):
        # The admin preset's styles and import map, with the editor started by
        # body_editor.js (the configurable preset without Tiptap's inline <style>).
        return prose_editor_admin_media + forms.Media(
            js=[
                # Django's "add another" popup, for uploading an image from the form.
                "admin/js/vendor/jquery/jquery.js",
                "admin/js/jquery.init.js",
                "admin/js/admin/RelatedObjectLookups.js",
                prose_editor_js,
                forms.Script("articles/admin/body_editor.js", type="module"),
                "articles/admin/image_picker.js",
            ],
            css={"all": ["articles/admin/editor_base.css", "articles/admin/authoring.css"]},
        )

    def render(self, name, value, attrs=None, renderer=None):
        field_id = (attrs or {}).get("id", f"id_{name}")
        # What the page shows is the sanitised body: what the sanitiser drops anyway (the
        # raw body may hold it) is no loss.
        lost = editor_would_lose(clean_article_html(value or ""))
        if lost:
            plain = AdminTextareaWidget(attrs={"rows": 20}).render(name, value, attrs, renderer)
            return plain + format_html(
                '<p class="help editor-fallback" id="{}-fallback">This article has markup the '
                "editor cannot keep ({}), so it is shown as HTML: nothing is lost. The same "
                "elements as everywhere else are kept on save.</p>",
                field_id,
                ", ".join(lost[:6]) + (" and more" if len(lost) > 6 else ""),
            )
        editor = super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '<option value="{}" data-figure="{}">{}</option>',
            ((image.pk, escape(figure_html(image)), _label(image)) for image in self.images),
        )
        picker = format_html(
            '<div class="image-picker" data-for="{field_id}" hidden>'
            '<label for="{field_id}-image">Image from the library</label> '
            '<select id="{field_id}-image" class="image-picker__select">'
            '<option value="">Choose an image…</option>{options}</select> '
            '<button type="button" class="button image-picker__insert">Insert image</button> '
            '<a href="{upload}?_popup=1" id="add_{field_id}-image" data-popup="yes" '
            'data-figure-url="{figure}" class="related-widget-wrapper-link add-related">'
            "Upload a new image</a>"
            '<p class="help">The image goes in where the cursor is, as a figure with its alt '
            "text and caption; change either in the editor. The page shows it at the size "
            "that suits each screen. A new image is uploaded in a small window and then "
            "offered here.</p></div>",
            field_id=field_id,
            options=options,
            upload=reverse("admin:articles_articleimage_add"),
            figure=reverse("admin:articles_articleimage_figure", args=[0]),
        )
        return editor + picker


def _label(image):
    text = str(image)
    return text if len(text) <= 70 else text[:69] + "…"


class BodyFormField(ProseEditorFormField):
    def clean(self, value):
        cleaned = super().clean(value)
        if self.required and not strip_all_tags(cleaned) and "<img" not in cleaned:
            raise ValidationError("Write the article's text.", code="required")
        return cleaned


def body_form_field(*, images, **kwargs):
    """The form field of Article.body in the admin."""
    kwargs.pop("widget", None)
    return BodyFormField(
        extensions=EDITOR_EXTENSIONS,
        sanitize=clean_article_html,
        widget=BodyEditorWidget(images=images),
        **kwargs,
    )
