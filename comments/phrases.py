"""Finding the screening phrases moderators keep in the admin (ScreeningPhrase) in a
comment's text. Screening (comments/screening.py) and the red-flag check before a comment
is saved both read them here.

A phrase matches as whole words, ignoring case; any run of spaces or punctuation between
its words ("stop  taking", "stop-taking") counts as one space. The active phrases are read
from the database at each check, so moderators' edits count at once.
"""

import re

from .models import ScreeningPhrase


def _pattern(phrase: str) -> re.Pattern:
    words = re.findall(r"\w+", phrase.lower())
    return re.compile(r"(?<!\w)" + r"[\W_]+".join(map(re.escape, words)) + r"(?!\w)", re.I)


def active(kind: str) -> list[str]:
    return list(
        ScreeningPhrase.objects.filter(kind=kind, is_active=True).values_list("phrase", flat=True)
    )


def find(text: str, phrases) -> list[str]:
    """The phrases found in `text`, in the list's order, each once."""
    return [p for p in phrases if re.findall(r"\w+", p) and _pattern(p).search(text or "")]


def find_active(text: str, kind: str) -> list[str]:
    return find(text, active(kind))
