from django.urls import path

from . import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("uebersicht/", views.dashboard, name="dashboard"),
    path("datenquellen/", views.data_sources, name="data_sources"),
    path("impressum/", views.imprint, name="imprint"),
    path("datenschutz/", views.privacy, name="privacy"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("healthz/", views.health, name="health"),
]
