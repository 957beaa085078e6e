"""Write every article's search data again: plain-text body, word count, search vector, and
the vocabulary that corrects typos. Saves keep them current (articles.search); run this
after writes that skip save(): a bulk load, raw SQL, a restore from an old dump."""

from django.core.management.base import BaseCommand

from articles import search
from articles.models import Article, SearchWord


class Command(BaseCommand):
    help = __doc__.split("\n")[0]

    def handle(self, *args, **options):
        rewritten = search.rebuild()
        self.stdout.write(
            f"Search index rebuilt: {Article.objects.count()} articles "
            f"({rewritten} plain-text bodies rewritten), {SearchWord.objects.count()} words."
        )
