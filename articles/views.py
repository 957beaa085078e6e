from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from caching import pages

from . import extensions
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
        Article.objects.published(),
        "articles/article_list.html",
        home_panels=extensions.home_templates(),
    )


@pages.cache_article_page(parameters=extensions.query_parameters)
def article_detail(request, slug):
    """The article page, with what the attached apps add (articles.extensions)."""
    return extensions.render_article_page(request, slug)


@pages.cache_listing_page
def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    return _listing(
        request,
        Article.objects.published().filter(categories=category),
        "articles/category_detail.html",
        category=category,
    )


@pages.cache_listing_page
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    return _listing(
        request,
        Article.objects.published().filter(tags=tag),
        "articles/tag_detail.html",
        tag=tag,
    )


@pages.cache_listing_page
def author_detail(request, username):
    author = get_object_or_404(get_user_model(), username=username, is_active=True)
    articles = Article.objects.published().by_author(author)
    if not articles.exists() and not (request.user.is_staff or request.user == author):
        # Readers without stories have no public page: no list of account names to crawl.
        return get_object_or_404(Article.objects.none())
    return _listing(request, articles, "articles/author_detail.html", author=author)
