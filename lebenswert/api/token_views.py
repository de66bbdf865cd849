"""The API tokens page on the account (/konto/api-tokens/)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lebenswert.core.forms import form_submit
from lebenswert.core.permissions import require_perm
from municipalities.models import Municipality
from municipalities.roles import role_facts

from . import actions
from .forms import ApiTokenForm
from .models import ApiToken


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
@never_cache
def api_token_list(request: HttpRequest) -> HttpResponse:
    """The tokens of the user's municipalities; a new one is shown once, here."""
    require_perm(request.user, "api.list_tokens")
    facts = role_facts(request.user)
    own = (
        None
        if facts.is_admin
        else list(Municipality.objects.filter(pk__in=sorted(facts.edited)))
    )
    form = ApiTokenForm(request.POST or None, municipalities=own)
    submission = form_submit(
        request,
        form,
        lambda data: actions.api_token_create(
            municipality=data["municipality"],
            name=data["name"],
            scopes=data["scopes"],
            actor=request.user,
        ),
    )
    created, plain = submission.result if submission.saved else (None, "")
    if submission.saved:
        form = ApiTokenForm(municipalities=own)
    tokens = ApiToken.objects.manageable_by(request.user).select_related(
        "municipality", "created_by"
    )
    context = {"form": form, "tokens": tokens, "created": created, "plain": plain}
    return render(
        request,
        "api/apitoken_list.html",
        context,
        status=201 if submission.saved else submission.status,
    )


@require_POST
@login_required
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk)
    require_perm(request.user, "api.manage_token", token)
    actions.api_token_revoke(token=token, actor=request.user)
    messages.success(
        request, _("Der Schlüssel „%(name)s“ ist widerrufen.") % {"name": token.name}
    )
    return redirect("api_tokens:api_token_list")
