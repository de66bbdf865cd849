from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ values|get_item:indicator.pk }}`: a dict lookup by a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)


@register.filter
def grouped(number, decimals=0):
    """A number with `decimals` places (cut, not rounded) and thousands grouping."""
    from django.utils.formats import number_format

    return number_format(number, int(decimals), force_grouping=True)


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
