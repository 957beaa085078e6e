"""Files under wp-content/uploads that posts refer to: found in the post HTML, copied from
a local copy of the uploads folder (--media-dir) into the site's media storage under
wp/<blog>/<the same path> (a folder per blog: two blogs both have 2023/05/photo.jpg), and
the links rewritten to MEDIA_URL.

A file that changed in WordPress is saved beside the old copy, which is deleted only once
the import has committed: a run that fails leaves every file as it was.

Only links to the exported blog's own uploads are touched (another site's images stay
as they are). Only images (JPEG, PNG, GIF, WebP, checked with Pillow) and PDFs are copied:
an HTML or SVG file served from our own domain could run scripts. Paths are checked so
that nothing outside the media folder is read and nothing outside wp/ is written.
Without --media-dir, a file copied by an earlier import is still used; any other link is
left at its WordPress address and listed in the summary.
"""

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.utils.text import get_valid_filename
from PIL import Image, UnidentifiedImageError

from .models import ImportedItem

TARGET_FOLDER = "wp"
IMAGE_EXTENSIONS = {"jpg", "jpeg", "png", "gif", "webp"}
COPIED_EXTENSIONS = IMAGE_EXTENSIONS | {"pdf"}

UPLOADS_URL = re.compile(
    r"(?P<url>(?:(?:https?:)?//(?P<host>[^/\s\"'<>()]+))?"
    r"(?:/[^\s\"'<>()]*?)?/wp-content/uploads/(?P<path>[^\s\"'<>()?#]+))"
    r"(?P<query>\?[^\s\"'<>()#]*)?"
)
SIZE_VARIANT = re.compile(r"^(?P<stem>.+)-\d+x\d+(?P<extension>\.[A-Za-z0-9]+)$")


def host_key(url_or_host: str) -> str:
    """ "https://www.Example.org:443/blog" -> "example.org"."""
    value = url_or_host if "//" in url_or_host else f"//{url_or_host}"
    host = (urlsplit(value).hostname or "").lower()
    return host.removeprefix("www.")


@dataclass
class MediaOutcome:
    outcome: str  # created, updated, unchanged, skipped
    name: str = ""  # name in the site's storage
    url: str = ""  # local URL, empty when the link stays as it is
    reason: str = ""


class MediaLibrary:
    def __init__(self, *, site, media_dir, storage, dry_run, hosts, tally, keep_url):
        self.site = site
        self.media_dir = Path(media_dir).resolve() if media_dir else None
        self.storage = storage
        self.dry_run = dry_run
        self.hosts = {host for host in hosts if host}
        self.tally = tally  # tally(outcome, reason, label)
        self.keep_url = keep_url  # keep_url(url): a link left at its WordPress address
        self.folder = _site_folder(site)
        self.written = []  # names of files this run created (removed if the run fails)
        self.replaced = []  # names of older copies (removed once the run has committed)
        self._outcomes = {}
        self._tallied = set()
        self._copied = {}  # path of a file in the media folder -> outcome, this run
        self._records = {
            record.wp_id: record
            for record in ImportedItem.objects.filter(site=site, kind=ImportedItem.Kind.MEDIA)
        }

    # Links in HTML

    def rewrite(self, html: str) -> str:
        if "wp-content/uploads/" not in html:
            return html
        return UPLOADS_URL.sub(self._rewrite_match, html)

    def _rewrite_match(self, match) -> str:
        host = match.group("host")
        if host and self.hosts and host_key(host) not in self.hosts:
            return match.group(0)
        result = self.resolve(match.group("path"), original_url=match.group("url"))
        return result.url or match.group(0)

    def path_of(self, url: str) -> str | None:
        """The path under wp-content/uploads of an upload URL of this blog, or None."""
        match = UPLOADS_URL.fullmatch(url.strip())
        if not match:
            return None
        host = match.group("host")
        if host and self.hosts and host_key(host) not in self.hosts:
            return None
        return match.group("path")

    # Files

    def resolve(self, path: str, *, original_url: str = "") -> MediaOutcome:
        """Copy the upload at `path` (relative to wp-content/uploads) once per run and say
        where it is now. Counted once per file in the summary."""
        if path in self._outcomes:
            return self._outcomes[path]
        result, key = self._resolve(path)
        if not result.url and original_url:
            self.keep_url(original_url)
        if key not in self._tallied:  # a resized copy and its original count once
            self._tallied.add(key)
            self.tally(result.outcome, result.reason, key)
        self._outcomes[path] = result
        return result

    def _resolve(self, path: str) -> tuple[MediaOutcome, str]:
        """The outcome, and the path of the file it is about (the original of a resized
        copy that is not there)."""
        relative = _safe_relative_path(path)
        if relative is None:
            return MediaOutcome("skipped", reason="unsafe path, left as it was"), path
        extension = relative.suffix.lower().lstrip(".")
        if extension not in COPIED_EXTENSIONS:
            reason = f"file type .{extension or '?'} is not copied, link kept"
            return MediaOutcome("skipped", reason=reason), path
        if self.media_dir is None:
            return self._earlier_copy(relative) or (
                MediaOutcome("skipped", reason="no --media-dir given: link kept"),
                str(relative),
            )
        source, relative = self._find_source(relative)
        if source is None:
            return self._earlier_copy(relative) or (
                MediaOutcome("skipped", reason="not found in the media folder: link kept"),
                str(relative),
            )
        key = str(relative)
        if key not in self._copied:
            self._copied[key] = self._copy(source, relative, key, extension)
        return self._copied[key], key

    def _copy(self, source, relative, key, extension) -> MediaOutcome:
        stat = source.stat()
        signature = f"{stat.st_size}:{stat.st_mtime_ns}"
        record = self._records.get(key)
        if (
            record is not None
            and record.content_hash == signature
            and self.storage.exists(record.local_name)
        ):
            return self._outcome("unchanged", record.local_name)
        if extension in IMAGE_EXTENSIONS and not _is_image(source):
            return MediaOutcome("skipped", reason="not a readable image: link kept")
        name = _target_name(self.folder, relative)
        if name is None:
            return MediaOutcome("skipped", reason="unsafe file name, left as it was")
        outcome = "updated" if record is not None else "created"
        if self.dry_run:
            return self._outcome(outcome, name)
        with source.open("rb") as stream:  # a new name when the name is taken
            saved = self.storage.save(name, File(stream, name=source.name))
        self.written.append(saved)
        if record is not None and record.local_name and record.local_name != saved:
            self.replaced.append(record.local_name)
        ImportedItem.objects.update_or_create(
            site=self.site,
            kind=ImportedItem.Kind.MEDIA,
            wp_id=key,
            defaults={"local_name": saved, "content_hash": signature, "object_id": None},
        )
        return self._outcome(outcome, saved)

    def _outcome(self, outcome, name):
        return MediaOutcome(outcome, name=name, url=self.storage.url(name))

    def _earlier_copy(self, relative):
        """A copy made by an earlier import (of the file or of its original), if any."""
        for candidate in _candidates(relative):
            record = self._records.get(str(candidate))
            if record and record.local_name and self.storage.exists(record.local_name):
                return self._outcome("unchanged", record.local_name), str(candidate)
        return None

    def _find_source(self, relative):
        """The file in the media folder, falling back from a resized copy
        (name-300x200.jpg) to the original when only the original is there."""
        for candidate in _candidates(relative):
            source = (self.media_dir / candidate).resolve()
            if source.is_relative_to(self.media_dir) and source.is_file():
                return source, candidate
        return None, relative

    def remove_written(self):
        """Delete the files this run created (when it failed or was rolled back)."""
        for name in self.written:
            with contextlib.suppress(OSError):
                self.storage.delete(name)
        self.written = []

    def remove_replaced(self):
        """Delete the older copies of files this run saved again (once it committed)."""
        for name in self.replaced:
            with contextlib.suppress(OSError):
                self.storage.delete(name)
        self.replaced = []


def _candidates(relative: PurePosixPath) -> list[PurePosixPath]:
    candidates = [relative]
    variant = SIZE_VARIANT.match(relative.name)
    if variant:
        candidates.append(relative.with_name(variant["stem"] + variant["extension"]))
    return candidates


def _safe_relative_path(path: str) -> PurePosixPath | None:
    path = unquote(path)
    if not path or "\\" in path or "\x00" in path or path.startswith("/"):
        return None
    relative = PurePosixPath(path)
    if any(part in ("", ".", "..") for part in relative.parts):
        return None
    return relative


def _site_folder(site: str) -> str:
    """ "example.org/blog" -> "example.org-blog": the blog's folder under wp/."""
    return re.sub(r"[^a-z0-9.-]+", "-", site.lower()).strip(".-")[:80] or "blog"


def _target_name(folder: str, relative: PurePosixPath) -> str | None:
    try:
        parts = [get_valid_filename(part) for part in relative.parts]
    except SuspiciousFileOperation:
        return None
    return "/".join([TARGET_FOLDER, folder, *parts])


def _is_image(path: Path) -> bool:
    try:
        with Image.open(path) as image:
            image.verify()
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, SyntaxError):
        return False
    return True
