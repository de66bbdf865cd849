"""Every report kind in the reader's language, in both variants: the catalogue's
/Lang and the XMP's dc:language, running heads and footers, and no interface
string of the print templates left in the other language (a check against the
English catalogue); German names kept in English reports are tagged as German.
Links go to the portal's public address, never to file://."""

import html
import io
import re

import pikepdf
import pytest
from django.template import engines
from django.template.loader_tags import ExtendsNode, IncludeNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.utils.translation import (
    gettext,
    ngettext,
    npgettext,
    override,
    pgettext,
    trans_real,
)
from pypdf import PdfReader

from lebenswert.reports import actions
from lebenswert.reports.registry import REPORT_KINDS
from tests.reports.conftest import flat

from .kinds import TEST_KIND_NAMES

VARIANTS = ["pdf/ua-1", "pdf/a-3b"]
PUBLIC_URL = "https://lebenswert.example.org"
# Shorter pieces (a heading like „Jahr“, a badge like „Beispiel“) also occur
# inside words of the other language or in the data (a cooperation named
# „… (Beispiel)“); the longer strings around them are checked.
MIN_PIECE = 10


def _nodes(template_name: str, seen: set[str]):
    """The translation nodes of a template, its parents and its includes."""
    if template_name in seen:
        return
    seen.add(template_name)
    nodelist = engines["django"].engine.get_template(template_name).nodelist
    for extends in nodelist.get_nodes_by_type(ExtendsNode):
        yield from _nodes(str(extends.parent_name.var), seen)
    yield from nodelist.get_nodes_by_type(TranslateNode)
    yield from nodelist.get_nodes_by_type(BlockTranslateNode)
    for include in nodelist.get_nodes_by_type(IncludeNode):
        if isinstance(include.template.var, str):
            yield from _nodes(include.template.var, seen)


def _messages(template_name: str) -> set[tuple[str, str, str]]:
    """(context, msgid, plural) of every translatable literal of a print
    template, as the catalogue spells them (a literal % doubled)."""
    messages = set()
    for node in _nodes(template_name, set()):
        context = str(node.message_context.var) if node.message_context else ""
        if isinstance(node, TranslateNode):
            literal = node.filter_expression.var.literal
            if literal is not None:
                messages.add((context, str(literal).replace("%", "%%"), ""))
            continue
        singular, plural = (
            _trimmed(node.render_token_list(tokens)[0], node.trimmed) if tokens else ""
            for tokens in (node.singular, node.plural)
        )
        messages.add((context, singular, plural))
    return messages


def _trimmed(msgid: str, trimmed: bool) -> str:
    return (
        " ".join(line.strip() for line in msgid.strip().splitlines())
        if trimmed
        else msgid
    )


def _key(context: str, msgid: str, plural: str):
    key = f"{context}\x04{msgid}" if context else msgid
    return (key, 0) if plural else key


def _text(message: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", message))


def _pieces(message: str) -> list[str]:
    """The literal parts of a message between its placeholders, flattened."""
    parts = re.split(r"%\(\w+\)s", _text(message))
    parts = [flat(part.replace("%%", "%")) for part in parts]
    return [part for part in parts if len(part) >= MIN_PIECE]


def _catalogue(template_name: str) -> list[tuple[str, str]]:
    """(German, English) of each message of the template that English changes."""
    pairs = []
    with override("en"):
        for context, msgid, plural in _messages(template_name):
            if plural:
                english = [
                    npgettext(context, msgid, plural, n)
                    if context
                    else ngettext(msgid, plural, n)
                    for n in (1, 2)
                ]
                pairs += zip((msgid, plural), english, strict=True)
            else:
                english = pgettext(context, msgid) if context else gettext(msgid)
                pairs.append((msgid, english))
    return [(german, english) for german, english in pairs if german != english]


def _left_over(text: str, messages: list[str], kept: list[str]) -> list[str]:
    """Pieces of `messages` found in `text`, except those the other language's
    texts contain too (a German name an English text keeps)."""
    kept_text = "".join(flat(_text(message)) for message in kept)
    return sorted(
        piece
        for message in messages
        for piece in _pieces(message)
        if piece in text and piece not in kept_text
    )


def _without_german_names(text: str, html_text: str) -> str:
    """The text without the German names and reference texts that the report
    marks as such (`<span lang="de">`): their words are not interface strings."""
    for name in re.findall(r'<span lang="de">(.*?)</span>', html_text, re.S):
        if flat(_text(name)):
            text = text.replace(flat(_text(name)), "")
    return text


def _page_texts(pdf: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _languages(pdf: pikepdf.Pdf) -> dict[str, list[str]]:
    """Structure type → the /Lang of its elements that set one."""
    found: dict[str, list[str]] = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/StructElem":
            if "/Lang" in obj:
                found.setdefault(str(obj.S), []).append(str(obj.Lang))
    return found


def _xmp_languages(pdf: pikepdf.Pdf) -> list[str]:
    with pdf.open_metadata() as metadata:
        return list(metadata.get("dc:language") or [])


def _built(kind: str, params: dict, language: str) -> tuple[str, dict[str, bytes]]:
    built = actions.report_build(REPORT_KINDS[kind], params, language=language)
    archive = actions.renderer.html_to_pdf(built.html, variant="pdf/a-3b")
    return built.html, {"pdf/ua-1": built.pdf, "pdf/a-3b": archive}


def test_every_message_of_the_print_templates_has_an_english_text():
    catalogue = trans_real.translation("en")._catalog
    missing = sorted(
        (context, msgid)
        for kind in REPORT_KINDS.values()
        if kind.name not in TEST_KIND_NAMES
        for context, msgid, plural in _messages(kind.template)
        if _key(context, msgid, plural) not in catalogue
    )
    assert missing == []
    assert len(_messages("cooperations/report_dossier.html")) > 50


# Reference data and headings in the reader's language: (present, absent).
REFERENCE_TEXTS = {
    "en": {
        # The form's English name and texts; the facts' column says what it shows.
        "kooperation": (
            ["Special-purpose association (§§ 5–23a KGG)", "Verification"],
            ["Valid as of", "Körperschaft des öffentlichen Rechts"],
        ),
        "gemeinde": (
            ["(FTE)", "(€/inhabitant)", "Demo value (invented"],
            ["(VZÄ)", "(€/EW)", "Demowert"],
        ),
        "region": (["Special-purpose association"], ["Informelles Netzwerk"]),
        # The funding programme's further conditions.
        "szenario": (["Hessian municipalities"], ["Antragsberechtigt"]),
    },
    "de": {
        "kooperation": (["Zweckverband (§§ 5–23a KGG)", "Stand"], ["Verification"]),
        "gemeinde": (["(VZÄ)", "(€/EW)", "Demowert (erfunden"], ["(FTE)"]),
        "region": (["Informelles Netzwerk"], ["Special-purpose association"]),
        "szenario": (["Antragsberechtigt"], ["Hessian municipalities"]),
    },
}


def _assert_languages(kind: str, pdfs: dict[str, bytes], language: str) -> None:
    """/Lang and dc:language in both variants; German spans in English only."""
    for variant, pdf in pdfs.items():
        with pikepdf.open(io.BytesIO(pdf)) as document:
            assert str(document.Root.Lang) == language, (kind, variant)
            assert _xmp_languages(document) == [language], (kind, variant)
            spans = _languages(document)
            if language == "en":
                assert "de" in spans.get("/Span", []), (kind, variant)
            else:
                assert not spans, (kind, variant)


def _assert_heads_and_footers(kind: str, params: dict, pages: list[str], language):
    """The footer „Page x of y“ on every page, the running head with the title
    from the second page on, the kind's label on the cover; none in the other
    language."""
    other = "de" if language == "en" else "en"
    with override(language):
        title = flat(str(REPORT_KINDS[kind].title(params)))
        label = flat(str(REPORT_KINDS[kind].label))
    with override(other):
        foreign_label = flat(str(REPORT_KINDS[kind].label))
    page, of = {"en": ("Page", "of"), "de": ("Seite", "von")}[language]
    for number, text in enumerate(pages, start=1):
        assert f"{page}{number}{of}{len(pages)}" in text, (kind, number)
        assert number == 1 or title in text, (kind, number)
        assert foreign_label not in text, (kind, number)
    assert label.upper() in pages[0].upper(), kind


def _assert_public_links(kind: str, pdf: bytes) -> None:
    uris = [
        str(action["/URI"])
        for page in PdfReader(io.BytesIO(pdf)).pages
        for annotation in page.get("/Annots") or ()
        if (action := annotation.get_object().get("/A")) and "/URI" in action
    ]
    assert all(uri.startswith(PUBLIC_URL + "/") for uri in uris), (kind, uris)
    if kind in ("kooperation", "szenario"):
        # „Mehr zu … im Leitfaden“ for the organisational forms.
        assert any("/leitfaden/formen/" in uri for uri in uris), (kind, uris)


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_report_kind_speaks_the_readers_language_in_both_variants(
    kinds, settings, language
):
    settings.LEBENSWERT_PUBLIC_URL = PUBLIC_URL
    # The Regionalbericht of a Land too (its own chapters).
    for kind, params in [*kinds.items(), ("region", {"gebiet": "06"})]:
        pairs = _catalogue(REPORT_KINDS[kind].template)
        ours = [english if language == "en" else german for german, english in pairs]
        theirs = [german if language == "en" else english for german, english in pairs]
        html_text, pdfs = _built(kind, params, language)
        _assert_languages(kind, pdfs, language)
        pages = _page_texts(pdfs["pdf/ua-1"])
        interface = _without_german_names("".join(pages), html_text)
        # No interface string in the other language; the check finds the own ones.
        assert _left_over(interface, theirs, ours) == [], kind
        assert len(_left_over(interface, ours, theirs)) > 10, kind
        _assert_heads_and_footers(kind, params, pages, language)
        _assert_public_links(kind, pdfs["pdf/a-3b"])
        present, absent = REFERENCE_TEXTS[language].get(kind, ([], []))
        assert all(flat(text) in "".join(pages) for text in present), kind
        assert not any(flat(text) in "".join(pages) for text in absent), kind


def test_renderer_tags_an_elements_own_language_and_the_xmp_language():
    html_text = (
        '<!DOCTYPE html><html lang="en"><head><title>Test</title></head><body>'
        '<h1>Forms</h1><p>The <span lang="de">Zweckverband</span> and the '
        '<span class="badge">Anstalt</span>.</p><p lang="de">Ein Absatz.</p>'
        "</body></html>"
    )
    for variant in VARIANTS:
        pdf = actions.renderer.html_to_pdf(html_text, variant=variant)
        with pikepdf.open(io.BytesIO(pdf)) as document:
            assert str(document.Root.Lang) == "en"
            assert _xmp_languages(document) == ["en"]
            # The German span and paragraph, not the other span or the heading.
            assert _languages(document) == {"/Span": ["de"], "/P": ["de"]}, variant
