from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from lebenswert.core.permissions import require_perm
from municipalities import selectors as municipality_selectors

from . import actions, selectors
from .forms import EmailAuthenticationForm

login = auth_views.LoginView.as_view(
    template_name="accounts/login.html",
    authentication_form=EmailAuthenticationForm,
    redirect_authenticated_user=True,
)


@require_safe
@login_required
def account_detail(request: HttpRequest) -> HttpResponse:
    """The user's own account: roles and links to change the password."""
    dashboard = municipality_selectors.dashboard_for_user(user=request.user)
    return render(request, "accounts/account_detail.html", {"dashboard": dashboard})


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
    data = selectors.personal_data_export(user=request.user)
    response = JsonResponse(
        data, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    filename = f"lebenswert-meine-daten-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
