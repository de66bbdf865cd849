from django.urls import path

from lebenswert.urls import urlpatterns as project_urlpatterns

from . import views

urlpatterns = [
    path("_bench/bare/", views.bare, name="bench_bare"),
    path("_bench/layout/", views.bare_layout, name="bench_layout"),
    *project_urlpatterns,
]
