"""Forms that template pieces build themselves (the Kreis chooser)."""

from django import template

from municipalities.forms import KreisChoiceForm

register = template.Library()


@register.simple_tag
def kreis_choice_form(kreise, kreis="", **options) -> KreisChoiceForm:
    """The Kreis chooser for `kreise` ((code, name) pairs), `kreis` chosen."""
    return KreisChoiceForm(kreise=kreise, kreis=kreis or "", **options)
