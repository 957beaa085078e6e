"""What the site holds about a person, and how it goes when they delete their account.

Each app that keeps something about a reader registers a `Holder` from its
`AppConfig.ready()`: `export(user)` returns plain JSON-ready data, `erase(user, keep_comments)`
removes or anonymises its rows (through the app's own services, so totals and cached pages
stay right) before the account row itself is deleted, all in one transaction
(accounts/yourdata.py). accounts knows no app by name.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Holder:
    name: str
    export: Callable  # (user) -> JSON-ready data
    erase: Callable | None = None  # (user, *, keep_comments: bool) -> None
    # Why this person may not delete their account here, or None (e.g. an article's author).
    blocks_deletion: Callable | None = None  # (user) -> str | None


_holders: dict[str, Holder] = {}


def register(holder: Holder) -> None:
    _holders[holder.name] = holder


def holders() -> list[Holder]:
    return list(_holders.values())
