from django import forms
from django.template.loader import render_to_string

from lebenswert.core.templatetags.portal import percent


def plain_input(field, input_type="text") -> str:
    context = {"field": field, "type": input_type}
    return render_to_string("components/plain_input.html", context)


def plain_select(field) -> str:
    return render_to_string("components/plain_select.html", {"field": field})


class Sample(forms.Form):
    amount = forms.CharField(help_text="Hilfe")
    weight = forms.TypedChoiceField(choices=[(0, "null"), (2, "<zwei>")], coerce=int)
    must = forms.BooleanField(required=False)


def test_plain_controls_keep_value_selection_and_escape():
    form = Sample({"amount": '14,9"><script>', "weight": "2", "must": "on"})
    form.is_valid()
    html = plain_input(form["amount"], "decimal")
    assert 'value="14,9&quot;&gt;&lt;script&gt;"' in html
    assert 'inputmode="decimal"' in html and 'aria-describedby="id_amount-help"' in html
    select = plain_select(form["weight"])
    assert '<option value="2" selected>&lt;zwei&gt;</option>' in select
    assert '<option value="0">null</option>' in select
    assert plain_input(form["must"], "checkbox").endswith(" checked>")
    empty = Sample({})
    empty.is_valid()
    assert 'aria-invalid="true"' in plain_input(empty["amount"])


def test_plain_controls_show_initial_values_unlocalised():
    form = Sample(initial={"amount": 1234.5, "weight": 2})
    assert 'value="1234.5"' in plain_input(form["amount"], "decimal")
    assert '<option value="2" selected>' in plain_select(form["weight"])
    assert " checked" not in plain_input(form["must"], "checkbox")


def test_percent_is_signed_and_localised():
    from decimal import Decimal

    from django.utils import translation

    with translation.override("de"):
        assert percent(Decimal("-0.009234")) == "−0,92 %"
        assert percent(Decimal("0.001029")) == "+0,10 %"
        assert percent(Decimal(0)) == "±0,00 %"
