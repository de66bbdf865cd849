from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ values|get_item:indicator.pk }}`: a dict lookup by a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def percent(rate, decimals=2):
    """A yearly rate (0.0123) as a signed, localised percentage: "+1,23 %"."""
    from decimal import Decimal

    from django.utils.formats import number_format

    if rate is None:
        return ""
    value = Decimal(rate) * 100
    sign = "+" if value > 0 else "−" if value < 0 else "±"
    return f"{sign}{number_format(abs(value), decimal_pos=int(decimals))} %"


def _control_attrs(field) -> dict:
    attrs = {"name": field.html_name, "id": field.id_for_label}
    if field.help_text:
        attrs["aria-describedby"] = f"{field.id_for_label}-help"
    if field.errors:
        attrs["aria-invalid"] = "true"
    return attrs


@register.filter
def plain_input(field, input_type="text"):
    """A bound field as a bare <input>, without Django's per-widget template.

    For pages with many fields (the option comparison): the template-based widget
    rendering costs about half a millisecond per field.
    """
    from django.utils.html import format_html, format_html_join

    value = field.value()
    attrs = _control_attrs(field)
    if input_type == "checkbox":
        checked = " checked" if value else ""
        return format_html(
            '<input type="checkbox"{}{}>',
            format_html_join("", ' {}="{}"', attrs.items()),
            checked,
        )
    if input_type == "decimal":
        input_type, attrs["inputmode"] = "text", "decimal"
    attrs["value"] = "" if value is None else value
    return format_html(
        '<input type="{}"{}>',
        input_type,
        format_html_join("", ' {}="{}"', attrs.items()),
    )


@register.filter
def plain_select(field):
    """A bound choice field as a bare <select> (see plain_input)."""
    from django.utils.html import format_html, format_html_join

    current = field.value()
    current = "" if current is None else str(getattr(current, "pk", current))
    options = []
    for value, label in field.field.choices:
        value = "" if value is None else str(getattr(value, "value", value))
        options.append((value, " selected" if value == current else "", label))
    return format_html(
        "<select{}>{}</select>",
        format_html_join("", ' {}="{}"', _control_attrs(field).items()),
        format_html_join("", '<option value="{}"{}>{}</option>', options),
    )
