from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content for trying the site: depends on every app, none depends on it."""

    name = "demo"
    verbose_name = "Demo content"
