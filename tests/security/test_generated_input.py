"""Hypothesis drives every form that accepts POST: no generated input ends in a 500.

The forms are found by walking the URL conf (through the authorization matrix,
which has a row for every URL): every URL that does not answer a POST with 405
must have an entry in FORMS below. Each example starts from valid input and
replaces some fields with generated values: text with unicode and control
characters, huge and negative numbers, dates out of range, empty values, lists.
"""

import os
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cooperations.models import ChecklistItem, FundingProgramme
from services.models import Indicator, PartnerOrganisation
from tests.test_authorization_matrix import (
    MATRIX,
    _cooperation,
    _figure_change,
    _organisation_partner,
    _published,
)

# CI runs a fixed, small set; HYPOTHESIS_HUNT=1 explores new input on each run.
HUNT = os.environ.get("HYPOTHESIS_HUNT", "") == "1"
EXAMPLES = int(os.environ.get("HYPOTHESIS_EXAMPLES", "8"))

# Text as people (and attackers) type it: any unicode except surrogates, with
# control characters, NUL included.
TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400
) | st.sampled_from(
    ["", " ", "\x00", "\u202e", "∞", "NaN", "inf", "-0", "1e999", "9" * 40]
)
NUMBER = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.floats().map(str),
    st.sampled_from(["1.000,50", "1,5", "12.345.678,9", "-1", "0", "00", "+3"]),
)
DATE = st.one_of(
    st.dates().map(date.isoformat),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.sampled_from(["0000-00-00", "9999-12-31", "2024-02-30", "31.13.2024", "-1"]),
)
SCALAR = st.one_of(TEXT, NUMBER, DATE)
VALUE = st.one_of(SCALAR, st.lists(SCALAR, max_size=4))


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


FILE = st.builds(
    _file,
    st.sampled_from(["a.pdf", "b.csv", "c.txt", "../x.pdf", "ü n i.docx", ".pdf"]),
    st.one_of(
        st.binary(max_size=300),
        st.sampled_from(
            [
                b"%PDF-1.7\n%%EOF\n",
                b"AGS;Kennzahl;Jahr;Wert\n06636003;water_price_m3;2024;1e999\n",
                "AGS;Kennzahl;Jahr;Wert\n06636003;water_price_m3;-5;x\n".encode(
                    "cp1252"
                ),
            ]
        ),
    ),
)


def _value(ctx):
    """Eschwege's water price 2024, created again after a generated delete."""
    from services.models import IndicatorValue
    from tests.test_authorization_matrix import _value as value

    existing = IndicatorValue.objects.filter(
        municipality=ctx["municipality"], indicator__code="water_price_m3", year=2024
    ).first()
    return existing or value(ctx)


def _indicator_pk() -> int:
    return Indicator.objects.get(code="water_price_m3").pk


def _cooperation_fields(ctx) -> dict:
    return {
        "title": "Bauhof-Pool",
        "task": "Gemeinsamer Winterdienst",
        "form": "",
        "status": "idea",
        "lead": ctx["municipality"].pk,
        "partners": [ctx["municipality"].pk],
        "sectors": [],
        "start_date": "2025-01-01",
        "end_date": "2030-01-01",
        "minimum_term_months": "24",
        "notice_period_months": "6",
        "renewal_months": "",
        "next_review": "2026-01-01",
        "notes": "",
    }


def _partner_fields() -> dict:
    return {
        "role": "Partner",
        "cost_share_pct": "10",
        "contact_name": "A. Beispiel",
        "contact_email": "a@example.org",
        "resolution_date": "2025-03-01",
        "resolution_reference": "GV 1/2025",
    }


def _report_path(ctx):
    return MATRIX["reports:report_create"][0](ctx)


def _cooperation_for(ctx):
    ctx["cooperation"] = _cooperation(ctx)
    return ctx["cooperation"]


def _partner_for(ctx):
    partner = _organisation_partner(ctx)
    ctx["cooperation"], ctx["partner"] = partner.cooperation, partner
    return partner


def _published_for(ctx):
    ctx["cooperation"] = _published(ctx)
    return ctx["cooperation"]


def _path_of(name: str, *args_of):
    from django.urls import reverse

    return lambda ctx: reverse(name, args=[f(ctx) for f in args_of])


# url name → (path, valid input, file fields). Paths build fresh objects, so a
# delete in one example does not starve the next.
FORMS = {
    "set_language": (
        _path_of("set_language"),
        lambda ctx: {"language": "en", "next": "/"},
        (),
    ),
    "accounts:login": (
        _path_of("accounts:login"),
        lambda ctx: {"username": "nobody@example.org", "password": "x", "next": "/"},
        (),
    ),
    "accounts:logout": (_path_of("accounts:logout"), lambda ctx: {}, ()),
    "accounts:password_change": (
        _path_of("accounts:password_change"),
        lambda ctx: {
            "old_password": "wrong",
            "new_password1": "Neues-Passwort-2025",
            "new_password2": "Neues-Passwort-2025",
        },
        (),
    ),
    "accounts:password_reset": (
        _path_of("accounts:password_reset"),
        lambda ctx: {"email": "nobody@example.org"},
        (),
    ),
    "accounts:password_reset_confirm": (
        _path_of("accounts:password_reset_confirm", lambda c: "MQ", lambda c: "x-y"),
        lambda ctx: {"new_password1": "a", "new_password2": "a"},
        (),
    ),
    "accounts:second_factor_verify": (
        _path_of("accounts:second_factor_verify"),
        lambda ctx: {"token": "123456", "next": "/"},
        (),
    ),
    "accounts:second_factor_setup": (
        _path_of("accounts:second_factor_setup"),
        lambda ctx: {"token": "123456", "next": "/"},
        (),
    ),
    "accounts:recovery_codes_renew": (
        _path_of("accounts:recovery_codes_renew"),
        lambda ctx: {},
        (),
    ),
    "accounts:calendar_token_reset": (
        _path_of("accounts:calendar_token_reset"),
        lambda ctx: {},
        (),
    ),
    "municipalities:directory_import_create": (
        _path_of("municipalities:directory_import_create"),
        lambda ctx: {"kind": "gv100ad"},
        ("file",),
    ),
    "services:indicator_value_create": (
        _path_of("services:indicator_value_create", lambda c: "06636003"),
        lambda ctx: {
            "indicator": _indicator_pk(),
            "year": "2024",
            "value": "2,05",
            "source": "Satzung",
            "note": "",
            "version": "",
        },
        (),
    ),
    "services:indicator_value_update": (
        lambda ctx: _path_of(
            "services:indicator_value_update",
            lambda c: "06636003",
            lambda c: c.setdefault("value", _value(c)).pk,
        )(ctx),
        lambda ctx: {
            "value": "2,10",
            "source": "Satzung",
            "note": "",
            "version": ctx["value"].version,
        },
        (),
    ),
    "services:indicator_value_delete": (
        lambda ctx: _path_of(
            "services:indicator_value_delete",
            lambda c: "06636003",
            lambda c: c.setdefault("value", _value(c)).pk,
        )(ctx),
        lambda ctx: {"version": ctx["value"].version},
        (),
    ),
    "services:change_restore": (
        lambda ctx: _path_of(
            "services:change_restore",
            lambda c: "06636003",
            lambda c: c.setdefault("change", _figure_change(c)).pk,
        )(ctx),
        lambda ctx: {"version": ctx["value"].version + 1},
        (),
    ),
    "services:provision_update": (
        _path_of(
            "services:provision_update", lambda c: "06636003", lambda c: "abwasser"
        ),
        lambda ctx: {
            "provider_type": "regiebetrieb",
            "provider_organisation": "",
            "provider_name": "Stadtwerke",
            "staff_fte": "2,5",
            "yearly_cost": "100.000",
            "cost_year": "2024",
            "notes": "",
            "version": "",
        },
        (),
    ),
    "services:figure_import_create": (
        _path_of("services:figure_import_create"),
        lambda ctx: {"default_source": "Haushaltsplan"},
        ("file",),
    ),
    "services:figure_import_detail": (
        MATRIX["services:figure_import_detail"][0],
        lambda ctx: {},
        (),
    ),
    "cooperations:cooperation_create": (
        _path_of("cooperations:cooperation_create"),
        _cooperation_fields,
        (),
    ),
    "cooperations:cooperation_update": (
        _path_of("cooperations:cooperation_update", lambda c: _cooperation_for(c).pk),
        lambda ctx: {**_cooperation_fields(ctx), "version": ctx["cooperation"].version},
        (),
    ),
    "cooperations:cooperation_status_set": (
        _path_of(
            "cooperations:cooperation_status_set", lambda c: _cooperation_for(c).pk
        ),
        lambda ctx: {"status": "negotiating", "version": ctx["cooperation"].version},
        (),
    ),
    "cooperations:savings_entry_create": (
        _path_of("cooperations:savings_entry_create", lambda c: _partner_for(c).pk),
        lambda ctx: {
            "partner": ctx["partner"].pk,
            "year": "2025",
            "cost_before": "100.000",
            "cost_after": "90.000,50",
            "source": "Jahresrechnung",
        },
        (),
    ),
    "cooperations:cooperation_partners": (
        _path_of("cooperations:cooperation_partners", lambda c: _cooperation_for(c).pk),
        lambda ctx: {
            **_partner_fields(),
            "municipality": "",
            "organisation": PartnerOrganisation.objects.get_or_create(
                name="Zweckverband Test", type="zweckverband"
            )[0].pk,
            "version": ctx["cooperation"].version,
        },
        (),
    ),
    "cooperations:cooperation_partner_update": (
        lambda ctx: _path_of(
            "cooperations:cooperation_partner_update",
            lambda c: _partner_for(c).cooperation_id,
            lambda c: c["partner"].pk,
        )(ctx),
        lambda ctx: {**_partner_fields(), "version": ctx["cooperation"].version},
        (),
    ),
    "cooperations:cooperation_partner_remove": (
        lambda ctx: _path_of(
            "cooperations:cooperation_partner_remove",
            lambda c: _partner_for(c).cooperation_id,
            lambda c: c["partner"].pk,
        )(ctx),
        lambda ctx: {"version": ctx["cooperation"].version},
        (),
    ),
    "cooperations:checklist_update": (
        _path_of(
            "cooperations:checklist_update",
            lambda c: _cooperation_for(c).pk,
            lambda c: "inventory",
        ),
        lambda ctx: {
            "items": list(
                ChecklistItem.objects.filter(phase="inventory").values_list(
                    "code", flat=True
                )[:2]
            )
        },
        (),
    ),
    "cooperations:funding_create": (
        _path_of("cooperations:funding_create", lambda c: _cooperation_for(c).pk),
        lambda ctx: {
            "programme": FundingProgramme.objects.first().pk,
            "amount": "50.000",
            "granted_on": "2025-05-01",
            "obligations": "Verwendungsnachweis",
        },
        (),
    ),
    "cooperations:cooperation_document_create": (
        _path_of(
            "cooperations:cooperation_document_create",
            lambda c: _cooperation_for(c).pk,
        ),
        lambda ctx: {"kind": "contract", "title": "Vertrag"},
        ("file",),
    ),
    "reports:report_create": (
        _path_of("reports:report_create"),
        lambda ctx: {"kind": "gemeinde", "ags": "06636003"},
        (),
    ),
    "comparison:scenario_create": (
        _path_of("comparison:scenario_create"),
        lambda ctx: {
            "query": "sektor=abwasser&aufgabe=operation&partner=06636003"
            "&partner=06636016&kosten=1000&laufzeit=5&einsparung=15",
            "name": "Pool",
            "shared": "on",
        },
        (),
    ),
    "comparison:scenario_delete": (MATRIX["comparison:scenario_delete"][0], dict, ()),
    # Partner consent (issue 15): an asked municipality answers.
    "cooperations:cooperation_partner_confirm": (
        MATRIX["cooperations:cooperation_partner_confirm"][0],
        dict,
        (),
    ),
    "cooperations:cooperation_partner_decline": (
        MATRIX["cooperations:cooperation_partner_decline"][0],
        lambda ctx: {"reason": "Kein Bedarf"},
        (),
    ),
    # The public register (issue 17).
    "cooperations:cooperation_publish": (
        _path_of("cooperations:cooperation_publish", lambda c: _cooperation_for(c).pk),
        lambda ctx: {"version": ctx["cooperation"].version},
        (),
    ),
    "cooperations:cooperation_unpublish": (
        _path_of("cooperations:cooperation_unpublish", lambda c: _published_for(c).pk),
        lambda ctx: {"version": ctx["cooperation"].version},
        (),
    ),
    # API tokens (issue 17).
    "api_tokens:api_token_list": (
        _path_of("api_tokens:api_token_list"),
        lambda ctx: {
            "municipality": ctx["municipality"].ags,
            "name": "Finanzsoftware",
            "scopes": ["figures:write"],
        },
        (),
    ),
    "api_tokens:api_token_revoke": (MATRIX["api_tokens:api_token_revoke"][0], dict, ()),
}
# Extra names a generated request may carry (tampering with hidden fields).
EXTRA_NAMES = ["municipality", "status", "owner", "created_by", "is_example", "pk"]


@pytest.mark.django_db
def test_every_url_that_accepts_post_is_driven_here(roles, municipality):
    """Walk the URL conf: whatever does not refuse POST with 405 needs a row. The
    API takes no form posts: schemathesis drives it (tests/api/test_schemathesis.py)."""
    accepting = set()
    for name, (build, *_rest) in MATRIX.items():
        name = name.split("#")[0]  # a second row for the same URL ("#post", …)
        if name.startswith("api:"):
            continue
        client = Client()
        client.force_login(roles["admin"])
        ctx = {"municipality": municipality, "roles": roles}
        with transaction.atomic():
            if client.post(build(ctx)).status_code != 405:
                accepting.add(name)
            transaction.set_rollback(True)
    assert accepting == set(FORMS), (accepting - set(FORMS), set(FORMS) - accepting)


@st.composite
def _input(draw, name):
    """Changes to the valid input: fields replaced, a file, extra fields added."""
    files = FORMS[name][2]
    changes = draw(
        st.lists(st.tuples(st.integers(0, 30), VALUE), min_size=1, max_size=6)
    )
    file = draw(st.one_of(st.none(), FILE)) if files else None
    extra = draw(st.lists(st.tuples(st.sampled_from(EXTRA_NAMES), VALUE), max_size=2))
    return changes, file, extra


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["editor", "admin"])
@pytest.mark.parametrize("name", sorted(FORMS))
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not HUNT,
    database=None if not HUNT else settings.default.database,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)
@given(data=st.data())
def test_generated_input_never_ends_in_a_server_error(
    client, roles, municipality, name, role, data
):
    build, valid, files = FORMS[name]
    changes, file, extra = data.draw(_input(name))
    ctx = {"municipality": municipality, "roles": roles}
    path = build(ctx)
    posted = dict(valid(ctx))
    keys = sorted(posted) or ["x"]
    for index, value in changes:
        posted[keys[index % len(keys)]] = value
    for key, value in extra:
        posted.setdefault(key, value)
    for field in files:
        if file is not None:
            file.seek(0)
            posted[field] = file
    client.force_login(roles[role])
    response = client.post(path, posted)
    assert response.status_code < 500, (name, role, posted, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["partners", "sectors"])
def test_an_id_beyond_64_bits_is_named_not_a_server_error(
    client, roles, municipality, field
):
    """Found by the test above: SQLite cannot compare such a number in a list."""
    client.force_login(roles["editor"])
    data = FORMS["cooperations:cooperation_create"][1](
        {"municipality": municipality, "roles": roles}
    )
    data[field] = [str(2**63)]
    response = client.post(reverse("cooperations:cooperation_create"), data)
    assert response.status_code == 200
    assert f"„{2**63}“ ist kein gültiger Wert." in response.content.decode()
