from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.module_loading import import_string

from . import page_cache
from .conf import conf
from .models import Article, Category, Tag


def paginate(request, queryset):
    """A page of the queryset. A page number that is not a number gives the first page,
    one past the end the last page: a bad link never costs the reader a 404 or a 500."""
    asked = request.GET.get("page")
    page = Paginator(queryset, conf.PER_PAGE).get_page(asked)
    if asked is not None and asked != str(page.number):
        page_cache.keep_out_of_cache(request)
    return page


def extend(queryset):
    """Let attached apps join what their panels need (see ARTICLES_QUERYSET_EXTENDERS)."""
    for path in conf.QUERYSET_EXTENDERS:
        queryset = import_string(path)(queryset)
    return queryset


def _listing(request, queryset, template, **context):
    page = paginate(request, extend(queryset.for_listing()))
    context = {
        "page_obj": page,
        "articles": page.object_list,
        "card_panels": conf.CARD_PANELS,
        **context,
    }
    return render(request, template, context)


@page_cache.cache_listing_page
def article_list(request):
    return _listing(
        request,
        Article.objects.published(),
        "articles/article_list.html",
        home_panels=conf.HOME_PANELS,
    )


@page_cache.cache_article_page
def article_detail(request, slug):
    """The article page. Its own content comes from fragments every reader shares (see
    the template), so the picture guide, categories, tags and the author's story count
    are read only when a fragment is rendered: lazily, from the template."""
    head_version, content_version = page_cache.fragment_versions(request, slug)
    queryset = extend(Article.objects.visible_to(request.user).select_related("author"))
    article = get_object_or_404(queryset, slug=slug)
    return render(
        request,
        "articles/article_detail.html",
        {
            "article": article,
            "page_panels": conf.PAGE_PANELS,
            "page_end_panels": conf.PAGE_END_PANELS,
            "fragment_seconds": conf.FRAGMENT_CACHE_SECONDS,
            "head_version": head_version,
            "content_version": content_version,
        },
    )


@page_cache.cache_listing_page
def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    return _listing(
        request,
        Article.objects.published().filter(categories=category),
        "articles/category_detail.html",
        category=category,
    )


@page_cache.cache_listing_page
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    return _listing(
        request,
        Article.objects.published().filter(tags=tag),
        "articles/tag_detail.html",
        tag=tag,
    )


@page_cache.cache_listing_page
def author_detail(request, username):
    author = get_object_or_404(get_user_model(), username=username, is_active=True)
    articles = Article.objects.published().by_author(author)
    if not articles.exists() and not (request.user.is_staff or request.user == author):
        # Readers without stories have no public page: no list of account names to crawl.
        return get_object_or_404(Article.objects.none())
    return _listing(request, articles, "articles/author_detail.html", author=author)
