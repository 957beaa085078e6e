from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "ratings"
    verbose_name = "Ratings"

    def ready(self):
        """Everything ratings adds to the article pages and lists."""
        from accounts import personal_data
        from articles import extensions

        from . import jsonld, queries
        from . import personal_data as mine

        extensions.register(
            extensions.ArticleExtension(
                name="ratings",
                # Stars and thumbs, after the picture guide.
                panels={
                    "after_guide": extensions.Panel(
                        "ratings/article_panel.html", queries.read_panel
                    )
                },
                # The star average on each card, and "Top rated" on the home page.
                card_template="ratings/card_panel.html",
                home_template="ratings/home_panel.html",
                # The totals row, joined to the article.
                queryset=queries.with_rating_summary,
                # schema.org aggregateRating in the article's JSON-LD.
                jsonld=jsonld.add_aggregate_rating,
            )
        )
        # What it keeps about a person: in their data download, erased with their account.
        personal_data.register(
            personal_data.Holder("ratings", export=mine.export, erase=mine.erase)
        )
