"""View-side use of the rules predicates: one way to refuse a request."""

from django.core.exceptions import PermissionDenied


def require_perm(user, perm: str, obj=None) -> None:
    """Raise 403 unless `user` holds `perm` (on `obj`); views log in first."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)
