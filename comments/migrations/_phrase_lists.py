"""What the data migrations that add default screening phrases (0006, 0009, 0010) share.
Its name starts with "_", so Django's migration loader does not take it for a migration.

`phrase_list(lists)` gives the (add, remove) pair for RunPython, from
{kind: {note: [phrase, ...]}}. Adding keeps what is on the list already (a moderator's
edits stay); removing takes away only the rows still as added (same kind, phrase, note)."""


def phrase_list(lists):
    def rows():
        for kind, groups in lists.items():
            for note, phrases in groups.items():
                for phrase in phrases:
                    yield kind, phrase, note

    def add_phrases(apps, schema_editor):
        ScreeningPhrase = apps.get_model("comments", "ScreeningPhrase")
        for kind, phrase, note in rows():
            ScreeningPhrase.objects.get_or_create(kind=kind, phrase=phrase, defaults={"note": note})

    def remove_phrases(apps, schema_editor):
        ScreeningPhrase = apps.get_model("comments", "ScreeningPhrase")
        for kind, phrase, note in rows():
            ScreeningPhrase.objects.filter(kind=kind, phrase=phrase, note=note).delete()

    return add_phrases, remove_phrases
