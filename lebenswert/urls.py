from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "LebensWert – Verwaltung"
admin.site.site_title = "LebensWert"
admin.site.index_title = "Stammdaten, Konten und Rollen"

urlpatterns = [
    path("", include("lebenswert.core.urls")),
    path("konto/", include("lebenswert.accounts.urls")),
    path("gemeinden/", include("municipalities.urls")),
    path("", include("services.urls")),
    path("admin/", admin.site.urls),
]

