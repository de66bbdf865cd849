from django.urls import path

from . import comparison_views as views

app_name = "comparison"

urlpatterns = [
    path("", views.comparison_index, name="comparison_index"),
    path("optionen/", views.option_comparison, name="option_comparison"),
    path("partner/", views.partner_suggestion_list, name="partner_suggestion_list"),
    path("szenarien/", views.scenario_list, name="scenario_list"),
    path("szenarien/neu/", views.scenario_create, name="scenario_create"),
    path("szenarien/vergleich/", views.scenario_compare, name="scenario_compare"),
    path("szenarien/<int:pk>/", views.scenario_detail, name="scenario_detail"),
    path("szenarien/<int:pk>/loeschen/", views.scenario_delete, name="scenario_delete"),
]
