"""Images in the text of articles: the renditions made once on upload, and the figures
the body shows with them.

The editor inserts a library image as `<figure><img src="…/<id>/…-960w.webp" alt="…"
width="…" height="…"><figcaption>…</figcaption></figure>` (any of its renditions or its
original as src). When the article is saved, its cleaned body has each such <img> replaced
by one with every rendition as a srcset, with sizes, width, height, loading="lazy" and
decoding="async" (expand_library_images), so the page reserves the picture's room before
it loads. Images that are not from the library are left as the sanitiser kept them.
"""

import html
import io
import re
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils.html import format_html
from PIL import Image, ImageOps

RENDITION_WIDTHS = (480, 960, 1600)
# The article column is at most 42rem (padding 1rem each side): see .wrap in site.css.
SIZES = "(min-width: 42rem) 40rem, calc(100vw - 2rem)"
RENDITIONS_DIR = "articles/library/renditions"
_RENDITION_PATH = re.compile(rf"/{re.escape(RENDITIONS_DIR)}/(\d+)/")
_IMG = re.compile(r"<img\b[^>]*>", re.I)
_ATTRIBUTE = re.compile(r'([a-zA-Z-]+)="([^"]*)"')


def rendition_widths(width: int) -> list[int]:
    """The widths to make for an image `width` pixels wide: each of RENDITION_WIDTHS it
    reaches, or its own width alone when it is narrower than all of them."""
    return [w for w in RENDITION_WIDTHS if w <= width] or [width]


def make_renditions(library_image) -> list[dict]:
    """Write the image's renditions (WebP) and return their list; the caller saves it on
    the model. Pictures taken on phones are turned upright (EXIF orientation) first."""
    stem = PurePosixPath(library_image.image.name).stem[:60]
    made = []
    library_image.image.open("rb")
    try:
        with Image.open(library_image.image) as opened:
            picture = ImageOps.exif_transpose(opened)
            if picture.mode not in ("RGB", "RGBA"):
                picture = picture.convert("RGBA" if "transparency" in picture.info else "RGB")
            for width in rendition_widths(picture.width):
                height = max(1, round(picture.height * width / picture.width))
                resized = picture.resize((width, height), Image.Resampling.LANCZOS)
                buffer = io.BytesIO()
                resized.save(buffer, "WEBP", quality=80, method=4)
                name = default_storage.save(
                    f"{RENDITIONS_DIR}/{library_image.pk}/{stem}-{width}w.webp",
                    ContentFile(buffer.getvalue()),
                )
                made.append({"width": width, "height": height, "name": name})
    finally:
        library_image.image.close()
    return made


def _default_rendition(renditions):
    """The rendition for src (browsers without srcset): the widest up to 960 px."""
    fitting = [r for r in renditions if r["width"] <= 960]
    return fitting[-1] if fitting else renditions[0]


def figure_html(library_image) -> str:
    """The figure the editor inserts for a library image (also what the picker offers)."""
    rendition = _default_rendition(library_image.renditions)
    img = format_html(
        '<img src="{}" alt="{}" width="{}" height="{}">',
        default_storage.url(rendition["name"]),
        library_image.alt_text,
        rendition["width"],
        rendition["height"],
    )
    caption = format_html("<figcaption>{}</figcaption>", library_image.caption)
    return format_html("<figure>{}{}</figure>", img, caption if library_image.caption else "")


def picture_img(library_image, *, alt) -> str:
    """The <img> the page shows for a library image: every rendition in srcset."""
    renditions = library_image.renditions
    default = _default_rendition(renditions)
    srcset = ", ".join(f"{default_storage.url(r['name'])} {r['width']}w" for r in renditions)
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" alt="{}" width="{}" height="{}" '
        'loading="lazy" decoding="async">',
        default_storage.url(default["name"]),
        srcset,
        SIZES,
        alt,
        default["width"],
        default["height"],
    )


def library_image_marks(library_image) -> list[str]:
    """What an article's text holds when it shows the library image: the folder of its
    renditions, or its original's address (an editor may insert either as src)."""
    marks = [f"/{RENDITIONS_DIR}/{library_image.pk}/"]
    if library_image.image.name:
        marks.append(f'{default_storage.url(library_image.image.name)}"')
    return marks


def _library_image_ids(src: str, originals: dict) -> int | None:
    match = _RENDITION_PATH.search(src)
    if match:
        return int(match.group(1))
    return originals.get(src)


def expand_library_images(cleaned_html: str) -> str:
    """The cleaned body with each library image given its srcset (see the module's
    docstring). One query, made only when the body has images. The alt text is the one in
    the body (the author may have changed it in the editor), else the library's."""
    from .models import ArticleImage

    tags = _IMG.findall(cleaned_html)
    if not tags:
        return cleaned_html
    sources = {}
    for tag in tags:
        attributes = {k.lower(): html.unescape(v) for k, v in _ATTRIBUTE.findall(tag)}
        sources[tag] = attributes
    media_url = default_storage.url("")
    original_names = {
        a["src"][len(media_url) :]: a["src"]
        for a in sources.values()
        if a.get("src", "").startswith(media_url)
    }
    ids = {
        int(m.group(1)) for a in sources.values() if (m := _RENDITION_PATH.search(a.get("src", "")))
    }
    found = ArticleImage.objects.filter(Q(pk__in=ids) | Q(image__in=list(original_names))).exclude(
        renditions=[]
    )
    by_id = {image.pk: image for image in found}
    by_src = {default_storage.url(image.image.name): image.pk for image in found}

    def replace(match):
        attributes = sources.get(match.group(0)) or {}
        image_id = _library_image_ids(attributes.get("src", ""), by_src)
        image = by_id.get(image_id)
        if image is None:
            return match.group(0)
        alt = attributes.get("alt", image.alt_text)
        return picture_img(image, alt="" if image.decorative else alt)

    return _IMG.sub(replace, cleaned_html)
