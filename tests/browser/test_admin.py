"""The admin falls under BITV too (issue 15, item 10): axe-core finds nothing, and
the console no error, on the login, the index, the password change, every app page,
and every registered model's changelist, add form and change form of a row."""

import re
from datetime import date

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_console import console_errors
from tests.browser.test_pages import PASSWORD, axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _one_row_of_every_admin_model(admin_user) -> None:
    """The demo data of `seed_demo` plus a row for each model it leaves empty."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.contrib.auth.models import Group
    from django_otp.plugins.otp_static.models import StaticDevice

    from cooperations import actions as cooperation_actions
    from cooperations.demo import demo_cooperations_load
    from lebenswert.reports.models import ReportJob
    from municipalities.models import (
        Boundary,
        DirectoryImport,
        Municipality,
        PopulationProjection,
    )
    from services.demo import demo_figures_load
    from services.models import FigureImport

    demo_figures_load()
    demo_cooperations_load()
    eschwege = Municipality.objects.get(ags="06636003")
    Group.objects.create(name="Redaktion")
    visit = {
        "username": admin_user.email,
        "ip_address": "192.0.2.10",
        "user_agent": "Chromium",
        "http_accept": "text/html",
        "path_info": "/konto/anmelden/",
    }
    AccessAttempt.objects.create(
        **visit, get_data="", post_data="", failures_since_start=1
    )
    AccessLog.objects.create(**visit)
    AccessFailureLog.objects.create(**visit)
    StaticDevice.objects.create(user=admin_user, name="Wiederherstellungscodes")
    Boundary.objects.get_or_create(
        municipality=eschwege,
        defaults={
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[10.0, 51.2], [10.1, 51.2], [10.1, 51.1], [10.0, 51.2]]
                ],
            },
            "source": "© GeoBasis-DE / BKG 2021",
        },
    )
    DirectoryImport.objects.create(
        kind=DirectoryImport.Kind.GV100AD,
        file="imports/gv100ad.txt",
        original_name="GV100AD_30112025.txt",
        requested_by=admin_user,
    )
    FigureImport.objects.create(
        file="imports/kennzahlen.csv",
        original_name="kennzahlen.csv",
        uploaded_by=admin_user,
    )
    projection = PopulationProjection.objects.create(
        publisher="Hessisches Statistisches Landesamt",
        title="Bevölkerungsvorausberechnung 2040",
        release_date=date(2025, 6, 1),
        base_year=2023,
        municipality=eschwege,
    )
    projection.values.create(year=2030, population=18000)
    cooperation_actions.scenario_create(
        owner=admin_user,
        name="Bauhof gemeinsam",
        params={"sektor": "abwasser", "partners": ["06636003", "06636013"]},
    )
    ReportJob.objects.create(kind="gemeindesteckbrief", title="Steckbrief Eschwege")
    from lebenswert.api.actions import api_token_create

    api_token_create(
        municipality=eschwege, name="Kämmerei", scopes=["figures:write"], actor=None
    )


def _admin_paths(admin_user) -> list[str]:
    """Every page of the admin a person reaches from the index, one per model row."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    paths = [reverse("admin:index"), reverse("admin:password_change")]
    empty = []
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        paths.append(reverse("admin:app_list", args=[info[0]]))
        paths.append(reverse("admin:{}_{}_changelist".format(*info)))
        if model_admin.has_add_permission(request):
            paths.append(reverse("admin:{}_{}_add".format(*info)))
        row = model._default_manager.order_by("pk").first()
        if row is None:
            empty.append(model._meta.label)
        else:
            paths.append(reverse("admin:{}_{}_change".format(*info), args=[row.pk]))
    # A model without a row would leave its change form unchecked.
    assert empty == [], f"add a row to _one_row_of_every_admin_model for {empty}"
    return list(dict.fromkeys(paths))


@pytest.mark.second_factor
def test_every_admin_page_has_no_axe_violation_and_no_console_error(
    page, roles, pilot_region
):
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    admin_user = roles["admin"]
    device = TOTPDevice.objects.create(user=admin_user, name="App", confirmed=True)
    _one_row_of_every_admin_model(admin_user)
    paths = _admin_paths(admin_user)
    assert len(paths) > 80

    # The admin's own login, then the portal's second factor.
    page.goto(reverse("admin:login"))
    violations = axe_violations(page)
    page.get_by_label("E-Mail-Adresse").fill(admin_user.email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/konto/zweiter-faktor/\?next=%2Fadmin%2F$"))
    page.get_by_label("Code").fill(f"{totp(device.bin_key):06d}")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/admin/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Stammdaten, Konten und Rollen"
    )

    # The console stays clean too (item 12): no error, no blocked inline code.
    console = console_errors(page)
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        violations += console
        # What axe logs is its own doing (it sets inline styles while measuring,
        # which the CSP refuses, and fetches the stylesheets again).
        violations += axe_violations(page)
        console.clear()
    report = "\n".join(violations)
    assert not violations, f"on {len(paths)} admin pages:\n{report}"
