"""The public register at /register/ (issue 17): no account needed."""

from lebenswert.core.routing import route

from . import register_views as views

app_name = "register"

urlpatterns = [
    route("", views.register_list),
    route("<int:pk>/", views.register_detail),
    route("<int:pk>/dokumente/<int:document_pk>/", views.register_document_download),
    route("gemeinde/<str:ags>/", views.register_municipality),
    route("daten/", views.open_data_list),
    route("daten/<str:name>", views.open_data_download),
    route("katalog.jsonld", views.open_data_catalogue),
]
