"""The one path every writer takes: compare the fingerprint, create or update, report."""

import pytest

from articles.models import Category
from wpimport.models import ImportedItem
from wpimport.report import ImportReport
from wpimport.writers.ledger import DELETED_HERE, Kind, Ledger, Skip, fingerprint

pytestmark = pytest.mark.django_db

SITE = "oldblog.example.net"


def new_run():
    """A ledger as a run starts it: what earlier runs remembered is loaded again."""
    return Ledger(site=SITE, report=ImportReport())


def write_category(object_id, values):
    if object_id is None:
        return Category.objects.create(**values).pk
    Category.objects.filter(pk=object_id).update(**values)
    return object_id


def must_not_write(object_id, values):
    pytest.fail("an unchanged or deleted item must not be written")


def import_hips(ledger, *, name="Hips", write=write_category, **options):
    return ledger.import_item(
        Kind.CATEGORY,
        "7",
        values=lambda: {"name": name, "slug": "hips"},
        write=write,
        label="Hips",
        **options,
    )


def test_a_new_item_is_created_remembered_and_counted():
    ledger = new_run()
    category_id = import_hips(ledger)
    record = ImportedItem.objects.get(site=SITE, kind=Kind.CATEGORY, wp_id="7")
    assert record.object_id == category_id == Category.objects.get(slug="hips").pk
    assert record.content_hash == fingerprint({"name": "Hips", "slug": "hips"})
    assert ledger.report.total("categories", "created") == 1


def test_an_item_met_again_as_it_was_is_not_written():
    category_id = import_hips(new_run())
    ledger = new_run()
    assert import_hips(ledger, write=must_not_write) == category_id
    assert ledger.report.total("categories", "unchanged") == 1


def test_a_changed_item_is_updated_and_its_new_fingerprint_remembered():
    category_id = import_hips(new_run())
    ledger = new_run()
    assert import_hips(ledger, name="Hips and knees") == category_id
    assert Category.objects.get(pk=category_id).name == "Hips and knees"
    record = ImportedItem.objects.get(site=SITE, kind=Kind.CATEGORY, wp_id="7")
    assert record.content_hash == fingerprint({"name": "Hips and knees", "slug": "hips"})
    assert ledger.report.total("categories", "updated") == 1


def test_an_item_deleted_here_stays_deleted_and_its_values_are_not_made():
    Category.objects.filter(pk=import_hips(new_run())).delete()
    ledger = new_run()
    result = ledger.import_item(
        Kind.CATEGORY,
        "7",
        values=lambda: pytest.fail("values made for an item deleted here"),
        write=must_not_write,
        label="Hips",
    )
    assert result is None
    assert ledger.report.reasons["categories"][DELETED_HERE] == 1
    assert not Category.objects.exists()


def test_a_write_that_skips_keeps_the_object_and_the_old_fingerprint():
    category_id = import_hips(new_run())
    old_hash = ImportedItem.objects.get(site=SITE, wp_id="7").content_hash

    def refuse(object_id, values):
        raise Skip("the new name is taken here")

    ledger = new_run()
    assert import_hips(ledger, name="Knees", write=refuse) == category_id
    assert ledger.report.reasons["categories"]["the new name is taken here"] == 1
    assert ledger.report.examples[("categories", "the new name is taken here")] == ["Hips"]
    assert ImportedItem.objects.get(site=SITE, wp_id="7").content_hash == old_hash
    assert Category.objects.get(pk=category_id).name == "Hips"


def test_an_existing_object_adopted_for_a_new_item_is_remembered_as_unchanged():
    existing = Category.objects.create(name="Hips", slug="hips")
    ledger = new_run()
    assert import_hips(ledger, write=must_not_write, adopt=lambda: existing.pk) == existing.pk
    assert ImportedItem.objects.get(site=SITE, wp_id="7").object_id == existing.pk
    assert ledger.report.total("categories", "unchanged") == 1
    assert Category.objects.count() == 1
