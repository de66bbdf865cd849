from django.contrib.auth.backends import ModelBackend


class PasswordBackend(ModelBackend):
    """Authenticates by e-mail and password; grants no permissions itself.

    Every permission comes from the rules predicates (rules.permissions backend),
    so asking Django's per-user permission tables would only cost two queries.
    """

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, user_obj, app_label) -> bool:
        return False

    def get_all_permissions(self, user_obj, obj=None) -> set:
        return set()
