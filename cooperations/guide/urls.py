from lebenswert.core.routing import route

from . import views

app_name = "guide"

urlpatterns = [
    route("", views.guide_index),
    route("suche/", views.guide_search),
    route("formen/<slug:code>/", views.form_detail),
    route("<slug:slug>/", views.guide_page),
]
