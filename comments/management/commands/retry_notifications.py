from django.core.management.base import BaseCommand

from comments.models import Notification
from comments.tasks import send_notification


class Command(BaseCommand):
    help = "Send again the comment notifications whose email failed (mail server down)."

    def handle(self, *args, **options):
        ids = list(
            Notification.objects.filter(status=Notification.Status.FAILED).values_list(
                "pk", flat=True
            )
        )
        outcomes = {"sent": 0, "failed": 0, "nothing to send": 0}
        for notification_id in ids:
            result = send_notification.enqueue(notification_id)
            outcome = result.return_value if result.is_finished else "queued"
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        self.stdout.write(
            f"{len(ids)} failed notification(s): "
            + ", ".join(f"{count} {name}" for name, count in outcomes.items() if count)
            if ids
            else "No failed notifications."
        )
