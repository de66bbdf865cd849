"""The 500 page: names the request's id, under which the error was logged."""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponseServerError
from django.template import loader
from django.utils.html import escape
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

# Served when even the template fails (a broken template setup must not hide the
# id); the same words as templates/500.html.
FALLBACK = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
    "<title>Fehler – LebensWert</title></head><body><main>"
    "<h1>Ein Fehler ist aufgetreten</h1><p>Bitte nennen Sie dem Betrieb diese "
    "Kennung: <code>{request_id}</code></p></main></body></html>"
)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponseServerError:
    """handler500: rendered without the request's context, which may be what
    failed; only the request id and whether the operators get a mail."""
    request_id = getattr(request, "request_id", "")
    try:
        body = loader.render_to_string(
            "500.html",
            {"request_id": request_id, "admins_notified": bool(settings.ADMINS)},
        )
    except Exception:
        logger.exception("the 500 page could not be rendered")
        body = FALLBACK.format(request_id=escape(request_id))
    return HttpResponseServerError(body)
