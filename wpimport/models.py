from django.db import models


class ImportedItem(models.Model):
    """What one WordPress item became on this site, and a fingerprint of what was written
    for it, so that importing again changes only what changed in WordPress.

    One table for every kind (author, category, post, comment...): the WordPress ID
    points at a row of a different model depending on the kind, which is why object_id
    is a plain number and not a foreign key. Rows stay when the object is deleted on the
    site, so a later import can tell "deleted here on purpose" from "never imported".
    """

    class Kind(models.TextChoices):
        AUTHOR = "author", "Author"
        CATEGORY = "category", "Category"
        TAG = "tag", "Tag"
        POST = "post", "Post"
        COMMENT = "comment", "Comment"
        RATING = "rating", "Rating totals"
        MEDIA = "media", "Media file"

    site = models.CharField(
        max_length=200,
        help_text="The WordPress blog's address without the scheme (example.org/blog): "
        "WordPress IDs are unique only within one blog.",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    wp_id = models.CharField(
        max_length=500,
        verbose_name="WordPress ID",
        help_text="Post, comment or term ID; the login for authors; the path under "
        "wp-content/uploads for media files.",
    )
    object_id = models.BigIntegerField(
        null=True,
        blank=True,
        help_text="Primary key of the object it became (article for posts and ratings, "
        "user, category, tag or comment). Empty for media files.",
    )
    local_name = models.CharField(
        max_length=500, blank=True, help_text="Media files: the name in the site's storage."
    )
    content_hash = models.CharField(
        max_length=64, help_text="Fingerprint of what was written at the last import."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["site", "kind", "id"]
        verbose_name = "imported WordPress item"
        constraints = [
            models.UniqueConstraint(
                fields=["site", "kind", "wp_id"], name="wpimport_one_row_per_wordpress_item"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.wp_id} from {self.site}"


class OldAddress(models.Model):
    """An address of the old WordPress blog (a permalink, /?p=123, an attachment page),
    answered with a permanent redirect to the article or page it became here (see
    wpimport.middleware). It points at the article, not at a fixed address, so it keeps
    leading there when the article's slug or a page's parent changes; deleting the
    article deletes it."""

    path = models.CharField(
        max_length=1000,
        unique=True,
        help_text="The old address as this site receives it: the path, percent-encoded, "
        "and the query string if any (/2012/08/26/knee-hugs/, /?p=123).",
    )
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="Where readers of the old address are sent.",
    )
    site = models.CharField(max_length=200, help_text="The WordPress blog it came from.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["path"]
        verbose_name = "old WordPress address"

    def __str__(self):
        return self.path
