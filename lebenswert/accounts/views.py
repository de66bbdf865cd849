import base64
import logging

import django_otp
import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from lebenswert.core.network import client_address
from lebenswert.core.permissions import require_perm

from . import actions, mfa
from .forms import EmailAuthenticationForm, SecondFactorForm

logger = logging.getLogger("lebenswert.security")

login = auth_views.LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=EmailAuthenticationForm,
    redirect_authenticated_user=True,
)


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for the address; a worker sends the mail after the response, so the
    answer is the same, and as fast, whether or not the address has an account."""

    template_name = "accounts/password_reset_form.html"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form) -> HttpResponse:
        actions.password_reset_request(
            email=form.cleaned_data["email"],
            base_url=self.request.build_absolute_uri("/"),
            language=get_language(),
        )
        return redirect(self.get_success_url())


@require_safe
@login_required
def account_detail(request: HttpRequest) -> HttpResponse:
    """The user's own account: roles and links to change the password."""
    # The roles are municipalities models: that app's selector, named in settings.
    dashboard = import_string(settings.LEBENSWERT_ACCOUNT_ROLES)(user=request.user)
    context = {
        "dashboard": dashboard,
        "second_factor": mfa.app_device(request.user),
        "second_factor_required": mfa.needs_second_factor(request.user),
        # Sections of higher layers (the API tokens), named in settings.
        "account_sections": settings.LEBENSWERT_ACCOUNT_SECTIONS,
    }
    return render(request, "accounts/account_detail.html", context)


def _next_url(request: HttpRequest) -> str:
    wanted = request.POST.get("next") or request.GET.get("next", "")
    # Only a path of this site: "0" or "home" would be taken as a URL name.
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def second_factor_verify(request: HttpRequest) -> HttpResponse:
    """After the password: the code from the app or a recovery code."""
    if request.user.is_verified() or not mfa.app_device(request.user):
        return redirect(_next_url(request))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            logger.info(
                "second factor accepted: account=%s address=%s device=%s",
                request.user.email, client_address(request), device.name,
            )  # fmt: skip
            return redirect(_next_url(request))
        logger.warning(
            "second factor refused: account=%s address=%s",
            request.user.email, client_address(request),
        )  # fmt: skip
        form.add_error(
            "token",
            _(
                "Der Code stimmt nicht oder ist abgelaufen. Nehmen Sie den aktuellen "
                "Code aus der App; nach mehreren Fehlversuchen wartet die Prüfung "
                "jedes Mal länger."
            ),
        )
    context = {"form": form, "next": _next_url(request)}
    return render(request, "accounts/second_factor_verify.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def second_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app: scan, confirm with a code, keep the recovery
    codes."""
    if mfa.app_device(request.user):
        messages.info(request, _("Ihr zweiter Faktor ist bereits eingerichtet."))
        return redirect(_next_url(request))
    device = actions.pending_app_device(request.user)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = actions.app_device_confirm(
                user=request.user, device=device, token=form.cleaned_data["token"]
            )
        except ValueError:
            form.add_error(
                "token",
                _("Der Code stimmt nicht. Prüfen Sie die Uhrzeit Ihres Telefons."),
            )
        else:
            device.refresh_from_db()
            django_otp.login(request, device)
            logger.info("second factor set up: account=%s", request.user.email)
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "next": _next_url(request),
        # segno draws the SVG from our own otpauth:// address: no user input.
        "qr_code": mark_safe(  # nosec B308 B703
            qr.svg_inline(scale=5, title=_("QR-Code für die Authenticator-App"))
        ),
        "secret": base64.b32encode(device.bin_key).decode(),
        "required": mfa.needs_second_factor(request.user),
    }
    return render(request, "accounts/second_factor_setup.html", context)


@require_POST
@login_required
def recovery_codes_renew(request: HttpRequest) -> HttpResponse:
    if not (request.user.is_verified() and mfa.app_device(request.user)):
        messages.error(request, _("Richten Sie zuerst den zweiten Faktor ein."))
        return redirect("accounts:account_detail")
    codes = actions.recovery_codes_renew(user=request.user)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": resolve_url("accounts:account_detail")},
    )


@require_POST
@login_required
def calendar_token_reset(request: HttpRequest) -> HttpResponse:
    actions.calendar_token_reset(user=request.user)
    messages.success(
        request,
        _("Ihr Kalender hat eine neue Adresse; die bisherige gilt nicht mehr."),
    )
    return redirect("accounts:account_detail")


@require_safe
@login_required
@never_cache
def personal_data_download(request: HttpRequest) -> JsonResponse:
    """Art. 15 DSGVO: what the portal stores about the user, as a JSON file."""
    require_perm(request.user, "accounts.export_own_data")
    # It reads every app, so the top layer provides it (settings).
    personal_data_export = import_string(settings.LEBENSWERT_PERSONAL_DATA_EXPORT)
    data = personal_data_export(user=request.user)
    response = JsonResponse(
        data, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    filename = f"lebenswert-meine-daten-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
