"""What the writers of one run share, handed to each of them explicitly."""

from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from ..media import MediaLibrary
from ..report import ImportReport
from .ledger import Ledger


class ImportAborted(Exception):
    """The import stopped and wrote nothing; the message names the problem and the item."""


@dataclass
class ImportContext:
    """Made once the first file's header is read (it says which blog this is)."""

    file: Path  # the file being read, named in messages
    dry_run: bool
    report: ImportReport
    ledger: Ledger
    media: MediaLibrary

    def abort(self, message, *, line=None) -> NoReturn:
        where = f"{self.file.name}, line {line}" if line else self.file.name
        raise ImportAborted(f"{where}: {message} Nothing was imported.")
