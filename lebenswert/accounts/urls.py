from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from lebenswert.core.routing import route

from . import views

app_name = "accounts"


def _password_page(pattern, view_class, name, *, template=None, then=None):
    """One of Django's password views with the portal's template
    (`accounts/<name>.html`) and, where it has one, its next step in this table."""
    options = {"template_name": f"accounts/{template or name}.html"}
    if then:
        options["success_url"] = reverse_lazy(f"{app_name}:{then}")
    return path(pattern, view_class.as_view(**options), name=name)


urlpatterns = [
    route("", views.account_detail),
    path("anmelden/", views.login, name="login"),
    route("kalender/", views.calendar_token_reset),
    route("zweiter-faktor/", views.second_factor_verify),
    route("zweiter-faktor/einrichten/", views.second_factor_setup),
    route("zweiter-faktor/wiederherstellungscodes/", views.recovery_codes_renew),
    route("daten/", views.personal_data_download),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    _password_page(
        "passwort/",
        auth_views.PasswordChangeView,
        "password_change",
        template="password_change_form",
        then="password_change_done",
    ),
    _password_page(
        "passwort/geaendert/", auth_views.PasswordChangeDoneView, "password_change_done"
    ),
    path(
        "passwort-vergessen/", views.PasswordResetView.as_view(), name="password_reset"
    ),
    _password_page(
        "passwort-vergessen/gesendet/",
        auth_views.PasswordResetDoneView,
        "password_reset_done",
    ),
    _password_page(
        "passwort-setzen/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView,
        "password_reset_confirm",
        then="password_reset_complete",
    ),
    _password_page(
        "passwort-setzen/fertig/",
        auth_views.PasswordResetCompleteView,
        "password_reset_complete",
    ),
]
