"""Every form of the product renders through one path: django-crispy-forms.

The templates are scanned: a field written by hand (`<input>`, `<select>`,
`<textarea>`, `{{ form.field }}`, `field.errors`, `id_for_label`) fails, and each
`<form>` element either renders its form through crispy or carries no field at all
(a button that posts, with hidden inputs). See docs/architecture.md, "Forms".
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string

BASE = Path(settings.BASE_DIR)
TEMPLATES = BASE / "templates"
# The form layer: the project's overrides of the crispy template pack and the
# layout templates that FormHelpers name (Field(..., template="forms/…")). The
# Django admin's pages keep the admin's own markup.
FORM_LAYER = ("bootstrap5/", "forms/")
NOT_PRODUCT = (*FORM_LAYER, "admin/")

# A field written by hand, not by crispy. Hidden inputs carry nothing a person fills
# in, and a read-only input only shows text to copy; both stay allowed. ("form"
# alone is no sign: an organisational form is a model with a name too.)
HAND_FIELD = re.compile(
    r"<input\b(?![^>]*(?:type=\"hidden\"|\breadonly\b))"
    r"|<select\b|<textarea\b"
    r"|\b\w*form\w*(?:\.\w+)?\.errors\b|\bfield\.errors\b|non_field_errors"
    r"|\.id_for_label\b|\.html_name\b"
    r"|components/plain_(?:input|select)\.html"
    r"|[\"']forms/[\w/]+\.html"
)
# Inside a <form>: a field's widget printed on its own ({{ form.land }}).
HAND_WIDGET = re.compile(r"\{\{\s*\w*form\.\w+\s*\}\}")
FORM_ELEMENT = re.compile(r"<form\b.*?</form>", re.DOTALL)
CRISPY = re.compile(r"\{%\s*crispy\s|\|crispy\b")
BUTTON = re.compile(
    r"<button\b[^>]*type=\"submit\"[^>]*class=\"[^\"]*\b(btn|link-button)\b"
)

# Pages whose fields are still written by hand, with the reason. The list can only
# get shorter: an entry whose template no longer renders a field by hand fails.
KNOWN_HAND_FORMS: dict[str, str] = {}


def product_templates() -> dict[str, str]:
    return {
        path.relative_to(TEMPLATES).as_posix(): path.read_text()
        for path in sorted(TEMPLATES.rglob("*.html"))
        if not path.relative_to(TEMPLATES).as_posix().startswith(NOT_PRODUCT)
    }


def hand_rendered(source: str) -> list[str]:
    found = {match.group(0) for match in HAND_FIELD.finditer(source)}
    for element in FORM_ELEMENT.findall(source):
        found.update(match.group(0) for match in HAND_WIDGET.finditer(element))
    return sorted(found)


@pytest.mark.parametrize("name", sorted(product_templates()))
def test_template_renders_no_form_field_by_hand(name):
    found = hand_rendered(product_templates()[name])
    if name in KNOWN_HAND_FORMS:
        assert found, f"{name} renders no field by hand now: drop it from the list"
        return
    assert not found, (
        f"{name} renders form fields by hand ({', '.join(found)}); render the form "
        "with {% crispy form %} (layout on the form's helper) or {{ form|crispy }}"
    )


def test_forms_without_crispy_hold_only_a_button():
    """A form that posts without fields (logout, delete) is a <form> with hidden
    inputs and one button of the house style."""
    problems = []
    for name, source in product_templates().items():
        for element in FORM_ELEMENT.findall(source):
            if CRISPY.search(element) or name in KNOWN_HAND_FORMS:
                continue
            if 'method="post"' in element and "{% csrf_token %}" not in element:
                problems.append(f"{name}: a POST form without {{% csrf_token %}}")
            if not BUTTON.search(element):
                problems.append(f"{name}: no <button type=submit class=btn…>")
    assert not problems, "\n".join(problems)


def test_layout_templates_are_named_only_by_form_helpers():
    """templates/forms/ holds layout pieces of FormHelpers: each one is named in the
    product's Python code, and no page includes one by hand (HAND_FIELD)."""
    python = "\n".join(
        path.read_text()
        for folder in ("lebenswert", "municipalities", "services", "cooperations")
        for path in (BASE / folder).rglob("*.py")
        if "migrations" not in path.parts
    )
    layouts = sorted((TEMPLATES / "forms").glob("*.html"))
    assert layouts
    for path in layouts:
        name = f"forms/{path.name}"
        assert f'"{name}"' in python, f"{name} is named by no FormHelper"


def test_crispy_error_summary_links_each_message_to_its_field():
    from cooperations.forms import ScenarioForm

    form = ScenarioForm(data={"name": ""})
    assert not form.is_valid()
    html = render_to_string("bootstrap5/errors.html", {"form": form})
    assert 'role="alert"' in html
    assert f'href="#{form["name"].id_for_label}"' in html
    assert str(form.errors["name"][0]) in html


@pytest.mark.parametrize(
    "source",
    [
        '<form method="get"><input name="q" value="{{ q }}"></form>',
        "<form>{{ form.land }}</form>",
        "<div>{{ form.q.errors }}</div>",
        '<label for="{{ field.id_for_label }}">x</label>',
        '{% include "forms/comparison_criteria.html" %}',
    ],
)
def test_the_scan_finds_a_field_written_by_hand(source):
    assert hand_rendered(source)


def test_the_scan_leaves_hidden_inputs_buttons_and_crispy_alone():
    source = (
        '<form method="post">{% csrf_token %}<input type="hidden" name="version" '
        'value="3"><button type="submit" class="btn">Löschen</button></form>'
        "{% crispy form %}<p>{{ form.name }}</p>"
    )
    assert hand_rendered(source) == []
