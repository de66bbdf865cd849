"""The guide's recommendations that fit a municipality's situation.

A small, explicit rule set from the LebensWert guide's action fields: each rule
looks at the municipality's latest figures against the Kreis median and at its
existing cooperations, and either recommends a step or stays silent. Each rule is
a callable (a function, or a MedianRule where one figure is compared with the
median), tested on its own.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from lebenswert.core.numbers import format_number


@dataclass(frozen=True)
class Situation:
    """What the rules look at, built by the Gemeindesteckbrief's selector."""

    # indicator code → (latest value, Kreis median); only where both exist
    figures: dict[str, tuple[Decimal, Decimal]]
    # sector codes in which the municipality already cooperates
    cooperating_in: frozenset[str]
    # population on the two newest reference dates of one census basis, if known
    population_trend: tuple[int, int] | None = None
    # indicator code → its places, so that the text rounds as the table beside it
    decimals: dict[str, int] = field(default_factory=dict)

    def figure(self, code: str, value: Decimal) -> str:
        """A figure of this indicator as its table shows it (its places)."""
        return format_number(value, self.decimals.get(code, 2))


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
                % {
                    "what": what,
                    "value": situation.figure(code, pair[0]),
                    "median": situation.figure(code, pair[1]),
                },
                measure=_(
                    "Die Fixkosten der Wasserversorgung (90–95 %) und der "
                    "Abwasserbeseitigung (75–85 %) bleiben, wenn die Zahl der Nutzer "
                    "sinkt. Der Leitfaden empfiehlt einen gemeinsam betriebenen Pool "
                    "aus Fachpersonal, Bereitschaft und Geräten; jede Gemeinde behält "
                    "ihre Anlagen."
                ),
            )
    return None


@dataclass(frozen=True)
class MedianRule:
    """A step the guide recommends when one figure lies on the wrong side of the
    Kreis median, unless the municipality already cooperates in the sector."""

    code: str
    indicator: str
    worse_when: Callable[[Situation, str], tuple[Decimal, Decimal] | None]
    sector: str
    # Marked with gettext_noop, translated when the rule fires.
    title: str
    reason: str  # with %(value)s and %(median)s
    measure: str

    def __call__(self, situation: Situation) -> Recommendation | None:
        pair = self.worse_when(situation, self.indicator)
        if not pair or self.sector in situation.cooperating_in:
            return None
        return Recommendation(
            code=self.code,
            title=_(self.title),
            reason=_(self.reason)
            % {
                "value": situation.figure(self.indicator, pair[0]),
                "median": situation.figure(self.indicator, pair[1]),
            },
            measure=_(self.measure),
        )


water_staff_support = MedianRule(
    code="water_staff_support",
    indicator="water_staff_fte",
    worse_when=_below,
    sector="wasserversorgung",
    title=gettext_noop("Gegenseitige Personal- und Materialhilfe vereinbaren"),
    reason=gettext_noop(
        "Fachpersonal Wasserversorgung %(value)s VZÄ liegt unter dem Median des "
        "Kreises (%(median)s VZÄ)."
    ),
    measure=gettext_noop(
        "Kleinen Betrieben fehlen Fachkräfte für Betrieb, Wochenend- und "
        "Rufbereitschaft. Eine Vereinbarung über gegenseitige Hilfe mit "
        "Nachbargemeinden sichert den Betrieb, ohne Anlagen zusammenzulegen."
    ),
)

vacancy_management = MedianRule(
    code="vacancy_management",
    indicator="vacancy_rate",
    worse_when=_above,
    sector="wohnen",
    title=gettext_noop("Gemeinsames Leerstandsmanagement aufbauen"),
    reason=gettext_noop(
        "Die Leerstandsquote %(value)s %% liegt über dem Median des Kreises "
        "(%(median)s %%)."
    ),
    measure=gettext_noop(
        "Der Leitfaden rät, leerstehende Häuser gemeinsam zu erfassen und zu "
        "vermarkten, statt neue Baugebiete auszuweisen, und Beratung zur "
        "Sanierung gemeinsam anzubieten."
    ),
)

local_supply = MedianRule(
    code="local_supply",
    indicator="distance_supermarket_km",
    worse_when=_above,
    sector="nahversorgung",
    title=gettext_noop("Nahversorgung und Nahmobilität gemeinsam organisieren"),
    reason=gettext_noop(
        "Der Weg zum nächsten Supermarkt (%(value)s km) ist länger als im "
        "Median des Kreises (%(median)s km)."
    ),
    measure=gettext_noop(
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
            "before": format_number(before),
            "after": format_number(after),
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
