"""Every URL table of the cooperations app. `urlpatterns` is mounted at
/kooperationen/; the other areas have their own prefix and namespace, so the root
table includes each as `(patterns, namespace)`: /vergleich/ (`comparison`), the
public register /register/ (`register`, no account needed; issue 17) and the guide
/leitfaden/ (`guide`)."""

from lebenswert.core.routing import route

from . import comparison_views, register_views, views
from .guide import views as guide_views

app_name = "cooperations"

urlpatterns = [
    route("", views.cooperation_list),
    route("neu/", views.cooperation_create),
    route("matrix/", views.cooperation_matrix),
    route("luecken/", views.cooperation_gaps),
    route("netz/", views.cooperation_network),
    route("kalender/<str:token>.ics", views.calendar_feed),
    route("<int:pk>/", views.cooperation_detail),
    route("<int:pk>/bearbeiten/", views.cooperation_update),
    route("<int:pk>/status/", views.cooperation_status_set),
    route("<int:pk>/einsparungen/", views.savings_entry_create),
    route("<int:pk>/veroeffentlichen/", register_views.cooperation_publish),
    route("<int:pk>/zurueckziehen/", register_views.cooperation_unpublish),
    route("<int:pk>/partner/", views.cooperation_partners),
    route("<int:pk>/partner/<int:partner_pk>/", views.cooperation_partner_update),
    route(
        "<int:pk>/partner/<int:partner_pk>/entfernen/", views.cooperation_partner_remove
    ),
    route(
        "<int:pk>/partner/<int:partner_pk>/zustimmen/",
        views.cooperation_partner_confirm,
    ),
    route(
        "<int:pk>/partner/<int:partner_pk>/ablehnen/", views.cooperation_partner_decline
    ),
    route("<int:pk>/checkliste/<slug:phase>/", views.checklist_update),
    route("<int:pk>/foerderung/", views.funding_create),
    route("<int:pk>/dokumente/", views.cooperation_document_create),
    route("<int:pk>/dokumente/<int:document_pk>/", views.cooperation_document_download),
]

comparison = (
    [
        route("", comparison_views.comparison_index),
        route("optionen/", comparison_views.option_comparison),
        route("partner/", comparison_views.partner_suggestion_list),
        route("szenarien/", comparison_views.scenario_list),
        route("szenarien/neu/", comparison_views.scenario_create),
        route("szenarien/vergleich/", comparison_views.scenario_compare),
        route("szenarien/<int:pk>/", comparison_views.scenario_detail),
        route("szenarien/<int:pk>/loeschen/", comparison_views.scenario_delete),
    ],
    "comparison",
)

register = (
    [
        route("", register_views.register_list),
        route("<int:pk>/", register_views.register_detail),
        route(
            "<int:pk>/dokumente/<int:document_pk>/",
            register_views.register_document_download,
        ),
        route("gemeinde/<str:ags>/", register_views.register_municipality),
        route("daten/", register_views.open_data_list),
        route("daten/<str:name>", register_views.open_data_download),
        route("katalog.jsonld", register_views.open_data_catalogue),
    ],
    "register",
)

guide = (
    [
        route("", guide_views.guide_index),
        route("suche/", guide_views.guide_search),
        route("formen/<slug:code>/", guide_views.form_detail),
        route("<slug:slug>/", guide_views.guide_page),
    ],
    "guide",
)
