from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.i18n import set_language

from cooperations import urls as cooperation_urls

admin.site.site_header = _("LebensWert – Verwaltung")
admin.site.site_title = "LebensWert"
admin.site.index_title = _("Stammdaten, Konten und Rollen")

# The 500 page names the request id under which the error is logged.
handler500 = "lebenswert.core.errors.server_error"

urlpatterns = [
    path("", include("lebenswert.core.urls")),
    path("konto/", include("lebenswert.accounts.urls")),
    path("gemeinden/", include("municipalities.urls")),
    path("", include("services.urls")),
    path("kooperationen/", include("cooperations.urls")),
    path("berichte/", include("lebenswert.reports.urls")),
    path("leitfaden/", include(cooperation_urls.guide)),
    path("vergleich/", include(cooperation_urls.comparison)),
    path("register/", include(cooperation_urls.register)),
    path("sprache/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    # The API (lebenswert/api): /api/v1/, its schema and docs; not language-prefixed.
    path("api/", include("lebenswert.api.urls")),
    path("konto/api-tokens/", include("lebenswert.api.token_urls")),
]
