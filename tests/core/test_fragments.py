"""Cached fragments: fewer queries on a repeat visit, never stale after a change."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lebenswert.core.concurrency import ANY_VERSION
from municipalities import actions as municipality_actions
from services import actions
from services.models import Indicator, IndicatorValue


@pytest.fixture
def real_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "fragments-test",
        }
    }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def _get(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.mark.parametrize(
    "path",
    [
        "/gemeinden/?q=Esch",
        "/gemeinden/06636003/",
        "/sektoren/wasserversorgung/?kreis=06636",
    ],
)
def test_repeat_visit_is_served_from_the_cache(client, roles, real_cache, path):
    client.force_login(roles["viewer"])
    first, cold = _get(client, path)
    second, warm = _get(client, path)

    def main(page: str) -> str:
        # Forms carry a fresh CSRF token per response; the rest must be equal.
        body = page.split('<main id="main"')[1].split("</main>")[0]
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)

    assert main(second) == main(first)
    assert warm < cold


def test_an_edit_shows_at_once_on_cached_pages(client, roles, municipality, real_cache):
    indicator = Indicator.objects.get(code="water_price_m3")
    client.force_login(roles["viewer"])
    before, _ = _get(client, municipality.get_absolute_url())
    sector_before, _ = _get(client, "/sektoren/wasserversorgung/?kreis=06636")
    assert "2,87" not in before and "2,87" not in sector_before

    actions.indicator_value_set(
        municipality=municipality, indicator=indicator, year=2024,
        value=Decimal("2.87"), source="Satzung", actor=roles["editor"],
    )  # fmt: skip

    after, _ = _get(client, municipality.get_absolute_url())
    sector_after, _ = _get(client, "/sektoren/wasserversorgung/?kreis=06636")
    assert "2,87" in after and "2,87" in sector_after


def test_an_import_shows_at_once_in_the_directory(client, roles, real_cache):
    client.force_login(roles["viewer"])
    before, _ = _get(client, "/gemeinden/?q=Berkatal")
    assert ">Berkatal</a>" not in before

    municipality_actions.pilot_region_load()

    after, _ = _get(client, "/gemeinden/?q=Berkatal")
    assert ">Berkatal</a>" in after


def test_editors_and_readers_get_their_own_version_of_the_page(
    client, roles, municipality, real_cache
):
    client.force_login(roles["viewer"])
    reader, _ = _get(client, municipality.get_absolute_url())
    client.force_login(roles["editor"])
    editor, _ = _get(client, municipality.get_absolute_url())
    assert "Kennzahl eintragen" in editor and "Kennzahl eintragen" not in reader
    assert "Ihre Rolle: Bearbeiten" in editor and "Ihre Rolle: Lesen" in reader


@pytest.mark.parametrize(
    "path",
    [
        "/kooperationen/",
        "/kooperationen/{pk}/",
        "/kooperationen/matrix/?kreis=06636",
    ],
)
def test_cooperation_pages_are_cached_and_fresh_after_every_change(
    real_cache, client, roles, municipality, other_municipality, path
):
    from cooperations import actions as cooperation_actions

    cooperation = cooperation_actions.cooperation_create(
        actor=None, title="Winterdienst", task="Bauhof", lead=municipality,
        partners=[other_municipality], status="exploring",
    )  # fmt: skip
    path = path.format(pk=cooperation.pk)
    client.force_login(roles["planner"])
    first, cold = _get(client, path)
    again, warm = _get(client, path)
    assert "Winterdienst" in first and "Winterdienst" in again and warm < cold
    cooperation_actions.cooperation_update(
        cooperation=cooperation, actor=roles["editor"], expected_version=1,
        title="Winterdienst und Grünpflege",
    )  # fmt: skip
    changed, _ = _get(client, path)
    assert "Winterdienst und Grünpflege" in changed


def test_the_map_is_cached_and_fresh_after_every_change(
    real_cache, client, roles, municipality, other_municipality
):
    """The map names pairs of places with their count, not titles: a second
    cooperation of the same two places shows on the next request."""
    from cooperations import actions as cooperation_actions

    def cooperate(title):
        cooperation_actions.cooperation_create(
            actor=None, title=title, task="Bauhof", lead=municipality,
            partners=[other_municipality], status="exploring",
        )  # fmt: skip

    cooperate("Winterdienst")
    path = "/kooperationen/netz/?kreis=06636"
    client.force_login(roles["planner"])
    first, cold = _get(client, path)
    again, warm = _get(client, path)
    assert "Witzenhausen (1)" in first and "Witzenhausen (1)" in again
    assert warm < cold
    cooperate("Grünpflege")
    changed, _ = _get(client, path)
    assert "Witzenhausen (2)" in changed and "Witzenhausen (1)" not in changed


def _stranger():
    """An editor in another Kreis (Schwalm-Eder), outside the pilot region."""
    from tests.factories import KreisFactory, MembershipFactory, MunicipalityFactory

    return MembershipFactory(
        municipality=MunicipalityFactory(
            kreis=KreisFactory(code="06634", name="Schwalm-Eder-Kreis"),
            ags="06634001",
        ),
        role="editor",
    ).user


def test_a_cached_register_page_is_not_shared_with_someone_who_sees_less(
    real_cache, client, roles, municipality, other_municipality
):
    from cooperations import actions as cooperation_actions

    cooperation_actions.cooperation_create(
        actor=None, title="Geheimes Vorhaben", task="Bauhof", lead=municipality,
        partners=[other_municipality],
    )  # fmt: skip
    client.force_login(roles["planner"])
    assert "Geheimes Vorhaben" in _get(client, "/kooperationen/")[0]
    stranger = _stranger()
    client.force_login(stranger)
    assert "Geheimes Vorhaben" not in _get(client, "/kooperationen/")[0]
    assert (
        "Geheimes Vorhaben" not in _get(client, "/kooperationen/matrix/?kreis=06636")[0]
    )


def test_editors_get_their_own_forms_not_a_cached_page(
    real_cache, client, roles, municipality
):
    from cooperations import actions as cooperation_actions

    cooperation = cooperation_actions.cooperation_create(
        actor=None, title="Winterdienst", task="Bauhof", lead=municipality,
        partners=[], status="exploring",
    )  # fmt: skip
    status_form = f'action="/kooperationen/{cooperation.pk}/status/"'
    client.force_login(roles["viewer"])
    assert status_form not in _get(client, cooperation.get_absolute_url())[0]
    client.force_login(roles["editor"])
    page = _get(client, cooperation.get_absolute_url())[0]
    assert status_form in page


def test_the_cached_gaps_page_follows_a_new_sector_of_a_cooperation(
    real_cache, client, roles, municipality, other_municipality
):
    from cooperations import actions as cooperation_actions
    from services.models import Sector

    cooperation = cooperation_actions.cooperation_create(
        actor=None, title="Winterdienst", task="Bauhof", lead=municipality,
        partners=[other_municipality],
    )  # fmt: skip
    client.force_login(roles["planner"])
    path = "/kooperationen/luecken/?kreis=06636"
    before = _get(client, path)[0].count("Eschwege")
    assert _get(client, path)[0].count("Eschwege") == before > 0
    cooperation_actions.cooperation_update(
        cooperation=cooperation, actor=None, expected_version=1,
        sectors=list(Sector.objects.all()),
    )  # fmt: skip
    assert _get(client, path)[0].count("Eschwege") < before


def test_the_option_comparison_is_kept_until_its_reference_data_changes(
    real_cache, client, roles
):
    from cooperations.models import FormFact
    from municipalities.actions import pilot_region_load
    from tests.cooperations.test_scenarios import URL, _query

    pilot_region_load()
    client.force_login(roles["planner"])
    path = f"{URL}?{_query(['06636003', '06636013', '06636016'])}"
    first, cold = _get(client, path)
    again, warm = _get(client, path)
    assert "Zweckverband" in again and warm < cold
    fact = FormFact.objects.get(form__code="zweckverband", criterion="own_staff")
    _admin_edit_fact(
        client, roles["admin"], fact, "ja, eigenes Personal (geprüft 2026)"
    )
    client.force_login(roles["planner"])
    assert "geprüft 2026" in _get(client, path)[0]
    assert "Als Szenario speichern" in again  # the save form is outside the cache


def _admin_edit_fact(client, admin, fact, value: str) -> None:
    """Change one fact of an organisational form in the admin (FormFact inline)."""
    from tests.admin_forms import admin_form_data

    client.force_login(admin)
    path = reverse("admin:cooperations_organisationalform_change", args=[fact.form_id])
    data = admin_form_data(client.get(path))
    name = next(k for k, v in data.items() if k.endswith("-id") and v == fact.pk)
    data[name.removesuffix("-id") + "-value"] = value
    assert client.post(path, data).status_code == 302


def test_the_guide_comparison_table_follows_an_edit_of_the_forms(
    real_cache, client, roles
):
    from cooperations.models import FormFact
    from lebenswert.audit.models import Change

    path = "/leitfaden/organisationsformen/"
    _first, cold = _get(client, path)
    again, warm = _get(client, path)
    assert "Zweckverband" in again and warm < cold
    fact = FormFact.objects.get(form__code="zweckverband", criterion="own_staff")
    _admin_edit_fact(
        client, roles["admin"], fact, "ja, eigenes Personal (geprüft 2026)"
    )
    client.logout()
    assert "geprüft 2026" in _get(client, path)[0]
    # The admin edit is in the history, with who made it.
    change = Change.objects.for_object(fact).get()
    assert (
        change.actor == roles["admin"] and "geprüft 2026" in change.changes["value"][1]
    )


def test_the_versioned_save_and_the_change_record_raise_their_scope_themselves(
    roles, municipality
):
    from cooperations.models import Cooperation
    from lebenswert.audit.actions import change_record
    from lebenswert.audit.models import Change
    from lebenswert.audit.versioning import versioned_save
    from lebenswert.core.fragments import COOPERATIONS, figures_scope, versions
    from services.actions import VALUE_FIELDS

    figures = figures_scope(municipality.kreis_id)
    start = versions(figures, COOPERATIONS)

    def save(value):
        return versioned_save(
            model=IndicatorValue,
            lookup={
                "municipality": municipality,
                "indicator": Indicator.objects.get(code="water_price_m3"),
                "year": 2024,
            },
            fields={"value": Decimal(value), "source": "Test"},
            audited=VALUE_FIELDS,
            actor=roles["editor"],
            expected_version=ANY_VERSION,
            deleted_message="",
        )

    save("2.00")
    assert versions(figures, COOPERATIONS) == (start[0] + 1, start[1])
    save("2.00")  # nothing audited changed, but the record's version went up
    assert versions(figures) == (start[0] + 2,)

    cooperation = Cooperation.objects.create(title="Bauhof", task="Winterdienst")
    recorded = change_record(
        instance=cooperation,
        action=Change.Action.UPDATE,
        actor=roles["editor"],
        before={"partner": None},
        after={"partner": "Eschwege"},
    )
    assert recorded is not None
    assert versions(figures, COOPERATIONS) == (start[0] + 2, start[1] + 1)
    # A change record of a no-op update writes nothing and raises nothing.
    change_record(
        instance=cooperation,
        action=Change.Action.UPDATE,
        actor=roles["editor"],
        before={"partner": "Eschwege"},
        after={"partner": "Eschwege"},
    )
    assert versions(COOPERATIONS) == (start[1] + 1,)


def _overview(client) -> tuple[str, int]:
    page, queries = _get(client, "/uebersicht/")
    return page.split('<main id="main"')[1].split("</main>")[0], queries


def _mine(overview: str) -> str:
    """The section "Meine Gemeinden"."""
    return overview.split('id="my-heading"')[1].split("</section>")[0]


def test_the_overview_is_cached_and_fresh_after_every_change(
    real_cache, client, roles, municipality, other_municipality
):
    """Kept per user and data version: a new deadline in the register, a new role
    and a new name show on the next visit."""
    from datetime import timedelta

    from django.utils import timezone

    from cooperations import actions as cooperation_actions

    editor = roles["editor"]
    client.force_login(editor)
    first, cold = _overview(client)
    again, warm = _overview(client)
    assert again == first and warm < cold
    assert "Witzenhausen" not in _mine(first)
    cooperation_actions.cooperation_create(
        actor=None, title="Klärwerk gemeinsam", task="Abwasser", lead=municipality,
        partners=[other_municipality], status="active",
        next_review=timezone.localdate() + timedelta(days=30),
    )  # fmt: skip
    assert "Klärwerk gemeinsam" in _overview(client)[0]
    municipality_actions.membership_set(
        user=editor, municipality=other_municipality, role="viewer"
    )
    assert "Witzenhausen" in _mine(_overview(client)[0])
    editor.full_name = "Erika Neuname"
    editor.save()
    assert "Erika" in _overview(client)[0]


def test_the_cached_overview_is_not_shared_between_users(
    real_cache, client, roles, municipality, other_municipality
):
    client.force_login(roles["editor"])
    editor, _ = _overview(client)
    client.force_login(roles["other_staff"])
    other, _ = _overview(client)
    client.force_login(roles["planner"])
    planner, _ = _overview(client)
    client.force_login(roles["admin"])
    admin, _ = _overview(client)
    assert "Eschwege" in _mine(editor) and "Eschwege" not in _mine(other)
    assert "Witzenhausen" in _mine(other)
    assert "Regionalplanung" in planner and "Regionalplanung" not in editor
    assert len({editor, other, planner, admin}) == 4


def test_a_request_reads_each_data_version_once_and_a_write_anew(db):
    from lebenswert.core.fragments import (
        COOPERATIONS,
        DIRECTORY,
        ROLES,
        bump,
        figures_scope,
        request_versions_end,
        request_versions_start,
        versions,
    )

    def counted(*scopes):
        with CaptureQueriesContext(connection) as queries:
            found = versions(*scopes)
        return found, len(queries)

    start = versions(ROLES, DIRECTORY, COOPERATIONS)
    request_versions_start()  # the receivers of request_started/_finished
    try:
        # The first read fetches the common scopes with it; they cost nothing later.
        assert counted(ROLES) == ((start[0],), 1)
        assert counted(DIRECTORY, COOPERATIONS) == (start[1:], 0)
        assert counted(figures_scope("06636"))[1] == 1
        assert counted(figures_scope("06636"), COOPERATIONS)[1] == 0
        bump(COOPERATIONS)  # a write in this request: its pages see the change
        assert counted(COOPERATIONS) == ((start[2] + 1,), 1)
    finally:
        request_versions_end()
    # Outside a request (a worker, a command) every call reads the database.
    assert counted(COOPERATIONS) == ((start[2] + 1,), 1)
    assert counted(COOPERATIONS)[1] == 1


def test_role_changes_show_on_the_next_page_view(
    real_cache, client, roles, municipality, other_municipality
):
    """The cached role facts follow a new membership at once, and the register
    page with them."""
    from cooperations import actions as cooperation_actions

    cooperation_actions.cooperation_create(
        actor=None, title="Geheimes Vorhaben", task="Bauhof", lead=municipality,
        partners=[other_municipality],
    )  # fmt: skip
    stranger = _stranger()
    client.force_login(stranger)
    assert "Geheimes Vorhaben" not in _get(client, "/kooperationen/")[0]
    _, warm = _get(client, "/kooperationen/")
    municipality_actions.membership_set(
        user=stranger, municipality=municipality, role="viewer"
    )
    page, cold = _get(client, "/kooperationen/")
    assert "Geheimes Vorhaben" in page and warm < cold
    # A page view reads the data versions once, and no role from the database.
    with CaptureQueriesContext(connection) as queries:
        client.get("/kooperationen/")
    read = [q["sql"] for q in queries.captured_queries]
    assert sum("core_dataversion" in sql for sql in read) == 1
    assert not any("municipalities_membership" in sql for sql in read)


def test_a_kreis_page_outside_the_region_keeps_its_visibility_filter(
    real_cache, client, roles, municipality, other_municipality
):
    """A Kreis in the reader's region needs no visibility filter; any other Kreis
    does, and the cached cooperation header does not skip the permission check."""
    from cooperations import actions as cooperation_actions

    secret = cooperation_actions.cooperation_create(
        actor=None, title="Geheimes Vorhaben", task="Bauhof", lead=municipality,
        partners=[other_municipality],
    )  # fmt: skip
    # What shows the cooperation on each page (the map names the pair).
    shown = {
        "/kooperationen/?kreis=06636": "Geheimes Vorhaben",
        "/kooperationen/matrix/?kreis=06636": "Geheimes Vorhaben",
        "/kooperationen/netz/?kreis=06636": "Witzenhausen (1)",
    }
    client.force_login(roles["planner"])
    assert all(text in _get(client, path)[0] for path, text in shown.items())
    assert client.get(secret.get_absolute_url()).status_code == 200
    stranger = _stranger()
    client.force_login(stranger)
    assert not any(text in _get(client, path)[0] for path, text in shown.items())
    assert client.get(secret.get_absolute_url()).status_code == 403
