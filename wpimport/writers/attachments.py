"""WordPress attachments: not imported as such, but remembered (a few facts each) for the
posts that show them as featured image or in a [gallery]."""

from django.utils.text import Truncator

from ..content import Attachment, plain_title
from ..wxr import WPItem
from .fields import int_or_zero, text_only


class Attachments:
    def __init__(self, context):
        self.context = context
        self.by_id = {}  # attachment ID -> Attachment
        self.children = {}  # post ID -> [attachment IDs], in the gallery's order

    def add(self, item: WPItem):
        self.by_id[item.wp_id] = Attachment(
            wp_id=item.wp_id,
            url=item.attachment_url,
            attached_file=item.meta.get("_wp_attached_file", ""),
            title=plain_title(item.title),
            caption=text_only(item.excerpt),
            alt=text_only(item.meta.get("_wp_attachment_image_alt", "")),
            parent=item.parent,
            menu_order=int_or_zero(item.menu_order),
        )
        if item.parent and item.parent != "0":
            siblings = self.children.setdefault(item.parent, [])
            siblings.append(item.wp_id)
            siblings.sort(key=lambda wp_id: (self.by_id[wp_id].menu_order, int_or_zero(wp_id)))

    def needed_later(self, item: WPItem) -> bool:
        """Whether the post may use attachments that come after it in the export."""
        thumbnail = item.meta.get("_thumbnail_id", "")
        if thumbnail and thumbnail not in self.by_id:
            return True
        return "[gallery" in item.content

    def featured_image(self, item: WPItem):
        """[storage name, alt text] of the post's featured image, copied into the site's
        media; None when it has none or the file cannot be had (the summary says why)."""
        thumbnail = item.meta.get("_thumbnail_id", "")
        if not thumbnail:
            return None
        report, media = self.context.report, self.context.media
        attachment = self.by_id.get(thumbnail)
        if attachment is None:
            report.count(
                "media",
                "skipped",
                reason="featured image whose attachment is not in the export",
                label=f"attachment {thumbnail} of post {item.label}",
            )
            return None
        path = attachment.attached_file or media.path_of(attachment.url) or ""
        if not path:
            report.count(
                "media",
                "skipped",
                reason="featured image not under wp-content/uploads",
                label=attachment.url,
            )
            return None
        outcome = media.resolve(path, original_url=attachment.url)
        if not outcome.name:
            return None
        alt = attachment.alt or attachment.caption or ""
        return [outcome.name, Truncator(alt).chars(250)]
