import lebenswert.core.converters  # noqa: F401  (registers <ags:…>)
from lebenswert.core.routing import route

from . import views

app_name = "municipalities"

urlpatterns = [
    route("", views.municipality_list),
    route("suche.json", views.municipality_search),
    route("<ags:ags>/", views.municipality_detail),
    route("import/", views.directory_import_create),
    route("import/<int:pk>/", views.directory_import_detail),
]
