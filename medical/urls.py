from django.urls import path

from . import views

app_name = "medical"

urlpatterns = [
    path("<slug:slug>/", views.reviewer_detail, name="reviewer"),
]
