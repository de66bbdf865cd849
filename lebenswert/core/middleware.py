from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


class RequestBodyLimitMiddleware:
    """A request announcing a body over LEBENSWERT_MAX_REQUEST_BYTES gets a 413
    before anything reads (and Django spools) the body.

    The decision uses the Content-Length header only. Without one (chunked
    transfer) Django reads no body at all, so nothing is spooled; the reverse
    proxy's own limit (nginx `client_max_body_size`) covers such requests too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.LEBENSWERT_MAX_REQUEST_BYTES:
            limit = settings.LEBENSWERT_MAX_REQUEST_BYTES // (1024 * 1024)
            return HttpResponse(
                render_to_string("413.html", {"limit_mb": limit}),
                status=413,
                content_type="text/html; charset=utf-8",
            )
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content Security Policy everywhere; authenticated pages are never cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", settings.CONTENT_SECURITY_POLICY
        )
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class LanguageMiddleware:
    """German unless the user chose another language (cookie), not by browser header.

    The portal serves German administrations; a browser set to English should not
    switch number formats and data labels on its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        available = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in available else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # override() restores the previous language after the response, so code
        # running later in the same thread (tasks, tests) is not left in English.
        with translation.override(language):
            response = self.get_response(request)
            response.headers.setdefault("Content-Language", language)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response


class RefuseNulMiddleware:
    """A NUL character in the address or a form value is refused with a 400.

    No input of the portal may contain it, and PostgreSQL cannot store or even
    compare text with it: a search for "\\x00" would otherwise end in a 500.
    """

    FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            return HttpResponseBadRequest(
                _(
                    "Die Anfrage enthält ein Nullzeichen (NUL). Dieses Steuerzeichen "
                    "ist in keiner Eingabe erlaubt; bitte entfernen Sie es."
                ),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)

    def _has_nul(self, request) -> bool:
        if "\x00" in request.path:
            return True
        sources = [request.GET]
        if request.method == "POST" and request.content_type in self.FORM_TYPES:
            sources.append(request.POST)
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for source in sources
            for key, values in source.lists()
        )
