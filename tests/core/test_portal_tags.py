from lebenswert.core.templatetags.portal import percent


def test_percent_is_signed_and_localised():
    from decimal import Decimal

    from django.utils import translation

    with translation.override("de"):
        assert percent(Decimal("-0.009234")) == "−0,92 %"
        assert percent(Decimal("0.001029")) == "+0,10 %"
        assert percent(Decimal(0)) == "±0,00 %"
