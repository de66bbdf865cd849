"""/konto/api-tokens/: a municipality's editors make and revoke its API tokens."""

from django.urls import path

from . import token_views

app_name = "api_tokens"

urlpatterns = [
    path("", token_views.api_token_list, name="api_token_list"),
    path(
        "<int:pk>/widerrufen/",
        token_views.api_token_revoke,
        name="api_token_revoke",
    ),
]
