"""What an import did, counted per kind, and the summary printed at the end."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

KINDS = (
    "authors",
    "categories",
    "tags",
    "posts",
    "pages",
    "comments",
    "ratings",
    "media",
    "redirects",  # old WordPress addresses leading to the new ones (OldAddress)
)
OUTCOMES = ("created", "updated", "unchanged", "skipped")
EXAMPLES_PER_REASON = 5
URLS_LISTED = 50


@dataclass
class ImportReport:
    dry_run: bool = False
    counts: dict = field(default_factory=lambda: {kind: Counter() for kind in KINDS})
    reasons: dict = field(default_factory=lambda: {kind: Counter() for kind in KINDS})
    examples: dict = field(default_factory=lambda: defaultdict(list))
    notes: list = field(default_factory=list)
    kept_urls: dict = field(default_factory=dict)  # insertion-ordered set
    removed_shortcodes: Counter = field(default_factory=Counter)

    def count(self, kind, outcome, *, reason="", label=""):
        self.counts[kind][outcome] += 1
        if outcome == "skipped":
            self.reasons[kind][reason] += 1
            examples = self.examples[(kind, reason)]
            if label and len(examples) < EXAMPLES_PER_REASON:
                examples.append(label)

    def keep_url(self, url):
        self.kept_urls[url] = None

    def note(self, text):
        if text not in self.notes:
            self.notes.append(text)

    def total(self, kind, outcome):
        return self.counts[kind][outcome]

    @property
    def changed(self) -> int:
        return sum(self.counts[kind][o] for kind in KINDS for o in ("created", "updated"))

    def render(self, *, verbosity=1) -> str:
        lines = []
        if self.dry_run:
            lines.append("Dry run: nothing was written. An import would do this:")
        else:
            lines.append("Import finished.")
        lines.append("")
        width = max(len(kind) for kind in KINDS)
        lines.append(f"{'':<{width}}  " + "  ".join(f"{o:>9}" for o in OUTCOMES))
        for kind in KINDS:
            cells = "  ".join(f"{self.counts[kind][o]:>9,}" for o in OUTCOMES)
            lines.append(f"{kind:<{width}}  {cells}")

        skipped = [
            (kind, reason, number)
            for kind in KINDS
            for reason, number in self.reasons[kind].most_common()
        ]
        if skipped:
            lines += ["", "Skipped:"]
            for kind, reason, number in skipped:
                lines.append(f"  {kind}: {number:,} {reason}")
                examples = self.examples.get((kind, reason), [])
                if examples and (verbosity > 1 or number <= EXAMPLES_PER_REASON):
                    lines += [f"      {example}" for example in examples]
                elif examples:
                    shown = ", ".join(examples[:3])
                    lines.append(f"      e.g. {shown}")
        if self.removed_shortcodes:
            listed = ", ".join(
                f"[{name}] ×{number}" for name, number in self.removed_shortcodes.most_common()
            )
            lines += ["", f"Shortcodes of plugins this site does not have, removed: {listed}"]
        if self.notes:
            lines += ["", "Notes:"] + [f"  {note}" for note in self.notes]
        if self.kept_urls:
            urls = list(self.kept_urls)
            lines += [
                "",
                f"Links left at their WordPress address ({len(urls):,}); copy the files with "
                "--media-dir pointing at a copy of wp-content/uploads:",
            ]
            shown = urls if verbosity > 1 else urls[:URLS_LISTED]
            lines += [f"  {url}" for url in shown]
            if len(shown) < len(urls):
                lines.append(f"  … and {len(urls) - len(shown):,} more (-v 2 lists them all)")
        return "\n".join(lines) + "\n"
