"""The stack floor: the same middleware, login and render() path, a trivial page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
@login_required
def bare(request: HttpRequest) -> HttpResponse:
    """A tiny standalone template: the floor of Django + middleware + session."""
    return render(request, "bench/bare.html", {"title": "Bench"})


@require_safe
@login_required
def bare_layout(request: HttpRequest) -> HttpResponse:
    """The portal's base layout with an empty content block (header, footer, nav)."""
    return render(request, "bench/bare_layout.html", {})
