from django.apps import AppConfig


class CachingConfig(AppConfig):
    """What the site keeps in the shared cache: the Redis backend that survives outages
    (redis.py), the versions of pages and the rules of which change retires which
    (invalidation.py), and the anonymous page cache (pages.py). Depends on no app of ours;
    articles, comments and ratings announce their changes to it."""

    name = "caching"
    verbose_name = "Caching"
