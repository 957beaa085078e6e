from django.core.management.base import BaseCommand

from feedback.models import Choice
from feedback.queries import item_name
from feedback.services import COUNT_FIELDS, results_recompute


class Command(BaseCommand):
    help = (
        'Rebuild every "Did this help?" result (per article and per step) from the answers '
        "and report each one whose stored totals had drifted."
    )

    def handle(self, *args, **options):
        drifts = results_recompute()
        if not drifts:
            self.stdout.write(self.style.SUCCESS("No drift: every result matches its answers."))
            return
        for drift in drifts:
            item = item_name(drift.step)
            changes = ", ".join(
                f"{Choice(field).label.lower()} {drift.stored[field]} -> {drift.actual[field]}"
                for field in COUNT_FIELDS
                if drift.stored[field] != drift.actual[field]
            )
            self.stdout.write(
                f'Drift in "{drift.article.title}" ({drift.article.slug}), {item}: {changes}'
            )
        self.stdout.write(
            self.style.WARNING(f"Rebuilt {len(drifts)} result{'s' if len(drifts) != 1 else ''}.")
        )
