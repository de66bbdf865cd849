"""The public register (issue 17): publishing, the anonymous pages, their filters,
what they never show, and their query counts."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperations import actions
from cooperations.models import (
    Cooperation,
    CooperationDocument,
    CooperationPartner,
    OrganisationalForm,
)
from lebenswert.audit.models import Change
from services.models import PartnerOrganisation, Sector
from tests.factories import KreisFactory, LandFactory, MunicipalityFactory
from tests.test_visibility_agreement import population  # noqa: F401 (fixture)

CONTACT_NAME = "Erika Mustermann"
CONTACT_EMAIL = "erika.mustermann@eschwege.example"


@pytest.fixture
def wanfried(kreis):
    return MunicipalityFactory(kreis=kreis, ags="06636013", name="Wanfried, Stadt")


@pytest.fixture
def abroad():
    """A municipality in Thüringen (another Land and Kreis)."""
    kreis = KreisFactory(
        code="16063", name="Wartburgkreis", regierungsbezirk=None,
        land=LandFactory(code="16", name="Thüringen"),
    )  # fmt: skip
    return MunicipalityFactory(kreis=kreis, ags="16063001", name="Treffurt, Stadt")


def _cooperation(title, task, partners, *, lead=None, publish=True, **fields):
    cooperation = actions.cooperation_create(
        actor=None, title=title, task=task, partners=partners,
        lead=lead or partners[0], **fields,
    )  # fmt: skip
    if publish:
        cooperation = actions.cooperation_publish(
            cooperation=cooperation, actor=None, expected_version=cooperation.version
        )
    return cooperation


@pytest.fixture
def register(municipality, other_municipality, wanfried, abroad):
    """Published: a water union (Eschwege, Witzenhausen; Wanfried only asked), a
    yard across the Land border (ended), an organisation's pool. Unpublished: a
    secret one of Wanfried."""
    water = _cooperation(
        "Wasserverbund Werra", "Gemeinsame Kläranlage und Trinkwasser",
        [municipality, other_municipality, wanfried], status="active",
        start_date=date(2024, 1, 1),
        sectors=list(Sector.objects.filter(code__in=["abwasser", "wasserversorgung"])),
        form=OrganisationalForm.objects.get(code="zweckverband"),
    )  # fmt: skip
    water.partners.filter(municipality=wanfried).update(
        consent=CooperationPartner.Consent.REQUESTED
    )
    water.partners.update(contact_name=CONTACT_NAME, contact_email=CONTACT_EMAIL)
    yard = _cooperation(
        "Bauhof an der Grenze", "Winterdienst", [wanfried, abroad], status="ended",
        start_date=date(2020, 1, 1), end_date=date(2025, 6, 30),
    )  # fmt: skip
    pool = _cooperation("Abwasserpool", "Bereitschaft", [other_municipality])
    actions.cooperation_partner_add(
        cooperation=pool, actor=None, expected_version=pool.version,
        organisation=PartnerOrganisation.objects.create(
            name="Zweckverband Werra", type="zweckverband"
        ),
    )  # fmt: skip
    secret = _cooperation("Geheime Sondierung", "Noch vertraulich", [wanfried],
                          publish=False)  # fmt: skip
    return {"water": water, "yard": yard, "pool": pool, "secret": secret}


def _html(client, path, status=200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.content.decode()


def _titles(client, query: str) -> list[str]:
    html = _html(client, f"/register/?{query}")
    return [
        title
        for title in ("Wasserverbund Werra", "Bauhof an der Grenze", "Abwasserpool")
        if f">{title}</a>" in html
    ]


# --- publishing ----------------------------------------------------------------


@pytest.fixture
def led(roles, municipality, other_municipality):
    """Led by Eschwege, Witzenhausen a confirmed partner."""
    return actions.cooperation_create(
        actor=None, title="Bauhof", task="Winterdienst", lead=municipality,
        partners=[municipality, other_municipality],
    )  # fmt: skip


def test_lead_editor_publishes_and_the_history_says_who(roles, led):
    published = actions.cooperation_publish(
        cooperation=led, actor=roles["editor"], expected_version=led.version
    )

    assert published.is_published and published.published_at is not None
    assert published.version == led.version + 1
    change = Change.objects.for_object(led).order_by("-at", "-id").first()
    assert change.actor == roles["editor"]
    assert change.changes == {"is_published": [False, True]}
    assert list(Cooperation.objects.published()) == [published]


def test_unpublishing_is_audited_and_clears_the_date(roles, led):
    published = actions.cooperation_publish(
        cooperation=led, actor=roles["editor"], expected_version=led.version
    )
    withdrawn = actions.cooperation_unpublish(
        cooperation=published, actor=roles["admin"], expected_version=published.version
    )

    assert not withdrawn.is_published and withdrawn.published_at is None
    change = Change.objects.for_object(led).order_by("-at", "-id").first()
    assert (change.actor, change.changes) == (
        roles["admin"],
        {"is_published": [True, False]},
    )
    assert not Cooperation.objects.published().exists()


@pytest.mark.parametrize("role", ["other_staff", "viewer", "planner"])
def test_publishing_is_refused_to_all_but_the_leads_editors(roles, led, role):
    # other_staff edits Witzenhausen, a confirmed partner but not the lead.
    with pytest.raises(PermissionDenied):
        actions.cooperation_publish(
            cooperation=led, actor=roles[role], expected_version=led.version
        )
    led.refresh_from_db()
    assert not led.is_published


def test_partner_editor_gets_403_and_sees_no_button(client, roles, led):
    client.force_login(roles["other_staff"])
    page = _html(client, led.get_absolute_url())
    path = reverse("cooperations:cooperation_publish", args=[led.pk])

    assert path not in page and "Nicht veröffentlicht" not in page
    response = client.post(path, {"version": led.version, "confirmed": "on"})
    assert response.status_code == 403
    led.refresh_from_db()
    assert not led.is_published


def test_publishing_asks_first_and_says_what_becomes_public(client, roles, led):
    client.force_login(roles["editor"])
    path = reverse("cooperations:cooperation_publish", args=[led.pk])
    assert path in _html(client, led.get_absolute_url())

    question = client.post(path, {"version": led.version})
    assert question.status_code == 200
    text = question.content.decode()
    assert "Ansprechpersonen" in text and 'name="confirmed"' in text
    led.refresh_from_db()
    assert not led.is_published

    done = client.post(path, {"version": led.version, "confirmed": "on"}, follow=True)
    assert "steht jetzt im öffentlichen Register" in done.content.decode()
    led.refresh_from_db()
    assert led.is_published
    assert reverse("register:register_detail", args=[led.pk]) in _html(
        client, led.get_absolute_url()
    )


def test_publishing_from_an_outdated_page_is_refused(client, roles, led):
    client.force_login(roles["editor"])
    path = reverse("cooperations:cooperation_publish", args=[led.pk])
    client.post(path, {"version": led.version - 1, "confirmed": "on"})
    led.refresh_from_db()
    assert not led.is_published


def test_unpublish_button_takes_it_out(client, roles, led):
    led = actions.cooperation_publish(
        cooperation=led, actor=None, expected_version=led.version
    )
    client.force_login(roles["editor"])
    response = client.post(
        reverse("cooperations:cooperation_unpublish", args=[led.pk]),
        {"version": led.version},
    )
    assert response.status_code == 302
    led.refresh_from_db()
    assert not led.is_published
    _html(client, reverse("register:register_detail", args=[led.pk]), status=404)


def test_published_agrees_with_its_rule(register):
    anonymous = AnonymousUser()
    allowed = {
        c
        for c in Cooperation.objects.all()
        if anonymous.has_perm("cooperations.read_published", c)
    }
    assert set(Cooperation.objects.published()) == allowed
    assert register["secret"] not in allowed and len(allowed) == 3


# --- the anonymous pages ---------------------------------------------------------


def test_anonymous_list_shows_published_cooperations_only(client, register):
    html = _html(client, "/register/")

    assert "3 veröffentlichte Kooperationen" in html
    assert "Geheime Sondierung" not in html
    assert "Zweckverband Werra" in html  # an organisation partner is named


def test_unpublished_cooperation_answers_404(client, roles, register):
    secret = register["secret"]
    _html(client, reverse("register:register_detail", args=[secret.pk]), status=404)
    # Also for a logged-in reader of the cooperation: the register is public only.
    client.force_login(roles["admin"])
    _html(client, reverse("register:register_detail", args=[secret.pk]), status=404)
    _html(client, reverse("register:register_detail", args=[99999]), status=404)


def test_detail_shows_the_public_facts_and_members_only(client, register, wanfried):
    water = register["water"]
    html = _html(client, reverse("register:register_detail", args=[water.pk]))

    for text in ("Wasserverbund Werra", "Gemeinsame Kläranlage", "Zweckverband",
                 "(KGG)", "Abwasser", "01.01.2024", "Eschwege", "Witzenhausen",
                 "federführend"):  # fmt: skip
        assert text in html, text
    # Wanfried was only asked: not named, no link to its page.
    assert "Wanfried" not in html
    assert reverse("register:register_municipality", args=[wanfried.ags]) not in html


def test_no_contact_person_or_personal_data_in_any_register_page(
    client, roles, register, municipality, private_folder
):
    water = register["water"]
    actions.cooperation_document_add(
        cooperation=water, uploaded_file=SimpleUploadedFile("s.pdf", b"%PDF-1.7\n"),
        kind="statute", title="Satzung", actor=roles["editor"], visibility="public",
    )  # fmt: skip
    pages = [
        "/register/",
        "/register/?query=Wasser",
        reverse("register:register_detail", args=[water.pk]),
        reverse("register:register_municipality", args=[municipality.ags]),
    ]
    for path in pages:
        html = _html(client, path)
        for secret in (CONTACT_NAME, "Mustermann", CONTACT_EMAIL, "@eschwege",
                       roles["editor"].email, roles["editor"].full_name):  # fmt: skip
            assert secret not in html, (path, secret)


def test_ended_cooperations_are_marked(client, register):
    yard = register["yard"]
    listed = _html(client, "/register/")
    row = listed[listed.index("Bauhof an der Grenze") :].split("</tr>")[0]
    assert '<span class="badge">beendet</span>' in row
    detail = _html(client, reverse("register:register_detail", args=[yard.pk]))
    assert "beendet am 30.06.2025" in detail


def test_municipality_page_says_with_whom_it_cooperates(
    client, register, other_municipality, wanfried
):
    html = _html(
        client, reverse("register:register_municipality", args=[other_municipality.ags])
    )
    assert "Mit wem kooperiert Witzenhausen?" in html
    assert "Wasserverbund Werra" in html and "Abwasserpool" in html
    assert "Eschwege" in html and "Bauhof an der Grenze" not in html

    # Wanfried: asked for the water union (not counted), the yard is its own;
    # the unpublished secret stays secret.
    html = _html(client, reverse("register:register_municipality", args=[wanfried.ags]))
    assert "Bauhof an der Grenze" in html and "Treffurt" in html
    assert "Wasserverbund Werra" not in html and "Geheime Sondierung" not in html
    _html(client, reverse("register:register_municipality", args=["99999999"]), 404)


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("land=16", ["Bauhof an der Grenze"]),
        ("land=06", ["Wasserverbund Werra", "Bauhof an der Grenze", "Abwasserpool"]),
        ("kreis=16063", ["Bauhof an der Grenze"]),
        ("sector=abwasser", ["Wasserverbund Werra"]),
        ("form=zweckverband", ["Wasserverbund Werra"]),
        ("status=ended", ["Bauhof an der Grenze"]),
        ("status=active&kreis=06636", ["Wasserverbund Werra"]),
        ("query=Winterdienst", ["Bauhof an der Grenze"]),
        ("query=Witzenhausen", ["Wasserverbund Werra", "Abwasserpool"]),
        ("query=Zweckverband+Werra", ["Wasserverbund Werra", "Abwasserpool"]),
        ("query=Geheime", []),
        ("land=99", []),
    ],
)
def test_register_filters(client, register, query, titles):
    assert _titles(client, query) == titles


def test_asked_partners_do_not_count_for_filters_or_search(client, register):
    # Wanfried is asked for the water union only; the yard is its own.
    assert _titles(client, "query=Wanfried") == ["Bauhof an der Grenze"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="German stems: PostgreSQL full text"
)
def test_full_text_search_finds_inflected_words(client, register):
    assert _titles(client, "query=Kläranlagen") == ["Wasserverbund Werra"]


def test_filter_form_offers_the_choices_of_published_cooperations(client, register):
    html = _html(client, "/register/")
    assert 'role="search"' in html
    assert '<option value="16">Thüringen</option>' in html
    assert '<option value="16063">Wartburgkreis</option>' in html
    assert 'value="zweckverband"' in html and 'value="abwasser"' in html


def test_page_links_keep_the_filters(client, register, municipality):
    for number in range(30):
        _cooperation(f"Kooperation {number:02d}", "Wasser", [municipality])
    html = _html(client, "/register/?status=idea&foo=<b>")
    pagination = html.split('class="pagination"')[1].split("</nav>")[0]
    assert "?status=idea&amp;seite=2" in pagination
    assert "foo" not in pagination


def test_english_register_page(client, register):
    client.cookies["django_language"] = "en"
    response = client.get("/register/")
    assert response.status_code == 200
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


# --- public documents --------------------------------------------------------------


@pytest.fixture
def documents(register, roles, private_folder):
    def add(cooperation, visibility):
        return actions.cooperation_document_add(
            cooperation=cooperation,
            uploaded_file=SimpleUploadedFile("satzung.pdf", b"%PDF-1.7\n%%EOF\n"),
            kind="statute", title=f"Satzung ({visibility})", actor=roles["editor"],
            visibility=visibility,
        )  # fmt: skip

    return {
        "public": add(register["water"], "public"),
        "readers": add(register["water"], "readers"),
        "partners": add(register["water"], "partners"),
        "unpublished": add(register["secret"], "public"),
    }


def _download(document):
    return reverse(
        "register:register_document_download",
        args=[document.cooperation_id, document.pk],
    )


def test_public_document_of_a_published_cooperation_for_anyone(client, documents):
    water = documents["public"].cooperation
    html = _html(client, reverse("register:register_detail", args=[water.pk]))
    assert "Satzung (public)" in html and "Satzung (readers)" not in html

    response = client.get(_download(documents["public"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert response["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("which", ["readers", "partners", "unpublished"])
def test_other_documents_are_not_in_the_register(client, roles, documents, which):
    client.force_login(roles["editor"])  # even a partner's staff: not this way
    assert client.get(_download(documents[which])).status_code == 404


def test_public_documents_follow_their_cooperation_out_of_the_register(
    client, documents
):
    document = documents["public"]
    water = document.cooperation
    water.refresh_from_db()
    actions.cooperation_unpublish(
        cooperation=water, actor=None, expected_version=water.version
    )
    assert client.get(_download(document)).status_code == 404
    assert not CooperationDocument.objects.visible_to(AnonymousUser()).exists()


def test_public_document_is_readable_by_every_reader_of_the_cooperation(
    roles, documents
):
    # Public means at least "every reader", also while not published.
    unpublished = documents["unpublished"]
    assert roles["planner"].has_perm("cooperations.read_document", unpublished)
    assert not AnonymousUser().has_perm("cooperations.read_document", unpublished)
    assert AnonymousUser().has_perm("cooperations.read_document", documents["public"])


def test_document_list_agrees_with_its_rule_with_published_cooperations(
    population,  # noqa: F811 (tests/test_visibility_agreement.py: every role)
):
    for number, pk in enumerate(Cooperation.objects.order_by("pk").values_list("pk")):
        if number % 3 == 0:
            Cooperation.objects.filter(pk=pk[0]).update(is_published=True)
    documents = list(CooperationDocument.objects.select_related("cooperation"))
    for user in population:
        listed = set(CooperationDocument.objects.visible_to(user))
        allowed = {
            d for d in documents if user.has_perm("cooperations.read_document", d)
        }
        assert listed == allowed, user
    public = set(CooperationDocument.objects.public())
    assert public and set(CooperationDocument.objects.visible_to(AnonymousUser())) == (
        public
    )
    assert all(d.cooperation.is_published and d.visibility == "public" for d in public)


# --- query counts -----------------------------------------------------------------


def _queries(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


def _many(kreis, count: int, start: int) -> list[Cooperation]:
    sectors = list(Sector.objects.all()[:3])
    made = []
    for number in range(start, start + count):
        partners = [
            MunicipalityFactory(kreis=kreis, ags=f"{kreis.code}{number * 2 + 200:03d}"),
            MunicipalityFactory(kreis=kreis, ags=f"{kreis.code}{number * 2 + 201:03d}"),
        ]
        made.append(
            _cooperation(
                f"Kooperation {number:03d}",
                "Wasser",
                partners,
                sectors=sectors,
                form=OrganisationalForm.objects.get(code="zweckverband"),
            )  # fmt: skip
        )
    return made


@pytest.mark.parametrize(
    "path", ["/register/", "/register/?query=Wasser&land=06&sector=abwasser"]
)
def test_list_query_count_does_not_grow(client, kreis, path):
    _many(kreis, 2, 0)
    small = _queries(client, path)
    _many(kreis, 30, 2)
    assert _queries(client, path) == small <= 12


def test_detail_and_municipality_query_counts_do_not_grow(
    client, kreis, municipality, private_folder
):
    few = _cooperation("Wenige", "Wasser", [municipality])
    many = _many(kreis, 1, 0)[0]
    for extra in range(20):
        actions.cooperation_partner_add(
            cooperation=many, actor=None, expected_version=many.version,
            municipality=MunicipalityFactory(kreis=kreis, ags=f"06636{extra + 500}"),
        )  # fmt: skip
        many.refresh_from_db()
    for number in range(5):
        actions.cooperation_document_add(
            cooperation=many,
            uploaded_file=SimpleUploadedFile("a.pdf", b"%PDF-1.7\n"),
            kind="other", title=f"D{number}", actor=None, visibility="public",
        )  # fmt: skip

    def detail(cooperation):
        return _queries(
            client, reverse("register:register_detail", args=[cooperation.pk])
        )

    assert detail(few) == detail(many) <= 10

    page = reverse("register:register_municipality", args=[municipality.ags])
    small = _queries(client, page)
    for number in range(20):
        _cooperation(f"Mehr {number}", "Wasser", [municipality])
    assert _queries(client, page) == small <= 10


def test_register_pages_come_from_the_cache_until_the_register_changes(
    client, settings, register, municipality
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "register-test",
        }
    }
    water = register["water"]
    paths = [
        "/register/?land=06",
        reverse("register:register_detail", args=[water.pk]),
        reverse("register:register_municipality", args=[municipality.ags]),
    ]
    built = [_queries(client, path) for path in paths]
    cached = [_queries(client, path) for path in paths]
    # The data versions only (and the municipality's row for its page; the
    # cooperation's header comes from the cache too).
    assert cached == [1, 1, 2] and all(
        c < b for c, b in zip(cached, built, strict=True)
    )

    water.refresh_from_db()
    actions.cooperation_update(
        cooperation=water, actor=None, expected_version=water.version, title="Neu"
    )
    for path in paths:
        assert "Neu</" in _html(client, path), path


def test_document_form_offers_public_and_the_page_marks_it(
    client, roles, led, private_folder
):
    from cooperations.forms import DocumentForm

    assert "public" in dict(DocumentForm().fields["visibility"].choices)
    client.force_login(roles["editor"])
    client.post(
        reverse("cooperations:cooperation_document_create", args=[led.pk]),
        {
            "kind": "statute",
            "title": "Satzung",
            "visibility": "public",
            "file": SimpleUploadedFile("satzung.pdf", b"%PDF-1.7\n%%EOF\n"),
        },
    )
    document = CooperationDocument.objects.get()
    assert document.visibility == "public"
    assert ", öffentlich)" in _html(client, led.get_absolute_url())
