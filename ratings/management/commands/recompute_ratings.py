from django.core.management.base import BaseCommand

from ratings.models import SCORES, votes_of_field
from ratings.services import VOTE_FIELDS, summaries_recompute

LABELS = {
    "star_count": "star votes",
    "star_sum": "sum of stars",
    "thumbs_up": "thumbs up",
    "thumbs_down": "thumbs down",
    **{votes_of_field(score): f"{score}-star votes" for score in SCORES},
}


class Command(BaseCommand):
    help = (
        "Rebuild every article's rating totals from the votes and report each article whose "
        "stored totals had drifted. Imported totals (from the old site) are kept."
    )

    def handle(self, *args, **options):
        drifts = summaries_recompute()
        if not drifts:
            self.stdout.write(
                self.style.SUCCESS("No drift: every article's totals match its votes.")
            )
            return
        for drift in drifts:
            changes = ", ".join(
                f"{LABELS[field]} {drift.stored[field]} -> {drift.actual[field]}"
                for field in VOTE_FIELDS
                if drift.stored[field] != drift.actual[field]
            )
            self.stdout.write(f'Drift in "{drift.article.title}" ({drift.article.slug}): {changes}')
        self.stdout.write(
            self.style.WARNING(
                f"Rebuilt the totals of {len(drifts)} article{'s' if len(drifts) != 1 else ''}."
            )
        )
