from django.core.management.base import BaseCommand

from comments.helpful import helpful_recount


class Command(BaseCommand):
    help = (
        'Set every comment\'s "helpful" count from its votes and say how many had drifted '
        "(they should not: every vote goes through comments/helpful.py)."
    )

    def handle(self, *args, **options):
        wrong = helpful_recount()
        if not wrong:
            self.stdout.write(
                self.style.SUCCESS("Every comment's helpful count matches its votes.")
            )
            return
        plural = "s" if wrong != 1 else ""
        self.stdout.write(
            self.style.WARNING(f"Corrected the helpful count of {wrong} comment{plural}.")
        )
