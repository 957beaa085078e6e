"""manage.py import_wordpress export.xml [more.xml...] [--media-dir DIR] [--dry-run]
[--skip-invalid]"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ratings.models import MAX_SCORE
from wpimport.importer import ImportAborted, wordpress_import


class Command(BaseCommand):
    help = (
        "Import a WordPress export (WXR, from Tools → Export): authors, categories, tags, "
        "posts with their comments and WP-PostRatings totals, and the images they use. "
        "Safe to run again: only what changed in WordPress is written."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "exports",
            nargs="+",
            metavar="export",
            help="The .xml file WordPress exported; several for an export split in parts "
            "(wp export --max_file_size), imported together in one run.",
        )
        parser.add_argument(
            "--media-dir",
            help="A copy of the blog's wp-content/uploads folder: the files posts use are "
            "copied into the site's media and their links rewritten. Without it, links "
            "stay at their WordPress address and are listed at the end.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Do everything, show the summary, and write nothing.",
        )
        parser.add_argument(
            "--skip-invalid",
            action="store_true",
            help="Leave out posts that cannot be imported (no title, a slug already "
            "taken, comments replying in a circle...) and list them, instead of stopping.",
        )
        parser.add_argument(
            "--ratings-max",
            type=int,
            default=MAX_SCORE,
            help=f"The most stars one vote could give on the old blog (WP-PostRatings' "
            f"setting; default {MAX_SCORE}). Totals are converted to this site's scale of "
            f"{MAX_SCORE}.",
        )

    def handle(self, *args, exports, media_dir, dry_run, skip_invalid, ratings_max, **options):
        paths = [Path(export) for export in exports]
        for path in paths:
            if not path.is_file():
                raise CommandError(f"{path}: no such file.")
        if media_dir and not Path(media_dir).is_dir():
            raise CommandError(f"--media-dir {media_dir}: no such folder.")
        if ratings_max < 1:
            raise CommandError("--ratings-max must be 1 or more.")
        verbosity = options["verbosity"]
        progress = None
        if verbosity > 0 and self.stdout.isatty():
            progress = TerminalProgress(self.stdout)
        started = time.monotonic()
        try:
            report = wordpress_import(
                paths=paths,
                media_dir=media_dir,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                ratings_max=ratings_max,
                progress=progress,
            )
        except ImportAborted as error:
            raise CommandError(str(error)) from None
        finally:
            if progress is not None:
                progress.clear()
        if verbosity > 0:
            self.stdout.write(report.render(verbosity=verbosity), ending="")
            self.stdout.write(f"Took {time.monotonic() - started:.1f} s.")


class TerminalProgress:
    """One line, rewritten in place: how far through the file, and what was done."""

    INTERVAL = 0.2

    def __init__(self, stream):
        self.stream = stream
        self.shown_at = 0.0
        self.width = 0

    def __call__(self, done, total, second_pass, report):
        now = time.monotonic()
        if now - self.shown_at < self.INTERVAL and done < total:
            return
        self.shown_at = now
        percent = 100 * done // total if total else 100
        posts = sum(report.counts["posts"].values())
        comments = sum(report.counts["comments"].values())
        step = " (second pass: posts using attachments)" if second_pass else ""
        line = f"{percent:3d}%  {posts:,} posts  {comments:,} comments{step}"
        self.width = max(self.width, len(line))
        self.stream.write(f"\r{line:<{self.width}}", ending="")
        self.stream.flush()

    def clear(self):
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r", ending="")
            self.stream.flush()
