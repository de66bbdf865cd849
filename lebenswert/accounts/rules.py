"""The predicates every app's rules build on: an active login, an admin, and the
Django admin for admins only. Role facts about municipalities are in
municipalities/rules.py (Membership and PlannerAssignment live there)."""

import rules
from django.apps import apps

is_active_user = rules.is_authenticated & rules.is_active


@rules.predicate
def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def add_admin_only_model_perms(app_label: str) -> None:
    """Django admin (view/add/change/delete of every model of an app) is for admins.

    Registered here so that staff admins need no per-model Django permissions and
    the admin asks the same predicate as the views.
    """
    rules.add_perm(app_label, is_admin)
    for model in apps.get_app_config(app_label).get_models():
        for action in ("view", "add", "change", "delete"):
            rules.add_perm(f"{app_label}.{action}_{model._meta.model_name}", is_admin)


add_admin_only_model_perms("accounts")
# Art. 15 DSGVO: every person may download what the portal stores about them.
rules.add_perm("accounts.export_own_data", is_active_user)
