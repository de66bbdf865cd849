"""Names are stored NFC-normalised; reports carry glyphs for German and other
European names in the shipped fonts only."""

import io
import unicodedata

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from cooperations.models import (
    Cooperation,
    CooperationPartner,
    Scenario,
)
from lebenswert.reports.actions import report_build
from lebenswert.reports.registry import REPORT_KINDS
from municipalities.importers import parse_gv100ad
from services.models import PartnerOrganisation, ServiceProvision
from tests.municipalities.test_importers import gv100ad_file, mini_gv100ad
from tests.reports.conftest import pdf_text
from tests.security.forms import submit

DECOMPOSED = "Ma\u0308rz"  # "a" + combining diaeresis, as macOS types it
COMPOSED = "M\u00e4rz"


def test_the_two_spellings_differ_before_normalisation():
    assert DECOMPOSED != COMPOSED
    assert unicodedata.normalize("NFC", DECOMPOSED) == COMPOSED


def test_names_posted_decomposed_are_stored_composed(roles, municipality):
    admin, editor = Client(), Client()
    admin.force_login(roles["admin"])
    editor.force_login(roles["editor"])
    name = f"{DECOMPOSED}-Verbund"

    submit(
        admin,
        reverse("admin:accounts_user_change", args=[roles["editor"].pk]),
        {"full_name": f"Jo\u0308rg {DECOMPOSED}", "_save": "Sichern"},
        action="",
    )
    submit(
        admin,
        reverse("admin:services_partnerorganisation_add"),
        {"name": name, "type": "zweckverband"},
        action="",
    )
    editor.post(
        reverse("cooperations:cooperation_create"),
        {
            "title": name,
            "task": DECOMPOSED,
            "notes": DECOMPOSED,
            "status": "exploring",
            "lead": municipality.pk,
            "partners": [municipality.pk],
        },
    )
    cooperation = Cooperation.objects.get(title=f"{COMPOSED}-Verbund")
    partner = cooperation.partners.get()
    submit(
        editor,
        reverse(
            "cooperations:cooperation_partner_update",
            args=[cooperation.pk, partner.pk],
        ),
        {"role": DECOMPOSED, "contact_name": DECOMPOSED},
    )
    submit(
        editor,
        reverse("services:provision_update", args=[municipality.ags, "abwasser"]),
        {"provider_type": "regiebetrieb", "provider_name": name},
    )
    editor.post(
        reverse("comparison:scenario_create"),
        {"query": "sektor=abwasser&aufgabe=operation&partner=06636003", "name": name},
    )

    roles["editor"].refresh_from_db()
    assert roles["editor"].full_name == f"J\u00f6rg {COMPOSED}"
    assert PartnerOrganisation.objects.filter(name=f"{COMPOSED}-Verbund").exists()
    assert (cooperation.task, cooperation.notes) == (COMPOSED, COMPOSED)
    partner = CooperationPartner.objects.get(pk=partner.pk)
    assert (partner.role, partner.contact_name) == (COMPOSED, COMPOSED)
    assert ServiceProvision.objects.get().provider_name == f"{COMPOSED}-Verbund"
    assert Scenario.objects.get().name == f"{COMPOSED}-Verbund"
    # Found again by the composed spelling a Windows user types.
    listing = editor.get(
        reverse("cooperations:cooperation_list") + f"?query={COMPOSED}"
    )
    assert f"{COMPOSED}-Verbund" in listing.content.decode()


def test_gv100ad_names_are_stored_composed():
    records = mini_gv100ad(
        line_7={"name": f"Mei\u00dfner {DECOMPOSED}", "seat": DECOMPOSED}
    )
    directory = parse_gv100ad(gv100ad_file(records).splitlines(keepends=True))
    meissner = directory.municipalities[1]
    assert meissner.name == f"Mei\u00dfner {COMPOSED}"


ACCENTED = "äöüß ÄÖÜ Çéèñ Łódź Åsa"


def test_a_report_shows_accented_names_in_the_shipped_fonts(roles, municipality):
    from tests.test_authorization_matrix import _cooperation

    cooperation = _cooperation({"municipality": municipality, "roles": roles})
    Cooperation.objects.filter(pk=cooperation.pk).update(title=ACCENTED)
    built = report_build(REPORT_KINDS["kooperation"], {"pk": str(cooperation.pk)})

    reader = PdfReader(io.BytesIO(built.pdf))
    raw_text = "".join(page.extract_text() for page in reader.pages)
    for word in ACCENTED.split():
        assert word in raw_text, word
    assert ACCENTED.replace(" ", "") in pdf_text(built.pdf)
    fonts = set()
    for page in reader.pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("+LebensWert-Sans" in name for name in fonts), fonts


@pytest.fixture(autouse=True)
def _db(db):
    return db
