from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect

from .mfa import app_device, needs_second_factor

# What a password-only session may reach: the second factor itself and leaving.
OPEN_WITHOUT_SECOND_FACTOR = {
    "accounts:second_factor_verify",
    "accounts:second_factor_setup",
    "accounts:logout",
    "set_language",
    "core:health",
}


class SecondFactorMiddleware:
    """A user who has a second factor, or needs one, confirms it before anything else.

    Runs after django-otp's OTPMiddleware, which tells whether this session was
    verified with a device.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (
            not settings.LEBENSWERT_SECOND_FACTOR
            or not user.is_authenticated
            or user.is_verified()
            or request.resolver_match.view_name in OPEN_WITHOUT_SECOND_FACTOR
        ):
            return None
        if app_device(user):
            target = "accounts:second_factor_verify"
        elif needs_second_factor(user):
            target = "accounts:second_factor_setup"
        else:
            return None  # a viewer without a second factor: it is offered, not forced
        url = redirect(target).url
        return redirect(f"{url}?{urlencode({'next': request.get_full_path()})}")
