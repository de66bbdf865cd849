"""A form fact as HTML: value, status badge (source-backed / to check) and law.

A filter rather than an included template: the comparison table shows 80 facts.
"""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def fact_html(fact):
    if fact is None:
        return format_html('<span class="missing">{}</span>', _("keine Angabe"))
    if fact.status == "source":
        badge = format_html('<span class="badge badge-source">{}</span>', _("belegt"))
    else:
        badge = format_html('<span class="badge badge-check">{}</span>', _("zu prüfen"))
    law = format_html(' <span class="law">{}</span>', fact.law) if fact.law else ""
    return format_html("{} {}{}", fact.value, badge, law)
