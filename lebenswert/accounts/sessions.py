"""Session limits: 30 minutes without a request, 12 hours in all; logging out
anywhere ends the user's sessions everywhere."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, logout
from django.db.models import F
from django.utils.translation import gettext as _

logger = logging.getLogger("lebenswert.security")

LOGIN_AT = "lebenswert_login_at"
SEEN_AT = "lebenswert_seen_at"
# The last request is written at most once a minute, not on every request.
SEEN_RESOLUTION = 60


class SessionLimitsMiddleware:
    """Ends a session after SESSION_IDLE_SECONDS without a request or
    SESSION_ABSOLUTE_SECONDS after the login, whichever comes first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        now = time.time()
        session = request.session
        login_at = session.setdefault(LOGIN_AT, now)
        seen_at = session.get(SEEN_AT, now)
        idle = now - seen_at > settings.SESSION_IDLE_SECONDS
        expired = now - login_at > settings.SESSION_ABSOLUTE_SECONDS
        if idle or expired:
            email = request.user.email
            request.lebenswert_session_expired = True  # only this session ends
            logout(request)
            logger.info(
                "session ended (%s): account=%s", "idle" if idle else "limit", email
            )
            messages.info(
                request,
                _("Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an."),
            )
            return
        if now - seen_at >= SEEN_RESOLUTION or SEEN_AT not in session:
            session[SEEN_AT] = now


def on_login(sender, request, user, **kwargs) -> None:
    request.session[LOGIN_AT] = request.session[SEEN_AT] = time.time()


def on_logout(sender, request, user, **kwargs) -> None:
    """Logging out on one device ends the sessions on all others too."""
    if user is None or getattr(request, "lebenswert_session_expired", False):
        return
    get_user_model().objects.filter(pk=user.pk).update(
        session_epoch=F("session_epoch") + 1
    )
