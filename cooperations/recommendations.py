"""The guide's recommendations that fit a municipality's situation.

A small, explicit rule set from the LebensWert guide's action fields: each rule
looks at the municipality's latest figures against the Kreis median and at its
existing cooperations, and either recommends a step or stays silent. Each rule is
a plain function, tested on its own.
"""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Situation:
    """What the rules look at, built by the Gemeindesteckbrief's selector."""

    # indicator code → (latest value, Kreis median); only where both exist
    figures: dict[str, tuple[Decimal, Decimal]]
    # sector codes in which the municipality already cooperates
    cooperating_in: frozenset[str]
    # population on the two newest reference dates of one census basis, if known
    population_trend: tuple[int, int] | None = None


@dataclass(frozen=True)
class Recommendation:
    code: str
    title: str
    reason: str  # why it fits: the figure against the median
    measure: str  # what the guide suggests


def _above(situation: Situation, code: str) -> tuple[Decimal, Decimal] | None:
    pair = situation.figures.get(code)
    return pair if pair and pair[0] > pair[1] else None


def _below(situation: Situation, code: str) -> tuple[Decimal, Decimal] | None:
    pair = situation.figures.get(code)
    return pair if pair and pair[0] < pair[1] else None


def _n(value: Decimal) -> str:
    return number_format(value, decimal_pos=2)


def water_service_pool(situation: Situation) -> Recommendation | None:
    """High prices for water or wastewater: fixed costs (90–95 % water, 75–85 %
    wastewater) stay while users decline → a jointly run service pool."""
    if {"wasserversorgung", "abwasser"} <= situation.cooperating_in:
        return None
    for code, what in (
        ("water_price_m3", _("Wasserpreis")),
        ("wastewater_fee_m3", _("Abwassergebühr")),
    ):
        pair = _above(situation, code)
        if pair:
            return Recommendation(
                code="water_service_pool",
                title=_("Dienstleistungspool Siedlungswasserwirtschaft prüfen"),
                reason=_(
                    "%(what)s %(value)s € je m³ liegt über dem Median des Kreises "
                    "(%(median)s € je m³)."
                )
                % {"what": what, "value": _n(pair[0]), "median": _n(pair[1])},
                measure=_(
                    "Die Fixkosten der Wasserversorgung (90–95 %) und der "
                    "Abwasserbeseitigung (75–85 %) bleiben, wenn die Zahl der Nutzer "
                    "sinkt. Der Leitfaden empfiehlt einen gemeinsam betriebenen Pool "
                    "aus Fachpersonal, Bereitschaft und Geräten; jede Gemeinde behält "
                    "ihre Anlagen."
                ),
            )
    return None


def water_staff_support(situation: Situation) -> Recommendation | None:
    """Few water specialists: mutual staff and material support."""
    pair = _below(situation, "water_staff_fte")
    if not pair or "wasserversorgung" in situation.cooperating_in:
        return None
    return Recommendation(
        code="water_staff_support",
        title=_("Gegenseitige Personal- und Materialhilfe vereinbaren"),
        reason=_(
            "Fachpersonal Wasserversorgung %(value)s VZÄ liegt unter dem Median des "
            "Kreises (%(median)s VZÄ)."
        )
        % {"value": _n(pair[0]), "median": _n(pair[1])},
        measure=_(
            "Kleinen Betrieben fehlen Fachkräfte für Betrieb, Wochenend- und "
            "Rufbereitschaft. Eine Vereinbarung über gegenseitige Hilfe mit "
            "Nachbargemeinden sichert den Betrieb, ohne Anlagen zusammenzulegen."
        ),
    )


def vacancy_management(situation: Situation) -> Recommendation | None:
    """Vacancy above the Kreis median: joint vacancy management instead of plots."""
    pair = _above(situation, "vacancy_rate")
    if not pair or "wohnen" in situation.cooperating_in:
        return None
    return Recommendation(
        code="vacancy_management",
        title=_("Gemeinsames Leerstandsmanagement aufbauen"),
        reason=_(
            "Die Leerstandsquote %(value)s %% liegt über dem Median des Kreises "
            "(%(median)s %%)."
        )
        % {"value": _n(pair[0]), "median": _n(pair[1])},
        measure=_(
            "Der Leitfaden rät, leerstehende Häuser gemeinsam zu erfassen und zu "
            "vermarkten, statt neue Baugebiete auszuweisen, und Beratung zur "
            "Sanierung gemeinsam anzubieten."
        ),
    )


def local_supply(situation: Situation) -> Recommendation | None:
    """Far to the next supermarket: jointly organised local supply and mobility."""
    pair = _above(situation, "distance_supermarket_km")
    if not pair or "nahversorgung" in situation.cooperating_in:
        return None
    return Recommendation(
        code="local_supply",
        title=_("Nahversorgung und Nahmobilität gemeinsam organisieren"),
        reason=_(
            "Der Weg zum nächsten Supermarkt (%(value)s km) ist länger als im "
            "Median des Kreises (%(median)s km)."
        )
        % {"value": _n(pair[0]), "median": _n(pair[1])},
        measure=_(
            "Gemeinsam getragene Dorfläden, mobile Angebote oder ein Bürgerbus "
            "halten die Versorgung erreichbar, auch für Ältere ohne Auto."
        ),
    )


def inventory_and_forecast(situation: Situation) -> Recommendation | None:
    """Shrinking population: start with inventory and forecast, together."""
    if not situation.population_trend:
        return None
    before, after = situation.population_trend
    if after >= before:
        return None
    return Recommendation(
        code="inventory_and_forecast",
        title=_("Bestandsaufnahme und Prognose mit den Nachbarn beginnen"),
        reason=_("Die Einwohnerzahl sank von %(before)s auf %(after)s.")
        % {
            "before": number_format(before, force_grouping=True),
            "after": number_format(after, force_grouping=True),
        },
        measure=_(
            "Der Leitfaden beginnt jede Kooperation mit einer gemeinsamen "
            "Bestandsaufnahme und Prognose; danach folgen die Beteiligung der "
            "Akteure, die Projektentwicklung und die Begleitung der Umsetzung."
        ),
    )


RULES: list[Callable[[Situation], Recommendation | None]] = [
    water_service_pool,
    water_staff_support,
    vacancy_management,
    local_supply,
    inventory_and_forecast,
]


def recommendations_for(situation: Situation) -> list[Recommendation]:
    return [found for rule in RULES if (found := rule(situation))]
