"""Settings of the comments app, with their defaults, read in one place.

Override any of them in the project settings under the same name (COMMENTS_...).
"""

from django.conf import settings

DEFAULTS = {
    # Posting
    "MAX_LENGTH": 5000,
    "EDIT_WINDOW_SECONDS": 15 * 60,
    # Threads
    "MAX_DEPTH": 5,
    "NEWEST_FIRST": False,
    # Top-level threads per page (0: one page, however long). Pages are ?cpage=N.
    "THREADS_PER_PAGE": 50,
    # Moderation policy (comments/moderation.py), WordPress-like defaults
    "HOLD_FIRST_COMMENT": True,
    "MAX_LINKS": 2,
    "MODERATION_WORDS": [],
    "BLOCKED_WORDS": [],
    "FLOOD_SECONDS": 15,
    "CLOSE_AFTER_DAYS": None,
    "FLAGS_TO_HIDE": 3,
}


class CommentSettings:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(settings, f"COMMENTS_{name}", DEFAULTS[name])


conf = CommentSettings()
