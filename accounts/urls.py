from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("your-data/", views.your_data, name="your_data"),
    path("your-data/download/", views.your_data_download, name="your_data_download"),
    path("your-data/delete/", views.delete_account, name="delete_account"),
]
