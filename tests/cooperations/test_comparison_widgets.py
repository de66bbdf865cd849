"""The comparison form's widgets draw through copies of Django's widget templates
with the includes inlined (templates/forms/widgets/): same HTML as Django's own."""

from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from cooperations.forms import INLINED_WIDGET_TEMPLATES, ComparisonForm
from municipalities.actions import pilot_region_load
from municipalities.models import Municipality

THREE = ["06636003", "06636007", "06636013"]
DJANGO_TEMPLATE = {}
for original, inlined in INLINED_WIDGET_TEMPLATES.items():
    DJANGO_TEMPLATE.setdefault(inlined, []).append(original)


def _with_django_templates(widget) -> None:
    """Back to Django's template (the one of the widget's own class)."""
    for attribute in ("template_name", "option_template_name"):
        if attribute in vars(widget):
            delattr(widget, attribute)


def _drawn(form) -> list[str]:
    """Every widget of the form, the partner boxes one by one, as HTML."""
    return [str(form[name]) for name in form.fields] + [
        box.tag() for box in form["partner"]
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "extra",
    [
        {"einsparung": "15", "w_fees": "2", "muss_binding": "on"},
        {"einsparung": "viel", "kosten_06636013": "1.2.3", "laufzeit": "x"},
    ],
    ids=["valid", "errors"],
)
def test_inlined_widget_templates_draw_what_djangos_draw(extra):
    pilot_region_load()
    query = {
        "sektor": "abwasser",
        "aufgabe": "service_pool",
        "partner": THREE,
        "kosten_06636003": "2.400.000",
        "schluessel": "population",
        **extra,
    }
    municipalities = Municipality.objects.filter(ags__in=THREE).order_by("ags")
    form = ComparisonForm(
        QueryDict(urlencode(query, doseq=True)), municipalities=municipalities
    )
    form.is_valid()
    used = {
        getattr(field.widget, attribute, None)
        for field in form.fields.values()
        for attribute in ("template_name", "option_template_name")
    }
    assert set(DJANGO_TEMPLATE) <= used  # every inlined copy is drawn here
    inlined = _drawn(form)
    for field in form.fields.values():
        _with_django_templates(field.widget)
    assert not set(DJANGO_TEMPLATE) & {
        getattr(field.widget, attribute, None)
        for field in form.fields.values()
        for attribute in ("template_name", "option_template_name")
    }
    assert inlined == _drawn(form)
    assert any(" selected>" in html for html in inlined)  # options' attributes
