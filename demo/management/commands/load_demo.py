"""Load the demo content. Safe to run again: it updates what is there and adds what is not."""

import os
import secrets

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction

from articles.models import Article, Category, GuideStep, Tag
from demo import content
from demo.comments import load_demo_comments
from demo.drawing import draw_png
from demo.feedback import load_demo_feedback
from demo.medical import load_demo_medical
from demo.ratings import load_demo_ratings

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD_DEFAULT = "demo-admin-2026"  # with debug on (make run) only
DEMO_ADMIN_EMAIL = "admin@example.org"

FEATURED_POSES = {
    content.MAIN_ARTICLE["slug"]: ("walking", "A person walking briskly over green hills."),
    "sitting-with-a-sore-back": (
        "sitting",
        "A person sitting upright on a chair, the screen at eye level.",
    ),
    "sleeping-positions-for-leg-pain": (
        "side_sleeping",
        "A person asleep on their side with a pillow between the knees.",
    ),
}


def _png(pose):
    """A drawing as a named file: ImageField reads the width and height of a named file
    only, and a step saved without them costs every page view a read of the image."""
    return ContentFile(draw_png(pose), name=f"{pose}.png")


class Command(BaseCommand):
    help = "Create the demo articles, their author and a demo admin account (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the demo admin account."
        )

    @transaction.atomic
    def handle(self, *args, **options):
        author = self._author()
        categories = {
            data["slug"]: Category.objects.update_or_create(
                slug=data["slug"],
                defaults={"name": data["name"], "description": data["description"]},
            )[0]
            for data in content.CATEGORIES
        }
        tags = {
            name: Tag.objects.update_or_create(
                slug=name.replace(" ", "-"), defaults={"name": name}
            )[0]
            for name in content.TAGS
        }
        main = self._article(content.MAIN_ARTICLE, author, categories, tags)
        self._steps(main, content.MAIN_ARTICLE_STEPS)
        load_demo_medical(main)
        load_demo_comments(main)
        load_demo_ratings(main)
        load_demo_feedback(main)
        for data in content.OTHER_ARTICLES:
            self._article(data, author, categories, tags)

        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready: {Article.objects.count()} articles.")
        )
        if not options["no_admin"]:
            self._admin()

    def _author(self):
        data = dict(content.MAIN_AUTHOR)
        username = data.pop("username")
        author, created = get_user_model().objects.update_or_create(
            username=username, defaults=data
        )
        if created:
            author.set_unusable_password()
            author.save(update_fields=["password"])
        return author

    def _article(self, data, author, categories, tags):
        article = Article.objects.filter(slug=data["slug"]).first() or Article(slug=data["slug"])
        before = self._snapshot(article)
        article.title = data["title"]
        article.author = author
        article.excerpt = data["excerpt"]
        article.body = data["body"].strip()
        article.guide_title = data.get("guide_title", article.guide_title)
        article.status = Article.Status.PUBLISHED
        article.published_at = data["published_at"]
        pose, alt = FEATURED_POSES[data["slug"]]
        if not article.featured_image:
            article.featured_image.save(f"{pose}.png", _png(pose), save=False)
        article.featured_image_alt = alt
        if article.pk is None or self._snapshot(article) != before:
            article.save()
            # Written once, on its publication date: not "updated" on the day the demo was
            # loaded (auto_now would say so on every article).
            Article.objects.filter(pk=article.pk).update(updated_at=data["published_at"])
        article.categories.set([categories[slug] for slug in data["categories"]])
        article.tags.set([tags[name] for name in data["tags"]])
        return article

    @staticmethod
    def _snapshot(article):
        fields = ["title", "author_id", "excerpt", "body", "guide_title", "status",
                  "published_at", "featured_image", "featured_image_alt"]  # fmt: skip
        return [str(getattr(article, name)) for name in fields]

    def _steps(self, article, steps):
        existing = {step.position: step for step in article.steps.all()}
        for position, (pose, alt_text, caption) in enumerate(steps, start=1):
            step = existing.pop(position, None) or GuideStep(article=article, position=position)
            if step.pk and (step.alt_text, step.caption) == (alt_text, caption) and step.image:
                continue
            step.alt_text = alt_text
            step.caption = caption
            if not step.image:
                step.image.save(f"step-{position}-{pose}.png", _png(pose), save=False)
            step.save()
        for leftover in existing.values():
            leftover.delete()

    def _admin(self):
        """The demo admin account. Its password is set when the account is made, or when
        DEMO_ADMIN_PASSWORD asks for one: running the command again never puts back a
        password the operator has changed. With debug off (a real server) there is no
        well-known default: a random password is made and printed once."""
        User = get_user_model()
        chosen = os.environ.get("DEMO_ADMIN_PASSWORD")
        admin = User.objects.filter(username=DEMO_ADMIN_USERNAME).first()
        if admin is not None and not chosen:
            self.stdout.write(
                f"Demo admin account '{DEMO_ADMIN_USERNAME}' exists; its password is left as "
                "it is (set DEMO_ADMIN_PASSWORD to set one)."
            )
            return
        password = chosen or (
            DEMO_ADMIN_PASSWORD_DEFAULT if settings.DEBUG else secrets.token_urlsafe(12)
        )
        admin = admin or User(
            username=DEMO_ADMIN_USERNAME, email=DEMO_ADMIN_EMAIL, display_name="Site admin"
        )
        admin.is_staff = admin.is_superuser = admin.is_active = True
        admin.set_password(password)
        admin.save()
        # Confirmed, so that the account can also log in where readers do (allauth asks
        # for a confirmed address).
        EmailAddress.objects.update_or_create(
            user=admin, email=admin.email, defaults={"verified": True, "primary": True}
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo admin account: username '{DEMO_ADMIN_USERNAME}', password '{password}' "
                "(log in at /admin/)."
                + (" For local trial only." if password == DEMO_ADMIN_PASSWORD_DEFAULT else "")
            )
        )
