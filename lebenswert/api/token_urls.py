"""/konto/api-tokens/: a municipality's editors make and revoke its API tokens."""

from lebenswert.core.routing import route

from . import token_views

app_name = "api_tokens"

urlpatterns = [
    route("", token_views.api_token_list),
    route("<int:pk>/widerrufen/", token_views.api_token_revoke),
]
