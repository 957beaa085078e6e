"""WordPress categories and tags."""

from django.db.models import Q

from articles.models import Category, Tag

from ..wxr import WPItem, WPTerm
from .fields import plain, slug_of, text_only
from .ledger import Kind, Skip

_BY_TAXONOMY = {
    "category": (Kind.CATEGORY, Category, "categories"),
    "post_tag": (Kind.TAG, Tag, "tags"),
}


class TermWriter:
    def __init__(self, context):
        self.context = context
        self.ids = {Kind.CATEGORY: {}, Kind.TAG: {}}  # export slug -> pk (None: deleted here)
        self.category_names = {}  # export slug -> the name it was given here
        self.names_taken = {}  # lower-case name -> export slug of the category named so

    def write(self, term: WPTerm):
        kind, model, report_kind = _BY_TAXONOMY[term.taxonomy]
        limit = model._meta.get_field("slug").max_length
        name = plain(term.name, limit) or term.slug[:limit]
        slug = slug_of(term.slug, limit) or slug_of(name, limit) or f"{kind}-{term.term_id}"
        values = {"name": name, "slug": slug}
        if kind == Kind.CATEGORY:
            values["description"] = text_only(term.description)
        if term.parent and kind == Kind.CATEGORY:
            self.context.report.note(
                "Categories here have no parents: sub-categories were imported as "
                "categories of their own."
            )
            values["name"] = name = self._name_apart(term, name, limit)
        if kind == Kind.CATEGORY:
            self.category_names[term.slug] = name
            self.names_taken.setdefault(name.lower(), term.slug)

        def write(object_id, values):
            if object_id is None:
                return model.objects.create(**values).pk
            taken = model.objects.exclude(pk=object_id).filter(Q(name__iexact=name) | Q(slug=slug))
            if taken.exists():
                raise Skip("changed in WordPress, but the new name or slug is taken here")
            model.objects.filter(pk=object_id).update(**values)
            return object_id

        def adopt():
            existing = (
                model.objects.filter(slug=slug).first()
                or model.objects.filter(name__iexact=name).first()
            )
            if existing is None:
                return None
            self.context.report.note(
                f"Existing {report_kind} with the same slug or name were used as they are."
            )
            return existing.pk

        self.ids[kind][term.slug] = self.context.ledger.import_item(
            kind,
            term.term_id or f"slug:{term.slug}",
            values=lambda: values,
            write=write,
            adopt=adopt,
            label=f"“{name}” ({slug})",
        )

    def _name_apart(self, term: WPTerm, name, limit) -> str:
        """A sub-category named like another category of the export ("Foo A" at the top
        and "Foo A" under "Foo Parent") is kept apart as "Foo Parent › Foo A": names are
        unique here, and categories have no parents to tell them apart."""
        other = self.names_taken.get(name.lower())
        if other is None or other == term.slug:
            return name
        parent = self.category_names.get(term.parent) or term.parent
        self.context.report.note(
            "Sub-categories named like another category were kept apart, their name "
            "starting with their parent's (“Parent › Child”)."
        )
        return f"{parent} › {name}"[:limit].strip()

    def ids_for(self, item: WPItem):
        """(category pks, tag pks) of a post. A term the post uses but the channel did not
        declare is made now."""
        found = {Kind.CATEGORY: set(), Kind.TAG: set()}
        for domain, nicename, name in item.categories:
            if domain not in _BY_TAXONOMY:
                continue
            kind = _BY_TAXONOMY[domain][0]
            if nicename not in self.ids[kind]:
                self.write(WPTerm(taxonomy=domain, term_id="", slug=nicename, name=name))
            object_id = self.ids[kind].get(nicename)
            if object_id is not None:
                found[kind].add(object_id)
        return sorted(found[Kind.CATEGORY]), sorted(found[Kind.TAG])
