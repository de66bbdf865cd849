"""Forms that template pieces build themselves (the guide's search box, the switch
for ended cooperations)."""

from django import template

from cooperations.forms import EndedSwitchForm, GuideSearchForm

register = template.Library()


@register.simple_tag
def guide_search_form(query="") -> GuideSearchForm:
    """The search box of every guide page, holding the current query."""
    return GuideSearchForm(initial={"q": query or ""})


@register.simple_tag
def ended_switch_form(kreis, include_ended=False) -> EndedSwitchForm:
    """The switch of a Kreis's register pages, on when `include_ended`."""
    return EndedSwitchForm(kreis=kreis.code, include_ended=bool(include_ended))
