"""route(): a URL's name is its view's name, written once (issue 12)."""

import pytest
from django.http import HttpResponse
from django.urls import URLResolver, get_resolver
from django.views import View

from lebenswert.core.routing import route


def cooperation_list(request):
    return HttpResponse()


class IndicatorValueDetail(View):
    pass


def test_a_function_view_gives_its_name():
    pattern = route("kooperationen/", cooperation_list)
    assert pattern.name == "cooperation_list"
    assert pattern.callback is cooperation_list


def test_a_class_view_gives_its_name_in_snake_case():
    pattern = route("werte/<int:pk>/", IndicatorValueDetail)
    assert pattern.name == "indicator_value_detail"
    assert pattern.callback.view_class is IndicatorValueDetail


def test_an_as_view_function_is_refused_with_the_way_out():
    with pytest.raises(TypeError, match="Pass the class IndicatorValueDetail"):
        route("werte/", IndicatorValueDetail.as_view())


def _project_function_routes(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from _project_function_routes(entry.url_patterns, inner)
            continue
        view = entry.callback
        if hasattr(view, "view_class"):
            continue
        if view.__module__.split(".")[0] in PROJECT_PACKAGES:
            yield f"{namespace}:{entry.name}", view.__name__


PROJECT_PACKAGES = {"cooperations", "municipalities", "services", "lebenswert"}
# Named otherwise on purpose: /api/docs/ is "api:docs" (a public address).
NAMED_OTHERWISE = {"api:docs"}


def test_every_project_view_function_names_its_url():
    """The convention route() keeps, over the whole URL table."""
    routes = dict(_project_function_routes(get_resolver().url_patterns))
    assert len(routes) > 60  # the walk reached every app's table
    mismatched = {
        url: view
        for url, view in routes.items()
        if url.split(":")[1] != view and url not in NAMED_OTHERWISE
    }
    assert mismatched == {}
