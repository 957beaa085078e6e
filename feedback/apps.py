from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = "Did this help?"

    def ready(self):
        """Everything feedback adds to the article page: one block, after the picture guide,
        asking for the article and for each of its steps."""
        from accounts import personal_data
        from articles import extensions

        from . import personal_data as mine
        from . import queries

        extensions.register(
            extensions.ArticleExtension(
                name="feedback",
                panels={
                    "after_guide": extensions.Panel(
                        "feedback/article_panel.html", queries.read_panel
                    )
                },
            )
        )
        # What it keeps about a person: in their data download, erased with their account.
        personal_data.register(
            personal_data.Holder("feedback", export=mine.export, erase=mine.erase)
        )
