"""Cooperations of the pilot region for seed_demo.

The real ones are recorded with what is publicly known (DOMAIN facts: partners,
form, since when); dates not known to the day stay empty and the year is noted.
One exploring example in the spirit of the guide is marked as an example.
"""

from lebenswert.core.concurrency import ANY_VERSION
from municipalities.models import Municipality
from services.models import PartnerOrganisation, Sector

from . import actions
from .models import Cooperation, OrganisationalForm

SOURCE = "Quelle: Projekt LebensWert (ISOE/Difu 2019) und öffentliche Berichte."
COOPERATIONS = [
    # title, form, status, partner AGS, organisations, sectors, notes, example
    (
        "Meißner-Verbandswasserwerk",
        "zweckverband",
        "active",
        ["06636003", "06636014", "06636008"],
        [("Zweckverband Meißner-Verbandswasserwerk", "zweckverband")],
        ["wasserversorgung"],
        "Zweckverband seit 1912; versorgt 16 Orte mit rund 1 Mio. m³ Wasser im "
        f"Jahr. {SOURCE}",
        False,
    ),
    (
        "Kommunale Arbeitsgemeinschaft „Mittleres Werratal“",
        "arbeitsgemeinschaft",
        "active",
        ["06636001", "06636003", "06636008", "06636013", "06636014"],
        [],
        [],
        f"Arbeitsgemeinschaft seit 2005. {SOURCE}",
        False,
    ),
    (
        "Stadtwerke Eschwege GmbH",
        "privatrechtlich",
        "active",
        ["06636003"],
        [("Stadtwerke Eschwege GmbH", "stadtwerke")],
        [],
        f"Kommunales Unternehmen seit 2001. {SOURCE}",
        False,
    ),
    (
        "Dienstleistungspool Siedlungswasserwirtschaft (Beispiel)",
        "oerv-mandat",
        "exploring",
        ["06636012", "06636006", "06636004", "06636015"],
        [],
        ["wasserversorgung", "abwasser"],
        "Beispiel nach dem Leitfaden: gemeinsames Fachpersonal, Bereitschaft und "
        "Geräte für Wasser und Abwasser; jede Gemeinde behält ihre Anlagen.",
        True,
    ),
]


TASKS = {
    "Meißner-Verbandswasserwerk": "Gemeinsame Trinkwasserversorgung.",
    "Kommunale Arbeitsgemeinschaft „Mittleres Werratal“": (
        "Abstimmung und gemeinsame Projekte der Städte und Gemeinden im mittleren "
        "Werratal."
    ),
    "Stadtwerke Eschwege GmbH": "Versorgungsleistungen als kommunales Unternehmen.",
    "Dienstleistungspool Siedlungswasserwirtschaft (Beispiel)": (
        "Gemeinsamer Pool aus Fachpersonal, Rufbereitschaft und Geräten für Wasser "
        "und Abwasser."
    ),
}


def demo_cooperations_load() -> int:
    """Record the pilot region's cooperations once; returns how many are new."""
    created = 0
    for (
        title,
        form,
        status,
        agss,
        organisations,
        sectors,
        notes,
        example,
    ) in COOPERATIONS:
        if Cooperation.objects.filter(title=title).exists():
            continue
        partners = list(Municipality.objects.filter(ags__in=agss).order_by("ags"))
        if not partners:
            continue
        cooperation = actions.cooperation_create(
            actor=None,
            title=title,
            task=TASKS[title],
            lead=partners[0],
            partners=partners,
            status=status,
            sectors=list(Sector.objects.filter(code__in=sectors)),
            form=OrganisationalForm.objects.filter(code=form).first(),
            notes=notes,
            is_example=example,
        )
        for name, kind in organisations:
            organisation, _ = PartnerOrganisation.objects.get_or_create(
                name=name, defaults={"type": kind}
            )
            actions.cooperation_partner_add(
                cooperation=cooperation,
                actor=None,
                expected_version=ANY_VERSION,
                organisation=organisation,
            )
        created += 1
    _providers_link()
    return created


def _providers_link() -> None:
    """A Zweckverband provides its sectors' service for its members: say so."""
    from services.actions import provision_set
    from services.models import ServiceProvision

    for (
        title,
        _form,
        _status,
        agss,
        organisations,
        sectors,
        _notes,
        _ex,
    ) in COOPERATIONS:
        for name, kind in organisations:
            if kind != PartnerOrganisation.Type.ZWECKVERBAND:
                continue
            organisation = PartnerOrganisation.objects.get(name=name)
            for municipality in Municipality.objects.filter(ags__in=agss):
                for sector in Sector.objects.filter(code__in=sectors):
                    current = ServiceProvision.objects.filter(
                        municipality=municipality, sector=sector
                    ).first()
                    if current and current.provider_organisation_id:
                        continue
                    provision_set(
                        municipality=municipality,
                        sector=sector,
                        actor=None,
                        expected_version=ANY_VERSION,
                        provider_type=ServiceProvision.ProviderType.ZWECKVERBAND,
                        provider_organisation=organisation,
                        provider_name="",
                        notes=f"{title}. {SOURCE}",
                    )
