import math
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.query import ModelIterable
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property, lazy
from django.utils.text import Truncator

from sciatica_site.sanitizer import clean_article_html, strip_all_tags

from .conf import conf
from .images import expand_library_images
from .outline import outline as outline_of

IMAGE_EXTENSIONS = ["jpg", "jpeg", "png", "gif", "webp"]


def validate_image_size(file):
    """Refuse uploads over the size limit, and images whose pixel count could exhaust
    memory when decoded, with messages an author can act on. A file already stored was
    checked when it came (or imported as the old blog had it): an article keeping it can
    still be saved."""
    if getattr(file, "_committed", False):
        return
    limit = conf.IMAGE_MAX_BYTES
    if file.size > limit:
        raise ValidationError(
            "This file is %(size).1f MB; images may be at most %(limit).1f MB. "
            "Save it smaller (for example as a JPEG at 1600 px wide) and upload it again.",
            code="file_too_large",
            params={"size": file.size / 1_048_576, "limit": limit / 1_048_576},
        )
    width = getattr(file, "width", None)
    height = getattr(file, "height", None)
    if width and height and width * height > conf.IMAGE_MAX_PIXELS:
        raise ValidationError(
            "This image is %(width)d × %(height)d pixels, larger than the site accepts. "
            "Resize it to at most a few thousand pixels on each side.",
            code="image_too_large",
            params={"width": width, "height": height},
        )


image_validators = [FileExtensionValidator(IMAGE_EXTENSIONS), validate_image_size]


def make_summary(*, excerpt, body_html) -> str:
    """An article's summary as plain text: its excerpt, or the opening 40 words of its
    body. (A plain function: the data migrations that fill summaries call it too.)"""
    if excerpt:
        return strip_all_tags(excerpt)
    return Truncator(strip_all_tags(body_html)).words(40, truncate="…")


def _image_help():
    return f"JPEG, PNG, GIF or WebP, at most {conf.IMAGE_MAX_BYTES / 1_048_576:g} MB."


# Read when shown, so that it follows ARTICLES_IMAGE_MAX_BYTES.
image_help_text = lazy(_image_help, str)()


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True, help_text="Shown at the top of its page.")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:category", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:tag", kwargs={"slug": self.slug})


# Columns only search reads: left out of the queries that show articles.
SEARCH_COLUMNS = ("body_text", "search_vector", "search_head")


# Deeper than any site's pages (WordPress's theme unit test goes 10 levels down): the
# walk up a page's parents stops there, should the pages ever sit in a circle.
MAX_PAGE_DEPTH = 100


@dataclass(frozen=True)
class PageAncestor:
    """A page above another: what its address and its "on the site?" need."""

    pk: int
    slug: str
    title: str
    is_live: bool


def page_ancestors_of(page_ids, *, using=None) -> dict[int, list[PageAncestor]]:
    """For each page id, the page and the pages above it, from the top page down: one
    query (a recursive one) whatever their number and depth. Ids not found are missing."""
    page_ids = list(dict.fromkeys(page_ids))
    if not page_ids:
        return {}
    connection = connections[using or router.db_for_read(Article)]
    quote = connection.ops.quote_name
    table = quote(Article._meta.db_table)
    live = tuple(Article.LIVE_STATUSES)
    columns = "id, slug, title, parent_id, status, published_at"
    # Only the table's quoted name and placeholders are put in the text; values are params.
    sql = f"""
        WITH RECURSIVE chain (start_id, {columns}, depth) AS (
            SELECT id, {columns}, 0 FROM {table}
            WHERE id IN ({", ".join(["%s"] * len(page_ids))})
          UNION ALL
            SELECT chain.start_id, {", ".join(f"up.{c}" for c in columns.split(", "))},
                   chain.depth + 1
            FROM {table} up JOIN chain ON up.id = chain.parent_id
            WHERE chain.depth < %s
        )
        SELECT start_id, id, slug, title,
               (status IN (%s, %s) AND published_at IS NOT NULL AND published_at <= %s)
        FROM chain ORDER BY start_id, depth
    """  # noqa: S608
    params = [*page_ids, MAX_PAGE_DEPTH, *live, timezone.now()]
    chains: dict[int, list[PageAncestor]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for start_id, pk, slug, title, is_live in cursor.fetchall():
            chain = chains.setdefault(start_id, [])
            if any(ancestor.pk == pk for ancestor in chain):
                continue  # pages in a circle (never saved by the site): stop the walk
            chain.append(PageAncestor(pk, slug, title, bool(is_live)))
    return {start_id: chain[::-1] for start_id, chain in chains.items()}


def _pages_under_hidden_pages(now) -> RawSQL:
    """The ids of the pages and pages below them, from each page that is not live down."""
    table = connections[DEFAULT_DB_ALIAS].ops.quote_name(Article._meta.db_table)
    # Only the table's quoted name is put in the text; values are params.
    sql = f"""
        WITH RECURSIVE below (id, depth) AS (
            SELECT id, 0 FROM {table}
            WHERE kind = %s AND NOT (
                status IN (%s, %s) AND published_at IS NOT NULL AND published_at <= %s
            )
          UNION ALL
            SELECT child.id, below.depth + 1
            FROM {table} child JOIN below ON child.parent_id = below.id
            WHERE below.depth < %s
        )
        SELECT id FROM below
    """  # noqa: S608
    return RawSQL(sql, [Article.Kind.PAGE, *Article.LIVE_STATUSES, now, MAX_PAGE_DEPTH])  # noqa: S611


class WithPagePathsIterable(ModelIterable):
    """Articles as ModelIterable gives them, pages with their page_ancestors (and so
    their page_path) read for all of them in one query."""

    def __iter__(self):
        yield from attach_page_paths(list(super().__iter__()), using=self.queryset.db)


def attach_page_paths(articles, *, using=None):
    """Give each of `articles` (read some other way: joined to comments, follows...) its
    page_ancestors, for all of them in one query at most, so that their addresses cost
    nothing more. Returns `articles`."""
    parent_ids = [a.parent_id for a in articles if a.__dict__.get("parent_id") is not None]
    chains = page_ancestors_of(parent_ids, using=using)
    for article in articles:
        if "page_ancestors" not in article.__dict__:
            chain = chains.get(article.__dict__.get("parent_id"), [])
            article.page_ancestors = _above(chain, article.pk)
    return articles


def _above(chain, pk) -> list[PageAncestor]:
    """The part of a parent's chain above the page `pk`: all of it, unless the pages sit
    in a circle (never saved by the site), when it starts below the page itself."""
    for index in range(len(chain) - 1, -1, -1):
        if chain[index].pk == pk:
            return chain[index + 1 :]
    return chain


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public may read: published or scheduled, and its time has come."""
        now = now or timezone.now()
        return self.filter(status__in=Article.LIVE_STATUSES, published_at__lte=now)

    def on_site(self, now=None):
        """What readers can open: published() less the pages under a page that is not
        live (a draft above them hides them, see Article.is_on_site). One query: the
        hidden pages are a recursive subquery."""
        now = now or timezone.now()
        return self.published(now).exclude(pk__in=_pages_under_hidden_pages(now))

    def visible_to(self, user):
        """Staff preview drafts and scheduled articles; everyone else sees published ones."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        return self.published()

    def by_author(self, user):
        return self.filter(author=user)

    def posts(self):
        """Articles proper: what lists, feeds, search and the sitemap show (not pages)."""
        return self.filter(kind=Article.Kind.POST)

    def pages(self):
        """The site's pages ("About", "Contact"...), each at its own address."""
        return self.filter(kind=Article.Kind.PAGE)

    def with_page_paths(self):
        """Pages with the pages above them read in one query for the whole list, not one
        per page: for lists of pages (the admin's, the sitemap). Keep parent_id loaded."""
        clone = self._chain()
        clone._iterable_class = WithPagePathsIterable
        return clone

    def showing_library_image(self, library_image):
        """Articles and pages whose text shows the library image (articles.images)."""
        from .images import library_image_marks

        shows = Q()
        for mark in library_image_marks(library_image):
            shows |= Q(body__contains=mark) | Q(body_html__contains=mark)
        return self.filter(shows)

    def for_listing(self):
        """What a list of article cards needs, in one query (the bodies are left out)."""
        return self.select_related("author").defer("body", "body_html", *SEARCH_COLUMNS)

    def without_search_columns(self):
        """Leave out what only search reads (the plain-text body, the search vectors)."""
        return self.defer(*SEARCH_COLUMNS)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    class Kind(models.TextChoices):
        POST = "post", "Article"
        PAGE = "page", "Page"

    # Live once their publication time has come (ArticleQuerySet.published).
    LIVE_STATUSES = (Status.PUBLISHED, Status.SCHEDULED)

    # A page (written in the admin or imported from WordPress) is an article kept out of
    # lists, feeds, search and "read next", at /page/<parent slugs>/<slug>/; it takes
    # comments like any article. It is on the site only when it and every page above it
    # are live (see page_ancestors): a page under a draft is not shown, and its address
    # does not change when the page above is published.
    kind = models.CharField(
        max_length=4,
        choices=Kind.choices,
        default=Kind.POST,
        # Not in model forms (nor in the medical app's history of what authors wrote): the
        # admin's form has its own fields for the kind and the parent (ArticleAdminForm).
        editable=False,
        help_text="Page: a page of the site (About, Contact...) rather than an article: not "
        "listed, at /page/<parent>/<slug>/.",
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        editable=False,  # (as for the kind)
        limit_choices_to={"kind": "page"},
        help_text="Pages only: the page this one sits under (its address starts with it).",
    )

    title = models.CharField(max_length=200)
    slug = models.SlugField(
        max_length=200, unique=True, help_text="The last part of the article's address."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="articles"
    )
    excerpt = models.TextField(
        blank=True,
        max_length=600,
        help_text="One or two plain sentences for lists, feeds and search results. "
        "Left empty, the start of the body is used.",
    )
    body = models.TextField(
        help_text="HTML. Headings (h2-h6), paragraphs, lists, links, emphasis, figures, "
        "images and tables are kept; scripts, styles and event handlers are removed on save."
    )
    body_html = models.TextField(editable=False, default="")
    summary_text = models.TextField(
        editable=False, default="", help_text="The plain-text summary, worked out on save."
    )
    body_text = models.TextField(
        editable=False,
        default="",
        help_text="The body as plain text, worked out on save: search reads and quotes it.",
    )
    word_count = models.PositiveIntegerField(
        editable=False, default=0, help_text="Words in the body, worked out on save."
    )
    # Title (weight A), excerpt (B), body and picture-guide captions and alt text (C),
    # stemmed for English: what a search matches. Kept current by articles.search (on
    # every save of an article or a step); its GIN index is made by migration 0006 on
    # PostgreSQL only. `search_head` is its title and excerpt alone: small enough to rank
    # thousands of matches without reading their bodies' vectors.
    search_vector = SearchVectorField(null=True, editable=False)
    search_head = SearchVectorField(null=True, editable=False)
    featured_image = models.ImageField(
        upload_to="articles/featured/%Y/%m/",
        blank=True,
        validators=image_validators,
        width_field="featured_image_width",
        height_field="featured_image_height",
        help_text=image_help_text,
    )
    featured_image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    featured_image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    featured_image_alt = models.CharField(
        max_length=250,
        blank=True,
        help_text="What the image shows, for people who cannot see it.",
    )
    guide_title = models.CharField(
        max_length=200,
        blank=True,
        default="Step-by-step picture guide",
        help_text="Heading of the picture guide, shown when the article has steps.",
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text="Draft: only staff see it. Scheduled: goes live by itself at the "
        "publication time. Published: live now.",
    )
    published_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        help_text="When it goes (or went) live. Filled in with now when you publish.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"])]
        permissions = [("edit_others_articles", "Can edit and publish other people's articles")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_live_has_publication_time",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.body_html = expand_library_images(clean_article_html(self.body))
        self.summary_text = self.compute_summary()
        self.body_text = strip_all_tags(self.body_html)
        self.word_count = len(self.body_text.split())
        if self.status != self.Status.DRAFT and not self.published_at:
            self.published_at = timezone.now()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.kind == self.Kind.PAGE:
            return reverse("articles:page", kwargs={"path": self.page_path})
        return reverse("articles:detail", kwargs={"slug": self.slug})

    @cached_property
    def page_ancestors(self) -> list[PageAncestor]:
        """The pages above this one, from the top page down: one query whatever the depth
        (ArticleQuerySet.with_page_paths sets it for a whole list in one query too)."""
        if self.parent_id is None:
            return []
        return _above(page_ancestors_of([self.parent_id]).get(self.parent_id, []), self.pk)

    @cached_property
    def page_path(self) -> str:
        """A page's slugs from the top page down ("about/team")."""
        return "/".join([*(ancestor.slug for ancestor in self.page_ancestors), self.slug])

    @property
    def page_hidden_by(self) -> PageAncestor | None:
        """The topmost page above this one that is not live (a draft, or scheduled for
        later): while there is one, this page is not on the site, whatever its status."""
        return next((ancestor for ancestor in self.page_ancestors if not ancestor.is_live), None)

    @property
    def is_on_site(self) -> bool:
        """Live, and (for a page) every page above it live: what readers can open."""
        return self.is_live and (self.kind != self.Kind.PAGE or self.page_hidden_by is None)

    def clean(self):
        if self.parent_id is not None and self.kind != self.Kind.PAGE:
            raise ValidationError(
                {
                    "parent": "Only pages sit under another page: make this a page, or leave "
                    "the parent page empty."
                }
            )
        if self.parent_id is not None:
            self._check_parent()
        if self.pk and self.kind != self.Kind.PAGE and self.children.exists():
            raise ValidationError(
                {
                    "kind": "Other pages sit under this page: move them to another page (or "
                    "to the top) before making it an article."
                }
            )
        now = timezone.now()
        if self.status == self.Status.SCHEDULED and not self.published_at:
            raise ValidationError(
                {"published_at": "A scheduled article needs the time it should go live."}
            )
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = now
        if self.status == self.Status.PUBLISHED and self.published_at > now:
            # Publishing with a future time is scheduling; say so in the status.
            self.status = self.Status.SCHEDULED

    def _check_parent(self):
        """The parent must be another page, and not one of this page's own pages (the
        pages would sit under each other in a circle, with no address)."""
        if self.pk is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": "A page cannot sit under itself."})
        parent = Article.objects.filter(pk=self.parent_id).only("kind", "title").first()
        if parent is None or parent.kind != self.Kind.PAGE:
            raise ValidationError({"parent": "Choose a page (not an article) as the parent."})
        if self.pk is None:
            return
        above_parent = page_ancestors_of([self.parent_id], using=DEFAULT_DB_ALIAS)[self.parent_id]
        if any(ancestor.pk == self.pk for ancestor in above_parent):
            raise ValidationError(
                {
                    "parent": f"“{parent.title}” sits under this page already: a page "
                    "cannot sit under one of its own pages. Choose a page outside this one."
                }
            )

    @property
    def is_live(self) -> bool:
        return (
            self.status != self.Status.DRAFT
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @cached_property
    def author_story_count(self) -> int:
        """How many published articles the author has, for the author box: one query, made
        only when the box is rendered (not when it comes from the fragment cache)."""
        return Article.objects.published().posts().filter(author_id=self.author_id).count()

    @property
    def reading_minutes(self) -> int:
        """Minutes to read the body at conf.READING_WORDS_PER_MINUTE, rounded up."""
        return max(1, math.ceil(self.word_count / conf.READING_WORDS_PER_MINUTE))

    @cached_property
    def guide_steps(self) -> list["GuideStep"]:
        """The picture guide's steps, read once for the table of contents and the guide."""
        return list(self.steps.all())

    @cached_property
    def outline(self):
        """The body with an anchor on each h2 and h3, and the table of contents they make
        (articles.outline); worked out when the article's content fragment renders."""
        return outline_of(self.body_html)

    @cached_property
    def related_articles(self) -> list["Article"]:
        """Articles to read next (articles.related): one query, made only when the
        content fragment renders."""
        from .related import related_articles

        return related_articles(self)

    @cached_property
    def summary(self) -> str:
        """The excerpt, or the opening words of the body, as plain text."""
        return self.summary_text or self.compute_summary()

    def compute_summary(self) -> str:
        return make_summary(excerpt=self.excerpt, body_html=self.body_html)


class GuideStep(models.Model):
    """One picture of the step-by-step guide at the bottom of an article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Steps are shown in this order (lowest first)."
    )
    image = models.ImageField(
        upload_to="articles/steps/%Y/%m/",
        validators=image_validators,
        width_field="image_width",
        height_field="image_height",
        help_text=image_help_text,
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt_text = models.CharField(
        max_length=250, help_text="What the picture shows, for people who cannot see it."
    )
    caption = models.CharField(
        max_length=500, blank=True, help_text="What to do in this step, shown under the image."
    )

    class Meta:
        ordering = ["article", "position", "id"]
        verbose_name = "picture-guide step"

    def __str__(self):
        return f"{self.article} — step {self.position}"


class SearchWord(models.Model):
    """A word of the live articles: the vocabulary that corrects a mistyped search
    ("siatica" → "sciatica"). Filled by articles.search as articles are saved, rebuilt by
    `manage.py rebuild_search_index`; its trigram index is made by migration 0006 on
    PostgreSQL only."""

    word = models.CharField(max_length=40, primary_key=True)

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word


class ArticleImage(models.Model):
    """A picture of the media library, for the text of articles (the editor inserts it as a
    figure). Its renditions (articles.images: 480, 960 and 1600 px wide WebP files, never
    wider than the upload) are made once, when it is uploaded; the article page shows them
    as a srcset with the width and height of each."""

    image = models.ImageField(
        upload_to="articles/library/%Y/%m/",
        validators=image_validators,
        width_field="width",
        height_field="height",
        help_text=image_help_text,
    )
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    alt_text = models.CharField(
        max_length=250,
        blank=True,
        help_text="What the picture shows, for people who cannot see it. Required unless "
        "the picture is decorative.",
    )
    decorative = models.BooleanField(
        default=False,
        help_text="Only decoration, adding nothing to the text: screen readers skip it.",
    )
    caption = models.CharField(
        max_length=500, blank=True, help_text="Shown under the picture (optional)."
    )
    renditions = models.JSONField(
        default=list,
        editable=False,
        help_text="The resized copies: [{'width', 'height', 'name'}], narrowest first.",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "image for the text"
        verbose_name_plural = "images for the text"
        constraints = [
            models.CheckConstraint(
                condition=Q(decorative=True) | ~Q(alt_text=""),
                name="articleimage_alt_text_unless_decorative",
            )
        ]

    def __str__(self):
        return self.alt_text or self.caption or f"Decorative image {self.pk}"

    def clean(self):
        self.alt_text = self.alt_text.strip()
        if not self.decorative and not self.alt_text:
            raise ValidationError(
                {
                    "alt_text": "Describe what the picture shows, or tick “decorative” if it "
                    "adds nothing to the text."
                }
            )
        if self.decorative:
            self.alt_text = ""
