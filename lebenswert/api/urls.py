"""/api/: the versioned API (/api/v1/), its OpenAPI schema and its docs."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from lebenswert.core.routing import route

from . import views

app_name = "api"

urlpatterns = [
    route("v1/municipalities/", views.MunicipalityList),
    route("v1/municipalities/<str:ags>/", views.MunicipalityDetail),
    route("v1/municipalities/<str:ags>/values/", views.MunicipalityValues),
    route(
        "v1/municipalities/<str:ags>/values/<str:indicator>/<int:year>/",
        views.IndicatorValueDetail,
    ),
    route("v1/indicators/", views.IndicatorList),
    route("v1/values/", views.IndicatorValueList),
    route("v1/register/", views.CooperationList),
    route("v1/register/<int:pk>/", views.CooperationDetail),
    route("v1/organisational-forms/", views.OrganisationalFormList),
    route("v1/funding-programmes/", views.FundingProgrammeList),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.api_docs, name="docs"),
    # Any other address under /api/ (one without its final slash is redirected
    # first, APPEND_SLASH): 404 as problem details.
    re_path(r"^.*/$", views.NotFoundView.as_view(), name="not_found"),
]
