from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from lebenswert.core import health as health_checks


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html")


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    # The content combines the domain apps: the top layer provides it (settings).
    make_context = import_string(settings.LEBENSWERT_DASHBOARD_CONTEXT)
    context = make_context(user=request.user, today=timezone.localdate())
    return render(request, "pages/dashboard.html", context)


@require_safe
def data_sources(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/data_sources.html")


@require_safe
def imprint(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/imprint.html", {"operator": settings.PORTAL_OPERATOR})


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "operator": settings.PORTAL_OPERATOR,
        "retention_days": settings.LEBENSWERT_RETENTION_DAYS,
    }
    return render(request, "pages/privacy.html", context)


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    context = {"operator": settings.PORTAL_OPERATOR}
    return render(request, "pages/accessibility.html", context)


@require_safe
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: each dependency's state; 503 when a
    required one (LEBENSWERT_HEALTH_REQUIRED) is down."""
    status = health_checks.dependency_status()
    down = [name for name, up in status.items() if not up]
    failing = [name for name in down if name in settings.LEBENSWERT_HEALTH_REQUIRED]
    body = {
        "status": "error" if failing else "ok",
        "checks": {name: "ok" if up else "error" for name, up in status.items()},
    }
    return JsonResponse(body, status=503 if failing else 200)
