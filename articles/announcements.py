"""Changes to articles announced to caching.invalidation, which retires the pages they
show on.

Articles are written by many hands: the admin's forms, its inlines (picture-guide steps)
and its bulk deletes, the WordPress importer, the demo loader, a shell. So, unlike comments
and ratings, whose every write goes through their services, the articles app announces its
changes from model signals, connected here once (ArticlesConfig.ready): no path that
writes an article can forget to. Each signal turns into one event.
"""

from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save

from caching import invalidation

from . import extensions
from .models import Article, Category, GuideStep, Tag

# Saves of these fields alone change nothing any page shows (logging in).
_UNSEEN_PERSON_FIELDS = {"last_login", "password"}


def _article_saved_or_deleted(sender, instance, **kwargs):
    invalidation.article_changed(slug=instance.slug)


def _step_saved_or_deleted(sender, instance, **kwargs):
    # Deleted with its article (the steps go first), the article's own deletion announces
    # the rest; a step whose article row is already gone has nothing to retire.
    slug = Article.objects.filter(pk=instance.article_id).values_list("slug", flat=True).first()
    if slug is not None:
        invalidation.article_content_changed(slug=slug)


def _labels_changed(sender, action, **kwargs):
    """An article's categories or tags were added, removed or cleared, from either side
    (the admin, a script, the importer)."""
    if action.startswith("post_"):
        invalidation.site_lists_changed()


def _label_saved_or_deleted(sender, **kwargs):
    invalidation.site_lists_changed()


def is_shown(person) -> bool:
    """Whether this person appears on article pages: as an author, or through an
    extension (a commenter)."""
    return Article.objects.filter(author_id=person.pk).exists() or extensions.shows_person(person)


def _person_saved(sender, instance, created, update_fields=None, **kwargs):
    """A person shown on pages saved a change: their name or bio may be on any page. New
    accounts and saves of unseen fields only (logging in) are left alone."""
    if created or (update_fields is not None and set(update_fields) <= _UNSEEN_PERSON_FIELDS):
        return
    if is_shown(instance):
        invalidation.person_changed()


def connect():
    for signal in (post_save, post_delete):
        signal.connect(_article_saved_or_deleted, sender=Article, dispatch_uid="article")
        signal.connect(_step_saved_or_deleted, sender=GuideStep, dispatch_uid="guide-step")
        for model in (Category, Tag):
            signal.connect(_label_saved_or_deleted, sender=model, dispatch_uid=f"label-{model}")
    for through in (Article.categories.through, Article.tags.through):
        m2m_changed.connect(_labels_changed, sender=through, dispatch_uid=f"labels-{through}")
    post_save.connect(_person_saved, sender=get_user_model(), dispatch_uid="people")
