from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import ReportJob


def report_job_list_for_user(*, user, limit: int = 50) -> QuerySet[ReportJob]:
    return ReportJob.objects.filter(requested_by=user).order_by("-created_at", "-pk")[
        :limit
    ]


def report_job_get(*, pk: int) -> ReportJob:
    return get_object_or_404(ReportJob.objects.select_related("requested_by"), pk=pk)
