from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """`{{ values|get_item:indicator.pk }}`: a dict lookup by a variable key."""
    if mapping is None:
        return None
    return mapping.get(key)
