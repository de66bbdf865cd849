from lebenswert.core.routing import route

from . import register_views, views

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
