"""The Regionalbericht and the Kooperationsdossier say true things: a gemeindefreies
Gebiet is counted apart and has no density, zero statements are left out, and
the dossier's latest changes say what changed."""

import pytest
from django.template.loader import render_to_string

from cooperations import actions
from cooperations.reports import DOSSIER, REGION, dossier_context, region_context
from municipalities.models import Municipality
from tests.factories import MunicipalityFactory


@pytest.fixture
def forest(kreis, municipality, other_municipality):
    return MunicipalityFactory(
        kreis=kreis, ags="06636300", name="Gutsbezirk Kaufunger Wald",
        type=Municipality.Type.GEMEINDEFREI_UNBEWOHNT, population=None,
        area_km2=None,
    )  # fmt: skip


def _region_text(kreis) -> str:
    text = render_to_string(REGION.template, region_context({"kreis": kreis.code}))
    return " ".join(text.split())


def test_region_report_counts_an_unincorporated_area_apart(kreis, forest):
    text = _region_text(kreis)
    assert "hat 2 Städte und Gemeinden und 1 gemeindefreies Gebiet mit zusammen" in (
        text
    )
    assert "None" not in text
    row = text.split("Gutsbezirk Kaufunger Wald", 1)[1].split("</tr>")[0]
    assert row.count("–") >= 3  # population, area, density


def test_region_report_leaves_out_zero_partners_and_names_them_otherwise(
    kreis, municipality, other_municipality
):
    text = _region_text(kreis)
    assert "hat 2 Städte und Gemeinden mit zusammen" in text
    assert "gemeindefrei" not in text.split("</p>")[0]
    assert "Praxispartner des Projekts" not in text
    assert "Im Werra-Meißner-Kreis sind keine Kooperationen erfasst." in text
    municipality.is_lebenswert_partner = True
    municipality.save()
    assert "1 von ihnen war Praxispartner des Projekts LebensWert." in (
        _region_text(kreis)
    )


def test_dossier_latest_changes_say_what_changed_and_skip_no_op_rows(
    municipality, other_municipality
):
    from lebenswert.audit.models import Change

    cooperation = actions.cooperation_create(
        actor=None, title="Bauhof", task="Bauhof", partners=[municipality],
        status="exploring",
    )  # fmt: skip
    actions.cooperation_status_set(
        cooperation=cooperation, status="negotiating", actor=None,
        expected_version=cooperation.version,
    )  # fmt: skip
    # An update row that changed nothing shown (only a key for restoring).
    Change.objects.create(
        content_type=Change.objects.for_object(cooperation).first().content_type,
        object_id=str(cooperation.pk), object_repr="Bauhof",
        action=Change.Action.UPDATE, changes={"_key": [1, 2]},
    )  # fmt: skip
    context = dossier_context({"pk": str(cooperation.pk)})
    shown = context["recent_changes"]
    assert all(rows or c.action != "update" for c, rows in shown)
    assert ("Status", "Sondierung", "Verhandlung") in [
        r for _c, rs in shown for r in rs
    ]
    text = " ".join(render_to_string(DOSSIER.template, context).split())
    assert "Status: Sondierung → Verhandlung" in text


def test_profile_of_an_unincorporated_area_shows_no_none(forest):
    from lebenswert.portal.reports import profile_context

    text = " ".join(
        render_to_string(
            "municipalities/report_profile.html", profile_context({"ags": forest.ags})
        ).split()
    )
    assert "<dt>Einwohner je km²</dt><dd>–</dd>" in text
    assert "None" not in text
