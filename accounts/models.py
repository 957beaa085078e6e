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
        return self.display_name or self.get_full_name() or self.username

    def get_absolute_url(self):
        return reverse("articles:author", kwargs={"username": self.username})


def user_display(user) -> str:
    """How allauth names a user in its pages and emails."""
    return user.public_name
