"""Forms ignore or refuse posted fields the user may not set.

Each test posts a valid form plus fields the page does not offer (or values for
records the user may not touch) and checks the answer and the database.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar

from cooperations import actions as cooperation_actions
from cooperations.models import (
    ChecklistTick,
    Cooperation,
    CooperationDocument,
    CooperationPartner,
    Funding,
    FundingProgramme,
    SavingsEntry,
    Scenario,
)
from lebenswert.reports.models import ReportJob
from services import actions as service_actions
from services.models import (
    FigureImport,
    Indicator,
    IndicatorValue,
    PartnerOrganisation,
    ServiceProvision,
)
from tests.factories import KreisFactory, MunicipalityFactory
from tests.test_authorization_matrix import _cooperation, _scenario

TAMPER = {
    "is_example": "on",
    "created_by": "",
    "updated_by": "",
    "owner": "",
    "actor": "",
    "is_demo": "on",
    "is_staff": "on",
    "is_superuser": "on",
    "cooperation": "",
    "uploaded_by": "",
    "requested_by": "",
}


@pytest.fixture
def elsewhere(db):
    """A municipality in another Kreis, where nobody of the fixtures works."""
    return MunicipalityFactory(
        kreis=KreisFactory(code="06635", name="Waldeck-Frankenberg"),
        ags="06635001",
        name="Allendorf (Eder)",
    )


@pytest.fixture
def editor(client, roles):
    client.force_login(roles["editor"])
    return client


def _tamper(roles, **more) -> dict:
    data = {**TAMPER, **more}
    data["created_by"] = data["updated_by"] = data["owner"] = roles["admin"].pk
    data["actor"] = data["uploaded_by"] = data["requested_by"] = roles["admin"].pk
    return data


def _ctx(roles, municipality):
    return {"municipality": municipality, "roles": roles}


# --- cooperations ---------------------------------------------------------------


def test_create_ignores_owner_example_and_version(editor, roles, municipality):
    response = editor.post(
        reverse("cooperations:cooperation_create"),
        {
            **_tamper(roles, version="41"),
            "title": "Bauhof",
            "task": "Winterdienst",
            "status": "exploring",
            "lead": municipality.pk,
            "partners": [municipality.pk],
        },
    )
    assert response.status_code == 302
    cooperation = Cooperation.objects.get(title="Bauhof")
    assert cooperation.created_by == roles["editor"]
    assert cooperation.updated_by == roles["editor"]
    assert cooperation.is_example is False
    assert cooperation.version == 1


def test_create_for_municipalities_of_another_region_is_refused(
    editor, roles, elsewhere
):
    """?kreis= lets editors pick partners across the border, not only others."""
    response = editor.post(
        reverse("cooperations:cooperation_create") + "?kreis=06635",
        {
            "title": "Fremd",
            "task": "x",
            "status": "idea",
            "lead": elsewhere.pk,
            "partners": [elsewhere.pk],
        },
    )
    assert response.status_code == 403
    assert "für eine Gemeinde an, die Sie bearbeiten" in response.content.decode()
    assert not Cooperation.objects.filter(title="Fremd").exists()


def test_create_with_a_lead_outside_the_offered_municipalities_is_refused(
    editor, roles, municipality, elsewhere
):
    response = editor.post(
        reverse("cooperations:cooperation_create"),
        {
            "title": "Fremd",
            "task": "x",
            "status": "idea",
            "lead": elsewhere.pk,
            "partners": [municipality.pk],
        },
    )
    assert response.status_code == 200
    assert not Cooperation.objects.filter(title="Fremd").exists()


def test_a_planner_cannot_post_a_status_beyond_exploring(client, roles, municipality):
    client.force_login(roles["planner"])
    response = client.post(
        reverse("cooperations:cooperation_create"),
        {
            "title": "Skizze",
            "task": "x",
            "status": "active",
            "lead": municipality.pk,
            "partners": [municipality.pk],
        },
    )
    assert response.status_code == 200
    assert not Cooperation.objects.filter(title="Skizze").exists()


def test_update_ignores_status_example_and_owner(editor, roles, municipality):
    cooperation = _cooperation(_ctx(roles, municipality))
    response = editor.post(
        reverse("cooperations:cooperation_update", args=[cooperation.pk]),
        {
            **_tamper(roles),
            "status": "active",
            "partners": [],
            "version": cooperation.version,
            "title": "Neu",
            "task": "x",
            "lead": municipality.pk,
        },
    )
    assert response.status_code == 302
    cooperation.refresh_from_db()
    assert cooperation.title == "Neu"
    assert cooperation.status == "exploring"
    assert cooperation.is_example is False
    assert cooperation.created_by is None
    assert cooperation.updated_by == roles["editor"]
    assert list(cooperation.partners.values_list("municipality", flat=True)) == [
        municipality.pk
    ]


def test_update_cannot_make_a_non_partner_the_lead(
    editor, roles, municipality, other_municipality
):
    cooperation = _cooperation(_ctx(roles, municipality))
    response = editor.post(
        reverse("cooperations:cooperation_update", args=[cooperation.pk]),
        {
            "version": cooperation.version,
            "title": "Neu",
            "task": "x",
            "lead": other_municipality.pk,
        },
    )
    assert response.status_code == 400
    assert "ist nicht Partner dieser Kooperation" in response.content.decode()
    cooperation.refresh_from_db()
    assert (cooperation.title, cooperation.lead) == (
        "Abwasser-Dienstleistungspool",
        municipality,
    )


def test_update_with_the_version_of_another_record_is_a_conflict(
    editor, roles, municipality
):
    cooperation = _cooperation(_ctx(roles, municipality))
    other = _cooperation(_ctx(roles, municipality))
    cooperation_actions.cooperation_update(
        cooperation=other, actor=None, expected_version=other.version, title="B"
    )
    other.refresh_from_db()
    response = editor.post(
        reverse("cooperations:cooperation_update", args=[cooperation.pk]),
        {
            "version": other.version,
            "title": "Neu",
            "task": "x",
            "lead": municipality.pk,
        },
    )
    assert response.status_code == 409
    cooperation.refresh_from_db()
    assert cooperation.title == "Abwasser-Dienstleistungspool"


def test_status_only_moves_along_allowed_steps(editor, roles, municipality):
    cooperation = _cooperation(_ctx(roles, municipality))
    url = reverse("cooperations:cooperation_status_set", args=[cooperation.pk])
    for status in ("active", "decided", "gibt-es-nicht"):
        response = editor.post(
            url, {**_tamper(roles), "status": status, "version": cooperation.version}
        )
        assert response.status_code == 302
        cooperation.refresh_from_db()
        assert cooperation.status == "exploring", status


def test_partner_add_ignores_another_cooperation_and_refuses_both_kinds(
    editor, roles, municipality, other_municipality
):
    cooperation = _cooperation(_ctx(roles, municipality))
    other = _cooperation(_ctx(roles, municipality))
    organisation = PartnerOrganisation.objects.create(name="ZV", type="zweckverband")
    url = reverse("cooperations:cooperation_partners", args=[cooperation.pk])
    both = editor.post(
        url,
        {
            "version": cooperation.version,
            "municipality": other_municipality.ags,
            "organisation": organisation.pk,
        },
    )
    assert both.status_code == 200
    assert cooperation.partners.count() == 1
    response = editor.post(
        url,
        {
            **_tamper(roles),
            "cooperation": other.pk,
            "version": cooperation.version,
            "organisation": organisation.pk,
        },
    )
    assert response.status_code == 302
    assert cooperation.partners.filter(organisation=organisation).exists()
    assert not other.partners.filter(organisation=organisation).exists()


def test_partner_update_keeps_who_the_partner_is(
    editor, roles, municipality, other_municipality
):
    cooperation = _cooperation(_ctx(roles, municipality))
    partner = cooperation.partners.get()
    response = editor.post(
        reverse(
            "cooperations:cooperation_partner_update",
            args=[cooperation.pk, partner.pk],
        ),
        {
            "version": cooperation.version,
            "role": "Federführung",
            "municipality": other_municipality.pk,
            "cooperation": _cooperation(_ctx(roles, municipality)).pk,
        },
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert (partner.role, partner.municipality, partner.cooperation) == (
        "Federführung",
        municipality,
        cooperation,
    )


def test_a_partner_of_another_cooperation_is_not_found_here(
    editor, roles, municipality
):
    cooperation = _cooperation(_ctx(roles, municipality))
    foreign = _cooperation(_ctx(roles, municipality)).partners.get()
    for name in ("cooperation_partner_update", "cooperation_partner_remove"):
        response = editor.post(
            reverse(f"cooperations:{name}", args=[cooperation.pk, foreign.pk]),
            {"version": cooperation.version, "role": "x"},
        )
        assert response.status_code == 404, name
    assert CooperationPartner.objects.filter(pk=foreign.pk, role="").exists()


def test_document_ignores_uploader_and_cooperation(editor, roles, municipality):
    cooperation = _cooperation(_ctx(roles, municipality))
    other = _cooperation(_ctx(roles, municipality))
    editor.post(
        reverse("cooperations:cooperation_document_create", args=[cooperation.pk]),
        {
            **_tamper(roles, cooperation=other.pk),
            "kind": "contract",
            "title": "Vertrag",
            "visibility": "partners",
            "file": SimpleUploadedFile("v.pdf", b"%PDF-1.7\n%%EOF\n"),
            "content_type": "text/html",
            "original_name": "x.html",
        },
    )
    document = CooperationDocument.objects.get()
    assert document.cooperation == cooperation
    assert document.uploaded_by == roles["editor"]
    assert document.content_type == "application/pdf"
    assert document.original_name == "v.pdf"


def test_savings_for_a_partner_of_another_cooperation_are_refused(
    editor, roles, municipality
):
    cooperation = _cooperation(_ctx(roles, municipality))
    foreign = _cooperation(_ctx(roles, municipality)).partners.get()
    response = editor.post(
        reverse("cooperations:savings_entry_create", args=[cooperation.pk]),
        {
            "partner": foreign.pk,
            "year": "2025",
            "cost_before": "100",
            "cost_after": "90",
            "source": "x",
        },
    )
    assert response.status_code == 302
    assert not SavingsEntry.objects.exists()


def test_funding_ignores_another_cooperation(editor, roles, municipality):
    cooperation = _cooperation(_ctx(roles, municipality))
    other = _cooperation(_ctx(roles, municipality))
    editor.post(
        reverse("cooperations:funding_create", args=[cooperation.pk]),
        {
            **_tamper(roles, cooperation=other.pk),
            "programme": FundingProgramme.objects.first().pk,
            "amount": "1000",
            "granted_on": "2025-01-01",
        },
    )
    assert Funding.objects.get().cooperation == cooperation


def test_checklist_refuses_items_of_another_phase(editor, roles, municipality):
    from cooperations.models import ChecklistItem

    cooperation = _cooperation(_ctx(roles, municipality))
    foreign = ChecklistItem.objects.filter(phase="actors").first()
    response = editor.post(
        reverse("cooperations:checklist_update", args=[cooperation.pk, "inventory"]),
        {**_tamper(roles), "items": [foreign.code]},
    )
    assert response.status_code == 302
    assert not ChecklistTick.objects.exists()


def test_checklist_ticks_are_the_posters(editor, roles, municipality):
    from cooperations.models import ChecklistItem

    cooperation = _cooperation(_ctx(roles, municipality))
    item = ChecklistItem.objects.filter(phase="inventory").first()
    editor.post(
        reverse("cooperations:checklist_update", args=[cooperation.pk, "inventory"]),
        {**_tamper(roles), "ticked_by": roles["admin"].pk, "items": [item.code]},
    )
    assert ChecklistTick.objects.get().ticked_by == roles["editor"]


# --- figures ----------------------------------------------------------------------


def test_indicator_value_edit_keeps_municipality_indicator_year_and_demo_mark(
    editor, roles, municipality, other_municipality
):
    value = service_actions.indicator_value_set(
        municipality=municipality,
        indicator=Indicator.objects.get(code="water_price_m3"),
        year=2024,
        value=Decimal("2.05"),
        source="Satzung",
        actor=None,
    )
    response = editor.post(
        reverse("services:indicator_value_update", args=[municipality.ags, value.pk]),
        {
            **_tamper(roles),
            "version": value.version,
            "municipality": other_municipality.pk,
            "indicator": Indicator.objects.exclude(pk=value.indicator_id).first().pk,
            "year": "1999",
            "value": "3,10",
            "source": "Satzung 2025",
        },
    )
    assert response.status_code == 302
    value.refresh_from_db()
    assert (value.municipality, value.indicator.code, value.year) == (
        municipality,
        "water_price_m3",
        2024,
    )
    assert value.value == Decimal("3.10")
    assert value.is_demo is False
    assert IndicatorValue.objects.count() == 1


def test_a_value_of_another_municipality_is_not_reached_through_ones_own(
    editor, roles, municipality, other_municipality
):
    foreign = service_actions.indicator_value_set(
        municipality=other_municipality,
        indicator=Indicator.objects.get(code="water_price_m3"),
        year=2024,
        value=Decimal("2.05"),
        source="Satzung",
        actor=None,
    )
    for name in ("indicator_value_update", "indicator_value_delete"):
        response = editor.post(
            reverse(f"services:{name}", args=[municipality.ags, foreign.pk]),
            {"version": foreign.version, "value": "9", "source": "x"},
        )
        assert response.status_code == 404, name
    foreign.refresh_from_db()
    assert foreign.value == Decimal("2.05")


def test_provision_edit_keeps_municipality_sector_and_demo_mark(
    editor, roles, municipality, other_municipality
):
    response = editor.post(
        reverse("services:provision_update", args=[municipality.ags, "abwasser"]),
        {
            **_tamper(roles),
            "municipality": other_municipality.pk,
            "sector": "wasserversorgung",
            "provider_type": "regiebetrieb",
        },
    )
    assert response.status_code == 302
    provision = ServiceProvision.objects.get()
    assert (provision.municipality, provision.sector.code) == (
        municipality,
        "abwasser",
    )
    assert provision.is_demo is False
    assert provision.updated_by == roles["editor"]


def test_csv_import_refuses_rows_of_municipalities_the_user_does_not_edit(
    editor, roles, municipality, other_municipality
):
    body = (
        "AGS;Kennzahl;Jahr;Wert;Quelle\n"
        f"{municipality.ags};water_price_m3;2024;2,05;Satzung\n"
        f"{other_municipality.ags};water_price_m3;2024;9,99;Satzung\n"
    ).encode()
    response = editor.post(
        reverse("services:figure_import_create"),
        {**_tamper(roles), "file": SimpleUploadedFile("f.csv", body)},
    )
    assert response.status_code == 302
    figure_import = FigureImport.objects.get()
    response = editor.post(
        reverse("services:figure_import_detail", args=[figure_import.pk]),
        _tamper(roles),
    )
    assert response.status_code == 302
    assert not IndicatorValue.objects.exists()  # all or nothing


# --- scenarios, reports, accounts -------------------------------------------------


def test_scenario_save_belongs_to_the_poster(editor, roles, municipality):
    response = editor.post(
        reverse("comparison:scenario_create"),
        {
            **_tamper(roles),
            "query": "sektor=abwasser&aufgabe=operation&partner=06636003",
            "name": "Meins",
        },
    )
    assert response.status_code == 302
    assert Scenario.objects.get(name="Meins").owner == roles["editor"]


def test_someone_elses_scenario_cannot_be_deleted(client, roles, municipality):
    scenario = _scenario(_ctx(roles, municipality))
    client.force_login(roles["viewer"])  # may read it (shared), not manage it
    response = client.post(
        reverse("comparison:scenario_delete", args=[scenario.pk]),
        {"shared": "", "owner": roles["viewer"].pk},
    )
    assert response.status_code == 403
    scenario.refresh_from_db()
    assert (scenario.owner, scenario.shared) == (roles["editor"], True)


def test_report_job_create_ignores_status_file_and_requester(
    editor, roles, municipality
):
    response = editor.post(
        reverse("reports:report_create"),
        {
            **_tamper(roles),
            "kind": "gemeinde",
            "ags": municipality.ags,
            "status": "succeeded",
            "file": "../../etc/passwd",
            "variant": "pdf/a-3b",
        },
    )
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert job.requested_by == roles["editor"]
    assert job.status == ReportJob.Status.QUEUED
    assert not job.file
    assert job.variant == ReportJob.Variant.ACCESSIBLE


def test_a_report_on_a_municipality_one_may_not_see_is_refused(client, roles):
    client.force_login(roles["other_staff"])
    response = client.post(
        reverse("reports:report_create"), {"kind": "gemeinde", "ags": "06636003"}
    )
    assert response.status_code == 403
    assert not ReportJob.objects.exists()


def test_account_pages_do_not_raise_rights(editor, roles):
    user = roles["editor"]
    editor.post(
        reverse("accounts:password_change"),
        {
            **_tamper(roles),
            "old_password": "correct-horse-42",
            "new_password1": "Ein-neues-Passwort-2025",
            "new_password2": "Ein-neues-Passwort-2025",
            "email": "boss@example.org",
        },
    )
    editor.post(reverse("accounts:calendar_token_reset"), _tamper(roles))
    editor.post(reverse("set_language"), {**_tamper(roles), "language": "en"})
    user.refresh_from_db()
    assert user.check_password("Ein-neues-Passwort-2025")
    assert (user.is_staff, user.is_superuser) == (False, False)
    assert user.email != "boss@example.org"
    assert user.memberships.get().role == "editor"


def test_the_calendar_keeps_a_title_with_line_breaks_on_one_property(
    client, roles, municipality
):
    """A carriage return in a title does not start a new iCalendar line."""
    from lebenswert.accounts.actions import calendar_token_reset

    cooperation = _cooperation(_ctx(roles, municipality))
    Cooperation.objects.filter(pk=cooperation.pk).update(
        title="A\rATTENDEE:mailto:x@example.org\r\nB\nC", next_review=date(2099, 1, 1)
    )
    token = calendar_token_reset(user=roles["editor"])
    body = client.get(reverse("cooperations:calendar_feed", args=[token])).content
    lines = body.decode().split("\r\n")
    assert not any(line.startswith("ATTENDEE") for line in lines), lines
    assert all("\r" not in line and "\n" not in line for line in lines)
    (event,) = Calendar.from_ical(body).events
    assert "ATTENDEE" not in event
    assert event["SUMMARY"].endswith(": A\nATTENDEE:mailto:x@example.org\nB\nC")
