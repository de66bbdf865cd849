"""XSS and HTML-injection payloads in every free-text field, through the real
forms, end up as inert text on every page, in exports and in reports."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from cooperations.models import (
    ChecklistItem,
    Cooperation,
    CooperationPartner,
    FundingProgramme,
    Scenario,
)
from lebenswert.core.spreadsheet import FORMULA_TRIGGERS
from lebenswert.reports import renderer
from lebenswert.reports.actions import report_build
from lebenswert.reports.registry import REPORT_KINDS
from services.models import Indicator, PartnerOrganisation
from tests.reports.conftest import flat, pdf_text
from tests.security.forms import submit
from tests.security.payloads import FORMULA_PAYLOADS, PAYLOADS, assert_inert

COMPARISON = (
    "sektor=abwasser&aufgabe=operation&partner=06636003&partner=06636016"
    "&kosten=1000&laufzeit=5&einsparung=15"
)


def _ok(response, what):
    assert response.status_code == 302, (what, response.status_code)
    return response


def _enter_everywhere(payload: str, roles, municipality) -> Cooperation:
    """The payload in every free-text field a user can fill, through the forms."""
    admin, editor = Client(), Client()
    admin.force_login(roles["admin"])
    editor.force_login(roles["editor"])

    person = roles["editor"]
    _ok(
        submit(
            admin,
            reverse("admin:accounts_user_change", args=[person.pk]),
            {"full_name": payload, "_save": "Sichern"},
            action="",
        ),
        "user full name",
    )
    _ok(
        submit(
            admin,
            reverse("admin:services_partnerorganisation_add"),
            {"name": payload, "type": "zweckverband", "contact_name": payload},
            action="",
        ),
        "partner organisation",
    )
    organisation = PartnerOrganisation.objects.get(name=payload)

    _ok(
        submit(
            editor,
            reverse("cooperations:cooperation_create"),
            {
                "title": payload,
                "task": payload,
                "notes": payload,
                "status": "exploring",
                "lead": municipality.pk,
                "partners": [municipality.pk],
            },
        ),
        "cooperation",
    )
    cooperation = Cooperation.objects.get(title=payload)
    partners_page = reverse("cooperations:cooperation_partners", args=[cooperation.pk])
    _ok(
        submit(
            editor,
            partners_page,
            {
                "organisation": organisation.pk,
                "role": payload,
                "contact_name": payload,
                "cost_share_pct": "10",
                "resolution_date": "2025-03-01",
                "resolution_reference": payload[:100],
            },
            action="",
        ),
        "partner",
    )
    partner = CooperationPartner.objects.get(organisation=organisation)
    detail = cooperation.get_absolute_url()
    for action, changes, files in [
        (
            reverse("cooperations:cooperation_document_create", args=[cooperation.pk]),
            {"kind": "contract", "title": payload},
            {
                "file": SimpleUploadedFile(
                    f"{payload}.pdf"[-200:], b"%PDF-1.7\n%%EOF\n", "application/pdf"
                )
            },
        ),
        (
            reverse("cooperations:savings_entry_create", args=[cooperation.pk]),
            {
                "partner": partner.pk,
                "year": "2025",
                "cost_before": "1000",
                "cost_after": "900",
                "source": payload,
            },
            None,
        ),
        (
            reverse("cooperations:funding_create", args=[cooperation.pk]),
            {
                "programme": FundingProgramme.objects.first().pk,
                "amount": "5000",
                "granted_on": "2025-05-01",
                "obligations": payload,
            },
            None,
        ),
    ]:
        response = submit(editor, detail, changes, action=action, files=files)
        _ok(response, action)
        assert "Fehler" not in str(list(response.wsgi_request._messages)), action

    item = ChecklistItem.objects.filter(phase="inventory").first()
    _ok(
        editor.post(
            reverse(
                "cooperations:checklist_update", args=[cooperation.pk, "inventory"]
            ),
            {"items": [item.code]},
        ),
        "checklist",
    )
    _ok(
        submit(
            editor,
            reverse("services:indicator_value_create", args=[municipality.ags]),
            {
                "indicator": Indicator.objects.get(code="water_price_m3").pk,
                "year": "2024",
                "value": "2,05",
                "source": payload,
                "note": payload,
            },
        ),
        "indicator value",
    )
    _ok(
        submit(
            editor,
            reverse("services:provision_update", args=[municipality.ags, "abwasser"]),
            {
                "provider_type": "regiebetrieb",
                "provider_name": payload,
                "notes": payload,
            },
        ),
        "provision",
    )
    _ok(
        editor.post(
            reverse("comparison:scenario_create"),
            {"query": COMPARISON, "name": payload, "shared": "on"},
        ),
        "scenario",
    )
    assert Scenario.objects.filter(name=payload).exists()
    return cooperation


def _pages(cooperation: Cooperation, municipality) -> list[str]:
    scenario = Scenario.objects.get(name=cooperation.title)
    return [
        reverse("core:dashboard"),
        reverse("accounts:account_detail"),
        cooperation.get_absolute_url(),
        reverse("cooperations:cooperation_partners", args=[cooperation.pk]),
        *[
            reverse("cooperations:cooperation_partner_update", args=[cooperation.pk, p])
            for p in cooperation.partners.values_list("pk", flat=True)
        ],
        reverse("cooperations:cooperation_update", args=[cooperation.pk]),
        reverse("cooperations:cooperation_list"),
        reverse("cooperations:cooperation_list") + "?query=lwx",
        reverse("cooperations:cooperation_matrix") + "?kreis=06636",
        reverse("cooperations:cooperation_network") + "?kreis=06636",
        reverse("cooperations:cooperation_gaps") + "?kreis=06636",
        municipality.get_absolute_url(),
        reverse("services:municipality_history", args=[municipality.ags]),
        reverse("services:sector_detail", args=["wasserversorgung"]) + "?kreis=06636",
        reverse("services:sector_detail", args=["abwasser"]) + "?kreis=06636",
        reverse("services:municipality_comparison") + "?ags=06636003",
        reverse("services:provision_update", args=[municipality.ags, "abwasser"]),
        reverse("comparison:scenario_list"),
        scenario.get_absolute_url(),
        reverse("guide:guide_page", args=["bestandsaufnahme"])
        + f"?kooperation={cooperation.pk}",
    ]


ADMIN_PAGES = [
    "admin:accounts_user_changelist",
    "admin:services_partnerorganisation_changelist",
    "admin:cooperations_cooperation_changelist",
    "admin:audit_change_changelist",
]


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payloads_are_inert_on_every_page_export_and_report(
    client, roles, municipality, other_municipality, payload
):
    cooperation = _enter_everywhere(payload, roles, municipality)
    client.force_login(roles["editor"])
    shown_on = []
    for page in _pages(cooperation, municipality):
        response = client.get(page)
        assert response.status_code == 200, (page, response.status_code)
        text = assert_inert(response.content.decode(), page)
        if payload in text:
            shown_on.append(page)
    # Shown as text (not swallowed) where the record is shown in full.
    for page in (cooperation.get_absolute_url(), reverse("comparison:scenario_list")):
        assert page in shown_on, page
    assert len(shown_on) >= 10, shown_on

    client.force_login(roles["admin"])
    for name in ADMIN_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert_inert(response.content.decode(), name)

    # Exports: the payload is a cell's text, never a formula.
    for cell in _export_cells(client):
        assert not str(cell).startswith(FORMULA_TRIGGERS), cell
    # Reports: the print HTML holds no markup from the payload.
    for kind, params in [
        ("kooperation", {"pk": str(cooperation.pk)}),
        ("gemeinde", {"ags": municipality.ags}),
        ("region", {"kreis": "06636"}),
    ]:
        report_kind = REPORT_KINDS[kind]
        html = renderer.report_html(report_kind.template, report_kind.selector(params))
        text = assert_inert(html, kind)
        assert payload in text, kind


def _export_cells(client) -> list:
    cells = []
    for file_format in ("csv", "xlsx"):
        response = client.get(
            reverse("services:sector_export", args=["wasserversorgung", file_format])
            + "?kreis=06636"
        )
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else None
        body = body or response.content
        if file_format == "csv":
            rows = csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";")
            cells += [cell for row in rows for cell in row]
        else:
            sheet = load_workbook(io.BytesIO(body)).active
            cells += [c.value for row in sheet.iter_rows() for c in row if c.value]
    return cells


@pytest.mark.parametrize(
    "payload", [PAYLOADS[0], PAYLOADS[5]], ids=["script", "textarea"]
)
def test_the_pdf_shows_the_payload_as_text(roles, municipality, payload):
    cooperation = _enter_everywhere(payload, roles, municipality)
    built = report_build(REPORT_KINDS["kooperation"], {"pk": str(cooperation.pk)})
    assert_inert(built.html, "dossier")
    assert flat(payload) in pdf_text(built.pdf)


@pytest.mark.parametrize("payload", FORMULA_PAYLOADS, ids=range(len(FORMULA_PAYLOADS)))
def test_exports_neutralise_formula_triggers_in_every_text_column(
    client, roles, municipality, payload
):
    """Source, note and the municipality's name start with a formula trigger."""
    municipality.name = payload
    municipality.save(update_fields=["name"])
    client.force_login(roles["editor"])
    _ok(
        submit(
            client,
            reverse("services:indicator_value_create", args=[municipality.ags]),
            {
                "indicator": Indicator.objects.get(code="water_price_m3").pk,
                "year": "2024",
                "value": "2,05",
                "source": payload,
                "note": payload,
            },
        ),
        "indicator value",
    )
    cells = _export_cells(client)
    texts = [c for c in cells if isinstance(c, str) and "lwx" in c]
    assert len(texts) == 2 * 3, texts  # name, source, note in CSV and XLSX
    for cell in cells:
        if isinstance(cell, str):
            assert not cell.startswith(FORMULA_TRIGGERS), repr(cell)


REFLECTED = [
    ("cooperations:cooperation_list", "?query={p}&status={p}&sector={p}&kreis={p}"),
    ("municipalities:municipality_list", "?q={p}&kreis={p}&land={p}"),
    ("guide:guide_search", "?q={p}"),
    ("guide:guide_index", "?kooperation={p}"),
    ("comparison:option_comparison", "?sektor=abwasser&aufgabe={p}&partner={p}"),
    ("comparison:partner_suggestion_list", "?ags={p}&sektor={p}"),
    ("services:municipality_comparison", "?ags={p}&ags=06636003"),
    ("services:sector_list", "?kreis={p}"),
    ("accounts:password_reset", "?next={p}"),
    ("accounts:second_factor_setup", "?next={p}"),
]


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_payloads_in_the_address_are_not_reflected_as_markup(
    client, roles, municipality, other_municipality, payload
):
    from urllib.parse import quote

    client.force_login(roles["editor"])
    for name, query in REFLECTED:
        page = reverse(name) + query.format(p=quote(payload))
        response = client.get(page)
        assert response.status_code in {200, 302, 400, 404}, (
            page,
            response.status_code,
        )
        if response.status_code != 302:
            assert_inert(response.content.decode(), page)
