from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.models import public_name
from articles.models import Article


class CommentQuerySet(models.QuerySet):
    def for_article(self, article):
        return self.filter(article=article)

    def on_live_articles(self):
        """Comments on published articles, each with its article joined."""
        return self.filter(article__in=Article.objects.published()).select_related("article")

    def public(self):
        """Approved and not hidden by reader flags: what everyone may read."""
        return self.filter(status=Comment.Status.APPROVED, is_hidden=False)

    def visible_to(self, user):
        """What `user` sees in a thread: public comments, plus their own comments awaiting
        moderation (marked as such). Moderators use the admin for the rest."""
        condition = Q(status=Comment.Status.APPROVED, is_hidden=False)
        if user.is_authenticated:
            condition |= Q(author=user, status=Comment.Status.PENDING)
        return self.filter(condition)

    def thread_root_id(self, comment) -> int:
        """The id of the first comment of `comment`'s thread: one query for the whole
        chain of parents, whatever its depth (none when it starts the thread)."""
        if comment.parent_id is None:
            return comment.pk
        parents = dict(self.filter(article_id=comment.article_id).values_list("pk", "parent_id"))
        pk, seen = comment.pk, set()
        while parents.get(pk) is not None and pk not in seen:
            seen.add(pk)
            pk = parents[pk]
        return pk

    def thread_rows(self, *, voter=None):
        """The comments of a thread as ThreadComment rows, oldest first, in one query.
        With a logged-in `voter`, each row says whether they found it helpful (a subquery
        of the same query, comments/helpful.py).

        Plain values, not model instances: a thread is the one read that grows with the
        readers, and building two model instances (comment and author) per row cost
        about twice what the whole thread's HTML does (bench/render.py)."""
        voted = models.Value(False)
        if voter is not None and voter.is_authenticated:
            voted = models.Exists(
                HelpfulVote.objects.filter(comment=models.OuterRef("pk"), user=voter)
            )
        rows = (
            self.order_by("created_at", "pk")
            .annotate(voted=voted)
            .values_list(*_THREAD_COLUMNS, "voted")
        )
        return [ThreadComment.from_values(row) for row in rows]


# What a thread shows of each comment, and of its author.
_THREAD_COLUMNS = (
    "pk",
    "parent_id",
    "author_id",
    "author_name",
    "author_url",
    "body_html",
    "status",
    "is_deleted",
    "created_at",
    "edited_at",
    "author__display_name",
    "author__first_name",
    "author__last_name",
    "author__username",
    "answer_id",
    "helpful_count",
)


def comment_display_name(*, author_id, author_name, author_public_name):
    """Who wrote it: the author's public name; for a comment without an account (imported
    with a name only, or its author deleted) the name given, else "Deleted user"."""
    if author_id is None:
        return author_name or "Deleted user"
    return author_public_name


@dataclass(slots=True)
class ThreadComment:
    """One comment as a thread shows it (CommentQuerySet.thread_rows). Has the attributes
    the thread's rules read from a Comment (comments.services.can_edit, can_delete)."""

    pk: int
    parent_id: int | None
    author_id: int | None
    display_name: str
    author_url: str
    body_html: str
    status: str
    is_deleted: bool
    created_at: datetime
    edited_at: datetime | None
    # On a thread's first comment: the reply pinned as its answer (comments/pins.py).
    answer_id: int | None = None
    # Readers who marked it helpful, and whether the reader looking did (comments/helpful.py).
    helpful_count: int = 0
    voted: bool = False

    @classmethod
    def from_values(cls, row):
        (pk, parent_id, author_id, author_name, author_url, body_html, status, is_deleted,
         created_at, edited_at, display, first, last, username, answer_id, helpful_count,
         voted) = row  # fmt: skip
        name = comment_display_name(
            author_id=author_id,
            author_name=author_name,
            author_public_name=author_id and public_name(display, first, last, username),
        )
        return cls(pk, parent_id, author_id, name, author_url, body_html, status, is_deleted,
                   created_at, edited_at, answer_id, helpful_count, voted)  # fmt: skip


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting moderation"
        APPROVED = "approved", "Approved"
        SPAM = "spam", "Spam"
        REMOVED = "removed", "Removed"

    class BodyFormat(models.TextChoices):
        """The rules the text was written with (comments/markup.py)."""

        MARKDOWN = "markdown", "Markdown"
        HTML = "html", "Text with a few HTML tags (older and imported comments)"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        help_text="The comment this one answers; empty for a new thread.",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        help_text="Empty for imported comments, and once the author's account is deleted.",
    )
    author_name = models.CharField(
        max_length=100, blank=True, help_text="Name given with an imported comment."
    )
    author_email = models.EmailField(blank=True, help_text="Never shown on the site.")
    author_url = models.URLField(blank=True, max_length=300)
    body = models.TextField(help_text="What the commenter typed, kept as written.")
    body_html = models.TextField(editable=False, default="")
    body_format = models.CharField(
        max_length=10,
        choices=BodyFormat.choices,
        default=BodyFormat.HTML,
        editable=False,
        help_text="Markdown for comments posted on the site; the older rules for those "
        "posted before and for imported ones. An edit keeps the comment's rules.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.APPROVED, db_index=True
    )
    is_hidden = models.BooleanField(
        default=False, help_text="Hidden until a moderator decides (readers flagged it)."
    )
    is_deleted = models.BooleanField(
        default=False,
        help_text="Deleted by its author but kept, empty, because others replied to it.",
    )
    notify_replies = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    imported_id = models.CharField(
        max_length=64,
        blank=True,
        help_text="Identifier in the system it was imported from (e.g. a WordPress ID).",
    )
    held_reason = models.CharField(
        max_length=300,
        blank=True,
        help_text="Why screening held it or marked it as spam, for the moderators.",
    )
    answer = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="On a thread's first comment: the reply pinned as the thread's answer.",
    )
    answer_pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    answer_pinned_at = models.DateTimeField(null=True, blank=True)
    hold_priority = models.PositiveSmallIntegerField(
        default=0,
        help_text="Held comments with a higher number come first in the queue "
        "(red-flag symptoms before the rest).",
    )
    helpful_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Readers who marked it helpful: kept by comments/helpful.py with its "
        "votes (manage.py recount_helpful recomputes it).",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["article", "status", "created_at"])]
        permissions = [("moderate_comment", "Can moderate comments and ban commenters")]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "imported_id"],
                condition=~Q(imported_id=""),
                name="comment_unique_import_per_article",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="comment_not_its_own_parent"
            ),
        ]

    def __str__(self):
        # The article's title when it was read with the comment (the admin does); never a
        # query of its own, as lists of comments would make one per row.
        if Comment.article.is_cached(self):
            on = f"“{Truncator(self.article.title).chars(40)}”"
        else:
            on = f"article {self.article_id}"
        return f"{self.display_name} on {on}: {Truncator(self.body).chars(40)}"

    def get_absolute_url(self):
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    @property
    def anchor(self) -> str:
        return f"comment-{self.pk}"

    @property
    def display_name(self) -> str:
        return comment_display_name(
            author_id=self.author_id,
            author_name=self.author_name,
            author_public_name=self.author_id and self.author.public_name,
        )


class CommentThread(models.Model):
    """Per-article comment settings. An article without a row has comments open."""

    article = models.OneToOneField(
        Article, on_delete=models.CASCADE, primary_key=True, related_name="comment_thread"
    )
    is_closed = models.BooleanField(
        default=False,
        help_text="Closed threads stay readable, but nobody can add to them.",
    )

    class Meta:
        verbose_name = "comment thread"
        ordering = ["article"]

    def __str__(self):
        return f"Comments on {self.article}"


class Flag(models.Model):
    """A reader's report that a comment needs a moderator's eye (one per reader). Open
    until a moderator decides on the comment; the decision closes every open report."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        KEPT = "kept", "Reviewed: kept"
        REMOVED = "removed", "Reviewed: removed"

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Rude, abusive or hateful")
        HARMFUL = "harmful", _("Unsafe health advice")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_flags"
    )
    reason = models.CharField(max_length=10, choices=Reason.choices)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="flag_once_per_reader")
        ]

    def __str__(self):
        return f"{self.get_reason_display()} — comment {self.comment_id}"


class ModerationEvent(models.Model):
    """The audit log: who did what to which comment, and when."""

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved"
        UNAPPROVE = "unapprove", "Unapproved"
        SPAM = "spam", "Marked as spam"
        REMOVE = "remove", "Removed"
        RESTORE = "restore", "Restored"
        REVIEWED = "reviewed", "Reviewed the reports and kept it"
        SUSPEND = "suspend", "Suspended the author"
        LIFT = "lift", "Lifted a suspension"
        PIN = "pin", "Pinned as the thread's answer"
        UNPIN = "unpin", "Unpinned the thread's answer"
        # Before suspensions had an end time (kept for the old log lines).
        BAN = "ban", "Banned the author"
        UNBAN = "unban", "Unbanned the author"

    comment = models.ForeignKey(
        Comment, on_delete=models.SET_NULL, null=True, blank=True, related_name="events"
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=12, choices=Action.choices)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The person a suspension is about.",
    )
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return (
            f"{self.get_action_display()} by {self.moderator} at {self.created_at:%Y-%m-%d %H:%M}"
        )


class NotificationQuerySet(models.QuerySet):
    def pending(self):
        """Rows still to be delivered: waiting for the worker, being sent, or failed and
        due to be tried again (given-up rows have no next attempt)."""
        return self.exclude(status=Notification.Status.SENT).filter(next_attempt_at__isnull=False)

    def given_up(self):
        return self.filter(status=Notification.Status.FAILED, next_attempt_at__isnull=True)

    def due(self, now):
        """Rows retry_notifications acts on: the next attempt's time has come (a failed send
        to retry, a send that never finished, a task no worker took)."""
        return self.pending().filter(next_attempt_at__lte=now)


class Notification(models.Model):
    """One email about one event to one person, and the ledger of its delivery.

    The unique key makes sure nobody is told of the same event twice. The worker records
    each attempt (status "sending", attempts + 1) and commits it before it talks to the
    mail server, so a process that dies at any point leaves a row that says so;
    retry_notifications takes up every row whose next attempt is due (comments/tasks.py)."""

    class Kind(models.TextChoices):
        NEW_COMMENT = "new_comment", _("New comment on your article")
        AWAITING = "awaiting", _("Comment awaiting moderation")
        REPLY = "reply", _("Reply to your comment")
        FOLLOWED = "followed", _("New comment in a thread you follow")
        # Moderators' alerts
        REPORTED = "reported", _("Comment reported by a reader")
        HIDDEN = "hidden", _("Comment hidden by readers' reports")
        HELD = "held", _("Comment held by screening")

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued for the worker"
        SENDING = "sending", "Being sent"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        DIGEST = "digest", "Waiting for the daily digest"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="notifications")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="Conversations with the mail server begun, counted before each."
    )
    last_error = models.TextField(blank=True, help_text="Why the latest attempt did not send.")
    created_at = models.DateTimeField(default=timezone.now)
    last_attempt_at = models.DateTimeField(
        null=True, blank=True, help_text="When the latest attempt began."
    )
    next_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When retry_notifications takes it up again if it is not sent by then; "
        "empty once sent, or once it has failed too often.",
    )
    sent_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "comment", "recipient"], name="one_email_per_event_per_person"
            )
        ]
        indexes = [
            # Sent rows are nearly all of them; the sweep and /healthz read only the rest.
            models.Index(
                fields=["status", "next_attempt_at"],
                condition=~Q(status="sent"),
                name="notification_unsent_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient} ({self.status})"

    @property
    def message_id(self) -> str:
        """The email's Message-ID, the same at every attempt, so that a copy sent again
        after a crash is recognisable as the same message (many mail services keep one)."""
        host = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"<comment-notification.{self.pk}.{self.created_at:%Y%m%d%H%M%S}@{host}>"


class NotificationPreference(models.Model):
    """How a person wants to hear of one kind of event. No row: the kind's default
    (comments/notifications.py). Set from their email settings page or the one-click
    unsubscribe link every such email carries."""

    class Delivery(models.TextChoices):
        AT_ONCE = "at_once", "At once"
        DIGEST = "digest", "In a daily digest"
        NEVER = "never", "Never"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=12, choices=Notification.Kind.choices)
    delivery = models.CharField(max_length=8, choices=Delivery.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")
        ]

    def __str__(self):
        return f"{self.user}: {self.get_kind_display()} — {self.get_delivery_display()}"


class ScreeningPhrase(models.Model):
    """A word or phrase screening looks for in a new comment, kept by editors and
    moderators in the admin (comments/screening.py reads the active ones)."""

    class Kind(models.TextChoices):
        UNSAFE_ADVICE = "unsafe", "Possible unsafe health advice (hold)"
        RED_FLAG = "red_flag", "Red-flag symptom (urgent care page, hold first)"

    kind = models.CharField(max_length=8, choices=Kind.choices)
    phrase = models.CharField(
        max_length=120,
        help_text="Matched as whole words, ignoring case and extra spaces "
        '("stop taking" also finds "Stop  Taking").',
    )
    is_active = models.BooleanField(default=True)
    note = models.CharField(
        max_length=200, blank=True, help_text="Why it is on the list (for other moderators)."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind", "phrase"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "phrase"], name="screening_phrase_once")
        ]

    def __str__(self):
        return self.phrase


class HelpfulVote(models.Model):
    """A reader's "helpful" on a comment: one per reader and comment, taken back by
    deleting it. Written only by comments/helpful.py, which keeps Comment.helpful_count."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="helpful_votes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpful_votes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="helpful_once_per_reader")
        ]

    def __str__(self):
        return f"{self.user} found comment {self.comment_id} helpful"


class Follow(models.Model):
    """A reader following an article's comments (`thread` empty) or one thread (`thread`:
    its first comment): they are emailed of each new approved comment there
    (comments/following.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_follows"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="followers",
        help_text="The thread's first comment; empty to follow every comment on the article.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "article"],
                condition=Q(thread__isnull=True),
                name="follow_article_once",
            ),
            models.UniqueConstraint(
                fields=["user", "thread"],
                condition=Q(thread__isnull=False),
                name="follow_thread_once",
            ),
        ]

    def __str__(self):
        what = f"thread {self.thread_id}" if self.thread_id else "all comments"
        return f"{self.user} follows {what} on {self.article_id}"
