"""Importing a WordPress export: `wordpress_import()`.

The whole run is one transaction: a file that turns out to be broken halfway, or an
item that cannot be imported, leaves the database as it was (and the media files this run
copied are deleted again). A dry run does all the work and rolls it back.

Every imported row is remembered in ImportedItem under the blog's address, its kind and
its WordPress ID, with a fingerprint (SHA-256) of what was written for it. Importing again
writes only where the fingerprint differs, that is where the item changed in WordPress
(or the conversion changed): unchanged items are not touched, so edits made here since
(a comment approved, an article retouched) survive. Items deleted here after an import are
not brought back (wpimport.writers.ledger).

Memory: the file is streamed (wpimport.wxr); what is kept for the whole run is small per
item (IDs, slugs, attachment addresses), never the posts or comments themselves.
Attachments usually come after the posts that use them; a post whose featured image or
[gallery] refers to an attachment not seen yet is set aside and imported in a second
pass over the file, once every attachment is known.

This module runs the import; writing each kind of item is up to wpimport.writers.
"""

from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from django.core.files.storage import default_storage
from django.db import connection, transaction

from articles.models import Article
from caching import invalidation
from comments.models import Comment
from ratings.models import MAX_SCORE as RATING_MAX_SCORE

from .addresses import address_key
from .content import block_references
from .media import MediaLibrary, host_key
from .models import ImportedItem
from .report import ImportReport
from .writers.addresses import AddressWriter
from .writers.attachments import Attachments
from .writers.authors import AuthorWriter
from .writers.comments import CommentWriter, skip_comments
from .writers.context import ImportAborted, ImportContext
from .writers.ledger import Ledger
from .writers.pages import PageWriter
from .writers.posts import PostWriter
from .writers.ratings import RatingWriter
from .writers.terms import TermWriter
from .wxr import WXRError, WXRReader, parse_author, parse_item, parse_term

__all__ = ["ImportAborted", "ImportReport", "wordpress_import"]

ANALYZE_AFTER = 1000  # rows written, after which planner statistics are refreshed
RECORD_TAGS = {"wp:author", "wp:category", "wp:tag", "wp:term", "item"}
TERM_TAGS = {"wp:category", "wp:tag", "wp:term"}
IMPORTED_TAXONOMIES = {"category", "post_tag"}
WRITTEN_TYPES = {"post", "page"}  # a page is an article of kind "page"


def site_key(info) -> str:
    """The blog's address without scheme or "www.": example.org/blog."""
    address = info.base_blog_url or info.base_site_url or info.link
    if not address:
        return "(unknown)"
    parts = urlsplit(address if "//" in address else f"//{address}")
    return (host_key(address) + parts.path.rstrip("/"))[:200] or "(unknown)"


def wordpress_import(
    *,
    path=None,
    paths=(),
    media_dir=None,
    dry_run=False,
    skip_invalid=False,
    ratings_max=RATING_MAX_SCORE,
    progress=None,
) -> ImportReport:
    """Import the WXR file at `path`, or the files of one export split in several
    (`paths`, in one run: a post's featured image may be in another file), see the module
    docstring. Returns the report; raises ImportAborted, having written nothing, when a
    file or an item is bad (with skip_invalid, a bad post is left out and listed in the
    report instead)."""
    return _Run(
        paths=[Path(p) for p in ([path] if path else paths)],
        media_dir=Path(media_dir) if media_dir else None,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        ratings_max=ratings_max,
        progress=progress,
    ).run()


class _Run:
    """Reads the files (twice when posts wait for attachments) and hands each record to
    its writer. The writers exist once the first file's header says which blog this is."""

    def __init__(self, *, paths, media_dir, dry_run, skip_invalid, ratings_max, progress):
        self.paths = paths
        self.media_dir = media_dir
        self.dry_run = dry_run
        self.skip_invalid = skip_invalid
        self.ratings_max = ratings_max
        self.progress = progress
        self.report = ImportReport(dry_run=dry_run)
        self.context = None  # these two are made by _start
        self.writers = None
        self.deferred = set()  # IDs of posts waiting for attachments met later

    def run(self) -> ImportReport:
        try:
            # Each saved post announces its change; the run retires every page once at the
            # end instead (_retire_cached_pages), so what they collect is dropped.
            with invalidation.batched() as retired, transaction.atomic():
                self._read(second_pass=False)
                if self.deferred:
                    self._read(second_pass=True)
                self.writers.pages.finish()
                self.writers.addresses.finish()
                self.writers.authors.finish()
                if self.dry_run:
                    transaction.set_rollback(True)
                retired.clear()
        except BaseException:
            if self.context is not None:
                self.context.media.remove_written()
            raise
        self.context.media.remove_replaced()
        if not self.dry_run and self.report.changed:
            _retire_cached_pages()
        if not self.dry_run and self.report.changed >= ANALYZE_AFTER:
            _refresh_statistics([ImportedItem, Comment, Article])
        return self.report

    def _read(self, *, second_pass):
        for path in self.paths:
            if self.context is not None:
                self.context.file = path
            self._read_file(path, second_pass=second_pass)

    def _read_file(self, path, *, second_pass):
        try:
            reader = WXRReader(path)
            checked = False
            with closing(reader.records()) as records:
                for record in records:
                    if record.tag not in RECORD_TAGS:
                        continue
                    if self.context is None:
                        self._start(reader.info, path)
                    elif not checked:
                        self._same_blog(reader.info)
                    checked = True
                    self._dispatch(record, second_pass=second_pass)
                    if self.progress is not None:
                        self.progress(reader.bytes_read, reader.size, second_pass, self.report)
        except WXRError as error:
            raise ImportAborted(f"{path.name}: {error} Nothing was imported.") from None
        if self.context is None:
            self._start(reader.info, path)
        if reader.controls_removed:
            self.report.note(
                f"{reader.controls_removed} invisible control characters, which XML forbids "
                "(pasted from a word processor, say), were left out of the text."
            )

    def _same_blog(self, info):
        """The files of one run must be parts of one blog's export."""
        site = self.context.ledger.site
        if site_key(info) != site:
            self.context.abort(
                f"this is an export of {site_key(info)}, and {self.paths[0].name} one of "
                f"{site}: import each blog in a run of its own."
            )

    def _start(self, info, path):
        """Once the channel's header is read: who the blog is, and what an earlier import
        of it left."""
        site = site_key(info)
        hosts = {host_key(url) for url in (info.base_site_url, info.base_blog_url, info.link)}
        media = MediaLibrary(
            site=site,
            media_dir=self.media_dir,
            storage=default_storage,
            dry_run=self.dry_run,
            hosts=hosts,
            tally=lambda outcome, reason, label: self.report.count(
                "media", outcome, reason=reason, label=label
            ),
            keep_url=self.report.keep_url,
        )
        self.context = ImportContext(
            file=path,
            dry_run=self.dry_run,
            report=self.report,
            ledger=Ledger(site=site, report=self.report),
            media=media,
        )
        self.writers = _Writers.make(
            self.context,
            skip_invalid=self.skip_invalid,
            ratings_max=self.ratings_max,
            blog_path=address_key(info.base_blog_url or info.link).split("?")[0],
        )

    def _dispatch(self, record, *, second_pass):
        tag = record.tag
        if second_pass:
            if tag == "item":
                item = parse_item(record.element)
                if item.post_type in WRITTEN_TYPES and item.wp_id in self.deferred:
                    self.writers.posts.write(item)
            return
        if tag == "wp:author":
            self.writers.authors.declare(parse_author(record.element))
        elif tag in TERM_TAGS:
            term = parse_term(record.element)
            if term.taxonomy in IMPORTED_TAXONOMIES:
                self.writers.terms.write(term)
        elif tag == "item":
            self._item(parse_item(record.element))

    def _item(self, item):
        if item.post_type == "attachment":
            self.writers.attachments.add(item)
            self.writers.addresses.add_attachment(item)
            skip_comments(self.report, item, "on attachments (only comments on posts are imported)")
        elif item.post_type == "wp_block":
            self.writers.blocks[item.wp_id] = item.content
            self.report.count(
                "posts",
                "skipped",
                reason="reusable blocks (expanded in the posts that use them)",
                label=item.label,
            )
        elif item.post_type not in WRITTEN_TYPES:
            self.report.count(
                "posts",
                "skipped",
                reason=f"items of type “{item.post_type}” (posts and pages are imported)",
                label=item.label,
            )
            skip_comments(self.report, item, "on items that are not posts or pages")
        elif self.writers.attachments.needed_later(item) or (
            block_references(item.content) - self.writers.blocks.keys()
        ):
            self.deferred.add(item.wp_id)
        else:
            self.writers.posts.write(item)


@dataclass(frozen=True)
class _Writers:
    """The writers the records of the export are handed to; posts hand their comments
    and rating totals on to the writers of those."""

    authors: AuthorWriter
    terms: TermWriter
    attachments: Attachments
    posts: PostWriter
    pages: PageWriter
    addresses: AddressWriter
    blocks: dict  # reusable blocks: WordPress ID -> content

    @classmethod
    def make(cls, context, *, skip_invalid, ratings_max, blog_path):
        authors = AuthorWriter(context)
        terms = TermWriter(context)
        attachments = Attachments(context)
        pages = PageWriter(context, skip_invalid=skip_invalid)
        addresses = AddressWriter(context, blog_path=blog_path)
        blocks = {}
        posts = PostWriter(
            context,
            authors=authors,
            terms=terms,
            attachments=attachments,
            comments=CommentWriter(context, authors=authors, reserve_ids=_reserve_ids),
            ratings=RatingWriter(context, ratings_max=ratings_max),
            skip_invalid=skip_invalid,
            pages=pages,
            addresses=addresses,
            blocks=blocks,
        )
        return cls(
            authors=authors,
            terms=terms,
            attachments=attachments,
            posts=posts,
            pages=pages,
            addresses=addresses,
            blocks=blocks,
        )


def _retire_cached_pages():
    """Rows were written in bulk, past the articles' signals and the comment services:
    retire every cached page at once."""
    invalidation.everything_changed()


def _reserve_ids(model, count):
    """`count` new primary keys from the table's sequence on PostgreSQL; None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _refresh_statistics(models):
    """A large import changes table sizes by orders of magnitude; without fresh statistics
    PostgreSQL's planner may scan instead of using the indexes in the next run (until
    autovacuum catches up)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
