from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import ROLES


class Command(BaseCommand):
    help = "Give a user a back-office role (Authors, Editors, Moderators); --remove takes it away."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("role", choices=sorted(ROLES))
        parser.add_argument("--remove", action="store_true")

    def handle(self, username, role, remove, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"There is no user called {username!r}.") from error
        group = Group.objects.get(name=role)
        if remove:
            user.groups.remove(group)
            if not user.is_superuser and not user.groups.filter(name__in=list(ROLES)).exists():
                user.is_staff = False
        else:
            user.groups.add(group)
            user.is_staff = True
        user.save(update_fields=["is_staff"])
        verb = "no longer has" if remove else "now has"
        self.stdout.write(self.style.SUCCESS(f"{username} {verb} the role {role}."))
