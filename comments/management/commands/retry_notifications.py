from django.core.management.base import BaseCommand

from comments.tasks import notifications_retry_due

DESCRIPTIONS = {
    "failed": "failed, due again",
    "given up": "given up before, tried again",
    "unfinished": "unfinished (the worker stopped mid-send?)",
    "out of attempts": "unfinished with no attempt left: given up",
    "lost": "queued but never taken by a worker",
    "digest": "in a digest due again",
}


class Command(BaseCommand):
    help = (
        "Take up the comment notifications whose next attempt is due: failed sends after "
        "their delay, sends that never finished, queued ones no worker took. Run it every "
        "minute (README: Background worker)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--include-given-up",
            action="store_true",
            help="Also try again those that failed too often (their count starts again).",
        )

    def handle(self, *args, include_given_up=False, **options):
        counts = notifications_retry_due(include_given_up=include_given_up)
        if not counts:
            self.stdout.write("No notification is due.")
            return
        self.stdout.write(
            "Notifications taken up: "
            + "; ".join(f"{count} {DESCRIPTIONS[kind]}" for kind, count in counts.items())
            + "."
        )
