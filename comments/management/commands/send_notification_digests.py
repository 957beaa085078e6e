from django.core.management.base import BaseCommand

from comments.tasks import digests_schedule


class Command(BaseCommand):
    help = (
        "Send each person who chose a daily digest one email listing what waits for it "
        "(through the task queue). Run it once a day, e.g. from cron; running it twice sends "
        "nothing more."
    )

    def handle(self, *args, **options):
        people = digests_schedule()
        if not people:
            self.stdout.write("No digest to send.")
            return
        self.stdout.write(f"Digests queued for {people} {'person' if people == 1 else 'people'}.")
