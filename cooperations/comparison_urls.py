from lebenswert.core.routing import route

from . import comparison_views as views

app_name = "comparison"

urlpatterns = [
    route("", views.comparison_index),
    route("optionen/", views.option_comparison),
    route("partner/", views.partner_suggestion_list),
    route("szenarien/", views.scenario_list),
    route("szenarien/neu/", views.scenario_create),
    route("szenarien/vergleich/", views.scenario_compare),
    route("szenarien/<int:pk>/", views.scenario_detail),
    route("szenarien/<int:pk>/loeschen/", views.scenario_delete),
]
