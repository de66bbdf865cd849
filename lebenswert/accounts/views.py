from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from municipalities import selectors as municipality_selectors

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
