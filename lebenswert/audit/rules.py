from lebenswert.accounts.rules import add_admin_only_model_perms

add_admin_only_model_perms("audit")
