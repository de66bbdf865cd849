"""Fill in a page's form as a browser would: its fields with their current values,
then the test's changes, posted to the form's action."""

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append(
                {
                    "action": a.get("action") or "",
                    "method": (a.get("method") or "get").lower(),
                    "fields": {},
                }
            )
            return
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in {"submit", "button", "file", "reset", "image"}:
                return
            if kind in {"checkbox", "radio"}:
                fields.setdefault(name, [])
                if "checked" in a:
                    fields[name].append(a.get("value", "on"))
                return
            fields[name] = [a.get("value") or ""]
        elif tag == "select" and name:
            self._select = name
            fields[name] = []
        elif tag == "option" and self._select and "selected" in a:
            fields[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = [""]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1]["fields"][self._textarea][0] += data


def page_form(html: str, action: str | None = None) -> dict:
    """The fields of the page's form posting to `action` (None: the first form
    with a field other than the CSRF token)."""
    parser = _Forms()
    parser.feed(html)
    for form in [f for f in parser.forms if f["method"] == "post"]:
        names = set(form["fields"]) - {"csrfmiddlewaretoken"}
        if action is None and names or action is not None and form["action"] == action:
            fields = {k: v for k, v in form["fields"].items() if v or k != ""}
            fields.pop("csrfmiddlewaretoken", None)
            return {"action": form["action"], "fields": fields}
    raise AssertionError(f"no form for {action!r} on the page")


def submit(client, page: str, changes: dict, *, action: str | None = None, files=None):
    """GET `page`, fill its form with `changes` and files, POST it."""
    response = client.get(page)
    assert response.status_code == 200, (page, response.status_code)
    form = page_form(response.content.decode(), action)
    data = {k: (v if len(v) != 1 else v[0]) for k, v in form["fields"].items()}
    data = {k: v for k, v in data.items() if v != []}
    data.update(changes)
    data.update(files or {})
    return client.post(form["action"] or page, data)
