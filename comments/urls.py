from django.urls import path

from . import feeds, views

app_name = "comments"

urlpatterns = [
    path("post/<slug:slug>/", views.post_comment, name="post"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("<int:pk>/edit/", views.edit_comment, name="edit"),
    path("<int:pk>/delete/", views.delete_comment, name="delete"),
    path("<int:pk>/flag/", views.flag_comment, name="flag"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("feed/", feeds.LatestCommentsFeed(), name="feed"),
    path("feed/<slug:slug>/", feeds.ArticleCommentsFeed(), name="article-feed"),
]
