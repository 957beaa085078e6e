from django.apps import AppConfig


class MedicalConfig(AppConfig):
    name = "medical"
    verbose_name = "Medical review"

    def ready(self):
        """Everything medical review adds to the article pages."""
        from articles import extensions

        from . import citations, jsonld, queries, safety

        extensions.register(
            extensions.ArticleExtension(
                name="medical",
                # "Medically reviewed by …" under the byline; the numbered sources after
                # the body. Both in the content every reader shares: the services announce
                # article_content_changed when a review or a source changes.
                content_panels={
                    "byline": extensions.Panel("medical/byline.html", queries.read_byline),
                    "after_body": extensions.Panel("medical/sources.html", queries.read_sources),
                },
                # [1] in the body made a link to source 1, with an id to link back to.
                body_html=citations.link_body,
                # MedicalWebPage with reviewedBy and lastReviewed; citation.
                jsonld=jsonld.add_review_and_citations,
            )
        )
        # "When to get help now" before the picture guide (after the sources, which belong
        # to the body): a second registration, as a slot takes one panel per extension.
        # Shared by the articles of a category: medical.safety announces its changes.
        extensions.register(
            extensions.ArticleExtension(
                name="medical_help_box",
                content_panels={
                    "after_body": extensions.Panel("medical/help_box.html", safety.read_help_box)
                },
            )
        )
