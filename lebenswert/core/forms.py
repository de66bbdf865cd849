"""Form fields shared by the apps, the layout of filter forms, and the one way a
view submits a form.

Every form renders through django-crispy-forms (docs/architecture.md, "Forms").
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from crispy_forms.bootstrap import StrictButton
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Layout
from django import forms
from django.contrib import messages
from django.core import validators
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from . import numbers, text
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


class NumberInput(forms.TextInput):
    """A number typed as text: `type="number"` refuses "2.400.000" in browsers.

    `inputmode` brings up the keyboard with digits and separators on phones; a
    value from Python (initial data) shows in the user's language ("1.234,5").
    """

    def __init__(self, attrs=None, *, inputmode: str = "decimal"):
        super().__init__({"inputmode": inputmode, **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return numbers.format_number(value)
        return super().format_value(value)


def format_with_unit(value, unit: str = "") -> str:
    """A limit as the messages say it: "100 %", "0 €", "12,5 t"."""
    if unit == "%":
        return numbers.format_percent(value)
    if unit == "€":
        places = 0 if Decimal(value) == Decimal(value).to_integral_value() else 2
        return numbers.format_money(value, places)
    text = numbers.format_number(value)
    return f"{text}{numbers.NBSP}{unit}" if unit else text


class RangeValidator:
    """Django's min/max validators as one, with the limits as numbers are written
    ("0–100 %", never "1E+2" or "0.5")."""

    code = "range"

    def __init__(self, *, min_value=None, max_value=None, unit: str = ""):
        self.min_value, self.max_value, self.unit = min_value, max_value, unit

    def range_text(self) -> str:
        """The range as "0–100 %"; "-10 bis 10 %" when it starts below zero."""
        low = numbers.format_number(self.min_value)
        high = format_with_unit(self.max_value, self.unit)
        if self.min_value >= 0:
            return f"{low}–{high}"
        return _("%(low)s bis %(high)s") % {"low": low, "high": high}

    def __call__(self, value):
        too_low = self.min_value is not None and value < self.min_value
        too_high = self.max_value is not None and value > self.max_value
        if not (too_low or too_high):
            return
        if self.min_value is not None and self.max_value is not None:
            message = _("Erlaubt sind Werte von %(range)s.") % {
                "range": self.range_text()
            }
        elif too_low:
            message = _("Der Wert muss mindestens %(limit)s sein.") % {
                "limit": format_with_unit(self.min_value, self.unit)
            }
        else:
            message = _("Der Wert darf höchstens %(limit)s sein.") % {
                "limit": format_with_unit(self.max_value, self.unit)
            }
        raise ValidationError(message, code=self.code)

    def __eq__(self, other):
        return isinstance(other, RangeValidator) and vars(self) == vars(other)


class _NumberParsing:
    """What the number fields share: German or English office formats through
    `lebenswert.core.numbers.parse_number`, one range message with the unit."""

    def __init__(self, *, unit: str = "", **kwargs):
        super().__init__(**kwargs)
        self.unit = unit
        self.validators = [
            v
            for v in self.validators
            if not isinstance(
                v, validators.MinValueValidator | validators.MaxValueValidator
            )
        ]
        if self.min_value is not None or self.max_value is not None:
            self.validators.append(
                RangeValidator(
                    min_value=self.min_value, max_value=self.max_value, unit=unit
                )
            )

    def _parse(self, value) -> Decimal | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return Decimal(value)
        try:
            number = numbers.parse_number(str(value))
        except numbers.NumberError as error:
            raise ValidationError(str(error), code="invalid") from None
        # No trailing zeros ("15,000" is 15), so str() of the value (a link, a
        # saved scenario) is plain digits. parse_number gives plain digits, so
        # this is text work: normalize() would round beyond 28 digits.
        text = str(number)
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return Decimal(text) if text.strip("-0") else Decimal(0)

    def widget_attrs(self, widget):
        return {}  # no min/max/step: the text input keeps "2.400.000" as typed


class NumberField(_NumberParsing, forms.DecimalField):
    """A decimal as people type it: "2.400.000", "2.400.000,50", "15 %", "-0,8"
    or plain "2400000" (English: "2,400,000.50"); "1.234.5" is refused with a
    message that says how to write it. `unit` ("%", "€") goes into the range
    message."""

    widget = NumberInput

    def to_python(self, value):
        return self._parse(value)


class PercentField(NumberField):
    """A share in per cent, 0 to 100 unless the field says otherwise."""

    def __init__(self, *, min_value=0, max_value=100, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, unit="%", **kwargs)


class MoneyField(NumberField):
    """An amount in euros, from 0 up to 100 billion unless the field says otherwise."""

    def __init__(self, *, max_value=10**11, **kwargs):
        super().__init__(min_value=0, max_value=max_value, unit="€", **kwargs)


class IntegerNumberField(_NumberParsing, forms.IntegerField):
    """A whole number as people type it ("18.743", "18743")."""

    widget = NumberInput(inputmode="numeric")
    default_error_messages = {"invalid": _("Bitte geben Sie eine ganze Zahl ein.")}

    def to_python(self, value):
        number = self._parse(value)
        if number is None:
            return None
        if number != number.to_integral_value():
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(number)


def number_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """A ModelForm's `Meta.formfield_callback`: a model's DecimalField as a
    NumberField with the range of the model's min/max validators ("…_pct" in %)."""
    if not isinstance(db_field, models.DecimalField) or db_field.choices:
        return db_field.formfield(**kwargs)
    limits = {}
    for validator in db_field.validators:
        if isinstance(validator, validators.MinValueValidator):
            limits["min_value"] = validator.limit_value
        elif isinstance(validator, validators.MaxValueValidator):
            limits["max_value"] = validator.limit_value
    unit = "%" if db_field.name.endswith("_pct") else ""
    return db_field.formfield(
        **{"form_class": NumberField, "unit": unit, **limits, **kwargs}
    )


# The admin's `formfield_overrides`: every DecimalField as a NumberField (the
# model's validators check the range on save).
NUMBER_FORMFIELDS = {models.DecimalField: {"form_class": NumberField}}


class KeyedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes whose ids name their value (`<prefix>-<value>`), so that a row
    of a table, a test or a link finds the same box whatever the order."""

    def __init__(self, prefix: str, attrs=None):
        super().__init__(attrs)
        self.prefix = prefix

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        option["attrs"]["id"] = f"{self.prefix}-{value}"
        return option


class SharedNameInput(forms.TextInput):
    """A text input sent under a name several inputs share (?ags=…&ags=…);
    without a shared name, under its field's name."""

    def __init__(self, shared_name: str = "", attrs=None):
        super().__init__(attrs)
        self.shared_name = shared_name

    def get_context(self, name, value, attrs):
        return super().get_context(self.shared_name or name, value, attrs)


class Include:
    """A crispy layout piece from a template in templates/forms/ (a table of fields,
    a note), rendered with the page's context, the form included."""

    def __init__(self, template_name: str):
        self.template_name = template_name

    def render(self, form, context, template_pack=None, **kwargs) -> str:
        return render_to_string(self.template_name, {**context.flatten(), "form": form})


def filter_helper(
    form: forms.BaseForm,
    *,
    submit: str,
    label: str = "",
    search: bool = False,
    action: str = "",
    method: str = "get",
    primary: bool = True,
    fields: Sequence = (),
    css_class: str = "filter-form",
) -> FormHelper:
    """The layout of a form that narrows or chooses what a page shows: its fields
    side by side (`.filter-form`), then one submit button.

    `fields` names the fields or layout objects shown (default: all fields). The
    button has no name, so it adds nothing to the address (or the cache key).
    """
    helper = FormHelper()
    helper.form_method = method
    helper.form_action = action
    helper.form_class = css_class
    helper.wrapper_class = "field"
    attrs = {"aria-label": str(label)} if label else {}
    if search:
        attrs["role"] = "search"
    helper.attrs = attrs
    button = StrictButton(
        submit, type="submit", css_class="btn-primary" if primary else ""
    )
    helper.layout = Layout(
        *(fields or form.fields), Div(button, css_class="field field-actions")
    )
    return helper


@dataclass(frozen=True)
class Submission:
    """What became of a form: `saved` with the action's result, else the status
    to render the form with (200 not sent or invalid, 400 refused, 409 conflict)."""

    saved: bool
    result: Any = None
    status: int = 200

    def render(
        self, request: HttpRequest, template_name: str, context: dict
    ) -> HttpResponse:
        """The form's page again, answered with the status the submission ended in."""
        return render(request, template_name, context, status=self.status)


def form_submit(
    request: HttpRequest, form: forms.BaseForm, action: Callable[[dict], Any]
) -> Submission:
    """On POST: validate `form`, then run `action(form.cleaned_data)`.

    A write the action refuses lands on the form: a ValidationError on the fields
    it names (else above the form), an EditConflict as the conflict message, a
    PermissionDenied (a rule the action asked) above the form.
    """
    if request.method != "POST" or not form.is_valid():
        return Submission(saved=False)
    try:
        result = action(form.cleaned_data)
    except (EditConflict, ValidationError) as error:
        return Submission(saved=False, status=write_error_on_form(form, error))
    except PermissionDenied as error:
        form.add_error(None, str(error))
        return Submission(saved=False, status=403)
    return Submission(saved=True, result=result)


def form_error_message(form: forms.BaseForm) -> str:
    """A refused form as one message, for a page that answers with a message and
    a redirect instead of the form: "Label: error" per field, then the rest."""
    return " ".join(
        f"{form.fields[name].label}: {error}"
        if name in form.fields and form.fields[name].label
        else str(error)
        for name, errors in form.errors.items()
        for error in errors
    )


def form_submit_with_message(
    request: HttpRequest,
    form: forms.BaseForm,
    action: Callable[[dict], Any],
    *,
    success: str,
    invalid: str = "",
) -> Submission:
    """`form_submit` for a page that answers with a message and a redirect instead
    of the form: `success`, or what was wrong. `invalid` replaces the field errors
    of a form the page filled in itself (a button's hidden version, a status)."""
    submission = form_submit(request, form, action)
    if submission.saved:
        messages.success(request, success)
    elif submission.status == 200 and invalid:
        messages.error(request, invalid)
    else:
        messages.error(request, form_error_message(form))
    return submission


def job_queued_message(request: HttpRequest, job, *, success: str) -> None:
    """Tell the person about a job just queued (an import): `success`, or, when the
    broker did not take it, that it starts by itself once the queue is back
    (`jobs_recover` sends it)."""
    if job.queued is False:
        messages.warning(
            request,
            _(
                "Der Import wurde angenommen, aber die Warteschlange ist gerade "
                "nicht erreichbar. Er beginnt von selbst, sobald sie wieder "
                "erreichbar ist (spätestens etwa 15 Minuten danach)."
            ),
        )
    else:
        messages.success(request, success)


class VersionForm(forms.Form):
    """A button that changes a versioned record: the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput)
