from django.urls import path, re_path

from . import feeds, views

app_name = "articles"

urlpatterns = [
    path("", views.article_list, name="list"),
    path("articles/<slug:slug>/", views.article_detail, name="detail"),
    # A page, under the slugs of the pages above it: /page/about/team/.
    re_path(r"^page/(?P<path>[-\w]+(?:/[-\w]+)*)/$", views.page_detail, name="page"),
    path("category/<slug:slug>/", views.category_detail, name="category"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag"),
    path("search/", views.search_page, name="search"),
    # The characters usernames may hold (Django's validator); no others reach the database.
    re_path(r"^authors/(?P<username>[\w.@+-]+)/$", views.author_detail, name="author"),
    path("feed/", feeds.LatestArticlesFeed(), name="feed"),
    path("feed/atom/", feeds.LatestArticlesAtomFeed(), name="feed-atom"),
]
