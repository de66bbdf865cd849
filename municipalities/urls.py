from django.urls import path, register_converter

from . import views


class AgsConverter:
    regex = r"\d{8}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(AgsConverter, "ags")

app_name = "municipalities"

urlpatterns = [
    path("", views.municipality_list, name="municipality_list"),
    path("<ags:ags>/", views.municipality_detail, name="municipality_detail"),
    path("import/", views.directory_import_create, name="directory_import_create"),
    path(
        "import/<int:pk>/",
        views.directory_import_detail,
        name="directory_import_detail",
    ),
]
