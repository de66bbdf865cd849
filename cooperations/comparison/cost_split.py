"""Cost split between partners: shares in € and % that add up exactly.

Exact fractions until the end; then the largest-remainder method hands out the
cents (and the hundredths of a percent) that rounding down left over: largest
remainder first, ties broken by the lower AGS, so the split is always the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

KEYS = {
    "equal": gettext_lazy("zu gleichen Teilen"),
    "population": gettext_lazy("nach Einwohnern"),
    "area": gettext_lazy("nach Fläche"),
    "usage": gettext_lazy("nach Nutzung (Anschlüsse, Fälle …)"),
    "mix": gettext_lazy("gewichtete Mischung"),
}
BASES = ("equal", "population", "area", "usage")


class CostSplitError(ValueError):
    """Input that cannot be split; the message names the problem in German."""


@dataclass(frozen=True)
class PartnerBasis:
    ags: str
    name: str
    population: int | None = None
    area_km2: Decimal | None = None
    usage: Decimal | None = None

    def __hash__(self) -> int:
        # Kept once computed: the cost model looks the same bases up in the
        # weights' cache for every year and bundling level, and an exact
        # population (a Fraction) is slow to hash.
        known = self.__dict__.get("_hash")
        if known is None:
            known = hash(
                (self.ags, self.name, self.population, self.area_km2, self.usage)
            )
            object.__setattr__(self, "_hash", known)
        return known


@dataclass(frozen=True)
class Share:
    ags: str
    name: str
    amount: Decimal
    pct: Decimal
    basis_value: str


def largest_remainder(total_units: int, weights) -> dict:
    """Distribute whole units by weight; leftovers to the largest remainders."""
    return dict(_largest_remainder(total_units, tuple(weights)))


@lru_cache(maxsize=4096)
def _largest_remainder(total_units: int, weights: tuple[tuple[str, Fraction], ...]):
    weight_sum = sum((w for _k, w in weights), Fraction(0))
    if weight_sum <= 0:
        raise CostSplitError(_("Alle Schlüsselwerte sind null."))
    exact = {key: Fraction(total_units) * w / weight_sum for key, w in weights}
    units = {key: int(value) for key, value in exact.items()}  # floor, values ≥ 0
    leftover = total_units - sum(units.values())
    order = sorted(exact, key=lambda key: (-(exact[key] - units[key]), key))
    for key in order[:leftover]:
        units[key] += 1
    return units


def _basis(partner: PartnerBasis, key: str) -> Fraction:
    value = {
        "equal": 1,
        "population": partner.population,
        "area": partner.area_km2,
        "usage": partner.usage,
    }[key]
    if value is None:
        label = {
            "population": _("Einwohnerzahl"),
            "area": _("Fläche"),
            "usage": _("Nutzung"),
        }[key]
        raise CostSplitError(
            _("Für %(name)s fehlt die Angabe „%(label)s“.")
            % {"name": partner.name, "label": label}
        )
    if value < 0:
        raise CostSplitError(
            _("Für %(name)s ist der Schlüsselwert negativ.") % {"name": partner.name}
        )
    return Fraction(value)  # exact for a Decimal too, without parsing its text


def weights_for(
    partners: list[PartnerBasis], key: str, mix: dict[str, int] | None = None
) -> tuple[tuple[str, Fraction], ...]:
    """Each partner's exact weight under a key; a mix blends the bases' shares.

    Kept for the same partners, key and mix: the option comparison asks again for
    every bundling level of its sensitivity table and every year of a break-even,
    and exact fractions are not cheap (the inputs are frozen, so the cache is safe).
    """
    return _weights(tuple(partners), key, tuple(sorted((mix or {}).items())))


@lru_cache(maxsize=4096)
def _weights(
    partners: tuple[PartnerBasis, ...], key: str, mix_items: tuple
) -> tuple[tuple[str, Fraction], ...]:
    mix = dict(mix_items)
    if key in BASES:
        return tuple((p.ags, _basis(p, key)) for p in partners)
    if key != "mix":
        raise CostSplitError(_("Unbekannter Kostenschlüssel: %(key)s") % {"key": key})
    mix = {base: weight for base, weight in (mix or {}).items() if weight}
    if not mix or any(weight < 0 for weight in mix.values()):
        raise CostSplitError(
            _("Für die Mischung braucht mindestens ein Schlüssel ein Gewicht über 0.")
        )
    blended = {p.ags: Fraction(0) for p in partners}
    mix_sum = sum(mix.values())
    for base, weight in mix.items():
        values = [(p.ags, _basis(p, base)) for p in partners]
        base_sum = sum((v for _a, v in values), Fraction(0))
        if base_sum == 0:
            raise CostSplitError(_("Alle Schlüsselwerte sind null."))
        for ags, value in values:
            blended[ags] += Fraction(weight, mix_sum) * value / base_sum
    return tuple(blended.items())


def split(
    total: Decimal,
    partners: list[PartnerBasis],
    key: str,
    mix: dict[str, int] | None = None,
) -> list[Share]:
    """Each partner's share of `total` (€, two decimals) under the chosen key."""
    if not partners:
        raise CostSplitError(_("Es ist kein Partner gewählt."))
    if len({p.ags for p in partners}) != len(partners):
        raise CostSplitError(_("Ein Partner ist doppelt gewählt."))
    if total is None or total < 0:
        raise CostSplitError(_("Die Kosten müssen null oder größer sein."))
    cents = Decimal(total).quantize(Decimal("0.01"))
    if cents != total:
        raise CostSplitError(_("Die Kosten haben höchstens zwei Nachkommastellen."))
    weights = weights_for(partners, key, mix)
    amounts = largest_remainder(int(cents * 100), weights)
    basis_points = largest_remainder(10_000, weights)
    by_ags = dict(weights)
    return [
        Share(
            ags=p.ags,
            name=p.name,
            amount=Decimal(amounts[p.ags]) / 100,
            pct=Decimal(basis_points[p.ags]) / 100,
            basis_value=_describe(p, key, by_ags[p.ags]),
        )
        for p in partners
    ]


def _describe(partner: PartnerBasis, key: str, weight: Fraction) -> str:
    if key == "population":
        return str(partner.population)
    if key == "area":
        return str(partner.area_km2)
    if key == "usage":
        return str(partner.usage)
    return ""  # equal shares and the mix speak through the percentage
