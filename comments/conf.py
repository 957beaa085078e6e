"""Settings of the comments app, with their defaults (see sciatica_site.appsettings).

The moderation policy's settings are read by comments/moderation.py.
"""

from sciatica_site.appsettings import AppSettings


class CommentSettings(AppSettings):
    prefix = "COMMENTS"

    # Posting

    @property
    def MAX_LENGTH(self):
        """The longest comment accepted, in characters."""
        return self._setting("MAX_LENGTH", 5000)

    @property
    def EDIT_WINDOW_SECONDS(self):
        """How long after posting its author may edit a comment."""
        return self._setting("EDIT_WINDOW_SECONDS", 15 * 60)

    # Threads

    @property
    def MAX_DEPTH(self):
        """Replies nest this deep; deeper replies are shown at this depth."""
        return self._setting("MAX_DEPTH", 5)

    @property
    def NEWEST_FIRST(self):
        """Show the newest threads first (replies stay in the order they came)."""
        return self._setting("NEWEST_FIRST", False)

    @property
    def THREADS_PER_PAGE(self):
        """Top-level threads per page of comments (0: one page, however long). Pages are
        ?cpage=N, as on WordPress."""
        return self._setting("THREADS_PER_PAGE", 50)

    # Moderation policy (comments/moderation.py), WordPress-like defaults

    @property
    def HOLD_FIRST_COMMENT(self):
        """Hold a reader's first comment until a moderator approves it."""
        return self._setting("HOLD_FIRST_COMMENT", True)

    @property
    def MAX_LINKS(self):
        """Hold a comment with more links than this."""
        return self._setting("MAX_LINKS", 2)

    @property
    def MODERATION_WORDS(self):
        """Hold a comment that contains any of these words or phrases."""
        return self._setting("MODERATION_WORDS", [])

    @property
    def BLOCKED_WORDS(self):
        """Mark a comment that contains any of these as spam."""
        return self._setting("BLOCKED_WORDS", [])

    @property
    def FLOOD_SECONDS(self):
        """A reader must wait this long between two comments."""
        return self._setting("FLOOD_SECONDS", 15)

    # Screening before publication (comments/screening.py)

    @property
    def SCREENERS(self):
        """The screeners a new comment goes through, in order (dotted paths of
        comments.screening.Screener classes). Refusals first, Akismet (a network call) last."""
        return self._setting(
            "SCREENERS",
            [
                "comments.screening.Flood",
                "comments.screening.Duplicate",
                "comments.screening.BlockedWords",
                "comments.screening.TooManyLinks",
                "comments.screening.ModerationWords",
                "comments.screening.RedFlag",
                "comments.screening.UnsafeAdvice",
                "comments.screening.FirstComment",
                "comments.screening.Akismet",
            ],
        )

    @property
    def SCREEN_TREATMENT_ADVICE(self):
        """Besides the phrases, hold a comment with a sentence that tells the reader what to
        do about a medicine or a treatment (unless it sends them to a clinician)."""
        return self._setting("SCREEN_TREATMENT_ADVICE", True)

    @property
    def AKISMET_API_KEY(self):
        """An Akismet API key: new comments are checked with Akismet when it is set."""
        return self._setting("AKISMET_API_KEY", "")

    @property
    def AKISMET_ENDPOINT(self):
        """Akismet's REST API (a local stub in tests)."""
        return self._setting("AKISMET_ENDPOINT", "https://rest.akismet.com/1.1/")

    @property
    def AKISMET_TIMEOUT(self):
        """Seconds to wait for Akismet; past them the comment is screened without it."""
        return self._setting("AKISMET_TIMEOUT", 2.0)

    @property
    def AKISMET_IS_TEST(self):
        """Send is_test=1 with each check (while trying the key out)."""
        return self._setting("AKISMET_IS_TEST", False)

    @property
    def CLOSE_AFTER_DAYS(self):
        """Close comments on articles older than this many days (None: never)."""
        return self._setting("CLOSE_AFTER_DAYS", None)

    @property
    def FLAGS_TO_HIDE(self):
        """Reader reports that hide a comment until a moderator decides."""
        return self._setting("FLAGS_TO_HIDE", 3)

    @property
    def HELPFUL_RATE_LIMIT(self):
        """How often one reader may mark comments helpful or take it back ("30/m"; None:
        no limit). Each change renews the article's cached page for everyone, so a script
        clicking in a loop must not be able to keep emptying the cache."""
        return self._setting("HELPFUL_RATE_LIMIT", "30/m")


conf = CommentSettings()
