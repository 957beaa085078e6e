from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode

from caching import pages

from . import extensions, search
from .conf import conf
from .models import Article, Category, Tag


def paginate(request, queryset):
    """A page of the queryset. A page number that is not a number gives the first page,
    one past the end the last page: a bad link never costs the reader a 404 or a 500."""
    asked = request.GET.get("page")
    page = Paginator(queryset, conf.PER_PAGE).get_page(asked)
    if asked is not None and asked != str(page.number):
        pages.keep_out_of_cache(request)
    return page


def _listing(request, queryset, template, **context):
    page = paginate(request, extensions.extend_queryset(queryset.for_listing()))
    context = {
        "page_obj": page,
        "articles": page.object_list,
        "card_panels": extensions.card_templates(),
        **context,
    }
    return render(request, template, context)


@pages.cache_listing_page
def article_list(request):
    return _listing(
        request,
        Article.objects.published().posts(),
        "articles/article_list.html",
        home_panels=extensions.home_templates(),
    )


@pages.cache_article_page(parameters=extensions.query_parameters)
def article_detail(request, slug):
    """The article page, with what the attached apps add (articles.extensions)."""
    return extensions.render_article_page(request, slug)


def page_detail(request, path):
    """A page at its address (the slugs of the pages above it, then its own). An address
    that is no longer its own (a page moved under another) leads to the one that is. A
    page under a page that is not live (a draft) is not on the site either: readers get a
    404 (its address, which holds the draft's slug, is not given away), staff a preview."""
    page = get_object_or_404(
        Article.objects.visible_to(request.user).pages().only("slug", "parent_id", "kind"),
        slug=path.rsplit("/", 1)[-1],
    )
    if page.page_hidden_by is not None and not request.user.is_staff:
        raise Http404("A page above this one is not published.")
    if page.page_path != path:
        return redirect(page.get_absolute_url(), permanent=True)
    return article_detail(request, slug=page.slug)


@pages.cache_listing_page
def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    return _listing(
        request,
        Article.objects.published().posts().filter(categories=category),
        "articles/category_detail.html",
        category=category,
    )


@pages.cache_listing_page
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    return _listing(
        request,
        Article.objects.published().posts().filter(tags=tag),
        "articles/tag_detail.html",
        tag=tag,
    )


@pages.cache_listing_page
def author_detail(request, username):
    author = get_object_or_404(get_user_model(), username=username, is_active=True)
    articles = Article.objects.published().posts().by_author(author)
    if not articles.exists() and not (request.user.is_staff or request.user == author):
        # Readers without stories have no public page: no list of account names to crawl.
        return get_object_or_404(Article.objects.none())
    return _listing(request, articles, "articles/author_detail.html", author=author)


def search_page(request):
    """Search results, filtered by category and tag (articles.search). Not kept in the
    page cache: every query string is a page of its own, so the cache would fill with
    one-off searches, and a search is fast enough without it (12-28 ms in process on
    10,000 articles, bench/results/search.md)."""
    asked = search.read_query(request.GET)
    categories, tags = list(Category.objects.all()), list(Tag.objects.all())
    category = next((c for c in categories if c.slug == asked.category), None)
    tag = next((t for t in tags if t.slug == asked.tag), None)
    found = page = None
    articles = []
    if asked.text:
        found = search.find(asked.text, category=category, tag=tag)
        page = found.paginator.get_page(request.GET.get("page"))
        articles = search.articles_on(page, found.searched, extend=extensions.extend_queryset)
    filters = {name: label.slug for name, label in (("category", category), ("tag", tag)) if label}
    context = {
        "asked": asked,
        "found": found,
        "page_obj": page,
        "articles": articles,
        "categories": categories,
        "tags": tags,
        "category": category,
        "tag": tag,
        # The query string of this search, for the pages of results and the suggestion.
        "search_query": urlencode({"q": asked.text, **filters} if asked.text else {}),
        "suggestion_query": urlencode(
            {"q": found.suggestion, **filters} if found and found.suggestion else {}
        ),
        "card_panels": extensions.card_templates(),
    }
    return render(request, "articles/search.html", context)
