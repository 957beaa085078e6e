from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        """Everything comments adds to an article page."""
        from articles import extensions

        from . import page, queries

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
