def with_rating_summary(queryset):
    """Placeholder: joins each article's rating aggregates (filled in by the ratings work)."""
    return queryset
