from django.apps import AppConfig


class WpimportConfig(AppConfig):
    """Importing a WordPress export (WXR): depends on articles, comments and ratings."""

    name = "wpimport"
    verbose_name = "WordPress import"
