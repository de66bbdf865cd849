from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from municipalities import selectors as municipality_selectors

from . import actions
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
