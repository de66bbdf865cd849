"""Forms that template pieces build themselves (the guide's search box)."""

from django import template

from cooperations.forms import GuideSearchForm

register = template.Library()


@register.simple_tag
def guide_search_form(query="") -> GuideSearchForm:
    """The search box of every guide page, holding the current query."""
    return GuideSearchForm(initial={"q": query or ""})
