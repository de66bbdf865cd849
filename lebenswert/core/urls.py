from . import views
from .routing import route

app_name = "core"

urlpatterns = [
    route("", views.home),
    route("uebersicht/", views.dashboard),
    route("datenquellen/", views.data_sources),
    route("impressum/", views.imprint),
    route("datenschutz/", views.privacy),
    route("barrierefreiheit/", views.accessibility),
    route("healthz/", views.health),
]
