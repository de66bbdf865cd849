"""URL tables: a page's URL name is the name of its view.

`route("neu/", views.cooperation_create)` is `path("neu/", views.cooperation_create,
name="cooperation_create")`, and `route("v1/indicators/", views.IndicatorList)` is
`path("v1/indicators/", views.IndicatorList.as_view(), name="indicator_list")`: the
name is written once, so a table cannot drift from the `<noun>_<verb>` convention
(issue 12). A route whose name is not its view's (Django's auth views, a library's
view) keeps `path(…, name=…)`.
"""

import re
from collections.abc import Callable

from django.urls import URLPattern, path
from django.views import View

_WORD_START = re.compile(r"(?<!^)(?=[A-Z])")


def route(pattern: str, view: Callable | type[View]) -> URLPattern:
    if isinstance(view, type):
        name = _WORD_START.sub("_", view.__name__).lower()
        return path(pattern, view.as_view(), name=name)
    if hasattr(view, "view_class"):
        raise TypeError(
            f"Pass the class {view.view_class.__name__}, not its as_view(): "
            "route() names the URL after the class."
        )
    return path(pattern, view, name=view.__name__)
