"""Writes to articles: plain functions that the admin, commands and tests share."""

from django import forms
from django.db import transaction
from django.utils import timezone

from .images import make_renditions
from .models import Article, ArticleImage, GuideStep, validate_image_size


@transaction.atomic
def article_publish(*, article: Article, now=None) -> Article:
    """Put an article live now (a scheduled one is brought forward)."""
    now = now or timezone.now()
    article.status = Article.Status.PUBLISHED
    if article.published_at is None or article.published_at > now:
        article.published_at = now
    article.save()
    return article


@transaction.atomic
def article_unpublish(*, article: Article) -> Article:
    """Take an article off the site; it stays editable as a draft."""
    article.status = Article.Status.DRAFT
    article.save()
    return article


@transaction.atomic
def guide_steps_renumber(*, article: Article) -> list[GuideStep]:
    """Number the article's picture-guide steps 1, 2, 3… in their order. A step without a
    position (0: added without one) goes after the numbered ones, in the order it came.
    Only the steps whose number changes are written."""
    steps = sorted(
        GuideStep.objects.filter(article=article).select_for_update(),
        key=lambda step: (step.position == 0, step.position, step.pk),
    )
    for number, step in enumerate(steps, start=1):
        if step.position != number:
            step.position = number
            step.save(update_fields=["position"])
    return steps


def article_image_renditions_make(*, library_image: ArticleImage) -> ArticleImage:
    """Make the library image's renditions, once: an image that has them keeps them (its
    picture does not change; a new picture is a new library image)."""
    if library_image.renditions:
        return library_image
    library_image.renditions = make_renditions(library_image)
    library_image.save(update_fields=["renditions"])
    return library_image


@transaction.atomic
def article_image_upload(
    *, image, alt_text="", decorative=False, caption="", uploaded_by=None
) -> ArticleImage:
    """Add a picture to the media library: checked as featured images are (a real image,
    within the size and pixel limits), with alt text unless decorative, and its renditions
    made. Raises ValidationError, with nothing saved, when something is wrong."""
    validate_image_size(image)  # the size first: no need to read a file that is too big
    forms.ImageField().clean(image)  # a real image (Pillow reads it), as the admin checks
    library_image = ArticleImage(
        image=image,
        alt_text=alt_text,
        decorative=decorative,
        caption=caption,
        uploaded_by=uploaded_by,
    )
    library_image.full_clean()
    library_image.save()
    return article_image_renditions_make(library_image=library_image)
