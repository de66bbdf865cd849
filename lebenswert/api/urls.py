"""/api/: the versioned API (/api/v1/), its OpenAPI schema and its docs."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView

from . import views

app_name = "api"

urlpatterns = [
    path(
        "v1/municipalities/", views.MunicipalityList.as_view(), name="municipality_list"
    ),
    path(
        "v1/municipalities/<str:ags>/",
        views.MunicipalityDetail.as_view(),
        name="municipality_detail",
    ),
    path(
        "v1/municipalities/<str:ags>/values/",
        views.MunicipalityValues.as_view(),
        name="municipality_values",
    ),
    path(
        "v1/municipalities/<str:ags>/values/<str:indicator>/<int:year>/",
        views.IndicatorValueDetail.as_view(),
        name="indicator_value_detail",
    ),
    path("v1/indicators/", views.IndicatorList.as_view(), name="indicator_list"),
    path("v1/values/", views.IndicatorValueList.as_view(), name="indicator_value_list"),
    path("v1/register/", views.CooperationList.as_view(), name="cooperation_list"),
    path(
        "v1/register/<int:pk>/",
        views.CooperationDetail.as_view(),
        name="cooperation_detail",
    ),
    path(
        "v1/organisational-forms/",
        views.OrganisationalFormList.as_view(),
        name="organisational_form_list",
    ),
    path(
        "v1/funding-programmes/",
        views.FundingProgrammeList.as_view(),
        name="funding_programme_list",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", views.api_docs, name="docs"),
    # Any other address under /api/ (one without its final slash is redirected
    # first, APPEND_SLASH): 404 as problem details.
    re_path(r"^.*/$", views.NotFoundView.as_view(), name="not_found"),
]
