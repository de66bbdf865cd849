from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lebenswert.core.permissions import require_perm

from . import actions, selectors
from .models import ReportJob
from .registry import REPORT_KINDS


@require_safe
@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    jobs = selectors.report_job_list_for_user(user=request.user)
    return render(request, "reports/report_list.html", {"jobs": jobs})


@require_POST
@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    kind = REPORT_KINDS.get(request.POST.get("kind", ""))
    if kind is None:
        raise Http404(_("Unbekannte Berichtsart."))
    params = {
        name: request.POST.get(name, "")
        for name in (*kind.params, *kind.alternatives, *kind.options)
    }
    try:
        job = actions.report_job_create(
            user=request.user, kind=kind.name, params=params
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:report_list")
    except PermissionDenied:
        raise PermissionDenied(kind.name) from None
    except actions.ReportNotQueued:
        messages.error(
            request,
            _(
                "Der Bericht konnte nicht in Auftrag gegeben werden, weil die "
                "Warteschlange gerade nicht erreichbar ist. Bitte versuchen Sie es "
                "in einigen Minuten erneut."
            ),
        )
        return redirect("reports:report_list")
    if job.status == ReportJob.Status.SUCCEEDED:
        messages.success(
            request, _("Der Bericht liegt für diesen Datenstand schon vor.")
        )
    elif getattr(job, "joined", False):
        messages.success(
            request,
            _(
                "Derselbe Bericht wird gerade erstellt; Ihrer ist fertig, sobald "
                "dieser fertig ist (er wird nicht zweimal erstellt)."
            ),
        )
    else:
        messages.success(request, _("Der Bericht wird erstellt."))
    return redirect("reports:report_detail", pk=job.pk)


@require_safe
@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = selectors.report_job_get(pk=pk)
    require_perm(request.user, "reports.read_reportjob", job)
    template = (
        "reports/partials/report_status.html"
        if request.htmx
        else "reports/report_detail.html"
    )
    return render(request, template, {"job": job})


@require_safe
@login_required
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    job = selectors.report_job_get(pk=pk)
    require_perm(request.user, "reports.read_reportjob", job)
    if job.status != ReportJob.Status.SUCCEEDED or not job.file:
        raise Http404(_("Der Bericht ist noch nicht fertig."))
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=job.filename,
        content_type="application/pdf",
    )
