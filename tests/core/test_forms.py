"""The one way a view submits a form: validate, run the action, show a refusal."""

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from lebenswert.core.concurrency import EditConflict
from lebenswert.core.forms import (
    form_error_message,
    form_submit,
    form_submit_with_message,
)
from tests.factories import KreisFactory


class _NameForm(forms.Form):
    name = forms.CharField()
    version = forms.IntegerField(required=False)


def _post(data: dict):
    return RequestFactory().post("/", data)


def test_form_submit_runs_the_action_with_the_cleaned_data():
    seen = []
    form = _NameForm({"name": " Werra ", "version": "3"})
    submission = form_submit(_post({}), form, lambda data: seen.append(data) or 7)
    assert submission.saved and submission.result == 7
    assert seen == [{"name": "Werra", "version": 3}]


def test_form_submit_does_not_run_the_action_on_get_or_invalid_input():
    calls = []
    get = form_submit(RequestFactory().get("/"), _NameForm(), calls.append)
    invalid = form_submit(_post({}), _NameForm({"name": ""}), calls.append)
    assert (get.saved, get.status) == (False, 200)
    assert (invalid.saved, invalid.status) == (False, 200)
    assert calls == []


def test_a_refusal_lands_on_the_field_it_names_and_the_rest_above_the_form():
    def refuse(data):
        raise ValidationError(
            {"name": "Der Name ist vergeben.", "municipality": "Keine Gemeinde."}
        )

    form = _NameForm({"name": "Werra"})
    submission = form_submit(_post({}), form, refuse)
    assert (submission.saved, submission.status) == (False, 400)
    assert form.errors["name"] == ["Der Name ist vergeben."]
    assert form.non_field_errors() == ["Keine Gemeinde."]


def test_a_plain_refusal_is_shown_above_the_form():
    def refuse(data):
        raise ValidationError("Nicht erlaubt.")

    form = _NameForm({"name": "Werra"})
    assert form_submit(_post({}), form, refuse).status == 400
    assert form.non_field_errors() == ["Nicht erlaubt."] and "name" not in form.errors


def test_a_conflict_is_a_409_that_moves_the_form_to_the_current_version(db):
    current = KreisFactory()
    current.version = 5  # as if saved by someone else meanwhile

    def conflict(data):
        raise EditConflict(current)

    form = _NameForm({"name": "Werra", "version": "4"})
    submission = form_submit(_post({}), form, conflict)
    assert (submission.saved, submission.status) == (False, 409)
    assert "inzwischen geändert" in form.non_field_errors()[0]
    assert form.data["version"] == 5


def test_a_rule_the_action_asked_is_a_403_above_the_form():
    def refuse(data):
        raise PermissionDenied("Nur für die eigene Gemeinde.")

    form = _NameForm({"name": "Werra"})
    assert form_submit(_post({}), form, refuse).status == 403
    assert form.non_field_errors() == ["Nur für die eigene Gemeinde."]


def test_a_refusal_told_as_a_message_names_the_field():
    def refuse(data):
        raise ValidationError({"name": "Der Name ist vergeben.", "x": "Nein."})

    form = _NameForm({"name": "Werra"})
    form.fields["name"].label = "Name"
    form_submit(_post({}), form, refuse)
    assert form_error_message(form) == "Name: Der Name ist vergeben. Nein."


def _told(form, action, **texts) -> tuple[bool, list[tuple[str, str]]]:
    """Submit through form_submit_with_message; what was saved and what was said."""
    request = _post({})
    request._messages = CookieStorage(request)
    submission = form_submit_with_message(request, form, action, **texts)
    said = [(m.level_tag, m.message) for m in get_messages(request)]
    return submission.saved, said


def test_a_button_form_says_success_after_the_action_ran():
    calls = []
    saved, said = _told(
        _NameForm({"name": "Werra"}), calls.append, success="Gespeichert."
    )
    assert saved and len(calls) == 1
    assert said == [("success", "Gespeichert.")]


def test_a_button_form_the_page_filled_in_wrongly_says_the_invalid_text():
    calls = []
    saved, said = _told(
        _NameForm({"name": ""}),
        calls.append,
        success="Gespeichert.",
        invalid="Bitte neu laden.",
    )
    assert not saved and calls == []
    assert said == [("error", "Bitte neu laden.")]


def test_a_button_form_without_an_invalid_text_names_the_field_errors():
    form = _NameForm({"name": ""})
    form.fields["name"].label = "Name"
    saved, said = _told(form, lambda data: None, success="Gespeichert.")
    assert not saved
    assert said == [("error", "Name: Dieses Feld ist zwingend erforderlich.")]


def test_a_refused_button_write_says_why_even_with_an_invalid_text():
    def refuse(data):
        raise ValidationError("Nicht erlaubt.")

    saved, said = _told(
        _NameForm({"name": "Werra"}),
        refuse,
        success="Gespeichert.",
        invalid="Bitte neu laden.",
    )
    assert not saved
    assert said == [("error", "Nicht erlaubt.")]
