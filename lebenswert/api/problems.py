"""Errors as RFC 9457 problem details (application/problem+json).

Every error the API answers has `type`, `title`, `status` and `detail`; a refused
input adds `errors`, the messages per field (for a batch: per item and field).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler

from lebenswert.core.concurrency import EditConflict, conflict_message

MEDIA_TYPE = "application/problem+json"
TYPE_BASE = "urn:lebenswert:problem:"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition-failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "precondition-required"


TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    412: "Precondition Failed",
    415: "Unsupported Media Type",
    428: "Precondition Required",
    429: "Too Many Requests",
}
TYPES = {
    400: "invalid",
    401: "not-authenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    412: "edit-conflict",
    415: "unsupported-media-type",
    428: "precondition-required",
    429: "throttled",
}


def _as_api_exception(exc: Exception) -> Exception:
    if isinstance(exc, EditConflict):
        return PreconditionFailed(conflict_message(exc))
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return exceptions.ValidationError(detail)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    return exc


def problem(status_code: int, detail: str, errors=None) -> dict:
    body = {
        "type": TYPE_BASE + TYPES.get(status_code, "error"),
        "title": TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": str(detail),
    }
    if errors is not None:
        body["errors"] = errors
    return body


def problem_exception_handler(exc, context):
    """DRF's handler, answering in the problem details format."""
    exc = _as_api_exception(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a server error: Django's 500 page and the log
    if isinstance(exc, exceptions.ValidationError):
        response.data = problem(
            response.status_code,
            _("Die Eingabe wurde nicht angenommen; nichts wurde gespeichert."),
            errors=exc.detail,
        )
    else:
        detail = getattr(exc, "detail", "")
        response.data = problem(response.status_code, detail)
    response.content_type = MEDIA_TYPE
    return response


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, as every error of this API is answered."""

    type = serializers.CharField(help_text="urn:lebenswert:problem:<kind>")
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.JSONField(
        required=False,
        help_text=gettext_lazy(
            "Die Meldungen je Feld (im Stapel: je Eintrag und Feld)."
        ),
    )


def problem_responses(*codes: int) -> dict:
    """Schema entries for the error answers of a view (drf-spectacular)."""
    return {
        (code, MEDIA_TYPE): OpenApiResponse(
            ProblemSerializer, description=TITLES.get(code, "Error")
        )
        for code in (400, 401, 404, 406, 429, *codes)
    }
