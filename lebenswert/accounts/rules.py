import rules

from municipalities.rules import add_admin_only_model_perms, is_active_user

add_admin_only_model_perms("accounts")
# Art. 15 DSGVO: every person may download what the portal stores about them.
rules.add_perm("accounts.export_own_data", is_active_user)
