from django.urls import path

from . import views

app_name = "guide"

urlpatterns = [
    path("", views.guide_index, name="guide_index"),
    path("suche/", views.guide_search, name="guide_search"),
    path("formen/<slug:code>/", views.form_detail, name="form_detail"),
    path("<slug:slug>/", views.guide_page, name="guide_page"),
]
