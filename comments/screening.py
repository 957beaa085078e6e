"""Screening a new comment before it is published: a list of screeners, each looking at the
submission and returning a verdict (pass, hold for a moderator, spam, or refuse it with a
message for the reader).

The list is the setting COMMENTS_SCREENERS (dotted paths, in order; comments/conf.py has the
default). `run` asks each in turn: the first refusal stops everything (CommentRefused, as
before: nothing is written); otherwise spam beats hold beats pass, the reasons of every
verdict that was not a pass are joined into the comment's `held_reason`, for the moderators,
and its `hold_priority` is the highest priority any of them gave (red flags first).

Staff and the article's author are not screened (comments.moderation.is_trusted); a
suspension or a closed thread is not screening either: comments.moderation.check_can_post
refuses those first.

A screener is a class with a `name` and `screen(submission) -> Verdict`:

    class NoShouting(Screener):
        name = "no shouting"

        def screen(self, submission):
            if submission.body.isupper():
                return Verdict.hold("all in capitals")
            return Verdict.passed()

A screener that asks a service over the network sets `remote = True` (Akismet): it is
asked by `run_remote`, before the transaction that saves the comment opens (a slow service
then holds no lock), and `run` takes its verdict from there. Its `active()` says whether it
is to be asked at all (Akismet: only with an API key).
"""

import http.client
import json
import logging
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import phrases
from .conf import conf
from .models import Comment, ScreeningPhrase
from .moderation import CommentRefused, count_links

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RequestContext:
    """What the request tells about the poster, for screeners that ask a service (Akismet)."""

    ip: str = ""
    user_agent: str = ""
    referrer: str = ""

    @classmethod
    def from_request(cls, request) -> "RequestContext":
        from allauth.account.adapter import get_adapter

        try:
            # The reader's own address behind the TLS proxy, as allauth's rate limits see it.
            ip = get_adapter(request).get_client_ip(request)
        except (PermissionDenied, ImproperlyConfigured):
            ip = request.META.get("REMOTE_ADDR", "")
        return cls(
            ip=ip or "",
            user_agent=request.headers.get("user-agent", "")[:500],
            referrer=request.headers.get("referer", "")[:500],
        )


@dataclass(frozen=True)
class Submission:
    """A comment about to be saved, as the screeners see it."""

    article: object
    author: object
    body: str
    body_html: str
    parent: Comment | None = None
    context: RequestContext = field(default_factory=RequestContext)
    now: datetime = field(default_factory=timezone.now)


class Action(IntEnum):
    """What a verdict asks for; a higher value wins."""

    PASS = 0
    HOLD = 1
    SPAM = 2
    REFUSE = 3


@dataclass(frozen=True)
class Verdict:
    action: Action = Action.PASS
    reason: str = ""  # for the moderators: why it was held, marked as spam or refused
    message: str = ""  # for the reader, when refused
    field: str | None = None  # the form field a refusal is about
    priority: int = 0  # held comments with a higher priority come first in the queue

    @classmethod
    def passed(cls) -> "Verdict":
        return cls()

    @classmethod
    def hold(cls, reason: str, *, priority: int = 0) -> "Verdict":
        return cls(Action.HOLD, reason, priority=priority)

    @classmethod
    def spam(cls, reason: str, *, priority: int = 0) -> "Verdict":
        return cls(Action.SPAM, reason, priority=priority)

    @classmethod
    def refuse(cls, message: str, *, field: str | None = None, reason: str = "") -> "Verdict":
        return cls(Action.REFUSE, reason or message, message=message, field=field)


class Screener:
    """One check of a new comment. Subclasses set `name` and implement `screen`."""

    name = ""
    on_edit = True  # also screens the new text of an edited comment (run_on_edit)
    remote = False  # asks a service over the network: asked before the transaction (run_remote)

    def active(self) -> bool:
        """Whether to ask this screener at all (only remote screeners are asked this)."""
        return True

    def screen(self, submission: Submission) -> Verdict:
        raise NotImplementedError


@dataclass(frozen=True)
class Outcome:
    """What screening decided, for comment_create to store."""

    status: str
    held_reason: str = ""
    hold_priority: int = 0
    verdicts: tuple = ()  # (screener name, verdict) for every verdict that was not a pass


STATUS = {
    Action.PASS: Comment.Status.APPROVED,
    Action.HOLD: Comment.Status.PENDING,
    Action.SPAM: Comment.Status.SPAM,
}
REASON_LENGTH = Comment._meta.get_field("held_reason").max_length


def screeners(paths=None) -> list[Screener]:
    """The screeners of COMMENTS_SCREENERS (or of `paths`), in order."""
    return [import_string(path)() for path in (conf.SCREENERS if paths is None else paths)]


def _is_remote(screener) -> bool:
    return getattr(screener, "remote", False)


def asks_remote(using) -> bool:
    """Whether any of the screeners `using` is remote and to be asked."""
    return any(_is_remote(screener) and screener.active() for screener in using)


def run_remote(submission: Submission, *, using=None) -> dict:
    """Ask the remote screeners that are active (a call over the network each) and return
    their verdicts by screener name, for `run(remote=...)`. Call it outside any transaction.

    The local screeners are run first, as a preview (without the poster's lock; `run`
    runs them again under it): a comment they refuse raises CommentRefused here and is not
    sent out, and a remote screener with `skip_when_spam` is not asked about a comment a
    screener before it in the list already marks as spam."""
    chosen = screeners() if using is None else using
    if not asks_remote(chosen):
        return {}
    spam_at = len(chosen)  # the position of the first local screener that says spam
    for position, screener in enumerate(chosen):
        if _is_remote(screener):
            continue
        verdict = screener.screen(submission)
        if verdict.action == Action.REFUSE:
            raise CommentRefused(verdict.message, field=verdict.field)
        if verdict.action == Action.SPAM:
            spam_at = min(spam_at, position)
    verdicts = {}
    for position, screener in enumerate(chosen):
        if not (_is_remote(screener) and screener.active()):
            continue
        if getattr(screener, "skip_when_spam", False) and spam_at < position:
            continue  # already spam: no need to ask an outside service too
        verdicts[screener.name] = screener.screen(submission)
    return verdicts


def run(submission: Submission, *, using=None, remote=None) -> Outcome:
    """Screen a submission with every screener (or those of `using`). Raises CommentRefused
    with the reader's message at the first refusal.

    `remote`: the remote screeners' verdicts, from `run_remote` (comment_create asks them
    before its transaction); a remote screener missing from it passes. Without `remote`,
    they are asked here: only for callers outside a transaction (bench/, the shell)."""
    chosen = screeners() if using is None else using
    if remote is None:
        remote = run_remote(submission, using=chosen)
    found = []
    for screener in chosen:
        if getattr(screener, "skip_when_spam", False) and any(
            verdict.action == Action.SPAM for _, verdict in found
        ):
            continue  # already spam: no need to ask an outside service too
        if _is_remote(screener):
            verdict = remote.get(screener.name, Verdict.passed())
        else:
            verdict = screener.screen(submission)
        if verdict.action == Action.REFUSE:
            raise CommentRefused(verdict.message, field=verdict.field)
        if verdict.action != Action.PASS:
            found.append((screener.name, verdict))
    if not found:
        return Outcome(Comment.Status.APPROVED)
    action = max(verdict.action for _, verdict in found)
    reasons = "; ".join(dict.fromkeys(verdict.reason for _, verdict in found if verdict.reason))
    return Outcome(
        status=STATUS[action],
        held_reason=Truncator(reasons).chars(REASON_LENGTH),
        hold_priority=max(verdict.priority for _, verdict in found),
        verdicts=tuple(found),
    )


def run_on_edit(submission: Submission) -> Outcome:
    """Screen the new text of an edited comment with the screeners that look at the text
    (not the flood, duplicate, first-comment or Akismet checks), so that advice added after
    approval goes back to the queue. Remote screeners are never asked here: an edit is
    saved inside a transaction."""
    return run(
        submission,
        using=[s for s in screeners() if getattr(s, "on_edit", True) and not _is_remote(s)],
        remote={},
    )


def _quoted(found: list[str], limit: int = 4) -> str:
    shown = ", ".join(f'"{phrase}"' for phrase in found[:limit])
    more = f" and {len(found) - limit} more" if len(found) > limit else ""
    return f"({shown}{more})"


# The rules that were moderation.py's, as screeners.


class Flood(Screener):
    """Refuse a comment that comes too soon after the reader's last one (COMMENTS_FLOOD_SECONDS)."""

    name = "flood"
    on_edit = False

    def screen(self, submission):
        wait = conf.FLOOD_SECONDS
        if not wait:
            return Verdict.passed()
        recent = (
            Comment.objects.filter(author=submission.author)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
        if recent is None:
            return Verdict.passed()
        elapsed = (submission.now - recent).total_seconds()
        if elapsed >= wait:
            return Verdict.passed()
        remaining = int(wait - elapsed) + 1
        return Verdict.refuse(
            ngettext(
                "You are posting too quickly. You can post again in %(remaining)s second.",
                "You are posting too quickly. You can post again in %(remaining)s seconds.",
                remaining,
            )
            % {"remaining": remaining}
        )


class Duplicate(Screener):
    """Refuse the same text twice by one reader on one article."""

    name = "duplicate"
    on_edit = False

    def screen(self, submission):
        if (
            Comment.objects.filter(
                article=submission.article,
                author=submission.author,
                body__iexact=submission.body.strip(),
            )
            .exclude(status=Comment.Status.REMOVED)
            .exists()
        ):
            return Verdict.refuse(_("You have already said that on this article."), field="body")
        return Verdict.passed()


def _words_found(text: str, words) -> list[str]:
    lowered = text.lower()
    return [word.strip() for word in words if word.strip() and word.strip().lower() in lowered]


class _WordList(Screener):
    """A verdict when the text contains one of the words of a setting (the subclass names
    the setting and the verdict)."""

    setting = ""
    verdict = "hold"  # or "spam"

    def screen(self, submission):
        found = _words_found(submission.body, getattr(conf, self.setting))
        if not found:
            return Verdict.passed()
        return getattr(Verdict, self.verdict)(f"{self.name} {_quoted(found)}")


class BlockedWords(_WordList):
    """Spam when the text contains one of COMMENTS_BLOCKED_WORDS."""

    name = "blocked words"
    setting = "BLOCKED_WORDS"
    verdict = "spam"


class TooManyLinks(Screener):
    """Hold a comment with more than COMMENTS_MAX_LINKS links."""

    name = "links"

    def screen(self, submission):
        links = count_links(submission.body_html)
        if links > conf.MAX_LINKS:
            return Verdict.hold(f"{links} links (more than {conf.MAX_LINKS})")
        return Verdict.passed()


class ModerationWords(_WordList):
    """Hold a comment that contains one of COMMENTS_MODERATION_WORDS."""

    name = "moderation words"
    setting = "MODERATION_WORDS"


class FirstComment(Screener):
    """Hold a reader's comments until one has been approved (COMMENTS_HOLD_FIRST_COMMENT)."""

    name = "first comment"
    on_edit = False

    def screen(self, submission):
        if conf.HOLD_FIRST_COMMENT and not (
            Comment.objects.filter(
                author=submission.author, status=Comment.Status.APPROVED
            ).exists()
        ):
            return Verdict.hold("first comment from this reader")
        return Verdict.passed()


# Health screening: the phrases moderators keep in the admin (ScreeningPhrase).


class PhraseScreener(Screener):
    kind = ""
    label = ""
    priority = 0
    advice = False  # only what the poster advises (phrases.find_advice)

    def screen(self, submission):
        found = phrases.hits(submission.body, phrases.active(self.kind), advice=self.advice)
        found += self.more_hits(submission.body)
        if not found:
            return Verdict.passed()
        # The words as the reader wrote them, which say more to a moderator than a pattern.
        words = phrases.excerpts(submission.body, found)
        return Verdict.hold(f"{self.label} {_quoted(words)}", priority=self.priority)

    def more_hits(self, text: str) -> list[tuple[str, int, int]]:
        """Places found by rules other than the phrases, as (rule, start, end)."""
        return []


class UnsafeAdvice(PhraseScreener):
    """Hold what may be unsafe health advice (stop, start or change a medicine or treatment,
    ignore doctors, miracle cures), for a moderator to read first."""

    name = "unsafe advice"
    kind = ScreeningPhrase.Kind.UNSAFE_ADVICE
    label = "possible unsafe health advice"
    advice = True

    def more_hits(self, text):
        """With COMMENTS_SCREEN_TREATMENT_ADVICE, the generic rules (phrases.generic_hits:
        a red-flag symptom waved away, a medicine thrown out or changed "and so should
        you")."""
        return phrases.generic_hits(text) if conf.SCREEN_TREATMENT_ADVICE else []

    def screen(self, submission):
        """The phrases and generic rules, and (COMMENTS_SCREEN_TREATMENT_ADVICE) any
        sentence telling the reader what to do about a medicine or a treatment
        (phrases.directed_advice)."""
        verdict = super().screen(submission)
        if verdict.action != Action.PASS or not conf.SCREEN_TREATMENT_ADVICE:
            return verdict
        sentences = phrases.directed_advice(submission.body)
        if not sentences:
            return verdict
        return Verdict.hold(
            f"{self.label}, about a medicine or treatment {_quoted(sentences, limit=2)}"
        )


class RedFlag(PhraseScreener):
    """Hold a comment describing red-flag symptoms, first in the queue: a moderator should
    see it soon (the reader has been shown the urgent-care page before saving)."""

    name = "red flag"
    kind = ScreeningPhrase.Kind.RED_FLAG
    label = "red-flag symptoms"
    priority = 10


# Akismet (https://akismet.com/developers/detailed-docs/comment-check/), only with a key.


class AkismetUnavailable(Exception):
    pass


def akismet_comment_check(params: dict) -> bool:
    """Ask Akismet whether a comment is spam. Raises AkismetUnavailable when it cannot tell
    (network error, timeout, an answer other than true or false)."""
    url = conf.AKISMET_ENDPOINT.rstrip("/") + "/comment-check"
    if urllib.parse.urlsplit(url).scheme not in ("https", "http"):
        raise AkismetUnavailable(f"COMMENTS_AKISMET_ENDPOINT is not a web address: {url}")
    data = urllib.parse.urlencode({"api_key": conf.AKISMET_API_KEY, **params}).encode()
    request = urllib.request.Request(  # noqa: S310 (the scheme is checked above)
        url,
        data=data,
        headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
            "User-Agent": "sciatica-site/1.0 | comments-screening/1.0",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=conf.AKISMET_TIMEOUT) as response:  # noqa: S310
            answer = response.read(200).decode("utf-8", "replace").strip()
            help_text = response.headers.get("X-akismet-debug-help", "")
    except (OSError, http.client.HTTPException) as error:  # URLError and timeouts too
        raise AkismetUnavailable(f"{type(error).__name__}: {error}") from error
    if answer == "true":
        return True
    if answer == "false":
        return False
    raise AkismetUnavailable(f"unexpected answer {json.dumps(answer)} {help_text}".strip())


class Akismet(Screener):
    """Spam when Akismet says so. Used only when COMMENTS_AKISMET_API_KEY is set; when
    Akismet cannot be reached in COMMENTS_AKISMET_TIMEOUT seconds, the comment passes (the
    other screeners still apply) and a warning is logged. Remote: asked before the
    comment's transaction opens (run_remote)."""

    name = "akismet"
    on_edit = False
    skip_when_spam = True
    remote = True

    def active(self):
        return bool(conf.AKISMET_API_KEY)

    def screen(self, submission):
        if not self.active():
            return Verdict.passed()
        author = submission.author
        article = submission.article
        params = {
            "blog": settings.SITE_URL,
            "user_ip": submission.context.ip,
            "user_agent": submission.context.user_agent,
            "referrer": submission.context.referrer,
            "permalink": settings.SITE_URL.rstrip("/") + article.get_absolute_url(),
            "comment_type": "reply" if submission.parent is not None else "comment",
            "comment_author": getattr(author, "display_name", "") or str(author),
            "comment_author_email": getattr(author, "email", ""),
            "comment_content": submission.body,
            "comment_date_gmt": submission.now.astimezone(UTC).isoformat(),
            "blog_lang": settings.LANGUAGE_CODE.split("-")[0],
            "blog_charset": "UTF-8",
        }
        if conf.AKISMET_IS_TEST:
            params["is_test"] = "1"
        try:
            is_spam = akismet_comment_check(params)
        except AkismetUnavailable as error:
            logger.warning("Akismet could not check a comment, passed without it: %s", error)
            return Verdict.passed()
        return Verdict.spam("Akismet says spam") if is_spam else Verdict.passed()
