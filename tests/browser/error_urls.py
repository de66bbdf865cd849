"""The portal's URLs plus one that fails on purpose, so that tests see the 500 page
exactly as the error handler renders it."""

from django.urls import path

from lebenswert.urls import handler500  # noqa: F401 (the portal's 500 page)
from lebenswert.urls import urlpatterns as portal_urlpatterns

SERVER_ERROR = "/test-fehler/500/"


def server_error(request):
    raise RuntimeError("deliberate error (tests/browser/error_urls.py)")


urlpatterns = [path(SERVER_ERROR.lstrip("/"), server_error), *portal_urlpatterns]
