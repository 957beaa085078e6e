"""What earlier imports of a blog made (ImportedItem), and the one way every writer uses it.

An item's values are fingerprinted (SHA-256 of their JSON): an item met again is written
only when its fingerprint differs from the remembered one, that is when it changed in
WordPress (or the conversion changed). An item whose object was deleted here after an
earlier import is left deleted.
"""

import hashlib
import json

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef
from django.utils import timezone

from articles.models import Article, Category, Tag
from comments.models import Comment

from ..models import ImportedItem

Kind = ImportedItem.Kind

DELETED_HERE = "deleted on this site after an earlier import (left deleted)"
BULK_BATCH = 1000
REPORT_KINDS = {
    Kind.AUTHOR: "authors",
    Kind.CATEGORY: "categories",
    Kind.TAG: "tags",
    Kind.POST: "posts",
    Kind.COMMENT: "comments",
    Kind.RATING: "ratings",
}


def fingerprint(values: dict) -> str:
    encoded = json.dumps(values, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


class Skip(Exception):
    """Raised by a writer's `write` to leave the item as it is here; counted as skipped
    for `reason`."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def _models():
    """The model each kind's objects are, for the kinds whose objects are checked for
    deletion here (ratings belong to their article, which is checked)."""
    return {
        Kind.AUTHOR: get_user_model(),
        Kind.CATEGORY: Category,
        Kind.TAG: Tag,
        Kind.POST: Article,
        Kind.COMMENT: Comment,
    }


class Ledger:
    """The ImportedItem rows of one blog. Those of authors, terms, posts and ratings
    (a few per post) are loaded once, so that a re-import costs few queries per post;
    those of comments, which may number millions, are read a post's worth at a time."""

    def __init__(self, *, site, report):
        self.site = site
        self.report = report
        self.models = _models()
        rows = ImportedItem.objects.filter(site=site)
        self.records = {kind: {} for kind in Kind.values}
        for record in rows.exclude(kind__in=[Kind.COMMENT, Kind.MEDIA]):
            self.records[record.kind][record.wp_id] = record
        self.has_comment_records = rows.filter(kind=Kind.COMMENT).exists()
        self.alive = {
            kind: self._existing(kind) for kind in (Kind.AUTHOR, Kind.CATEGORY, Kind.TAG, Kind.POST)
        }

    def _existing(self, kind):
        ids = [record.object_id for record in self.records[kind].values()]
        return set(self.models[kind].objects.filter(pk__in=ids).values_list("pk", flat=True))

    def get(self, kind, wp_id) -> ImportedItem | None:
        return self.records[kind].get(wp_id)

    def exists_here(self, kind, record) -> bool:
        """Whether the object an earlier import made for `record` is still on the site."""
        alive = self.alive.get(kind)
        return alive is None or record.object_id in alive

    def import_item(self, kind, wp_id, *, values, write, adopt=None, label="", report_kind=None):
        """Bring one WordPress item over: left deleted if its object was deleted here,
        else compared by fingerprint, written when new or changed, remembered, reported.

        `values()` gives what is fingerprinted; it is called only once the item is known
        not to be deleted here, since making the values may copy files or make accounts.
        `write(object_id, values)` creates the object (object_id None) or updates it and
        returns its pk; it may raise Skip. `adopt()`, for a new item, may give the pk of an
        object already on the site to use as it is (counted unchanged) instead.

        `report_kind` names the line of the summary it is counted on, when not its kind's
        (pages are posts here, counted apart).

        Returns the pk of the object the item is on the site, or None."""
        report_kind = report_kind or REPORT_KINDS[kind]
        record = self.get(kind, wp_id)
        if record is not None and not self.exists_here(kind, record):
            self.report.count(report_kind, "skipped", reason=DELETED_HERE, label=label)
            return None
        values = values()
        digest = fingerprint(values)
        if record is not None and record.content_hash == digest:
            self.report.count(report_kind, "unchanged")
            return record.object_id
        object_id = adopt() if record is None and adopt is not None else None
        if object_id is not None:
            outcome = "unchanged"
        else:
            outcome = "created" if record is None else "updated"
            try:
                object_id = write(record.object_id if record else None, values)
            except Skip as skip:
                self.report.count(report_kind, "skipped", reason=skip.reason, label=label)
                return record.object_id if record else None
        self.remember(kind, wp_id, object_id, digest)
        self.report.count(report_kind, outcome)
        return object_id

    def import_batch(self, kind, items, *, create, update):
        """import_item for the items of one post at once, written in bulk (comments).

        `items`: [(wp_id, values, label)], in the order they are to be created.
        `create([(wp_id, values)], known)` inserts the new ones and returns their pks in
        that order; `update([(object_id, values)], known)` writes the changed ones. `known`
        maps WordPress IDs to pks: the unchanged and changed items' before `create`, and
        the new ones' too once it has filled them in (replies point at their parents)."""
        report_kind = REPORT_KINDS[kind]
        records = self._batch_records(kind, [wp_id for wp_id, _, _ in items])
        known, new, changed = {}, [], []
        for wp_id, values, label in items:
            digest = fingerprint(values)
            record = records.get(wp_id)
            if record is None:
                new.append((wp_id, values, digest))
            elif not record.alive:
                self.report.count(report_kind, "skipped", reason=DELETED_HERE, label=label)
            elif record.content_hash == digest:
                known[wp_id] = record.object_id
                self.report.count(report_kind, "unchanged")
            else:
                known[wp_id] = record.object_id
                changed.append((record, values, digest))

        object_ids = create([(wp_id, values) for wp_id, values, _ in new], known)
        ImportedItem.objects.bulk_create(
            [
                ImportedItem(
                    site=self.site, kind=kind, wp_id=wp_id, object_id=object_id, content_hash=digest
                )
                for (wp_id, _, digest), object_id in zip(new, object_ids, strict=True)
            ],
            batch_size=BULK_BATCH,
        )
        self.report.counts[report_kind]["created"] += len(new)
        if changed:
            update([(record.object_id, values) for record, values, _ in changed], known)
            now = timezone.now()
            for record, _, digest in changed:
                record.content_hash, record.updated_at = digest, now
            ImportedItem.objects.bulk_update(
                [record for record, _, _ in changed], ["content_hash", "updated_at"]
            )
            self.report.counts[report_kind]["updated"] += len(changed)

    def _batch_records(self, kind, wp_ids):
        """The records of these items, each annotated with `alive`."""
        if not (self.has_comment_records and wp_ids):
            return {}
        objects = self.models[kind].objects.filter(pk=OuterRef("object_id"))
        rows = ImportedItem.objects.filter(site=self.site, kind=kind, wp_id__in=wp_ids)
        return {record.wp_id: record for record in rows.annotate(alive=Exists(objects))}

    def remember(self, kind, wp_id, object_id, digest):
        """Record what the item became and the fingerprint of what was written for it."""
        record = self.get(kind, wp_id)
        if record is None:
            self.records[kind][wp_id] = ImportedItem.objects.create(
                site=self.site, kind=kind, wp_id=wp_id, object_id=object_id, content_hash=digest
            )
            if kind in self.alive:
                self.alive[kind].add(object_id)
        else:
            record.object_id, record.content_hash = object_id, digest
            record.save(update_fields=["content_hash", "object_id", "updated_at"])

    def refingerprint(self, kind, wp_id, values):
        """The item's object was changed here by the import itself (a made-up slug moved):
        its fingerprint follows, so that the next run finds it unchanged."""
        record = self.get(kind, wp_id)
        if record is not None:
            record.content_hash = fingerprint(values)
            record.save(update_fields=["content_hash"])
