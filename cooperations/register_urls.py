"""The public register at /register/ (issue 17): no account needed."""

from django.urls import path

from . import register_views as views

app_name = "register"

urlpatterns = [
    path("", views.register_list, name="register_list"),
    path("<int:pk>/", views.register_detail, name="register_detail"),
    path(
        "<int:pk>/dokumente/<int:document_pk>/",
        views.register_document_download,
        name="register_document_download",
    ),
    path(
        "gemeinde/<str:ags>/",
        views.register_municipality,
        name="register_municipality",
    ),
    path("daten/", views.open_data_list, name="open_data_list"),
    path("daten/<str:name>", views.open_data_download, name="open_data_download"),
    path("katalog.jsonld", views.open_data_catalogue, name="open_data_catalogue"),
]
