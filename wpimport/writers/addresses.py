"""The old addresses of the posts and pages of an export (OldAddress), each leading to
the article or page it became: its permalink (<link>, date-based or not), /?p=ID, for
pages /?page_id=ID, the address it had under an earlier slug (_wp_old_slug), and the
attachment pages of the images it holds (their <link> and /?attachment_id=ID).

Written at the end of the run, once every article's address here is known, and checked
first: an old address may lead to one article only, and never be the address of another
article here (the redirects would go in a circle, or send readers of the old link to the
wrong article); either stops the run.
"""

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.urls import Resolver404, resolve

from articles.models import Article

from ..addresses import address_key
from ..models import OldAddress
from .context import ImportAborted
from .ledger import Kind

ALREADY_HERE = "the old address is the same here (nothing to redirect)"
SITE_ROOT = "the blog's home page (left to this site's home page)"


@dataclass
class _Source:
    """An item whose old addresses lead to `article_id` (or to its parent's article)."""

    label: str
    file: Path
    line: int | None
    keys: list = field(default_factory=list)
    article_id: int | None = None
    parent: str = ""  # attachments: the WordPress ID of the post they belong to


class AddressWriter:
    def __init__(self, context, *, blog_path):
        """`blog_path`: where the blog lived on its host ("" or "/blog"), which the
        query forms (/blog/?p=12) start with."""
        self.context = context
        self.blog_path = blog_path.rstrip("/")
        self.sources = []
        self.article_of = {}  # WordPress ID -> article pk, posts and pages of the run

    def add_item(self, item, article_id):
        """A post or page, written (or found unchanged) as the article `article_id`."""
        self.article_of[item.wp_id] = article_id
        keys = [address_key(item.link), f"{self.blog_path}/?p={item.wp_id}"]
        if item.post_type == "page":
            keys.append(f"{self.blog_path}/?page_id={item.wp_id}")
        keys.append(self._old_slug_address(item))
        self.sources.append(self._source(item, keys, article_id=article_id))

    def add_attachment(self, item):
        """An attachment: its page on the old blog leads to the post it belongs to."""
        if item.parent in ("", "0") or not item.wp_id.isdigit():
            return
        keys = [address_key(item.link), f"{self.blog_path}/?attachment_id={item.wp_id}"]
        self.sources.append(self._source(item, keys, parent=item.parent))

    def _source(self, item, keys, **where):
        keys = list(dict.fromkeys(key for key in keys if key))
        return _Source(item.label, self.context.file, item.line, keys, **where)

    def _old_slug_address(self, item) -> str:
        """The permalink under the slug the post had before (WordPress keeps it as
        _wp_old_slug and still answers it), when its permalink ends with its slug."""
        old_slug, link = item.meta.get("_wp_old_slug", ""), address_key(item.link)
        path = urlsplit(link).path.rstrip("/")
        if not (old_slug and item.slug and path.endswith("/" + item.slug)) or "?" in link:
            return ""
        return address_key(path[: -len(item.slug)] + old_slug + "/")

    def finish(self):
        report = self.context.report
        targets = self._targets()
        urls = _addresses_here(set(targets.values()))
        owner = {}  # key -> (article pk, source)
        for source in self.sources:
            article_id = targets.get(id(source))
            if article_id is None:
                continue
            for key in source.keys:
                if key in ("/", f"{self.blog_path}/"):
                    report.count("redirects", "skipped", reason=SITE_ROOT, label=source.label)
                    continue
                if key == urls[article_id]:
                    report.count("redirects", "skipped", reason=ALREADY_HERE, label=key)
                    continue
                earlier = owner.get(key)
                if earlier is not None and earlier[0] != article_id:
                    self._refuse(
                        source,
                        f"its old address {key} is also the old address of "
                        f"{earlier[1].label}; one address cannot lead to both",
                    )
                owner[key] = (article_id, source)
        self._check_no_circles(owner, urls)
        self._write(owner)

    def _targets(self) -> dict:
        """id(source) -> the pk of the article its old addresses lead to."""
        ledger, targets = self.context.ledger, {}
        for source in self.sources:
            if source.article_id is not None:
                targets[id(source)] = source.article_id
                continue
            article_id = self.article_of.get(source.parent)
            if article_id is None:
                record = ledger.get(Kind.POST, source.parent)
                if record is not None and ledger.exists_here(Kind.POST, record):
                    article_id = record.object_id
            if article_id is not None:
                targets[id(source)] = article_id
        return targets

    def _check_no_circles(self, owner, urls):
        """An old address that is the address of another article here: its redirect would
        never be followed (that article answers) or would send readers round in a
        circle. Refused, naming both."""
        article_at = {url: pk for pk, url in urls.items()}
        labels = {pk: source.label for pk, source in owner.values()}
        for key, (article_id, source) in owner.items():
            other = article_at.get(key)
            if other is None:
                other = _article_answering(key, exclude=article_id)
            if other is None or other == article_id:
                continue
            back = [k for k, (pk, _) in owner.items() if pk == other and k == urls[article_id]]
            other_label = labels.get(other) or f"the article at {key}"
            if back:
                reason = (
                    f"a redirect loop: its old address {key} is where {other_label} is now, "
                    f"and {other_label}'s old address {back[0]} is where this one is now"
                )
            else:
                reason = (
                    f"its old address {key} is where {other_label} is now on this site: "
                    "readers of the old link would reach the wrong page"
                )
            self._refuse(source, reason)

    def _write(self, owner):
        report, site = self.context.report, self.context.ledger.site
        existing = {row.path: row for row in OldAddress.objects.filter(path__in=list(owner))}
        new, changed = [], []
        for key, (article_id, source) in owner.items():
            row = existing.get(key)
            if row is None:
                new.append(OldAddress(path=key, article_id=article_id, site=site))
            elif row.article_id == article_id:
                report.count("redirects", "unchanged")
            elif row.site != site:
                self._refuse(
                    source,
                    f"its old address {key} already leads to another article, imported "
                    f"from {row.site}",
                )
            else:
                row.article_id = article_id
                changed.append(row)
        OldAddress.objects.bulk_create(new, batch_size=1000)
        OldAddress.objects.bulk_update(changed, ["article"], batch_size=1000)
        report.counts["redirects"]["created"] += len(new)
        report.counts["redirects"]["updated"] += len(changed)

    def _refuse(self, source, reason):
        where = f"{source.file.name}, line {source.line}" if source.line else source.file.name
        raise ImportAborted(
            f"{where}: {source.label}: {reason}. Fix the address (or the slug) in WordPress "
            "and export again. Nothing was imported."
        )


def _addresses_here(article_ids) -> dict:
    """Article pk -> its address on this site, pages' parents read in one query."""
    articles = Article.objects.filter(pk__in=article_ids).only("slug", "kind", "parent_id")
    if any(article.kind == Article.Kind.PAGE for article in articles):
        pages = {
            pk: (slug, parent_id)
            for pk, slug, parent_id in Article.objects.pages().values_list(
                "pk", "slug", "parent_id"
            )
        }
        for article in articles:
            if article.kind == Article.Kind.PAGE:
                article.page_path = _page_path(article.pk, pages)
    return {article.pk: article.get_absolute_url() for article in articles}


def _page_path(pk, pages) -> str:
    slugs, seen = [], set()
    while pk is not None and pk in pages and pk not in seen:
        seen.add(pk)
        slug, pk = pages[pk]
        slugs.append(slug)
    return "/".join(reversed(slugs))


def _article_answering(key, *, exclude) -> int | None:
    """The article (other than `exclude`) this site shows at the old address `key`, if
    the address is one of this site's article or page addresses: the rare blog whose
    permalinks looked like this site's (/articles/<slug>/)."""
    path = unquote(urlsplit(key).path)
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name == "articles:detail":
        slug = match.kwargs["slug"]
    elif match.view_name == "articles:page":
        slug = match.kwargs["path"].rsplit("/", 1)[-1]
    else:
        return None
    found = Article.objects.filter(slug=slug).exclude(pk=exclude).values_list("pk", flat=True)
    return found.first()
