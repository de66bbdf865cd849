from lebenswert.core.routing import route

from . import views

app_name = "reports"

urlpatterns = [
    route("", views.report_list),
    route("neu/", views.report_create),
    route("<int:pk>/", views.report_detail),
    route("<int:pk>/pdf/", views.report_download),
]
