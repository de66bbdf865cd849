"""The layout's parts kept in the process ({% memo %}): never shared between
roles, languages or sections, and the forms' CSRF tokens stay fresh."""

import re

from django.conf import settings

from lebenswert.core.templatetags import layout

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _nav(client, path: str) -> tuple[str, str]:
    page = client.get(path).content.decode()
    header = page.split('<nav aria-label="Hauptnavigation">')[1].split("</nav>")[0]
    return header, page


def test_the_navigation_is_kept_per_role_language_and_section(client, roles):
    layout._KEPT.clear()
    anonymous, _ = _nav(client, "/leitfaden/")
    client.force_login(roles["editor"])
    editor, _ = _nav(client, "/gemeinden/")
    editor_again, _ = _nav(client, "/gemeinden/")
    elsewhere, _ = _nav(client, "/kooperationen/")
    client.force_login(roles["admin"])
    admin, _ = _nav(client, "/gemeinden/")
    assert layout._KEPT  # kept, and not shared:
    assert "Anmelden" in anonymous and "Anmelden" not in editor
    assert "Verwaltung" in admin and "Verwaltung" not in editor
    assert editor == editor_again.replace(
        TOKEN.search(editor_again).group(1), TOKEN.search(editor).group(1)
    )
    current = 'aria-current="page">Gemeinden'
    assert current in editor and current not in elsewhere
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/gemeinden/").content.decode()
    assert "Municipalities" in english and "Mein Konto" not in english


def test_the_forms_in_the_layout_get_a_fresh_token_every_time(client, roles):
    client.force_login(roles["editor"])
    first = TOKEN.findall(client.get("/gemeinden/").content.decode())
    second = TOKEN.findall(client.get("/gemeinden/").content.decode())
    assert len(first) == len(second) >= 2  # log out, language
    assert set(first).isdisjoint(second)  # masked anew per response
