"""The API's endpoints (/api/v1/): thin views over selectors and actions."""

import hashlib

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import parse_etags
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from cooperations import selectors as cooperation_selectors
from lebenswert.core.fragments import (
    COOPERATIONS,
    DIRECTORY,
    FRAGMENT_TIMEOUT,
    versions,
)
from lebenswert.core.permissions import require_perm
from municipalities.models import Municipality
from services.models import Indicator, IndicatorValue

from . import actions, docs, filters, selectors, serializers
from .permissions import WriteFigures, request_token
from .problems import (
    PreconditionFailed,
    PreconditionRequired,
    problem_responses,
)

MIN_YEAR, MAX_YEAR = 1950, 32767  # IndicatorValue.year (a small integer)
NOT_MODIFIED = {304: OpenApiResponse(description="Not Modified (If-None-Match)")}
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match", OpenApiTypes.STR, OpenApiParameter.HEADER, required=False
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=gettext_lazy(
        "Das ETag des Werts, den das System kennt; nötig, wenn der Wert schon "
        "besteht. Ein veraltetes ETag wird mit 412 abgelehnt."
    ),
)


def _matches(header: str, etag: str) -> bool:
    tags = parse_etags(header)
    return "*" in tags or etag in tags


class ConditionalGet:
    """ETag, 304 and a cached body for a read: the tag hashes the address, the
    language and the data versions (lebenswert.core.fragments) of what the view
    shows, so an unchanged answer is confirmed, or served from the cache, without
    querying it again (as the pages' cached fragments)."""

    def etag_versions(self) -> tuple:
        return versions(DIRECTORY, COOPERATIONS)

    def get(self, request, *args, **kwargs):
        parts = (request.path, request.GET.urlencode(), get_language())
        digest = hashlib.sha256(repr((*parts, *self.etag_versions())).encode())
        etag = f'"{digest.hexdigest()[:32]}"'
        if _matches(request.headers.get("If-None-Match", ""), etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        key = f"api:{digest.hexdigest()}"
        data = cache.get(key)
        if data is None:
            response = super().get(request, *args, **kwargs)
            if response.status_code == status.HTTP_200_OK:
                cache.set(key, response.data, FRAGMENT_TIMEOUT)
        else:
            response = Response(data)
        response["ETag"] = etag
        return response


def _read_schema(serializer, *, many: bool = True, **kwargs):
    return extend_schema(
        parameters=[IF_NONE_MATCH],
        responses={200: serializer(many=many), **NOT_MODIFIED, **problem_responses()},
        **kwargs,
    )


@_read_schema(serializers.MunicipalitySerializer, tags=["municipalities"])
class MunicipalityList(ConditionalGet, generics.ListAPIView):
    """Municipalities with their official figures (?q=, ?land=, ?kreis=)."""

    serializer_class = serializers.MunicipalitySerializer
    filterset_class = filters.MunicipalityFilter
    queryset = selectors.municipality_list()

    def etag_versions(self) -> tuple:
        return versions(DIRECTORY)


@_read_schema(
    serializers.MunicipalityDetailSerializer, many=False, tags=["municipalities"]
)
class MunicipalityDetail(ConditionalGet, generics.RetrieveAPIView):
    """One municipality by its AGS, with its series of population figures."""

    serializer_class = serializers.MunicipalityDetailSerializer
    queryset = selectors.municipality_list_with_figures()
    lookup_field = "ags"

    def etag_versions(self) -> tuple:
        return versions(DIRECTORY)


@_read_schema(serializers.IndicatorSerializer, tags=["figures"])
class IndicatorList(ConditionalGet, generics.ListAPIView):
    """Indicator definitions with their plausible range (?sector=)."""

    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    queryset = selectors.indicator_list()

    def etag_versions(self) -> tuple:
        return (selectors.indicators_version(),)


class FiguresConditionalGet(ConditionalGet):
    def etag_versions(self) -> tuple:
        return selectors.figures_version()


@_read_schema(serializers.IndicatorValueSerializer, tags=["figures"])
class IndicatorValueList(FiguresConditionalGet, generics.ListAPIView):
    """Indicator values of all municipalities; demo values carry is_demo."""

    serializer_class = serializers.IndicatorValueSerializer
    filterset_class = filters.IndicatorValueFilter
    queryset = selectors.indicator_value_list()


class MunicipalityScoped:
    """A view about one municipality's figures, named by the AGS in the address."""

    def get_municipality(self) -> Municipality:
        if not hasattr(self, "_municipality"):
            self._municipality = get_object_or_404(Municipality, ags=self.kwargs["ags"])
        return self._municipality


def _refused(error: actions.FiguresRefused, *, batch: bool):
    errors = error.errors if batch else error.errors[0]
    if error.conflict:
        raise PreconditionFailed(
            _("Der Wert wurde inzwischen geändert; nichts wurde gespeichert.")
        ) from error
    raise ValidationError({"values": errors} if batch else errors) from error


@extend_schema(tags=["figures"])
class MunicipalityValues(
    MunicipalityScoped, FiguresConditionalGet, generics.ListAPIView
):
    """GET: the municipality's indicator values. POST: several values at once,
    all or none (token with figures:write of this municipality)."""

    serializer_class = serializers.IndicatorValueSerializer
    filterset_class = filters.IndicatorValueFilter
    permission_classes = [WriteFigures]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular
            return selectors.indicator_value_list().none()
        return selectors.indicator_value_list().filter(
            municipality=self.get_municipality()
        )

    @extend_schema(
        parameters=[IF_NONE_MATCH],
        responses={
            200: serializers.IndicatorValueSerializer(many=True),
            **NOT_MODIFIED,
            **problem_responses(),
        },
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=serializers.FigureBatchSerializer,
        responses={
            200: serializers.IndicatorValueSerializer(many=True),
            **problem_responses(403, 412, 415),
        },
    )
    def post(self, request, ags: str):
        batch = serializers.FigureBatchSerializer(data=request.data)
        batch.is_valid(raise_exception=True)
        writes = [
            actions.FigureWrite(**item) for item in batch.validated_data["values"]
        ]
        try:
            saved = actions.figure_values_write(
                token=request_token(request),
                municipality=self.get_municipality(),
                writes=writes,
            )
        except actions.FiguresRefused as error:
            _refused(error, batch=True)
        return Response(serializers.IndicatorValueSerializer(saved, many=True).data)


def value_etag(value: IndicatorValue) -> str:
    return f'"{value.pk}.{value.version}"'


@extend_schema(tags=["figures"])
class IndicatorValueDetail(MunicipalityScoped, APIView):
    """One value of the municipality (indicator code, year). PUT writes it with the
    value's ETag in If-Match (412 if someone changed it meanwhile)."""

    permission_classes = [WriteFigures]
    serializer_class = serializers.IndicatorValueSerializer

    def _current(self, code: str, year: int) -> tuple[Indicator, IndicatorValue | None]:
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise NotFound(_("Kein Jahr, für das es Werte geben kann."))
        indicator = get_object_or_404(Indicator, code=code)
        value = (
            selectors.indicator_value_list()
            .filter(municipality=self.get_municipality(), indicator=indicator)
            .filter(year=year)
            .first()
        )
        return indicator, value

    @extend_schema(
        parameters=[IF_NONE_MATCH],
        responses={
            200: serializers.IndicatorValueSerializer,
            **NOT_MODIFIED,
            **problem_responses(),
        },
    )
    def get(self, request, ags: str, indicator: str, year: int):
        _indicator, value = self._current(indicator, year)
        if value is None:
            raise NotFound(_("Für diese Kennzahl und dieses Jahr gibt es keinen Wert."))
        etag = value_etag(value)
        if _matches(request.headers.get("If-None-Match", ""), etag):
            return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": etag})
        data = serializers.IndicatorValueSerializer(value).data
        return Response(data, headers={"ETag": etag})

    @extend_schema(
        parameters=[IF_MATCH],
        request=serializers.FigureWriteSerializer,
        responses={
            200: serializers.IndicatorValueSerializer,
            201: serializers.IndicatorValueSerializer,
            **problem_responses(403, 412, 415, 428),
        },
    )
    def put(self, request, ags: str, indicator: str, year: int):
        indicator_row, current = self._current(indicator, year)
        body = serializers.FigureWriteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if_match = request.headers.get("If-Match", "")
        if current is not None and not if_match:
            raise PreconditionRequired(
                _("Der Wert besteht schon: senden Sie sein ETag in If-Match.")
            )
        if current is None and if_match and if_match != "*":
            raise PreconditionFailed(_("Diesen Wert gibt es nicht (mehr)."))
        if current is not None and not _matches(if_match, value_etag(current)):
            raise PreconditionFailed(
                _("Der Wert wurde inzwischen geändert; nichts wurde gespeichert.")
            )
        write = actions.FigureWrite(
            indicator=indicator_row,
            year=year,
            version=current.version if current is not None else None,
            **body.validated_data,
        )
        try:
            (saved,) = actions.figure_values_write(
                token=request_token(request),
                municipality=self.get_municipality(),
                writes=[write],
            )
        except actions.FiguresRefused as error:
            _refused(error, batch=False)
        return Response(
            serializers.IndicatorValueSerializer(saved).data,
            status=status.HTTP_200_OK if current else status.HTTP_201_CREATED,
            headers={"ETag": value_etag(saved)},
        )


@_read_schema(serializers.CooperationSerializer, tags=["register"])
class CooperationList(ConditionalGet, generics.ListAPIView):
    """The public register: published cooperations, confirmed partners only
    (?query=, ?status=, ?sector=, ?form=, ?municipality=, ?kreis=, ?land=)."""

    serializer_class = serializers.CooperationSerializer
    filterset_class = filters.RegisterFilter
    queryset = cooperation_selectors.register_list().select_related("lead")


@_read_schema(serializers.CooperationSerializer, many=False, tags=["register"])
class CooperationDetail(ConditionalGet, generics.RetrieveAPIView):
    """One published cooperation; an unpublished one is not found (404)."""

    serializer_class = serializers.CooperationSerializer
    queryset = cooperation_selectors.register_list().select_related("lead")


@_read_schema(serializers.FormSerializer, tags=["reference"])
class OrganisationalFormList(ConditionalGet, generics.ListAPIView):
    """The forms of cooperation under each Land's law (?land=)."""

    serializer_class = serializers.FormSerializer
    filterset_class = filters.FormFilter
    queryset = selectors.organisational_form_list()

    def etag_versions(self) -> tuple:
        return versions(COOPERATIONS)


@_read_schema(serializers.FundingProgrammeSerializer, tags=["reference"])
class FundingProgrammeList(OrganisationalFormList):
    """The Länder's funding programmes for cooperation, as rules (?land=)."""

    serializer_class = serializers.FundingProgrammeSerializer
    filterset_class = filters.FundingProgrammeFilter
    queryset = selectors.funding_programme_list()


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any other address under /api/: 404 as problem details, not the HTML page."""

    def dispatch(self, request, *args, **kwargs):
        self.headers = self.default_response_headers
        self.args, self.kwargs = args, kwargs
        request = self.initialize_request(request, *args, **kwargs)
        self.request = request
        response = self.handle_exception(NotFound())
        return self.finalize_response(request, response, *args, **kwargs)


@require_safe
def api_docs(request: HttpRequest) -> HttpResponse:
    """The API reference, a portal page rendered from the OpenAPI schema."""
    require_perm(request.user, "api.read_public_data")
    context = {"reference": docs.api_reference(get_language())}
    return render(request, "api/api_docs.html", context)
