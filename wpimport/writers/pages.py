"""WordPress pages under their parents.

Pages are written as articles of kind "page" by PostWriter, as they come; a page may come
before its parent in the export, so each is placed under its parent once all are written.
"""

from dataclasses import dataclass
from pathlib import Path

from articles.models import Article

from .context import ImportAborted
from .ledger import Kind


@dataclass
class _Page:
    article_id: int
    parent: str  # the parent's WordPress ID, "" for none
    label: str
    file: Path
    line: int | None


class PageWriter:
    def __init__(self, context, *, skip_invalid):
        """`skip_invalid`: a page whose parent cannot be found (or whose parents go in a
        circle) is placed at the top level and listed, instead of stopping the run."""
        self.context = context
        self.skip_invalid = skip_invalid
        self.pages = {}  # WordPress ID -> _Page

    def add(self, item, article_id):
        parent = item.parent if item.parent not in ("", "0") else ""
        self.pages[item.wp_id] = _Page(article_id, parent, item.label, self.context.file, item.line)

    def finish(self):
        """Give each page of the run its parent (an article of kind "page": of this run,
        or of an earlier import of the blog)."""
        if not self.pages:
            return
        earlier = self._earlier_pages()
        parent_of = {}  # article pk -> parent article pk or None
        for wp_id, page in self.pages.items():
            parent_id = None
            if page.parent:
                known = self.pages.get(page.parent)
                parent_id = known.article_id if known else earlier.get(page.parent)
                if parent_id is None or page.parent == wp_id:
                    self._refuse(
                        page,
                        f"its parent page (WordPress ID {page.parent}) is not a page of the "
                        "export. Export the parent too (Tools → Export → All content)",
                        short="page with a missing parent",
                    )
            parent_of[page.article_id] = parent_id
        self._break_circles(parent_of)
        current = dict(Article.objects.filter(pk__in=parent_of).values_list("pk", "parent_id"))
        changed = [
            Article(pk=pk, parent_id=parent_id)
            for pk, parent_id in parent_of.items()
            if current.get(pk, parent_id) != parent_id
        ]
        Article.objects.bulk_update(changed, ["parent"])

    def _earlier_pages(self) -> dict:
        """WordPress ID -> article pk of the pages an earlier import made (still here)."""
        ledger = self.context.ledger
        wanted = {
            page.parent: ledger.get(Kind.POST, page.parent).object_id
            for page in self.pages.values()
            if page.parent and page.parent not in self.pages and ledger.get(Kind.POST, page.parent)
        }
        alive = set(
            Article.objects.pages().filter(pk__in=wanted.values()).values_list("pk", flat=True)
        )
        return {wp_id: pk for wp_id, pk in wanted.items() if pk in alive}

    def _break_circles(self, parent_of):
        """Pages that are each other's parents (A under B under A) cannot be placed."""
        by_article = {page.article_id: page for page in self.pages.values()}
        for start in list(parent_of):
            seen, current = [start], parent_of[start]
            while current is not None and current in parent_of:
                if current in seen:
                    circle = seen[seen.index(current) :]
                    labels = ", ".join(by_article[pk].label for pk in circle)
                    self._refuse(
                        by_article[current],
                        f"the pages {labels} are each other's parents, in a circle. "
                        "Choose another parent for one of them in WordPress",
                        short="pages that are each other's parents",
                    )
                    parent_of[current] = None
                    break
                seen.append(current)
                current = parent_of[current]

    def _refuse(self, page, reason, *, short):
        """Stop the run; with --skip-invalid, place the page at the top level instead."""
        if not self.skip_invalid:
            where = f"{page.file.name}, line {page.line}" if page.line else page.file.name
            raise ImportAborted(
                f"{where}: page {page.label}: {reason}, or run with --skip-invalid to put "
                "such pages at the top level. Nothing was imported."
            )
        self.context.report.note(
            f"Pages placed at the top level ({short}): {page.label}. Move them under "
            "another page by hand if needed."
        )
