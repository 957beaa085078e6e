from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse


class User(AbstractUser):
    """A person with an account: reader, author, moderator or operator."""

    display_name = models.CharField(
        max_length=80,
        blank=True,
        help_text="The name shown on articles and comments. Falls back to the full name, "
        "then the username.",
    )
    bio = models.TextField(
        blank=True,
        max_length=2000,
        help_text="A few plain sentences about this person, shown in the author box.",
    )

    class Meta:
        ordering = ["username"]

    def __str__(self):
        return self.public_name

    @property
    def public_name(self) -> str:
        return public_name(self.display_name, self.first_name, self.last_name, self.username)

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"username": self.username})


def public_name(display_name, first_name, last_name, username) -> str:
    """The name a person is shown by: the display name, else the full name, else the
    username. A plain function, so that reads of bare values (a comment thread) name
    people exactly as User.public_name does."""
    return display_name or f"{first_name} {last_name}".strip() or username


def user_display(user) -> str:
    """How allauth names a user in its pages and emails."""
    return user.public_name
