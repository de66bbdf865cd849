"""The public register (issue 17): published cooperations for anyone, without an
account, in German and English; the open-data files and their catalogue; and
publishing a cooperation, which only its lead's editors do.

What is public is one rule: `Cooperation.objects.published()` for lists and the
predicate `cooperations.read_published` for one cooperation (404 otherwise).
Pages are cached fragments keyed by the data versions of the register and the
directory, so readers get the same bytes until something changes.
"""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotModified,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from django.views.static import was_modified_since

from lebenswert.core.forms import VersionForm, form_submit_with_message
from lebenswert.core.fragments import COOPERATIONS, DIRECTORY, cached_fragment
from lebenswert.core.permissions import require_perm
from municipalities import selectors as municipality_selectors

from . import actions, open_data, selectors
from .documents import document_response
from .filters import RegisterFilter
from .forms import PublishForm
from .models import Cooperation, CooperationDocument

PAGE_SIZE = 25
SCOPES = [DIRECTORY, COOPERATIONS]
# The open-data files change once a night; browsers and proxies may keep them.
FILE_MAX_AGE = 3600


def _published_or_404(request: HttpRequest, cooperation: Cooperation) -> None:
    """An unpublished cooperation does not exist for the public register."""
    if not request.user.has_perm("cooperations.read_published", cooperation):
        raise Http404("not in the public register")


def _cached_body(request: HttpRequest, name: str, vary: list, context) -> str:
    """The body `partials/<name>_body.html` of a register page, from the fragment
    cache; `context()` runs only when the body is built."""
    return cached_fragment(
        name,
        scopes=SCOPES,
        vary=vary,
        render=lambda: render_to_string(
            f"cooperations/register/partials/{name}_body.html", context(), request
        ),
    )


@require_safe
def register_list(request: HttpRequest) -> HttpResponse:
    filterset = RegisterFilter(request.GET, queryset=selectors.register_list())
    filters = filterset.cleaned_values()
    page_number = request.GET.get("seite", "")

    def context() -> dict:
        filterset.form.set_choices(selectors.register_filter_choices())
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(page_number)
        # Page links carry the filters as parsed, nothing else of the address.
        query = urlencode(
            {
                name: value
                for name, value in filters.items()
                if value and name not in filterset.form.errors
            }
        )
        return {"page": page, "query": query, "filter_form": filterset.form}

    body = _cached_body(
        request, "register_list", [sorted(filters.items()), page_number], context
    )
    return render(request, "cooperations/register/register_list.html", {"body": body})


@require_safe
def register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = selectors.cooperation_header_get(pk=pk)
    _published_or_404(request, cooperation)
    body = _cached_body(
        request,
        "register_detail",
        [pk],
        lambda: {"cooperation": selectors.register_cooperation_get(pk=pk)},
    )
    context = {"cooperation": cooperation, "body": body}
    return render(request, "cooperations/register/register_detail.html", context)


@require_safe
def register_municipality(request: HttpRequest, ags: str) -> HttpResponse:
    """„Mit wem kooperiert Wanfried?“: the municipality's published cooperations."""
    municipality = municipality_selectors.municipality_get(ags=ags)
    body = _cached_body(
        request,
        "register_municipality",
        [ags],
        lambda: {
            "municipality": municipality,
            "cooperations": selectors.register_list_for_municipality(
                municipality=municipality
            ),
        },
    )
    context = {"municipality": municipality, "body": body}
    return render(request, "cooperations/register/register_municipality.html", context)


@require_safe
def register_document_download(
    request: HttpRequest, pk: int, document_pk: int
) -> FileResponse:
    """A document marked public, of a published cooperation, for anyone; the
    file stays in private storage and goes through the rule read_document."""
    document = get_object_or_404(
        CooperationDocument.objects.public().select_related("cooperation"),
        pk=document_pk,
        cooperation_id=pk,
    )
    _published_or_404(request, document.cooperation)
    require_perm(request.user, "cooperations.read_document", document)
    return document_response(document)


@require_safe
def open_data_list(request: HttpRequest) -> HttpResponse:
    """The open-data files with licence and attribution, and the catalogue."""
    files = open_data.data_files(storages["open_data"])
    datasets = [
        (dataset, [f for f in files if f.dataset is dataset])
        for dataset in open_data.DATASETS
    ]
    return render(
        request, "cooperations/register/open_data_list.html", {"datasets": datasets}
    )


@require_safe
def open_data_download(request: HttpRequest, name: str) -> HttpResponse:
    """One open-data file; only the names of open_data.DATASETS, never a path."""
    storage = storages["open_data"]
    if open_data.dataset_for(name) is None or not storage.exists(name):
        raise Http404(name)
    modified = storage.get_modified_time(name).timestamp()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), modified):
        return HttpResponseNotModified()
    extension = name.rpartition(".")[2]
    response = FileResponse(
        storage.open(name, "rb"),
        filename=name,
        content_type=open_data.FORMATS[extension][0],
    )
    response["Last-Modified"] = http_date(modified)
    patch_cache_control(response, public=True, max_age=FILE_MAX_AGE)
    return response


@require_safe
def open_data_catalogue(request: HttpRequest) -> HttpResponse:
    """The DCAT-AP.de catalogue (JSON-LD) that open-data portals harvest."""
    body = open_data.catalogue_json(open_data.data_files(storages["open_data"]))
    response = HttpResponse(body, content_type="application/ld+json; charset=utf-8")
    patch_cache_control(response, public=True, max_age=FILE_MAX_AGE)
    return response


def _cooperation_to_publish(request: HttpRequest, pk: int) -> Cooperation:
    cooperation = selectors.cooperation_header_get(pk=pk)
    require_perm(request.user, "cooperations.publish_cooperation", cooperation)
    return cooperation


def _publication_submit(
    request: HttpRequest, cooperation: Cooperation, form, action, *, success: str
) -> HttpResponse:
    """Run the publication `action` with the version the page showed; back to the
    cooperation's page with what became of it."""
    form_submit_with_message(
        request,
        form,
        lambda data: action(
            cooperation=cooperation,
            actor=request.user,
            expected_version=data["version"],
        ),
        success=success,
        invalid=_("Die Seite war unvollständig; bitte neu laden."),
    )
    return redirect(cooperation)


@require_POST
@login_required
def cooperation_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish in the register, after a page that says what becomes public."""
    cooperation = _cooperation_to_publish(request, pk)
    form = PublishForm(request.POST)
    if form.is_valid() and not form.cleaned_data["confirmed"]:
        context = {
            "cooperation": cooperation,
            "version": form.cleaned_data["version"],
            "preview": selectors.publication_preview(cooperation=cooperation),
        }
        return render(
            request, "cooperations/register/cooperation_confirm_publish.html", context
        )
    return _publication_submit(
        request,
        cooperation,
        form,
        actions.cooperation_publish,
        success=_("Die Kooperation steht jetzt im öffentlichen Register."),
    )


@require_POST
@login_required
def cooperation_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _publication_submit(
        request,
        _cooperation_to_publish(request, pk),
        VersionForm(request.POST),
        actions.cooperation_unpublish,
        success=_("Die Kooperation steht nicht mehr im öffentlichen Register."),
    )
