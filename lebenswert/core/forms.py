"""Form fields shared by the apps, and the one way a view submits a form."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest

from . import text
from .concurrency import EditConflict, write_error_on_form

# The range of a 64-bit primary key (BigAutoField and what databases store).
_KEY_RANGE = range(-(2**63), 2**63)


class RecordsField(forms.ModelMultipleChoiceField):
    """A choice of several records by id that refuses ids no database can hold.

    Django checks each id with an exact lookup (safe for any size), then all of
    them at once with an `in` lookup, which SQLite cannot run with an integer
    beyond 64 bits: the request would fail instead of naming the bad value.
    """

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        meta = self.queryset.model._meta
        field = meta.pk if key == "pk" else meta.get_field(key)
        if isinstance(field, models.IntegerField):
            for pk in value:
                try:
                    number = int(str(pk))
                except ValueError:
                    continue  # Django names it as not a valid value
                if number not in _KEY_RANGE:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": pk},
                    )
        return super()._check_values(value)


class FreeTextForm:
    """Form mixin for forms without a model behind them: every text field follows
    the free-text rule (lebenswert.core.text); a textarea is multi-line.

    ModelForms need no mixin: the model's NormalisedText applies the same rule.
    """

    def clean(self):
        data = super().clean()
        for name, field in self.fields.items():
            value = data.get(name)
            if not isinstance(field, forms.CharField) or not isinstance(value, str):
                continue
            try:
                data[name] = text.check(
                    value,
                    field=str(field.label or name),
                    multiline=isinstance(field.widget, forms.Textarea),
                )
            except ValidationError as error:
                self.add_error(name, error)
        return data


@dataclass(frozen=True)
class Submission:
    """What became of a form: `saved` with the action's result, else the status
    to render the form with (200 not sent or invalid, 400 refused, 409 conflict)."""

    saved: bool
    result: Any = None
    status: int = 200


def form_submit(
    request: HttpRequest, form: forms.BaseForm, action: Callable[[dict], Any]
) -> Submission:
    """On POST: validate `form`, then run `action(form.cleaned_data)`.

    A write the action refuses lands on the form: a ValidationError on the fields
    it names (else above the form), an EditConflict as the conflict message.
    """
    if request.method != "POST" or not form.is_valid():
        return Submission(saved=False)
    try:
        result = action(form.cleaned_data)
    except (EditConflict, ValidationError) as error:
        return Submission(saved=False, status=write_error_on_form(form, error))
    return Submission(saved=True, result=result)
