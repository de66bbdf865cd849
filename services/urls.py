from django.urls import path, re_path

import lebenswert.core.converters  # noqa: F401  (registers <ags:…>)

from . import views

app_name = "services"

urlpatterns = [
    path("sektoren/", views.sector_list, name="sector_list"),
    path("sektoren/<slug:code>/", views.sector_detail, name="sector_detail"),
    re_path(
        r"^sektoren/(?P<code>[-a-z0-9_]+)/export\.(?P<file_format>csv|xlsx)$",
        views.sector_export,
        name="sector_export",
    ),
    path(
        "vergleich/gemeinden/",
        views.municipality_comparison,
        name="municipality_comparison",
    ),
    path(
        "gemeinden/<ags:ags>/kennzahlen/neu/",
        views.indicator_value_create,
        name="indicator_value_create",
    ),
    path(
        "gemeinden/<ags:ags>/kennzahlen/<int:pk>/",
        views.indicator_value_update,
        name="indicator_value_update",
    ),
    path(
        "gemeinden/<ags:ags>/kennzahlen/<int:pk>/loeschen/",
        views.indicator_value_delete,
        name="indicator_value_delete",
    ),
    path(
        "gemeinden/<ags:ags>/versorgung/<slug:code>/",
        views.provision_update,
        name="provision_update",
    ),
    path(
        "gemeinden/<ags:ags>/verlauf/",
        views.municipality_history,
        name="municipality_history",
    ),
    path(
        "gemeinden/<ags:ags>/verlauf/<int:pk>/wiederherstellen/",
        views.change_restore,
        name="change_restore",
    ),
    path("kennzahlen/import/", views.figure_import_create, name="figure_import_create"),
    path(
        "kennzahlen/import/vorlage.csv",
        views.figure_import_template,
        name="figure_import_template",
    ),
    path(
        "kennzahlen/import/<int:pk>/",
        views.figure_import_detail,
        name="figure_import_detail",
    ),
]
