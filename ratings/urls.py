from django.urls import path

from . import views

app_name = "ratings"

urlpatterns = [
    path("<slug:slug>/stars/", views.star_vote, name="star-vote"),
    path("<slug:slug>/stars/withdraw/", views.star_withdraw, name="star-withdraw"),
    path("<slug:slug>/thumbs/", views.thumb_vote, name="thumb-vote"),
    path("<slug:slug>/thumbs/withdraw/", views.thumb_withdraw, name="thumb-withdraw"),
]
