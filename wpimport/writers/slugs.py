"""The slugs of the posts of an export, and of the articles already on the site."""

from dataclasses import dataclass
from urllib.parse import unquote

from articles.models import Article

from ..wxr import WPItem
from .fields import slug_of
from .ledger import Kind
from .plans import InvalidPost


@dataclass
class _SlugOwner:
    wp_id: str
    title: str
    made_up: bool


class Slugs:
    """A post keeps its own slug, which must be its own in the export and on this site;
    a post with none (a draft has none, a non-Latin one gives nothing usable) gets one
    made from the title, as WordPress does on publishing. A made-up slug gives way to a
    post met later that has it as its own."""

    def __init__(self, context):
        self.context = context
        self.owners = {}  # slug -> _SlugOwner, posts of this export
        self.on_site = dict(Article.objects.values_list("slug", "pk"))
        self.made_up = {}  # made-up slug -> (WordPress ID, fingerprinted values)

    def choose(self, item: WPItem, title):
        """(slug, made up) for the post; raises InvalidPost when its own slug is taken."""
        limit = Article._meta.get_field("slug").max_length
        record = self.context.ledger.get(Kind.POST, item.wp_id)
        own_id = record.object_id if record else None
        slug = _worded(slug_of(item.slug, limit), item.slug)
        if slug:
            other = self.owners.get(slug)
            if other is not None and other.made_up:
                return slug, False
            taken = other is not None or self.on_site.get(slug, own_id) != own_id
            if taken and item.post_type == "page":
                # WordPress keeps a page's slug unique among its siblings only; here its
                # address holds its parents' slugs, but the slug itself is the site's.
                self.context.report.note(
                    "Pages whose slug another post or page already had got a number "
                    "after it (about-2): their old addresses lead to them all the same."
                )
                return self._free(slug, own_id), True
            if other is not None:
                raise InvalidPost(
                    f"its slug “{slug}” is also the slug of the post “{other.title}” "
                    f"(WordPress ID {other.wp_id}).",
                    short="duplicate slug",
                )
            taken_by = self.on_site.get(slug)
            if taken_by is not None and taken_by != own_id:
                other_title = Article.objects.filter(pk=taken_by).values_list("title", flat=True)
                raise InvalidPost(
                    f"its slug “{slug}” is already used by the article “{other_title.first()}” "
                    "on this site.",
                    short="slug already used here",
                )
            return slug, False
        base = (
            _worded(slug_of(title, limit - 6), title) or f"{item.post_type or 'post'}-{item.wp_id}"
        )
        return self._free(base, own_id), True

    def claim(self, slug, *, wp_id, title, made_up):
        """The post about to be written takes `slug`; a post made it up earlier moves."""
        if slug in self.owners:
            self._move_made_up(slug)
        self.owners[slug] = _SlugOwner(wp_id, title, made_up)

    def keep_values(self, slug, wp_id, values):
        """The fingerprinted values of a post whose slug was made up, in case it moves."""
        self.made_up[slug] = (wp_id, values)

    def article_saved(self, article_id, *, slug, previous=None):
        if previous is not None:
            self.on_site.pop(previous, None)
        self.on_site[slug] = article_id

    def _free(self, base, own_id=None, *, number=1):
        """`base`, else `base-2`, `base-3`... (from `base-<number>`): the first free."""
        slug = base if number == 1 else f"{base}-{number}"
        while slug in self.owners or self.on_site.get(slug, own_id) != own_id:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def _move_made_up(self, slug):
        """Give a slug made up for an earlier post of this run to the post whose own slug
        it is: the earlier one takes the next free `slug-N`."""
        owner = self.owners.pop(slug)
        article_id = self.on_site.pop(slug, None)
        new = self._free(slug, number=2)
        self.owners[new] = owner
        if article_id is not None:
            Article.objects.filter(pk=article_id).update(slug=new)
            self.on_site[new] = article_id
        if slug in self.made_up:
            wp_id, values = self.made_up.pop(slug)
            values["slug"] = new
            self.made_up[new] = (wp_id, values)
            self.context.ledger.refingerprint(Kind.POST, wp_id, values)
        self.context.report.note(
            "Posts without a slug of their own got one made from the title; where a later "
            "post had that slug, it went to that post and the first got a number."
        )


def _worded(slug, original) -> str:
    """ "" for a slug that kept only the numbers of a non-Latin original ("επίπεδο-2"
    gives "2"): an address of a bare number says nothing, and is too easily taken."""
    if slug and not any(c.isalpha() for c in slug) and any(c.isalpha() for c in unquote(original)):
        return ""
    return slug
