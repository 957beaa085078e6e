def with_thread(queryset):
    """Join each article's comment switch (see ARTICLES_QUERYSET_EXTENDERS)."""
    return queryset.select_related("comment_thread")
