"""Who may do what through the API: the portal's rules (django-rules) for tokens.

Public reads need no account: the directory's official data, indicators and
their values, the Länder's forms and programmes, and the published register
(`cooperations.read_published` and `Cooperation.objects.published()`). A write
is asked of the token, not of an account: `rules.test_rule(name, token, obj)`.
"""

import rules

from lebenswert.accounts.rules import is_active_user, is_admin
from municipalities.rules import is_any_editor, is_editor_of

from .models import Scope

# Official directory data, indicator definitions and values, forms and funding
# programmes per Land: public record, for everyone, with or without a token.
rules.add_perm("api.read_public_data", rules.always_allow)


@rules.predicate
def is_live_token(token) -> bool:
    return token is not None and token.is_active


@rules.predicate
def may_write_figures(token) -> bool:
    return token.has_scope(Scope.FIGURES_WRITE)


@rules.predicate
def is_token_of(token, municipality) -> bool:
    """A token writes only its own municipality's figures (Eschwege's, not
    Wanfried's)."""
    return municipality is not None and token.municipality_id == municipality.pk


rules.add_rule("api.write_figures", is_live_token & may_write_figures & is_token_of)


@rules.predicate
def edits_token_municipality(user, token) -> bool:
    return token is not None and is_editor_of(user, token.municipality)


# Tokens: the municipality's editors make and revoke them (and admins); the list
# form is ApiToken.objects.manageable_by(user).
rules.add_perm(
    "api.manage_token", is_active_user & (edits_token_municipality | is_admin)
)
rules.add_perm("api.list_tokens", is_active_user & (is_any_editor | is_admin))
