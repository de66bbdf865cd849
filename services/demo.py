"""Demo figures for the pilot region (seed_demo).

They are clearly marked and never passed off as real.

Real figures with a published source are entered as such (not demo): Witzenhausen's
stormwater fee in 2016 and Wanfried's vacant historic buildings in 2006.
"""

import hashlib
from decimal import Decimal

from django.utils.translation import gettext_noop

from lebenswert.core.concurrency import ANY_VERSION
from municipalities.models import Municipality

from . import actions
from .models import Indicator, Sector, ServiceProvision

# Stored in German; pages and reports show demo values' source translated.
DEMO_SOURCE = gettext_noop("Demowert (erfunden, nur zur Vorführung)")
# indicator → (low, high) of invented but plausible values
DEMO_RANGES = {
    "water_price_m3": ("1.60", "3.20"),
    "wastewater_fee_m3": ("2.20", "4.80"),
    "water_staff_fte": ("1", "12"),
    "vacancy_rate": ("3", "14"),
    "vacant_buildings": ("10", "160"),
    "distance_supermarket_km": ("0.5", "7"),
    "share_supermarket_1000m": ("15", "75"),
}
DEMO_YEARS = (2022, 2023, 2024)
REAL_VALUES = [
    # ags, indicator, year, value, source
    (
        "06636016",
        "stormwater_fee_m2",
        2016,
        "1.46",
        (
            "Projekt LebensWert (ISOE/Difu 2019): "
            "höchste Niederschlagswassergebühr in Hessen"
        ),
    ),
    (
        "06636013",
        "vacant_historic_buildings",
        2006,
        "21",
        (
            "Projekt LebensWert (ISOE/Difu 2019): "
            "leerstehende historische Gebäude in Wanfried"
        ),
    ),
]
DEMO_PROVIDERS = {
    "wasserversorgung": ServiceProvision.ProviderType.EIGENBETRIEB,
    "abwasser": ServiceProvision.ProviderType.REGIEBETRIEB,
}


def _share(ags: str, code: str, year: int) -> Decimal:
    """A stable number in [0, 1) per municipality, indicator and year."""
    digest = hashlib.sha256(f"{ags}:{code}:{year}".encode()).digest()
    return Decimal(int.from_bytes(digest[:4], "big")) / Decimal(2**32)


def demo_figures_load() -> int:
    """Invented values for the ten practice partners; idempotent. Returns the count."""
    indicators = {i.code: i for i in Indicator.objects.all()}
    partners = list(Municipality.objects.filter(is_lebenswert_partner=True))
    count = 0
    for municipality in partners:
        for code, (low, high) in DEMO_RANGES.items():
            indicator = indicators[code]
            for year in DEMO_YEARS:
                span = Decimal(high) - Decimal(low)
                value = Decimal(low) + span * _share(municipality.ags, code, year)
                value = round(value, indicator.decimals)
                actions.indicator_value_set(
                    municipality=municipality, indicator=indicator, year=year,
                    value=value, source=DEMO_SOURCE, actor=None,
                    expected_version=ANY_VERSION, is_demo=True,
                )  # fmt: skip
                count += 1
        for sector_code, provider_type in DEMO_PROVIDERS.items():
            sector = Sector.objects.get(code=sector_code)
            if ServiceProvision.objects.filter(
                municipality=municipality, sector=sector
            ).exists():
                continue  # recorded before (perhaps corrected by the real provider)
            actions.provision_set(
                municipality=municipality,
                sector=sector,
                actor=None,
                expected_version=ANY_VERSION,
                provider_type=provider_type,
                provider_name=f"Demo: {provider_type.label} {municipality.short_name}",
                staff_fte=round(
                    Decimal(2) + 8 * _share(municipality.ags, sector_code, 0), 1
                ),
                is_demo=True,
            )
    for ags, code, year, value, source in REAL_VALUES:
        municipality = Municipality.objects.filter(ags=ags).first()
        if municipality:
            actions.indicator_value_set(
                municipality=municipality, indicator=indicators[code], year=year,
                value=Decimal(value), source=source, actor=None,
                expected_version=ANY_VERSION,
            )  # fmt: skip
            count += 1
    return count
