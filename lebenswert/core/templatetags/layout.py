"""The layout's parts that every page repeats, kept in the process.

`{% memo a b … %}…{% endmemo %}` renders its content once per language, URL
configuration and values of `a`, `b` … and keeps the HTML for the life of the
process (with DEBUG on, never: templates change then). For parts
that depend on nothing else: the navigation's links (which link, which marked as
the current page) depend on the code, the language, whether someone is logged
in, staff, and the page's section; no data, no token. Forms with a CSRF token
stay outside (templates/includes/header.html, footer.html).
"""

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# A few hundred entries at most: languages × roles × sections.
_KEPT: dict[tuple, str] = {}


class MemoNode(template.Node):
    def __init__(self, nodelist: template.NodeList, values: list):
        self.nodelist = nodelist
        self.values = values

    def render(self, context) -> str:
        if settings.DEBUG:  # templates are read anew on every request
            return self.nodelist.render(context)
        key = (
            self.origin.name,  # this block of this template
            self.token.position,
            get_urlconf() or settings.ROOT_URLCONF,
            get_script_prefix(),
            get_language(),
            *(value.resolve(context) for value in self.values),
        )
        html = _KEPT.get(key)
        if html is None:
            html = _KEPT[key] = self.nodelist.render(context)
        return mark_safe(html)  # nosec B308 B703 (rendered by our own template)


@register.tag
def memo(parser, token) -> MemoNode:
    values = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, values)
