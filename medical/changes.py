"""What changed in an article between two moments: its text, its picture-guide steps and
its sources as lines of plain text, compared with difflib.

A `Snapshot` is what a reviewer reads, as text: now (the rows as they are) or as it was at
a moment (the versions django-simple-history kept). `compare(old, new)` gives the changed
sections, each with its changed lines (and one line of context around them); a changed
line paired with its new form marks the words that differ. Everything stays plain text:
the template escapes it.
"""

import difflib
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field

from accounts.models import User
from articles.models import Article, GuideStep
from sciatica_site.sanitizer import strip_all_tags

from .models import Source

# Ends of the blocks an author writes (and line breaks): each block becomes one line.
_BLOCK_BREAK = re.compile(
    r"<br\s*/?>|</?(?:p|h[1-6]|li|dt|dd|blockquote|figcaption|caption|tr|pre|section|div|ul|ol"
    r"|table|figure)\b[^>]*>",
    re.I,
)
_WORD = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class Snapshot:
    title: str = ""
    excerpt: str = ""
    body: tuple[str, ...] = ()
    guide_title: str = ""
    steps: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def fingerprint(self):
        """A short digest of everything here: a reviewer's form carries the one they
        read, so that an approval of text that changed meanwhile is refused."""
        encoded = json.dumps(asdict(self), ensure_ascii=False).encode()
        return hashlib.blake2b(encoded, digest_size=16).hexdigest()


SECTIONS = (
    ("title", "Title"),
    ("excerpt", "Summary"),
    ("body", "Text"),
    ("guide_title", "Picture guide heading"),
    ("steps", "Picture-guide steps"),
    ("sources", "Sources"),
)


def text_lines(html):
    """An article body as lines of plain text, one per paragraph, heading or list item."""
    text = strip_all_tags(_BLOCK_BREAK.sub("<br>", html or ""))
    return tuple(" ".join(line.split()) for line in text.splitlines() if line.strip())


def step_line(step):
    picture = step.image.name.rsplit("/", 1)[-1] if step.image else "none"
    return f"Step {step.position}: {step.caption} (picture {picture}: {step.alt_text})"


def source_line(source):
    parts = [source.authors, source.title, source.publisher, source.year and str(source.year)]
    where = " ".join(filter(None, [source.url, source.doi and f"doi:{source.doi}"]))
    accessed = source.accessed_on and f"accessed {source.accessed_on.isoformat()}"
    return f"[{source.number}] " + ". ".join(str(p) for p in [*parts, where, accessed] if p)


def _snapshot(article, steps, sources):
    return Snapshot(
        title=article.title,
        excerpt=article.excerpt,
        body=text_lines(article.body),
        guide_title=article.guide_title,
        steps=tuple(step_line(s) for s in sorted(steps, key=lambda s: (s.position, s.pk))),
        sources=tuple(source_line(s) for s in sorted(sources, key=lambda s: s.number)),
    )


def snapshot_now(article):
    return _snapshot(
        article,
        GuideStep.objects.filter(article_id=article.pk),
        Source.objects.filter(article_id=article.pk),
    )


def snapshot_at(article, moment):
    """The article as it was at `moment`, from its kept versions; None before its first."""
    version = (
        Article.history.filter(id=article.pk, history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .first()
    )
    if version is None or version.history_type == "-":
        return None
    return _snapshot(
        version,
        GuideStep.history.as_of(moment).filter(article_id=article.pk),
        Source.history.as_of(moment).filter(article_id=article.pk),
    )


def editors_between(article, since, until=None) -> list[str]:
    """Who saved the article, its steps or its sources after `since` (up to `until`), from
    the kept versions, most recent first, each once. Saves made outside a request (the
    importer, a shell, the demo loader) name nobody and are left out."""
    saves = []
    for history, match in (
        (Article.history, {"id": article.pk}),
        (GuideStep.history, {"article_id": article.pk}),
        (Source.history, {"article_id": article.pk}),
    ):
        versions = history.filter(**match, history_user__isnull=False)
        if since is not None:
            versions = versions.filter(history_date__gt=since)
        if until is not None:
            versions = versions.filter(history_date__lte=until)
        saves += versions.values_list("history_date", "history_user")
    users = {}
    for _, user_id in sorted(saves, key=lambda save: save[0], reverse=True):
        users.setdefault(user_id, None)
    names = {user.pk: user.public_name for user in User.objects.filter(pk__in=users)}
    return [names[pk] for pk in users if pk in names]


@dataclass(frozen=True)
class Line:
    kind: str  # "same", "removed" or "added"
    parts: tuple[tuple[str, bool], ...]  # (text, differs from the other side)

    @property
    def marker(self):
        return {"same": " ", "removed": "−", "added": "+"}[self.kind]


@dataclass(frozen=True)
class Section:
    name: str
    lines: tuple[Line, ...] = field(default_factory=tuple)


def _whole(kind, text):
    return Line(kind, ((text, False),))


def _paired(old, new):
    """A changed line and its new form, with the words that differ marked on each side."""
    old_words, new_words = _WORD.findall(old), _WORD.findall(new)
    removed, added = [], []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if i2 > i1:
            removed.append(("".join(old_words[i1:i2]), tag != "equal"))
        if j2 > j1:
            added.append(("".join(new_words[j1:j2]), tag != "equal"))
    return Line("removed", tuple(removed)), Line("added", tuple(added))


def _lines(old, new, context=1):
    lines = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if lines:
            lines.append(_whole("same", "…"))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines.extend(_whole("same", text) for text in old[i1:i2])
            elif tag == "replace" and i2 - i1 == j2 - j1:
                for before, after in zip(old[i1:i2], new[j1:j2], strict=True):
                    lines.extend(_paired(before, after))
            else:
                lines.extend(_whole("removed", text) for text in old[i1:i2])
                lines.extend(_whole("added", text) for text in new[j1:j2])
    return tuple(lines)


def compare(old, new):
    """The sections that differ between two snapshots (old None: a first review, where
    everything is new)."""
    old = old or Snapshot()
    sections = []
    for name, label in SECTIONS:
        before, after = getattr(old, name), getattr(new, name)
        if isinstance(before, str):
            before, after = (before,) if before else (), (after,) if after else ()
        if before != after:
            sections.append(Section(label, _lines(before, after)))
    return sections
