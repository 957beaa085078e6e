"""Reads that the article pages ask of comments (registered in comments/apps.py)."""

from .models import Comment


def with_thread(queryset):
    """Join each article's comment switch, so the section reads it without a query."""
    return queryset.select_related("comment_thread")


def has_commented(person) -> bool:
    return Comment.objects.filter(author_id=person.pk).exists()
