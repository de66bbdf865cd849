"""The guide's worked example („Rechenweg“): every number printed on the page, in
both languages, equals the cost model's result for the example's inputs (and the
intermediate steps equal the independent arithmetic of test_cost_model), so the
text cannot drift from the program."""

import re
from decimal import Decimal
from fractions import Fraction

import pytest
from django.utils import translation

from cooperations.comparison.cost_model import (
    FundingTerms,
    compare_funded,
    operating_savings_pct,
    sensitivity,
)
from cooperations.guide import content
from lebenswert.core.numbers import parse_number
from tests.cooperations.test_cost_model import (
    EXAMPLE,
    HESSEN,
    by_hand,
    cents,
    example_input,
)

AGS = {row[0]: ags for ags, row in EXAMPLE.items()}
# The variants as each page names them.
VARIANTS = {
    "de": {"amtlich": "amtlich", "Trend": "trend", "Stress": "stress"},
    "en": {"official": "amtlich", "trend": "trend", "stress": "stress"},
}
TERMS = FundingTerms(rules=HESSEN, years=10)


def _sections(language: str) -> dict[str, str]:
    """The page's Markdown by step: "0" the inputs, "1" … "10" the steps."""
    path = next((content.CONTENT_DIR / language).glob("*-rechenweg.md"))
    text = path.read_text(encoding="utf-8")
    parts = re.split(r"^## ", text, flags=re.M)
    sections = {"0": parts[1]}
    for part in parts[2:]:
        number = re.match(r"\D*?(\d+)", part.splitlines()[0])
        if number:
            sections[number[1]] = part
    return sections


def _tables(section: str) -> list[list[list[str]]]:
    """Each Markdown table of a section as rows of cells (header and rule left out)."""
    tables, rows = [], []
    for line in [*section.splitlines(), ""]:
        if line.startswith("|"):
            rows.append(
                [c.strip().replace("**", "") for c in line.strip("|").split("|")]
            )
        elif rows:
            tables.append([r for r in rows[2:]])
            rows = []
    return tables


def _number(cell: str, language: str) -> Decimal:
    """The first number of a cell: "267.113,88 € (11,1 %)" → 267113.88."""
    cell = cell.split("=")[-1].split("(")[0].strip()
    return parse_number(cell, language=language)


def _pct(cell: str, language: str) -> Decimal:
    """The percentage in brackets: "267.113,88 € (11,1 %)" → 11.1."""
    return parse_number(re.search(r"\((.*?)\)", cell)[1], language=language)


@pytest.fixture(params=["de", "en"])
def guide_page(request):
    with translation.override(request.param):
        yield request.param, _sections(request.param)


@pytest.fixture(scope="module")
def result():
    return compare_funded(example_input(), TERMS)


def test_the_inputs_are_the_examples(guide_page):
    language, sections = guide_page
    inputs, populations = _tables(sections["0"])
    for name, people, cost, _fixed, usage in inputs[:3]:
        _name, example_cost, _f, example_usage, variants = EXAMPLE[AGS[name]]
        assert _number(people, language) == variants["amtlich"][0]
        assert _number(cost, language) == example_cost
        assert _number(usage, language) == example_usage
    for name, *cells in populations[:3]:
        variants = EXAMPLE[AGS[name]][4]
        expected = [variants["amtlich"][0]] + [
            variants[v][i] for v in ("amtlich", "trend", "stress") for i in (1, 2)
        ]
        assert [_number(c, language) for c in cells] == expected


def test_fixed_costs_funding_and_set_up_costs_are_the_models(guide_page, result):
    language, sections = guide_page
    (fixed,) = _tables(sections["1"])
    for name, _rule, fix, variable in fixed[:3]:
        row = result.row(AGS[name], "amtlich", 2024)
        assert _number(fix, language) == row.fixed
        assert _number(variable, language) == row.variable
    funding = re.sub(r"\s", " ", sections["2"])
    pct = f"{result.funding.computed_pct}".replace(
        ".", "," if language == "de" else "."
    )
    assert f"**{pct} %**" in funding or f"**{pct}%**" in funding
    assert result.funding.check.eligible and result.inputs.grant == 75_000
    assert "75,000" in funding if language == "en" else "75.000" in funding
    first = result.pooled_for("amtlich", 2024)  # set-up costs less the grant
    assert first.setup_yearly - first.grant_yearly == 15_000
    assert ("15,000" if language == "en" else "15.000") in sections["3"]


def test_alone_together_and_shares_are_the_models(guide_page, result):
    language, sections = guide_page
    variants = VARIANTS[language]
    (alone,) = _tables(sections["4"])
    assert len(alone) == 27
    for variant, year, name, people, variable, cost, per_head in alone:
        row = result.row(AGS[name], variants[variant], int(year))
        assert _number(people, language) == row.population
        assert _number(variable, language) == row.variable
        assert _number(cost, language) == row.alone
        assert _number(per_head, language) == row.alone_per_head
    (pooled,) = _tables(sections["5"])
    assert len(pooled) == 9
    for (
        variant,
        year,
        fixed,
        variable,
        operating,
        setup,
        together,
        alone,
        saving,
    ) in pooled:
        row = result.pooled_for(variants[variant], int(year))
        assert _number(fixed, language) == row.fixed_pooled
        assert _number(variable, language) == row.variable
        assert _number(operating, language) == row.operating
        assert _number(setup, language) == row.setup_yearly - row.grant_yearly
        assert _number(together, language) == row.together
        assert _number(alone, language) == row.alone
        assert _number(saving, language) == row.saving
        assert _pct(saving, language) == row.saving_pct
    (shares,) = _tables(sections["8"])
    assert len(shares) == 27
    for variant, year, name, cost, share, saving, head_alone, head_together in shares:
        row = result.row(AGS[name], variants[variant], int(year))
        assert _number(cost, language) == row.alone
        assert _number(share, language) == row.together
        assert _number(saving, language) == row.saving
        assert _pct(saving, language) == row.saving_pct
        assert _number(head_alone, language) == row.alone_per_head
        assert _number(head_together, language) == row.together_per_head


def test_weights_and_the_cent_split_are_the_arithmetic_by_hand(guide_page, result):
    language, sections = guide_page
    variants = VARIANTS[language]
    hand = by_hand()
    (weights,) = _tables(sections["6"])
    for variant, year, *cells in weights:
        step = hand[variants[variant], int(year)]["weights"]
        total = sum(step.values(), Fraction(0))
        for ags, cell in zip(EXAMPLE, cells, strict=True):
            share = step[ags] / total
            exact = Decimal(share.numerator) / Decimal(share.denominator)
            assert _number(cell, language) == round(exact, 6)
    (split,) = _tables(sections["7"])
    step = hand["amtlich", 2024]
    for name, exact, whole, rest, share in split:
        ags = AGS[name]
        cents = Fraction(int(step["together"] * 100)) * step["weights"][ags]
        cents /= sum(step["weights"].values(), Fraction(0))
        value = Decimal(cents.numerator) / Decimal(cents.denominator)
        assert _number(exact, language) == round(value, 4)
        assert _number(whole, language) == int(cents)
        assert _number(rest, language) == round(value - int(cents), 4)
        assert _number(share, language) == result.row(ags, "amtlich", 2024).together


def test_break_even_and_sensitivity_are_the_models(guide_page, result):
    language, sections = guide_page
    variants = VARIANTS[language]
    (break_even,) = _tables(sections["9"])
    start = by_hand()["amtlich", 2024]
    weight_sum = sum(start["weights"].values(), Fraction(0))
    for name, owed, saving, year in break_even:
        # The first year's operating saving: alone − operating × weight, exactly.
        ags = AGS[name]
        exact = (
            Fraction(str(start["alone"][ags]))
            - Fraction(str(start["operating"])) * start["weights"][ags] / weight_sum
        )
        assert _number(saving, language) == cents(exact)
        for variant in result.variants:
            item = result.break_even_for(AGS[name], variant)
            assert _number(owed, language) == item.one_off_share
            assert int(year) == item.year
    funding, savings = _tables(sections["10"])
    table = sensitivity(example_input(), TERMS)
    for level, pct, grant in funding:
        level = _number(level, language)
        assert _number(pct, language) == operating_savings_pct(example_input(level))
        assert _number(grant, language) == table.cell(level, "amtlich", 2024).grant
    assert len(savings) == 36
    for level, variant, year, *cells, together in savings:
        cell = table.cell(_number(level, language), variants[variant], int(year))
        assert [_number(c, language) for c in cells] == [
            cell.partner_saving[ags] for ags in EXAMPLE
        ]
        assert _number(together, language) == cell.saving
    # The sentence the program prints, word for word.
    text = re.sub(r"\s+", " ", sections["10"])
    with translation.override(language):
        printed = sensitivity(example_input(), TERMS).thresholds
    for threshold in printed:
        assert re.sub(r"\s+", " ", threshold.sentence) in text
    assert [t.pct for t in table.thresholds] == [Decimal("7.5")]
