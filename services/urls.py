from django.urls import re_path

import lebenswert.core.converters  # noqa: F401  (registers <ags:…>)
from lebenswert.core.routing import route

from . import views

app_name = "services"

urlpatterns = [
    route("sektoren/", views.sector_list),
    route("sektoren/<slug:code>/", views.sector_detail),
    re_path(
        r"^sektoren/(?P<code>[-a-z0-9_]+)/export\.(?P<file_format>csv|xlsx)$",
        views.sector_export,
        name="sector_export",
    ),
    route("vergleich/gemeinden/", views.municipality_comparison),
    route("gemeinden/<ags:ags>/kennzahlen/neu/", views.indicator_value_create),
    route("gemeinden/<ags:ags>/kennzahlen/<int:pk>/", views.indicator_value_update),
    route(
        "gemeinden/<ags:ags>/kennzahlen/<int:pk>/loeschen/",
        views.indicator_value_delete,
    ),
    route("gemeinden/<ags:ags>/versorgung/<slug:code>/", views.provision_update),
    route("gemeinden/<ags:ags>/verlauf/", views.municipality_history),
    route(
        "gemeinden/<ags:ags>/verlauf/<int:pk>/wiederherstellen/", views.change_restore
    ),
    route("kennzahlen/import/", views.figure_import_create),
    route("kennzahlen/import/vorlage.csv", views.figure_import_template),
    route("kennzahlen/import/<int:pk>/", views.figure_import_detail),
]
