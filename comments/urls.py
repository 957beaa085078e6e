from django.urls import path

from . import action_views, feeds, views, views_email, views_follow, views_pins

app_name = "comments"

urlpatterns = [
    path("post/<slug:slug>/", views.post_comment, name="post"),
    path("<int:pk>/", views.permalink, name="permalink"),
    path("<int:pk>/edit/", views.edit_comment, name="edit"),
    path("<int:pk>/delete/", views.delete_comment, name="delete"),
    path("<int:pk>/flag/", views.flag_comment, name="flag"),
    path("moderate/<str:token>/", action_views.moderate, name="moderate"),
    path("<int:pk>/answer/", views_pins.pin_answer, name="answer-pin"),
    path("<int:pk>/answer/remove/", views_pins.unpin_answer, name="answer-unpin"),
    path("unsubscribe/<str:token>/", views_email.unsubscribe, name="unsubscribe"),
    path("email-settings/", views_email.email_settings, name="email-settings"),
    path("<int:pk>/helpful/", views_follow.helpful_vote, name="helpful"),
    path("<int:pk>/follow/", views_follow.follow_thread, name="follow-thread"),
    path("follow/<slug:slug>/", views_follow.follow_article, name="follow-article"),
    path(
        "follow/unsubscribe/<str:token>/",
        views_follow.follow_unsubscribe,
        name="follow-unsubscribe",
    ),
    path("notifications/", views_follow.notifications_page, name="notifications"),
    path("feed/", feeds.LatestCommentsFeed(), name="feed"),
    path("feed/<slug:slug>/", feeds.ArticleCommentsFeed(), name="article-feed"),
]
