import rules

from lebenswert.accounts.rules import (
    add_admin_only_model_perms,
    is_active_user,
    is_admin,
)
from municipalities.rules import is_any_editor


@rules.predicate
def is_uploader(user, figure_import) -> bool:
    return figure_import is not None and figure_import.uploaded_by_id == user.pk


# Figures are compared across the portal: every logged-in user reads them.
rules.add_perm("services.read_figures", is_active_user)
rules.add_perm("services.import_figures", is_active_user & (is_any_editor | is_admin))
rules.add_perm("services.view_figure_import", is_active_user & (is_uploader | is_admin))
add_admin_only_model_perms("services")
