from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        """Everything comments adds to an article page."""
        from accounts import personal_data
        from articles import extensions

        from . import page, queries
        from . import personal_data as mine

        extensions.register(
            extensions.ArticleExtension(
                name="comments",
                # The thread and the comment form, after the author box.
                panels={"end": extensions.Panel("comments/article_panel.html", page.read_section)},
                # The thread's open/closed switch, joined to the article.
                queryset=queries.with_thread,
                # Its page of threads, and the comment a reader replies to.
                query_parameters=page.QUERY_PARAMETERS,
                # Commenters' names are on the pages of every article they wrote on.
                shows_person=queries.has_commented,
            )
        )
        # What it keeps about a person: in their data download, erased with their account.
        personal_data.register(
            personal_data.Holder("comments", export=mine.export, erase=mine.erase)
        )
