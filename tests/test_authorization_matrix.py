"""Every URL, tried by every role. A URL pattern without a row here fails the suite."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from lebenswert.accounts.actions import calendar_token_reset
from municipalities.models import DirectoryImport

ROLES = ["anonymous", "other_staff", "viewer", "editor", "planner", "admin"]
OK, LOGIN, FORBIDDEN, NOT_ALLOWED, REDIRECT = 200, "login", 403, 405, 302

PUBLIC = dict.fromkeys(ROLES, OK)
LOGGED_IN = {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], OK)}
ADMIN_ONLY = {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:-1], FORBIDDEN), "admin": OK}
# Editing the municipality's own figures: its editors and admins.
EDITORS = {**ADMIN_ONLY, "editor": OK}
EDITORS_POST = {**{r: FORBIDDEN for r in ROLES}, "anonymous": LOGIN, "editor": REDIRECT,
                "admin": REDIRECT}  # fmt: skip
# Importing figures: anyone who edits some municipality (rows are checked one by one).
ANY_EDITOR = {**EDITORS, "other_staff": OK}


def _value(ctx):
    from services import actions
    from services.models import Indicator, IndicatorValue

    indicator = Indicator.objects.get(code="water_price_m3")
    # Several rows of one page crawl (tests/core/test_headers.py) share the value.
    existing = IndicatorValue.objects.filter(
        municipality=ctx["municipality"], indicator=indicator, year=2024
    ).first()
    if existing:
        return existing
    return actions.indicator_value_set(
        municipality=ctx["municipality"],
        indicator=indicator,
        year=2024,
        value=Decimal("2.05"),
        source="Test",
        actor=None,
    )


def _figure_change(ctx):
    """A figure overwritten once: the history's update row, restorable."""
    from lebenswert.audit.models import Change
    from services import actions
    from services.models import IndicatorValue

    value = IndicatorValue.objects.filter(
        municipality=ctx["municipality"], indicator__code="water_price_m3", year=2024
    ).first() or _value(ctx)
    ctx["value"] = value
    actions.indicator_value_set(
        municipality=ctx["municipality"],
        indicator=value.indicator,
        year=value.year,
        value=value.value + Decimal("0.05"),
        source="Test",
        actor=None,
        expected_version=value.version,
    )
    return Change.objects.filter(action="update").latest("at")


def _figure_import(ctx):
    from services import actions

    return actions.figure_import_create(
        uploaded_file=SimpleUploadedFile("z.csv", b"AGS;Kennzahl;Jahr;Wert\n"),
        default_source="Test",
        actor=ctx["roles"]["editor"],
    )


def _cooperation(ctx):
    from cooperations import actions

    return actions.cooperation_create(
        actor=None,
        title="Abwasser-Dienstleistungspool",
        task="Gemeinsame Bereitschaft",
        lead=ctx["municipality"],
        partners=[ctx["municipality"]],
        status="exploring",
    )


def _organisation_partner(ctx):
    from cooperations import actions
    from services.models import PartnerOrganisation

    cooperation = _cooperation(ctx)
    return actions.cooperation_partner_add(
        cooperation=cooperation,
        actor=None,
        expected_version=cooperation.version,
        organisation=PartnerOrganisation.objects.create(
            name="Werra-Meißner-Kreis", type="landkreis"
        ),
    )


def _partner_url(name):
    return lambda ctx: (
        lambda p: reverse(f"cooperations:{name}", args=[p.cooperation_id, p.pk])
    )(_organisation_partner(ctx))


def _request_url(answer):
    """Witzenhausen's editor adds Eschwege to a cooperation: Eschwege is asked, and
    its editors (and admins) answer."""

    def build(ctx):
        from cooperations import actions

        other = ctx["roles"]["other_staff"]
        cooperation = actions.cooperation_create(
            actor=other, title="Bauhof Werra", task="Winterdienst",
            lead=other.memberships.get().municipality, partners=[ctx["municipality"]],
            status="exploring",
        )  # fmt: skip
        asked = cooperation.partners.get(municipality=ctx["municipality"])
        return reverse(
            f"cooperations:cooperation_partner_{answer}",
            args=[cooperation.pk, asked.pk],
        )

    return build


def _document(ctx, visibility="partners"):
    from cooperations import actions

    cooperation = _cooperation(ctx)
    return actions.cooperation_document_add(
        cooperation=cooperation,
        uploaded_file=SimpleUploadedFile("vertrag.pdf", b"%PDF-1.7\n%%EOF\n"),
        kind="contract",
        title="Vertrag",
        actor=None,
        visibility=visibility,
    )


def _document_url(visibility):
    return lambda ctx: (
        lambda d: reverse(
            "cooperations:cooperation_document_download", args=[d.cooperation_id, d.pk]
        )
    )(_document(ctx, visibility))


# A document for the partners only: staff of Eschwege (the partner) and admins; not
# Witzenhausen's staff or the planner, who read the cooperation itself.
PARTNER_STAFF = {
    "anonymous": LOGIN, "other_staff": FORBIDDEN, "viewer": OK, "editor": OK,
    "planner": FORBIDDEN, "admin": OK,
}  # fmt: skip


def _report(ctx, *, done: bool = False):
    from django.core.files.base import ContentFile

    from lebenswert.reports.models import ReportJob

    job = ReportJob.objects.create(
        kind="gemeinde",
        params={"ags": ctx["municipality"].ags},
        title="Gemeindesteckbrief Eschwege",
        requested_by=ctx["roles"]["editor"],
    )
    if done:
        job.status = ReportJob.Status.SUCCEEDED
        job.file.save("matrix.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"))
    return job


def _second_kreis_in_bezirk(ctx):
    from tests.factories import KreisFactory

    KreisFactory(code="06634", name="Schwalm-Eder-Kreis")
    return reverse("reports:report_create")


# Reports on Eschwege: whoever may see its internal data (members, planners, admins).
ESCHWEGE_READERS = {**LOGGED_IN, "other_staff": FORBIDDEN}


def _import(ctx):
    return DirectoryImport.objects.create(
        kind=DirectoryImport.Kind.GV100AD, file="imports/x.txt", original_name="x.txt"
    )


def _scenario(ctx):
    """A scenario of Eschwege's editor, shared with Eschwege's staff."""
    from cooperations import actions

    return actions.scenario_create(
        owner=ctx["roles"]["editor"],
        name="Pool",
        shared=True,
        params={
            "sector": "abwasser",
            "task_kind": "service_pool",
            "partners": [ctx["municipality"].ags],
            "requirements": {"own_staff": [2, False]},
            "years": 5,
            "savings_pct": "15",
            "exception": False,
            "total": "100.00",
            "key": "equal",
            "mix": {},
            "usage": {},
            "fixed_share_pct": None,
            "pooling_saving_pct": "15",
            "rate_pct": None,
        },
    )


# Shared scenario: its owner, the partner municipality's staff and admins read it.
SCENARIO_READERS = {
    "anonymous": LOGIN, "other_staff": FORBIDDEN, "viewer": OK, "editor": OK,
    "planner": FORBIDDEN, "admin": OK,
}  # fmt: skip
OWNER_POST = {**EDITORS_POST}
COMPARISON = (
    "?sektor=abwasser&aufgabe=operation&partner=06636003&partner=06636016"
    "&kosten=1000&laufzeit=5&einsparung=15&kreis=06636"
)


def _published(ctx):
    from cooperations.models import Cooperation

    cooperation = _cooperation(ctx)
    Cooperation.objects.filter(pk=cooperation.pk).update(is_published=True)
    return cooperation


def _value_key(ctx) -> list:
    value = _value(ctx)
    return [value.municipality.ags, value.indicator.code, value.year]


def _api_path(name, args):
    return lambda ctx: reverse(f"api:{name}", args=args(ctx) if args else [])


def _api_token(ctx):
    from lebenswert.api.actions import api_token_create

    token, _plain = api_token_create(
        municipality=ctx["municipality"], name="Kämmerei", scopes=[], actor=None
    )
    return token


# The public register (issue 17): anyone reads what is published; the rest is 404.
NOT_FOUND = dict.fromkeys(ROLES, 404)


def _register_document_url(ctx, visibility):
    """A document of a published cooperation, marked `visibility`."""
    from cooperations import actions

    document = _document(ctx, visibility)
    cooperation = document.cooperation
    actions.cooperation_publish(
        cooperation=cooperation, actor=None, expected_version=cooperation.version
    )
    return reverse(
        "register:register_document_download",
        args=[document.cooperation_id, document.pk],
    )


def _open_data_file(ctx):
    from cooperations import actions

    actions.open_data_write()
    return reverse("register:open_data_download", args=["kooperationsregister.csv"])


# url name → (how to build the path from the test's objects, expected per role, method)
MATRIX = {
    "set_language": (
        lambda ctx: reverse("set_language"),
        dict.fromkeys(ROLES, REDIRECT),
        "post",
    ),
    "core:home": (lambda ctx: reverse("core:home"), PUBLIC, "get"),
    "core:dashboard": (lambda ctx: reverse("core:dashboard"), LOGGED_IN, "get"),
    "core:data_sources": (lambda ctx: reverse("core:data_sources"), PUBLIC, "get"),
    "core:imprint": (lambda ctx: reverse("core:imprint"), PUBLIC, "get"),
    "core:privacy": (lambda ctx: reverse("core:privacy"), PUBLIC, "get"),
    "core:accessibility": (lambda ctx: reverse("core:accessibility"), PUBLIC, "get"),
    "core:health": (lambda ctx: reverse("core:health"), PUBLIC, "get"),
    "accounts:account_detail": (
        lambda ctx: reverse("accounts:account_detail"),
        LOGGED_IN,
        "get",
    ),
    # Art. 15 DSGVO: everyone downloads their own data, nobody else's.
    "accounts:personal_data_download": (
        lambda ctx: reverse("accounts:personal_data_download"),
        LOGGED_IN,
        "get",
    ),
    # A logged-in user is sent on to the dashboard.
    "accounts:login": (
        lambda ctx: reverse("accounts:login"),
        {"anonymous": OK, **dict.fromkeys(ROLES[1:], REDIRECT)},
        "get",
    ),
    "accounts:logout": (
        lambda ctx: reverse("accounts:logout"),
        dict.fromkeys(ROLES, REDIRECT),
        "post",
    ),
    "accounts:password_change": (
        lambda ctx: reverse("accounts:password_change"),
        LOGGED_IN,
        "get",
    ),
    "accounts:password_change_done": (
        lambda ctx: reverse("accounts:password_change_done"),
        LOGGED_IN,
        "get",
    ),
    "accounts:password_reset": (
        lambda ctx: reverse("accounts:password_reset"),
        PUBLIC,
        "get",
    ),
    "accounts:password_reset_done": (
        lambda ctx: reverse("accounts:password_reset_done"),
        PUBLIC,
        "get",
    ),
    "accounts:password_reset_confirm": (
        lambda ctx: reverse(
            "accounts:password_reset_confirm", args=["MQ", "invalid-token"]
        ),
        PUBLIC,
        "get",
    ),
    "accounts:password_reset_complete": (
        lambda ctx: reverse("accounts:password_reset_complete"),
        PUBLIC,
        "get",
    ),
    "municipalities:municipality_list": (
        lambda ctx: reverse("municipalities:municipality_list"),
        LOGGED_IN,
        "get",
    ),
    # The autocomplete of municipality inputs: the directory, like the list above.
    "municipalities:municipality_search": (
        lambda ctx: reverse("municipalities:municipality_search") + "?q=Esch",
        LOGGED_IN,
        "get",
    ),
    "municipalities:municipality_detail": (
        lambda ctx: ctx["municipality"].get_absolute_url(),
        LOGGED_IN,
        "get",
    ),
    "municipalities:directory_import_create": (
        lambda ctx: reverse("municipalities:directory_import_create"),
        ADMIN_ONLY,
        "get",
    ),
    "municipalities:directory_import_detail": (
        lambda ctx: reverse(
            "municipalities:directory_import_detail", args=[_import(ctx).pk]
        ),
        ADMIN_ONLY,
        "get",
    ),
    "services:sector_list": (
        lambda ctx: reverse("services:sector_list"),
        LOGGED_IN,
        "get",
    ),
    "services:sector_detail": (
        lambda ctx: (
            reverse("services:sector_detail", args=["wasserversorgung"])
            + "?kreis=06636"
        ),
        LOGGED_IN,
        "get",
    ),
    "services:sector_export": (
        lambda ctx: (
            reverse("services:sector_export", args=["wasserversorgung", "xlsx"])
            + "?kreis=06636"
        ),
        LOGGED_IN,
        "get",
    ),
    "services:municipality_comparison": (
        lambda ctx: reverse("services:municipality_comparison") + "?ags=06636003",
        LOGGED_IN,
        "get",
    ),
    "services:municipality_history": (
        lambda ctx: reverse("services:municipality_history", args=["06636003"]),
        LOGGED_IN,
        "get",
    ),
    "services:indicator_value_create": (
        lambda ctx: reverse("services:indicator_value_create", args=["06636003"]),
        EDITORS,
        "get",
    ),
    "services:indicator_value_update": (
        lambda ctx: reverse(
            "services:indicator_value_update", args=["06636003", _value(ctx).pk]
        ),
        EDITORS,
        "get",
    ),
    "services:indicator_value_delete": (
        lambda ctx: reverse(
            "services:indicator_value_delete", args=["06636003", _value(ctx).pk]
        ),
        EDITORS_POST,
        "post",
    ),
    "services:provision_update": (
        lambda ctx: reverse("services:provision_update", args=["06636003", "abwasser"]),
        EDITORS,
        "get",
    ),
    "services:figure_import_create": (
        lambda ctx: reverse("services:figure_import_create"),
        ANY_EDITOR,
        "get",
    ),
    "services:change_restore": (
        lambda ctx: reverse(
            "services:change_restore", args=["06636003", _figure_change(ctx).pk]
        ),
        EDITORS_POST,
        "post",
    ),
    "services:figure_import_template": (
        lambda ctx: reverse("services:figure_import_template"),
        ANY_EDITOR,
        "get",
    ),
    "services:figure_import_detail": (
        lambda ctx: reverse(
            "services:figure_import_detail", args=[_figure_import(ctx).pk]
        ),
        EDITORS,
        "get",
    ),
    "cooperations:cooperation_list": (
        lambda ctx: reverse("cooperations:cooperation_list"),
        LOGGED_IN,
        "get",
    ),
    "cooperations:savings_entry_create": (
        lambda ctx: reverse(
            "cooperations:savings_entry_create", args=[_cooperation(ctx).pk]
        ),
        EDITORS_POST,
        "post",
    ),
    "cooperations:funding_create": (
        lambda ctx: reverse("cooperations:funding_create", args=[_cooperation(ctx).pk]),
        EDITORS_POST,
        "post",
    ),
    "cooperations:cooperation_document_create": (
        lambda ctx: reverse(
            "cooperations:cooperation_document_create", args=[_cooperation(ctx).pk]
        ),
        EDITORS_POST,
        "post",
    ),
    "cooperations:cooperation_document_download": (
        _document_url("partners"),
        PARTNER_STAFF,
        "get",
    ),
    # "#…": the same URL once more, for a document open to every reader.
    "cooperations:cooperation_document_download#readers": (
        _document_url("readers"),
        LOGGED_IN,
        "get",
    ),
    # The secret address is the key: whoever has it reads the calendar.
    "cooperations:calendar_feed": (
        lambda ctx: (lambda token: reverse("cooperations:calendar_feed", args=[token]))(
            calendar_token_reset(user=ctx["roles"]["editor"])
        ),
        PUBLIC,
        "get",
    ),
    # Without a device the code page sends the user on; set-up is for everyone.
    "accounts:second_factor_verify": (
        lambda ctx: reverse("accounts:second_factor_verify"),
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], REDIRECT)},
        "get",
    ),
    "accounts:second_factor_setup": (
        lambda ctx: reverse("accounts:second_factor_setup"),
        LOGGED_IN,
        "get",
    ),
    "accounts:recovery_codes_renew": (
        lambda ctx: reverse("accounts:recovery_codes_renew"),
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], REDIRECT)},
        "post",
    ),
    "accounts:calendar_token_reset": (
        lambda ctx: reverse("accounts:calendar_token_reset"),
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], REDIRECT)},
        "post",
    ),
    "cooperations:cooperation_network": (
        lambda ctx: reverse("cooperations:cooperation_network") + "?kreis=06636",
        LOGGED_IN,
        "get",
    ),
    "cooperations:cooperation_gaps": (
        lambda ctx: reverse("cooperations:cooperation_gaps") + "?kreis=06636",
        LOGGED_IN,
        "get",
    ),
    "cooperations:cooperation_matrix": (
        lambda ctx: reverse("cooperations:cooperation_matrix") + "?kreis=06636",
        LOGGED_IN,
        "get",
    ),
    "cooperations:cooperation_create": (
        lambda ctx: reverse("cooperations:cooperation_create"),
        {**ANY_EDITOR, "planner": OK},
        "get",
    ),
    "cooperations:cooperation_detail": (
        lambda ctx: _cooperation(ctx).get_absolute_url(),
        LOGGED_IN,
        "get",
    ),
    "cooperations:cooperation_update": (
        lambda ctx: reverse(
            "cooperations:cooperation_update", args=[_cooperation(ctx).pk]
        ),
        EDITORS,
        "get",
    ),
    "cooperations:cooperation_partners": (
        lambda ctx: reverse(
            "cooperations:cooperation_partners", args=[_cooperation(ctx).pk]
        ),
        EDITORS,
        "get",
    ),
    "cooperations:cooperation_partner_update": (
        _partner_url("cooperation_partner_update"),
        EDITORS,
        "get",
    ),
    "cooperations:cooperation_partner_remove": (
        _partner_url("cooperation_partner_remove"),
        EDITORS_POST,
        "post",
    ),
    "cooperations:cooperation_partner_confirm": (
        _request_url("confirm"),
        EDITORS,
        "get",
    ),
    "cooperations:cooperation_partner_confirm#post": (
        _request_url("confirm"),
        EDITORS_POST,
        "post",
    ),
    "cooperations:cooperation_partner_decline": (
        _request_url("decline"),
        EDITORS,
        "get",
    ),
    "cooperations:cooperation_partner_decline#post": (
        _request_url("decline"),
        EDITORS_POST,
        "post",
        lambda ctx: {"reason": "Kein Bedarf"},
    ),
    "reports:report_list": (
        lambda ctx: reverse("reports:report_list"),
        LOGGED_IN,
        "get",
    ),
    "reports:report_create": (
        lambda ctx: reverse("reports:report_create"),
        {
            **dict.fromkeys(ROLES, REDIRECT),
            "anonymous": LOGIN,
            "other_staff": FORBIDDEN,
        },
        "post",
        lambda ctx: {"kind": "gemeinde", "ags": ctx["municipality"].ags},
    ),
    # The Regionalbericht of a whole Regierungsbezirk: its planners and admins
    # (the planner here plans one of its two Kreise, the staff work in that one).
    "reports:report_create#region_bezirk": (
        _second_kreis_in_bezirk,
        {**ADMIN_ONLY, "admin": REDIRECT},
        "post",
        lambda ctx: {"kind": "region", "gebiet": ctx["municipality"].kreis_id[:3]},
    ),
    "reports:report_detail": (
        lambda ctx: reverse("reports:report_detail", args=[_report(ctx).pk]),
        ESCHWEGE_READERS,
        "get",
    ),
    "reports:report_download": (
        lambda ctx: reverse(
            "reports:report_download", args=[_report(ctx, done=True).pk]
        ),
        ESCHWEGE_READERS,
        "get",
    ),
    "cooperations:cooperation_status_set": (
        lambda ctx: reverse(
            "cooperations:cooperation_status_set", args=[_cooperation(ctx).pk]
        ),
        EDITORS_POST,
        "post",
    ),
    "guide:guide_index": (lambda ctx: reverse("guide:guide_index"), PUBLIC, "get"),
    "guide:guide_page": (
        lambda ctx: reverse("guide:guide_page", args=["wasser"]),
        PUBLIC,
        "get",
    ),
    "guide:form_detail": (
        lambda ctx: reverse("guide:form_detail", args=["zweckverband"]),
        PUBLIC,
        "get",
    ),
    "guide:guide_search": (
        lambda ctx: reverse("guide:guide_search") + "?q=Zweckverband",
        PUBLIC,
        "get",
    ),
    "cooperations:checklist_update": (
        lambda ctx: reverse(
            "cooperations:checklist_update", args=[_cooperation(ctx).pk, "inventory"]
        ),
        EDITORS_POST,
        "post",
    ),
    "comparison:comparison_index": (
        lambda ctx: reverse("comparison:comparison_index"),
        LOGGED_IN,
        "get",
    ),
    "comparison:option_comparison": (
        lambda ctx: reverse("comparison:option_comparison") + COMPARISON,
        LOGGED_IN,
        "get",
    ),
    "comparison:partner_suggestion_list": (
        lambda ctx: (
            reverse("comparison:partner_suggestion_list")
            + "?ags=06636003&sektor=abwasser"
        ),
        LOGGED_IN,
        "get",
    ),
    "comparison:scenario_list": (
        lambda ctx: reverse("comparison:scenario_list"),
        LOGGED_IN,
        "get",
    ),
    # Saving goes back to the comparison (here: incomplete) or on to the scenario.
    "comparison:scenario_create": (
        lambda ctx: reverse("comparison:scenario_create"),
        {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], REDIRECT)},
        "post",
    ),
    "comparison:scenario_detail": (
        lambda ctx: reverse("comparison:scenario_detail", args=[_scenario(ctx).pk]),
        SCENARIO_READERS,
        "get",
    ),
    "comparison:scenario_compare": (
        lambda ctx: (
            reverse("comparison:scenario_compare")
            + f"?id={_scenario(ctx).pk}&id={_scenario(ctx).pk}"
        ),
        SCENARIO_READERS,
        "get",
    ),
    "comparison:scenario_delete": (
        lambda ctx: reverse("comparison:scenario_delete", args=[_scenario(ctx).pk]),
        OWNER_POST,
        "post",
    ),
    "register:register_list": (
        lambda ctx: reverse("register:register_list"),
        PUBLIC,
        "get",
    ),
    "register:register_detail": (
        lambda ctx: reverse("register:register_detail", args=[_published(ctx).pk]),
        PUBLIC,
        "get",
    ),
    # "#…": an unpublished cooperation does not exist in the register, for anyone.
    "register:register_detail#unpublished": (
        lambda ctx: reverse("register:register_detail", args=[_cooperation(ctx).pk]),
        NOT_FOUND,
        "get",
    ),
    "register:register_document_download": (
        lambda ctx: _register_document_url(ctx, "public"),
        PUBLIC,
        "get",
    ),
    # Only documents marked public, also when the cooperation is published.
    "register:register_document_download#partners": (
        lambda ctx: _register_document_url(ctx, "partners"),
        NOT_FOUND,
        "get",
    ),
    "register:register_municipality": (
        lambda ctx: reverse(
            "register:register_municipality", args=[ctx["municipality"].ags]
        ),
        PUBLIC,
        "get",
    ),
    "register:open_data_list": (
        lambda ctx: reverse("register:open_data_list"),
        PUBLIC,
        "get",
    ),
    "register:open_data_download": (_open_data_file, PUBLIC, "get"),
    "register:open_data_catalogue": (
        lambda ctx: reverse("register:open_data_catalogue"),
        PUBLIC,
        "get",
    ),
    # Publishing in the register: the lead's editors (Eschwege leads) and admins.
    "cooperations:cooperation_publish": (
        lambda ctx: reverse(
            "cooperations:cooperation_publish", args=[_cooperation(ctx).pk]
        ),
        EDITORS_POST,
        "post",
    ),
    "cooperations:cooperation_unpublish": (
        lambda ctx: reverse(
            "cooperations:cooperation_unpublish", args=[_published(ctx).pk]
        ),
        EDITORS_POST,
        "post",
    ),
    # The API (lebenswert/api): public reads, whoever is logged in or not (a
    # session is no API credential). Tokens × scopes × every API route, reads and
    # writes: tests/api/test_api_matrix.py.
    **{
        f"api:{name}": (_api_path(name, args), PUBLIC, "get")
        for name, args in [
            ("municipality_list", None),
            ("municipality_detail", lambda ctx: ["06636003"]),
            ("municipality_values", lambda ctx: ["06636003"]),
            ("indicator_value_detail", _value_key),
            ("indicator_list", None),
            ("indicator_value_list", None),
            ("cooperation_list", None),
            ("cooperation_detail", lambda ctx: [_published(ctx).pk]),
            ("organisational_form_list", None),
            ("funding_programme_list", None),
            ("schema", None),
            ("docs", None),
        ]
    },
    "api:not_found": (
        lambda ctx: "/api/v2/anything/",
        dict.fromkeys(ROLES, 404),
        "get",
    ),
    # A municipality's editors (and admins) manage its API tokens.
    "api_tokens:api_token_list": (
        lambda ctx: reverse("api_tokens:api_token_list"),
        ANY_EDITOR,
        "get",
    ),
    "api_tokens:api_token_revoke": (
        lambda ctx: reverse("api_tokens:api_token_revoke", args=[_api_token(ctx).pk]),
        EDITORS_POST,
        "post",
    ),
}


def _url_names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            names |= _url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(":".join(filter(None, [namespace, pattern.name])))
        elif isinstance(pattern, URLPattern):
            names.add(f"{namespace}:<unnamed {pattern.pattern}>")
    return names


def test_every_url_pattern_has_a_matrix_row():
    names = {n for n in _url_names(get_resolver()) if not n.startswith("admin:")}
    rows = {row.partition("#")[0] for row in MATRIX}
    missing = names - rows
    assert not missing, f"URL patterns without an authorization matrix row: {missing}"
    assert not rows - names, "matrix rows for URLs that no longer exist"


def _request(client, user, method, path, data=None):
    if user is not None:
        client.force_login(user)
    return getattr(client, method)(path, data)


@pytest.mark.parametrize("name", sorted(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_authorization_matrix(client, roles, municipality, private_folder, name, role):
    build, expectations, method, *data = MATRIX[name]
    expected = expectations[role]
    ctx = {"municipality": municipality, "roles": roles}
    path = build(ctx)
    response = _request(
        client, roles[role], method, path, data[0](ctx) if data else None
    )
    if expected == LOGIN:
        assert response.status_code == 302, (name, role, response.status_code)
        assert response.url.startswith(reverse("accounts:login")), response.url
    else:
        assert response.status_code == expected, (name, role, response.status_code)


@pytest.mark.second_factor
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_a_password_only_session_of_an_editor_reaches_only_the_set_up(
    client, roles, municipality, private_folder, name
):
    from lebenswert.accounts.middleware import OPEN_WITHOUT_SECOND_FACTOR

    build, _expectations, method, *data = MATRIX[name]
    ctx = {"municipality": municipality, "roles": roles}
    path = build(ctx)
    response = _request(
        client, roles["editor"], method, path, data[0](ctx) if data else None
    )
    if name in OPEN_WITHOUT_SECOND_FACTOR:
        assert not (response.get("Location") or "").startswith(
            "/konto/zweiter-faktor/einrichten/"
        ), name
    else:
        assert response.status_code == 302, (name, response.status_code)
        assert response.url.startswith("/konto/zweiter-faktor/einrichten/?next="), name


def _admin_changelists() -> list[str]:
    return [
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model in admin.site._registry
    ]


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_only_for_admins(client, roles, role):
    paths = [reverse("admin:index"), *_admin_changelists()]
    for path in paths:
        response = _request(client, roles[role], "get", path)
        if role == "admin":
            assert response.status_code == 200, path
        else:
            assert response.status_code == 302, path
            assert response.url.startswith(reverse("admin:login")), response.url


def _admin_instances(ctx) -> None:
    """At least one row of every model the admin shows, so that each change page is
    tried on a real instance."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from cooperations.models import (
        ChecklistItem,
        FundingProgramme,
        OrganisationalForm,
    )
    from lebenswert.accounts.actions import recovery_codes_renew
    from municipalities.models import Boundary, PopulationProjection
    from services import actions as service_actions
    from services.models import (
        Indicator,
        PartnerOrganisation,
        ReferenceValue,
        Sector,
    )

    admin_user = ctx["roles"]["admin"]
    Group.objects.create(name="Redaktion")
    attempt = {"username": admin_user.email, "ip_address": "192.0.2.7"}
    AccessAttempt.objects.create(failures_since_start=1, **attempt)
    AccessLog.objects.create(**attempt)
    AccessFailureLog.objects.create(**attempt)
    TOTPDevice.objects.create(user=admin_user, name="App", confirmed=True)
    recovery_codes_renew(user=ctx["roles"]["editor"])
    assert StaticDevice.objects.exists()
    Boundary.objects.create(
        municipality=ctx["municipality"], geometry={"type": "Polygon"},
        source="Test", valid_on="2024-01-01",
    )  # fmt: skip
    PopulationProjection.objects.create(
        kreis=ctx["municipality"].kreis, publisher="HSL", title="Test",
        release_date="2023-04-03", base_year=2021,
    ).values.create(year=2021, population=99714)  # fmt: skip
    # Legal forms, funding rules, checklist, sectors and indicators come with the
    # migrations (reference data).
    assert OrganisationalForm.objects.exists() and FundingProgramme.objects.exists()
    assert ChecklistItem.objects.exists()
    PartnerOrganisation.objects.create(name="Werra-Meißner-Kreis", type="landkreis")
    sector = Sector.objects.get(code="abwasser")
    ReferenceValue.objects.create(
        indicator=Indicator.objects.filter(sector=sector).first(),
        area="Hessen", year=2024, value=Decimal("1.5"), source="Test",
    )  # fmt: skip
    service_actions.provision_set(
        municipality=ctx["municipality"], sector=sector, actor=None,
        provider_type="regiebetrieb", provider_name="Stadt",
    )  # fmt: skip
    _value(ctx)
    _figure_import(ctx)
    _document(ctx)  # a cooperation, its partner and document, change records
    _report(ctx)
    _import(ctx)
    _scenario(ctx)
    _api_token(ctx)


# Admin add pages deliberately closed: rows that only the portal's own pages (with
# their history) or the software (logs, imports, jobs) write.
ADMIN_ADD_FORBIDDEN = {
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "audit.change",
    "municipalities.directoryimport",
    "services.indicatorvalue",
    "services.serviceprovision",
    "services.figureimport",
    "cooperations.cooperation",
}
# Models whose admin has no change page at all (none today).
ADMIN_WITHOUT_CHANGE_PAGE: set[str] = set()


def test_every_admin_add_and_change_page_opens_for_an_admin(
    client, roles, municipality
):
    _admin_instances({"municipality": municipality, "roles": roles})
    client.force_login(roles["admin"])
    failures = []
    for model in admin.site._registry:
        label = model._meta.label_lower
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        add = client.get(reverse(f"{name}_add"))
        expected = 403 if label in ADMIN_ADD_FORBIDDEN else 200
        if add.status_code != expected:
            failures.append((label, "add", add.status_code))
        if label in ADMIN_WITHOUT_CHANGE_PAGE:
            continue
        instance = model._default_manager.order_by("pk").first()
        if instance is None:
            failures.append((label, "change", "no instance to try"))
            continue
        change = client.get(reverse(f"{name}_change", args=[instance.pk]))
        if change.status_code != 200:
            failures.append((label, "change", change.status_code))
    assert not failures, failures
