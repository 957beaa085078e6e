"""Clean every article body again with today's sanitiser: the code inside <script> and
<style> used to be kept as text (shown on the page), and ids the page uses itself
(#comments, #respond) were kept. Only rows whose HTML changes are written."""

from django.db import migrations


def clean_again(apps, schema_editor):
    from articles.models import make_summary
    from sciatica_site.sanitizer import clean_article_html

    Article = apps.get_model("articles", "Article")
    for article in Article.objects.only("pk", "body", "body_html", "excerpt").iterator():
        cleaned = clean_article_html(article.body)
        if cleaned == article.body_html:
            continue
        summary = make_summary(excerpt=article.excerpt, body_html=cleaned)
        Article.objects.filter(pk=article.pk).update(body_html=cleaned, summary_text=summary)


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_fill_image_dimensions")]

    operations = [migrations.RunPython(clean_again, migrations.RunPython.noop)]
