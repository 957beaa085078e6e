from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        from articles import page_cache

        from .models import Comment

        # Commenters' names are on the pages of every article they wrote on.
        page_cache.watch_people(
            lambda person: Comment.objects.filter(author_id=person.pk).exists(),
            name="commenters",
        )
