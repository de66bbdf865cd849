from django.urls import path

from . import register_views, views

app_name = "cooperations"

urlpatterns = [
    path("", views.cooperation_list, name="cooperation_list"),
    path("neu/", views.cooperation_create, name="cooperation_create"),
    path("matrix/", views.cooperation_matrix, name="cooperation_matrix"),
    path("luecken/", views.cooperation_gaps, name="cooperation_gaps"),
    path("netz/", views.cooperation_network, name="cooperation_network"),
    path("kalender/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
    path("<int:pk>/", views.cooperation_detail, name="cooperation_detail"),
    path("<int:pk>/bearbeiten/", views.cooperation_update, name="cooperation_update"),
    path(
        "<int:pk>/status/", views.cooperation_status_set, name="cooperation_status_set"
    ),
    path(
        "<int:pk>/einsparungen/",
        views.savings_entry_create,
        name="savings_entry_create",
    ),
    path(
        "<int:pk>/veroeffentlichen/",
        register_views.cooperation_publish,
        name="cooperation_publish",
    ),
    path(
        "<int:pk>/zurueckziehen/",
        register_views.cooperation_unpublish,
        name="cooperation_unpublish",
    ),
    path("<int:pk>/partner/", views.cooperation_partners, name="cooperation_partners"),
    path(
        "<int:pk>/partner/<int:partner_pk>/",
        views.cooperation_partner_update,
        name="cooperation_partner_update",
    ),
    path(
        "<int:pk>/partner/<int:partner_pk>/entfernen/",
        views.cooperation_partner_remove,
        name="cooperation_partner_remove",
    ),
    path(
        "<int:pk>/partner/<int:partner_pk>/zustimmen/",
        views.cooperation_partner_confirm,
        name="cooperation_partner_confirm",
    ),
    path(
        "<int:pk>/partner/<int:partner_pk>/ablehnen/",
        views.cooperation_partner_decline,
        name="cooperation_partner_decline",
    ),
    path(
        "<int:pk>/checkliste/<slug:phase>/",
        views.checklist_update,
        name="checklist_update",
    ),
    path("<int:pk>/foerderung/", views.funding_create, name="funding_create"),
    path(
        "<int:pk>/dokumente/",
        views.cooperation_document_create,
        name="cooperation_document_create",
    ),
    path(
        "<int:pk>/dokumente/<int:document_pk>/",
        views.cooperation_document_download,
        name="cooperation_document_download",
    ),
]
