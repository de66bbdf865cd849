import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from lebenswert.core.numbers import NARROW_NBSP, NBSP


def render(source: str, **context) -> str:
    return Template("{% load portal %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("source", "value", "german", "english"),
    [
        ("{{ v|number }}", 18743, "18.743", "18,743"),
        ("{{ v|number }}", Decimal("1234.5"), "1.234,5", "1,234.5"),
        ("{{ v|number:'1' }}", Decimal("2.79"), "2,8", "2.8"),
        ("{{ v|number:2 }}", Decimal("-0.8"), "-0,80", "-0.80"),
        ("{{ v|number }}", Decimal("1E+2"), "100", "100"),
        ("{{ v|percent }}", 15, f"15{NARROW_NBSP}%", "15%"),
        ("{{ v|percent:'+1' }}", Decimal("2.345"), f"+2,3{NARROW_NBSP}%", "+2.3%"),
        ("{{ v|rate }}", Decimal("-0.009234"), f"-0,92{NARROW_NBSP}%", "-0.92%"),
        ("{{ v|rate }}", Decimal("0.001029"), f"+0,10{NARROW_NBSP}%", "+0.10%"),
        ("{{ v|money }}", 2400000, f"2.400.000,00{NBSP}€", "€2,400,000.00"),
        ("{{ v|money:'0' }}", Decimal("1234.5"), f"1.235{NBSP}€", "€1,235"),
        ("{{ v|day }}", datetime.date(2024, 12, 31), "31.12.2024", "31 Dec 2024"),
    ],
)
def test_number_filters_follow_the_language(source, value, german, english):
    with translation.override("de"):
        assert render(source, v=value) == german
    with translation.override("en"):
        assert render(source, v=value) == english


def test_number_filters_leave_nothing_for_a_missing_value():
    with translation.override("de"):
        for name in ("number", "percent", "rate", "money", "day"):
            assert render(f"{{{{ v|{name}|default:'–' }}}}", v=None) == "–"


def test_citation_keeps_each_citation_of_paragraphs_together():
    laws = "§§ 5–23a KGG; HGO §§ 121 ff., Amtsordnung (AO)"
    cited = render("{{ v|citation }}", v=laws)

    assert cited == (
        "§§\u00a05–\u206023a\u00a0KGG; HGO\u00a0§§\u00a0121\u00a0ff., Amtsordnung (AO)"
    )
    assert render("{{ v|citation|default:'–' }}", v="") == "–"
