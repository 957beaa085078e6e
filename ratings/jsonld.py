def add_aggregate_rating(article, data):
    """Placeholder: adds schema.org aggregateRating (filled in by the ratings work)."""
