from django.db import models

CACHE_TABLE = "caching_cache_entry"


class CacheEntry(models.Model):
    """A row of the shared database cache (caching.database.SharedDatabaseCache), in the
    shape Django's database cache expects (what `createcachetable` would make), so that
    `migrate` creates it with everything else. Only the cache backend reads and writes
    these rows."""

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = CACHE_TABLE
        verbose_name_plural = "cache entries"

    def __str__(self):
        return self.cache_key
