from django.urls import path

import lebenswert.core.converters  # noqa: F401  (registers <ags:…>)

from . import views

app_name = "municipalities"

urlpatterns = [
    path("", views.municipality_list, name="municipality_list"),
    path("suche.json", views.municipality_search, name="municipality_search"),
    path("<ags:ags>/", views.municipality_detail, name="municipality_detail"),
    path("import/", views.directory_import_create, name="directory_import_create"),
    path(
        "import/<int:pk>/",
        views.directory_import_detail,
        name="directory_import_detail",
    ),
]
