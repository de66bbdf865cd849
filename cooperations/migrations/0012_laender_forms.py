"""Reference data for every Land: the 16 Länder, the cooperation law of each of the
13 Flächenländer, the forms of the 12 Länder beside Hessen mapped onto the form
families with one fact per criterion, the forms a Land's law does not offer, and the
Bavarian–Hessian treaty. Hessen's law, forms and facts gain their sources.

Transcribed from the research file on the Länder (sections 0–16), whose sources are
copies of unknown age; it gives no date of its own, so the funding statements are
dated 5.12.2026, the day the file was transcribed. Each fact keeps the file's mark
(S, S(t), S(old), G) and the addresses it names. A fact the file does not give
follows the cross-Land pattern of its section 0a, always marked G, with the sources
that pattern names. Ratings (0–4) are Hessen's for the same family (migration 0007),
changed only where the Land's fact differs (e.g. a Genehmigung for every agreement).

City states get no law: the portal treats them as not applicable. An open question
(the Arbeitsgemeinschaft in Mecklenburg-Vorpommern, the joint institution in
Thüringen) is recorded in the law's open questions: that family is neither offered
nor absent. The Hessian Beauftragung (§ 25a KGG) belongs to no family and is noted
there too.

Reversing removes what this migration added by code and Land and restores Hessen's
rows as they were; the Länder stay, since the directory may refer to them by then.
"""

import datetime

from django.db import migrations

FUNDING_AS_OF = datetime.date(2026, 12, 5)

LAENDER = {
    "01": ("Schleswig-Holstein", "Kiel"),
    "02": ("Hamburg", "Hamburg"),
    "03": ("Niedersachsen", "Hannover"),
    "04": ("Bremen", "Bremen"),
    "05": ("Nordrhein-Westfalen", "Düsseldorf"),
    "06": ("Hessen", "Wiesbaden"),
    "07": ("Rheinland-Pfalz", "Mainz"),
    "08": ("Baden-Württemberg", "Stuttgart"),
    "09": ("Bayern", "München"),
    "10": ("Saarland", "Saarbrücken"),
    "11": ("Berlin", "Berlin"),
    "12": ("Brandenburg", "Potsdam"),
    "13": ("Mecklenburg-Vorpommern", "Schwerin"),
    "14": ("Sachsen", "Dresden"),
    "15": ("Sachsen-Anhalt", "Magdeburg"),
    "16": ("Thüringen", "Erfurt"),
}

# Code prefix of a Land's forms -> Land code (Hessen keeps its codes without one).
PREFIXES = {
    "sh": "01", "ni": "03", "nw": "05", "rp": "07", "bw": "08", "by": "09",
    "sl": "10", "bb": "12", "mv": "13", "sn": "14", "st": "15", "th": "16",
}  # fmt: skip

SOURCES = {
    "leitfaden": "Leitfaden „Lebensqualität und Daseinsvorsorge durch "
                 "interkommunale Kooperation“, Projekt LebensWert, Juni 2019",
    "bw1": "http://umwelt-online.de/recht/allgemei/laender/bw/gkz.htm",
    "bw2": "https://justiz-nrw.wolterskluwer-online.de/browse/document/cite/"
           "f8c04f38-7be7-3d65-bf4c-f5376d5133fa",
    "bw3": "https://www.yumpu.com/de/document/view/13466151/"
           "auszug-aus-der-gemeindeordnung-fur-baden-wurttembergd/55",
    "bw4": "de.wiki.li, Vereinbarte_Verwaltungsgemeinschaft (Sekundärquelle)",
    "bw5": "rp.baden-wuerttemberg.de, Interkommunale Kooperationen",
    "by1": "https://gesetze.legal/bayern/kommzg/2",
    "by2": "https://www.juraindividuell.de/artikel/kommunale-zusammenarbeit-bayern/",
    "by3": "https://www.gesetze-bayern.de/Content/Document/BayKommZG-11",
    "by4": "https://gesetze.legal/bayern/kommzg/12",
    "by5": "BayernPortal, Behördenwegweiser „Zweckverbandssatzung; Beantragung der "
           "Genehmigung“ (johannesberg.de)",
    "by6": "juramagazin.de/243399.html (LT-Drs. 15/1063)",
    "by-he": "https://www.gesetze-bayern.de/Content/Document/Bay_HesZwVerbStV-3",
    "bb1": "https://bravors.brandenburg.de/de/gesetze-212931",
    "bb2": "http://bravors.brandenburg.de/verwaltungsvorschriften/aer_2_14",
    "bb3": "https://www.lexaris.eu/book/document/5789669/page/2",
    "bb4": "Lehrbuchauszug zur BbgKVerf (newlib.net, Sekundärquelle)",
    "bb5": "morgenpost.de und rbb24.de, April 2018 (Presse)",
    "bb6": "mik.brandenburg.de/mik/de/kommunales/kommunale-zusammenarbeit",
    "he1": "https://lexaris.de/library/tableofcontents/1325396",
    "he2": "https://umwelt-online.de/recht/allgemei/laender/he/komzg.htm",
    "he3": "https://rp-darmstadt.hessen.de/sicherheit-und-kommunales/"
           "kommunalaufsicht/zweckverbandsrecht",
    "he4": "https://justiz-nrw.wolterskluwer-online.de/browse/document/"
           "edb53102-a8f8-3790-a8a5-c0db30d00da1",
    "he5": "https://www.anwalt24.de/gesetze/kgg-1/26",
    "he6": "https://www.anwalt24.de/gesetze/kgg-1/27",
    "he8": "anwalt24.de, § 29a KGG",
    "he9": "http://ikz-hessen.de/themen/gemeindeverwaltungsverband-0",
    "mv1": "https://www.umwelt-online.de/recht/allgemei/laender/mv/kv5.htm",
    "mv2": "https://www.vkk-mv.de/enzyklopaedie/zweckverband/",
    "mv3": "Auseinandersetzungsvereinbarung LNOG (docslib), nennt § 165 KV M-V",
    "mv4": "https://justiz-nrw.wolterskluwer-online.de/printlist/add/"
           "83cf21ce-48e7-3682-ba04-7210080acc6f/nrw",
    "mv5": "http://www.nordwestmecklenburg.de/de/kapitel_c_iii331bdd2.html",
    "mv6": "justiz-nrw.wolterskluwer-online.de, § 126 KV M-V",
    "ni1": "https://voris.wolterskluwer-online.de/browse/document/"
           "0882929a-ff90-3c95-ad6e-b32935d9a358",
    "ni2": "haufe.de, § 4 NKomZG „Anzeige, Bekanntmachungen“",
    "ni3": "https://voris.wolterskluwer-online.de/browse/document/"
           "a72c588e-2489-3a34-b73a-303373290c34",
    "ni4": "http://www.juramagazin.de/36708.html (Gesetzesbegründung 2004)",
    "ni5": "https://voris.wolterskluwer-online.de/browse/document/"
           "7a9649f9-fae6-36e0-84c2-b787f6b303f3",
    "nw1": "https://umwelt-online.de/recht/allgemei/laender/nrw/komzg.htm",
    "nw2": "http://www.anwalt24.de/gesetze/gkg,nw/2",
    "nw3": "justiz-nrw.wolterskluwer-online.de, Inhaltsübersicht GkG NRW "
           "(WKDE_LTR_0000051300)",
    "nw4": "https://justiz-nrw.wolterskluwer-online.de/browse/document/"
           "01d8f6f4-ca26-3ccd-855a-3b53b3ab7158",
    "nw5": "http://www.anwalt24.de/gesetze/gkg_nrw/24",
    "nw6": "https://lexmea.de/gesetz/gkg-nrw/27",
    "rp1": "https://www.umwelt-online.de/recht/allgemei/laender/rp/kzg.htm",
    "rp2": "landesrecht.rlp.de, jlr-ZwVerbGRPpP4 (§ 4 KomZG)",
    "rp3": "landesrecht.rlp.de, jlr-ZwVerbGRPV5P5 (§ 5 KomZG)",
    "rp4": "landesrecht.rlp.de, jlr-ZwVerbGRPV6P12 (§ 12 KomZG)",
    "rp5": "landesrecht.rlp.de, jlr-ZwVerbGRPV1P14 (§ 14 KomZG)",
    "rp6": "https://lexaris.de/book/version/documentflat/head/1325712",
    "sl1": "https://umwelt-online.de/recht/allgemei/laender/srl/komzg.htm",
    "sl2": "https://www.anwalt24.de/gesetze/kgg/7",
    "sl3": "https://www.anwalt24.de/gesetze/kgg/18",
    "sl4": "https://www.saarland.de/mibs/DE/portale/interkommunalekooperation/"
           "informationen/kooperationsfundament/rechtliches/rechtsformen",
    "sn1": "umwelt-online.de, Inhaltsübersicht SächsKomZG (regelwerk/allgemei/"
           "laender/sa/komzg_in.htm)",
    "sn2": "https://ssg-sachsen.de/de/projekte/ikz/ikz-grundlagen/rechtsinstrumente/"
           "verwaltungsgemeinschaft",
    "sn3": "https://www.lds.sachsen.de/kommunal21/?ID=9&art_param=6",
    "sn4": "Verbandssatzungen sächsischer Zweckverbände (Lausitzer Seenland, "
           "PIA Reichenbach; docslib)",
    "sn5": "https://www.lds.sachsen.de/kommunal21/?ID=4847&art_param=6",
    "st1": "https://umwelt-online.de/recht/allgemei/laender/lsa/komzg.htm",
    "st2": "https://www.anwalt24.de/gesetze/gkg_lsa/2",
    "st3": "http://www.anwalt24.de/gesetze/gkg_lsa/3",
    "st4": "https://justiz-nrw.wolterskluwer-online.de/browse/document/"
           "9a3fe0d1-6642-3b00-851a-3cabb5c65b54",
    "st5": "https://lvwa.sachsen-anhalt.de/das-lvwa/kommunales-ordnung-"
           "verbraucherschutz-migration/kommunalrecht-kommunale-wirtschaft-und-"
           "finanzen/verbandssatzung/",
    "st6": "http://www.anwalt24.de/rund-ums-recht/"
           "Paragraph_89_KVG_LSA_Grundsatz-d7093763,90.html",
    "sh1": "https://umwelt-online.de/recht/allgemei/laender/sh/komzg.htm",
    "sh2": "Verbandssatzung des Zweckverbands Breitbandversorgung im Kreis Plön "
           "(docslib)",
    "sh3": "http://www.anwalt24.de/gesetze/gkz-1/18",
    "sh4": "„Verwaltungsgemeinschaft (Schleswig-Holstein)“, Wikipedia-Kopie "
           "(Sekundärquelle)",
    "sh5": "haufe.de, § 106a GO Schleswig-Holstein",
    "sh6": "anwalt24.de, § 21 GkZ (gesetze/gkz-1/21)",
    "th1": "https://lexaris.de/book/version/documentflat/head/1320885",
    "th2": "http://www.anwalt24.de/gesetze/thuerkgg/7",
    "th3": "https://gesetze.co/TH/Th%C3%BCrKGG/12",
    "th4": "judicialis.de, OVG Thüringen 4 KO 649/05",
    "th5": "https://www.anwalt24.de/gesetze/thuerko/46",
}  # fmt: skip

# The cross-Land pattern (section 0a), used where a Land's section gives nothing;
# always marked G. family -> criterion -> (value, law, source keys).
PATTERN = {
    "network": {
        "legal_person": ("nein", "", "leitfaden"),
        "binding": ("am geringsten von allen Formen", "", "leitfaden"),
        "approval": ("keine", "", "leitfaden"),
        "own_staff": ("nein", "", "leitfaden"),
        "fees": ("keine Gebühren, keine Hoheitsrechte", "", "leitfaden"),
        "liability": ("keine", "", "leitfaden"),
        "setup": ("sehr gering", "", "leitfaden"),
        "exit": ("jederzeit frei", "", "leitfaden"),
        "vat": ("entfällt – kein Leistungsaustausch", "§ 2b UStG", "leitfaden"),
        "procurement": ("entfällt – kein Auftrag", "§ 108 GWB", "leitfaden"),
    },
    "working_group": {
        "legal_person": ("nein", "", "by1 he1 rp5"),
        "binding": ("Ergebnisse binden die Mitglieder nicht; die Zuständigkeit "
                    "bleibt", "", "by1 he1 rp5"),
        "approval": ("schriftliche Vereinbarung; allenfalls eine Anzeige", "", "rp5"),
        "own_staff": ("nein", "", "by1 he1 rp5"),
        "fees": ("keine Gebühren, keine Hoheitsrechte; keine Aufgaben gehen über",
                 "", "by1 he1 rp5"),
        "liability": ("keine", "", "leitfaden"),
        "setup": ("gering", "", "leitfaden"),
        "exit": ("nach Vereinbarung", "", "leitfaden"),
        "vat": ("entfällt in der Regel", "§ 2b UStG", "leitfaden"),
        "procurement": ("entfällt in der Regel", "§ 108 GWB", "leitfaden"),
    },
    "agreement_mandate": {
        "legal_person": ("nein", "", "by1"),
        "binding": ("Vertrag; die Verantwortung für die Aufgabe bleibt bei der "
                    "auftraggebenden Kommune", "", "he4"),
        "approval": ("in der Regel nur Anzeige", "", "he5 sl3 by4"),
        "own_staff": ("nein; die beauftragte Kommune arbeitet mit ihrem Personal",
                      "", "he4"),
        "fees": ("Gebühren und Hoheitsrechte bleiben bei der auftraggebenden "
                 "Kommune", "", "he5 sl3 by4"),
        "liability": ("jeder Beteiligte für sich", "", "leitfaden"),
        "setup": ("gering bis mittel", "", "leitfaden"),
        "exit": ("nach Vertrag; Kündigungsregeln vereinbaren", "", "leitfaden"),
        "vat": ("Risiko: Leistungsaustausch zwischen öffentlichen Stellen kann "
                "steuerbar sein", "§ 2b UStG", "leitfaden"),
        "procurement": ("horizontale Zusammenarbeit ausgenommen, wenn weniger als "
                        "20 % der Tätigkeit auf dem freien Markt erbracht werden",
                        "§ 108 GWB", "leitfaden"),
    },
    "agreement_delegation": {
        "legal_person": ("nein", "", "by1"),
        "binding": ("die Verantwortung für die Aufgabe geht auf die übernehmende "
                    "Kommune über", "", "he4"),
        "approval": ("in der Regel Genehmigung der Aufsichtsbehörde", "",
                     "he5 sl3 by4"),
        "own_staff": ("Personal der übernehmenden Kommune", "", "he4"),
        "fees": ("die übernehmende Kommune kann mit der Aufgabe das Satzungsrecht "
                 "erhalten und im ganzen Gebiet Gebühren erheben", "", "by3 bw1"),
        "liability": ("die übernehmende Kommune für die Aufgabe", "", "leitfaden"),
        "setup": ("mittel", "", "leitfaden"),
        "exit": ("nach Vertrag; Kündigungsregeln vereinbaren", "", "leitfaden"),
        "vat": ("Delegation mit befreiender Wirkung: keine Wettbewerbsverzerrung "
                "angenommen", "§ 2b UStG", "leitfaden"),
        "procurement": ("Übertragung der Zuständigkeit ist meist kein öffentlicher "
                        "Auftrag", "§ 108 GWB", "leitfaden"),
    },
    "special_purpose_union": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts", "", "rp1 he3"),
        "binding": ("sehr hoch; gilt als die verbindlichste Form", "", "leitfaden"),
        "approval": ("die Verbandssatzung bedarf der Genehmigung der "
                     "Aufsichtsbehörde und wird öffentlich bekanntgemacht", "",
                     "bw2 by5 he3 nw4 sl2 st4"),
        "own_staff": ("ja, eigenes Personal; kann Dienstherr von Beamten sein", "",
                      "rp1"),
        "fees": ("Umlage der Mitglieder und eigene Gebühren, wenn Aufgabe und "
                 "Satzungsrecht übergehen", "", "mv1"),
        "liability": ("eigenes Vermögen; die Mitglieder zahlen eine Umlage", "",
                      "leitfaden"),
        "setup": ("hoch: Satzung, Genehmigung, Organe", "", "leitfaden"),
        "exit": ("schwer; nach Verbandssatzung und Gesetz", "", "leitfaden"),
        "vat": ("Umlage und entgeltliche Leistungen gegeneinander abgrenzen",
                "§ 2b UStG", "leitfaden"),
        "procurement": ("Inhouse-Vergabe an den gemeinsam beherrschten Verband "
                        "möglich", "§ 108 GWB", "leitfaden"),
    },
    "joint_institution": {
        "legal_person": ("ja, Anstalt des öffentlichen Rechts", "", "by1 ni1 nw6"),
        "binding": ("hoch, auf Grundlage der Satzung", "", "leitfaden"),
        "approval": ("je nach Land Genehmigung oder Anzeige der Satzung", "",
                     "he8 ni2 mv5"),
        "own_staff": ("ja; in der Regel kann die Anstalt Dienstherr sein", "", "sh5"),
        "fees": ("eigene Satzungen und Gebühren, wenn die Träger das Satzungsrecht "
                 "übertragen", "", "leitfaden"),
        "liability": ("die Träger haften für die Anstalt", "", "leitfaden"),
        "setup": ("hoch: Satzung, Kapital, Aufsicht", "", "leitfaden"),
        "exit": ("nach der Satzung", "", "leitfaden"),
        "vat": ("wie beim Zweckverband: Umlage und entgeltliche Leistungen "
                "abgrenzen", "§ 2b UStG", "leitfaden"),
        "procurement": ("wie beim Zweckverband: Inhouse-Vergabe an die gemeinsam "
                        "beherrschte Anstalt möglich", "§ 108 GWB", "leitfaden"),
    },
    "administrative_union": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts", "", "he9"),
        "binding": ("sehr hoch", "", "he9"),
        "approval": ("Bildung durch Gesetz, Verordnung oder genehmigte "
                     "Vereinbarung", "", "he9"),
        "own_staff": ("ja", "", "he9"),
        "fees": ("ja, für die übertragenen Aufgaben", "", "he9"),
        "liability": ("Umlage der Mitglieder", "", "he9"),
        "setup": ("sehr hoch", "", "leitfaden"),
        "exit": ("schwer; meist nur durch Gesetz oder mit Genehmigung", "",
                 "leitfaden"),
        "vat": ("Leistungen zwischen Verband und Mitgliedern abgrenzen",
                "§ 2b UStG", "leitfaden"),
        "procurement": ("Übertragung von Verwaltungsaufgaben ist meist kein "
                        "öffentlicher Auftrag", "§ 108 GWB", "leitfaden"),
    },
    "private_company": {
        "legal_person": ("ja", "", "leitfaden"),
        "binding": ("nach Gesellschaftsvertrag bzw. Satzung", "", "leitfaden"),
        "approval": ("Anzeige an die Kommunalaufsicht, teils Genehmigung "
                     "(Gemeindeordnung)", "", "mv5 sl4"),
        "own_staff": ("ja", "", "leitfaden"),
        "fees": ("keine hoheitlichen Gebühren", "", "leitfaden"),
        "liability": ("bei GmbH und AG auf das Gesellschaftsvermögen beschränkt",
                      "", "leitfaden"),
        "setup": ("mittel bis hoch: Notar, Kapital", "", "leitfaden"),
        "exit": ("nach Gesellschaftsvertrag bzw. Satzung", "", "leitfaden"),
        "vat": ("in der Regel steuerpflichtig", "UStG", "leitfaden"),
        "procurement": ("Inhouse-Vergabe nur, wenn ganz in öffentlicher Hand, "
                        "gemeinsam beherrscht und zu mehr als 80 % für die Träger "
                        "tätig", "§ 108 GWB", "leitfaden"),
    },
}  # fmt: skip

# Hessen's ratings per family (migration 0007), in this order of criteria.
RATED = ("fees", "own_staff", "liability", "approval", "setup", "exit", "vat",
         "procurement", "binding")  # fmt: skip
#                         fees staff liab. appr. setup exit vat  proc. binding
FAMILY_RATINGS = {
    "network":               (0, 0, 4, 4, 4, 4, 4, 4, 0),
    "working_group":         (0, 0, 4, 3, 3, 3, 4, 4, 1),
    "agreement_mandate":     (0, 0, 2, 3, 3, 2, 1, 3, 3),
    "agreement_delegation":  (4, 2, 2, 2, 2, 2, 3, 3, 3),
    "special_purpose_union": (4, 4, 2, 1, 1, 0, 2, 3, 4),
    "joint_institution":     (4, 4, 0, 1, 1, 1, 2, 3, 4),
    "administrative_union":  (4, 4, 1, 0, 0, 0, 2, 2, 4),
    "private_company":       (0, 4, 4, 2, 1, 2, 1, 1, 3),
}  # fmt: skip
# An administrative union without a legal person of its own (one municipality
# administers the others) rates like a delegation, except that it binds more.
HOST_RATINGS = (2, 2, 2, 1, 2, 1, 3, 3, 4)

LEVELS = {
    "network": "informal", "working_group": "contractual",
    "agreement_mandate": "contractual", "agreement_delegation": "contractual",
}  # fmt: skip  (every other family is institutional)

# The family's first sentences of a form's summary; the form adds its Land's own.
FAMILY_TEXT = {
    "network": "Kommunen tauschen sich regelmäßig aus, etwa in einem Forum, "
               "Arbeitskreis oder Netzwerk. Informelle Formen brauchen keine "
               "gesetzliche Grundlage; sie eignen sich, um gemeinsame Themen und "
               "passende Partner zu finden.",
    "working_group": "Kommunen vereinbaren schriftlich, gemeinsame Fragen zusammen "
                     "zu beraten und abzustimmen. Die Arbeitsgemeinschaft ist keine "
                     "eigene Rechtsperson, und keine Aufgabe geht auf sie über.",
    "agreement_mandate": "Eine Kommune erledigt eine Aufgabe für eine andere; "
                         "Grundlage ist ein schriftlicher Vertrag. Verantwortung "
                         "und Gebühren bleiben bei der auftraggebenden Kommune.",
    "agreement_delegation": "Eine Kommune überträgt eine Aufgabe ganz auf eine "
                            "andere, die sie dann in eigener Verantwortung "
                            "erfüllt.",
    "special_purpose_union": "Die Mitglieder bilden eine eigene Körperschaft des "
                             "öffentlichen Rechts, auf die Aufgaben übergehen; sie "
                             "finanziert sich über eine Umlage und Gebühren.",
    "joint_institution": "Mehrere Kommunen tragen gemeinsam eine Anstalt des "
                         "öffentlichen Rechts, die eine Aufgabe selbstständig "
                         "erfüllt.",
    "administrative_union": "",
    "private_company": "Neben den Formen des Kooperationsrechts stehen "
                       "privatrechtliche Gesellschaften offen, etwa eine GmbH, ein "
                       "Verein oder eine Genossenschaft.",
}  # fmt: skip

NETWORK = ("Informelles Netzwerk / Austauschforum", "Informal network / forum")
PRIVATE = ("Privatrechtliche Gesellschaft (GmbH, e. V., eG, AG)",
           "Private-law company (GmbH, registered association, cooperative, AG)")  # fmt: skip

# The forms of the 12 Länder beside Hessen (network and private forms follow below):
# code, family, position, name, name_en, law, certainty, source keys, Land's sentence.
FORMS = [
    # Baden-Württemberg (08)
    ("bw-oerv-mandat", "agreement_mandate", 30,
     "Öffentlich-rechtliche Vereinbarung – Durchführung (Mandat)",
     "Public-law agreement – mandate", "§§ 25–27a GKZ", "S(t)", "bw1",
     "Das GKZ regelt die Vereinbarung in den §§ 25 bis 27a; ob sie genehmigt oder "
     "nur angezeigt wird, ist nicht gelesen."),
    ("bw-oerv-delegation", "agreement_delegation", 40,
     "Öffentlich-rechtliche Vereinbarung – Übertragung (Delegation)",
     "Public-law agreement – delegation", "§§ 25–27a GKZ", "S(t)", "bw1",
     "Die übernehmende Kommune kann ihre Satzungen auf das Gebiet der anderen "
     "erstrecken (§ 26 GKZ); die Genehmigung ist noch zu klären."),
    ("bw-zweckverband", "special_purpose_union", 50,
     "Zweckverband (Frei- oder Pflichtverband)", "Special-purpose association",
     "§§ 2–24 GKZ", "S", "bw1 bw2",
     "Die Verbandssatzung bedarf der Genehmigung der Rechtsaufsichtsbehörde "
     "(§ 7 GKZ)."),
    ("bw-kommunalanstalt", "joint_institution", 60,
     "Gemeinsame selbstständige Kommunalanstalt",
     "Joint independent municipal institution", "§§ 24a–24b GKZ", "S(t)", "bw1",
     "Das GKZ regelt sie in den §§ 24a und 24b; Genehmigung und Personal sind "
     "noch zu klären."),
    ("bw-gvv", "administrative_union", 70,
     "Gemeindeverwaltungsverband", "Joint administrative association",
     "§§ 59–62 GemO", "S", "bw3 bw4",
     "Benachbarte Gemeinden desselben Landkreises bilden einen Verband, der "
     "Verwaltungsaufgaben für sie erledigt; für ihn gilt das GKZ wie für einen "
     "Zweckverband. Eine Gemeinde kann nur einer Verwaltungsgemeinschaft angehören."),
    ("bw-vereinbarte-vg", "administrative_union", 71,
     "Vereinbarte Verwaltungsgemeinschaft (erfüllende Gemeinde)",
     "Agreed administrative community (host municipality)", "§ 59 GemO", "S",
     "bw3 bw4",
     "Benachbarte Gemeinden desselben Landkreises vereinbaren, dass eine von ihnen "
     "als erfüllende Gemeinde Aufgaben für die anderen wahrnimmt. Es entsteht keine "
     "neue Rechtsperson."),
    # Bayern (09)
    ("by-arbeitsgemeinschaft", "working_group", 20,
     "Kommunale Arbeitsgemeinschaft", "Municipal working group", "Art. 4–6 KommZG",
     "S", "by1 by2",
     "Das KommZG regelt sie in den Artikeln 4 bis 6."),
    ("by-zweckvereinbarung-mandat", "agreement_mandate", 30,
     "Zweckvereinbarung – gemeinsame Durchführung (Mandat)",
     "Purpose agreement – mandate", "Art. 7–16 KommZG", "S", "by3 by4",
     "Werden nur Aufgaben gemeinsam erfüllt, genügt eine Anzeige (Art. 12 KommZG)."),
    ("by-zweckvereinbarung-delegation", "agreement_delegation", 40,
     "Zweckvereinbarung – Übertragung (Delegation)",
     "Purpose agreement – delegation", "Art. 7–16 KommZG", "S", "by3 by4",
     "Erhält eine Kommune auch Befugnisse wie das Satzungsrecht, muss die "
     "Vereinbarung genehmigt werden (Art. 11 und 12 KommZG)."),
    ("by-zweckverband", "special_purpose_union", 50,
     "Zweckverband", "Special-purpose association", "Art. 17–48 KommZG", "S",
     "by1 by5",
     "Satzung und Genehmigung werden im Amtsblatt der Aufsichtsbehörde "
     "bekanntgemacht; der Verband entsteht frühestens am Tag danach."),
    ("by-gku", "joint_institution", 60,
     "Gemeinsames Kommunalunternehmen", "Joint municipal enterprise",
     "Art. 49–50 KommZG", "S", "by1 by6",
     "Die Träger errichten das Unternehmen durch eine vereinbarte "
     "Unternehmenssatzung."),
    ("by-vgem", "administrative_union", 70,
     "Verwaltungsgemeinschaft", "Administrative community", "VGemO", "G", "by2",
     "Gemeinden bilden eine Körperschaft, die ihre Verwaltungsgeschäfte führt; "
     "gebildet wird sie durch Gesetz oder Rechtsverordnung. Im KommZG steht sie "
     "einer Gemeinde gleich."),
    # Brandenburg (12)
    ("bb-arbeitsgemeinschaft", "working_group", 20,
     "Arbeitsgemeinschaft", "Working group", "§ 4 GKGBbg", "S", "bb1",
     "Das GKGBbg regelt sie in § 4."),
    ("bb-oerv-mandat", "agreement_mandate", 30,
     "Öffentlich-rechtliche Vereinbarung – mandatierend",
     "Public-law agreement – mandate", "§§ 5–9 GKGBbg", "S(t)", "bb1 bb3",
     "Welche Vereinbarungen angezeigt und welche genehmigt werden müssen, regelt "
     "§ 41 GKGBbg; sein Wortlaut ist nicht gelesen."),
    ("bb-oerv-delegation", "agreement_delegation", 40,
     "Öffentlich-rechtliche Vereinbarung – delegierend",
     "Public-law agreement – delegation", "§§ 5–9 GKGBbg", "S(t)", "bb1 bb3",
     "Welche Vereinbarungen angezeigt und welche genehmigt werden müssen, regelt "
     "§ 41 GKGBbg; sein Wortlaut ist nicht gelesen."),
    ("bb-zweckverband", "special_purpose_union", 50,
     "Zweckverband", "Special-purpose association", "§§ 10–36 GKGBbg", "S(t)", "bb1",
     "Er kann eine hauptamtliche Verbandsleitung haben (§ 23 GKGBbg)."),
    ("bb-gka", "joint_institution", 60,
     "Gemeinsame kommunale Anstalt", "Joint municipal institution",
     "§§ 37–40 GKGBbg", "S", "bb1",
     "Eine gemeinsame Anstalt kann in einen Zweckverband umgewandelt werden "
     "(§ 36 GKGBbg)."),
    ("bb-amt", "administrative_union", 70,
     "Amt", "Amt (joint administration of municipalities)", "§§ 133 ff. BbgKVerf",
     "G", "bb4",
     "Amtsangehörige Gemeinden lassen ihre Verwaltung von einem Amt führen, einer "
     "Körperschaft mit eigener Verwaltung, die sich über die Amtsumlage "
     "finanziert."),
    ("bb-verbandsgemeinde", "administrative_union", 71,
     "Verbandsgemeinde", "Association municipality (Verbandsgemeinde)",
     "Verbandsgemeinde- und Mitverwaltungsgesetz", "G", "bb5 bb6",
     "Nach dem Gesetz von 2018/2019 können sich Gemeinden zu einer Verbandsgemeinde "
     "zusammenschließen, die Aufgaben für die verbandsangehörigen Gemeinden "
     "erfüllt. Die Einzelheiten sind nicht gelesen."),
    ("bb-mitverwaltung", "administrative_union", 72,
     "Mitverwaltung", "Shared administration (Mitverwaltung)",
     "Verbandsgemeinde- und Mitverwaltungsgesetz", "G", "bb5 bb6",
     "Eine Gemeinde führt die Verwaltung anderer Gemeinden mit, die selbstständig "
     "bleiben. Die Einzelheiten sind nicht gelesen."),
    # Mecklenburg-Vorpommern (13)
    ("mv-oerv-mandat", "agreement_mandate", 30,
     "Öffentlich-rechtliche Vereinbarung – Durchführung (Mandat)",
     "Public-law agreement – mandate", "§ 165 KV M-V", "S(t)", "mv3",
     "Die Kommunalverfassung regelt die Vereinbarung in § 165; ob sie genehmigt "
     "werden muss, ist nicht gelesen."),
    ("mv-oerv-delegation", "agreement_delegation", 40,
     "Öffentlich-rechtliche Vereinbarung – Übertragung (Delegation)",
     "Public-law agreement – delegation", "§ 165 KV M-V", "S(t)", "mv3",
     "Die Kommunalverfassung regelt die Vereinbarung in § 165; ob sie genehmigt "
     "werden muss, ist nicht gelesen."),
    ("mv-zweckverband", "special_purpose_union", 50,
     "Zweckverband", "Special-purpose association", "§§ 150 ff. KV M-V", "S",
     "mv1 mv2",
     "Der Errichtungsvertrag bedarf der Genehmigung; die Verbandssatzung wird nur "
     "angezeigt (§ 152 KV M-V)."),
    ("mv-gku", "joint_institution", 60,
     "Gemeinsames Kommunalunternehmen", "Joint municipal enterprise",
     "§§ 167a–167c KV M-V", "S", "mv5",
     "Das Unternehmen wird durch öffentlich-rechtlichen Vertrag errichtet und muss "
     "nur angezeigt werden (§ 167c KV M-V)."),
    ("mv-amt", "administrative_union", 70,
     "Amt", "Amt (joint administration of municipalities)", "§§ 125 ff. KV M-V",
     "S", "mv6",
     "Amtsangehörige Gemeinden lassen ihre Verwaltung von einem Amt führen, einer "
     "Körperschaft des öffentlichen Rechts. Das Amt hat eine eigene Verwaltung oder "
     "nutzt die einer geschäftsführenden Gemeinde (§ 126 KV M-V)."),
    ("mv-verwaltungsgemeinschaft", "administrative_union", 71,
     "Verwaltungsgemeinschaft", "Administrative community", "§ 167 KV M-V", "S",
     "mv4",
     "Ein Beteiligter nimmt die Verwaltung eines anderen in Anspruch; die "
     "Aufgaben bleiben bei ihm. Es entsteht keine neue Rechtsperson."),
    # Niedersachsen (03)
    ("ni-zweckvereinbarung-mandat", "agreement_mandate", 30,
     "Zweckvereinbarung – Durchführung (Mandat)", "Purpose agreement – mandate",
     "§§ 5–6 NKomZG", "S", "ni1",
     "Die beauftragte Körperschaft führt die Aufgabe nur durch; das Vergaberecht "
     "ist zu beachten (§ 2 NKomZG)."),
    ("ni-zweckvereinbarung-delegation", "agreement_delegation", 40,
     "Zweckvereinbarung – Übertragung (Delegation)",
     "Purpose agreement – delegation", "§§ 5–6 NKomZG", "S", "ni1",
     "Mit der Aufgabe kann auch die Befugnis zu Satzungen und Verordnungen "
     "übergehen (§ 2 Abs. 3 NKomZG)."),
    ("ni-zweckverband", "special_purpose_union", 50,
     "Zweckverband", "Special-purpose association", "§§ 7–18 NKomZG", "S",
     "ni1 ni5",
     "Er wird durch öffentlich-rechtlichen Vertrag errichtet; seine "
     "Verbandsordnung gilt als Satzung (§ 9 NKomZG)."),
    ("ni-gka", "joint_institution", 60,
     "Gemeinsame kommunale Anstalt", "Joint municipal institution",
     "§§ 3–4 NKomZG", "S", "ni1 ni2",
     "Sie muss spätestens sechs Wochen vor dem Wirksamwerden angezeigt werden "
     "(§ 4 NKomZG)."),
    ("ni-samtgemeinde", "administrative_union", 70,
     "Samtgemeinde", "Joint municipality (Samtgemeinde)", "§§ 97 ff. NKomVG", "G",
     "ni1",
     "Mitgliedsgemeinden bilden eine Samtgemeinde, die Aufgaben für sie erfüllt. "
     "Dient eine Zusammenarbeit nur den eigenen Aufgaben aller Mitgliedsgemeinden, "
     "geht die Samtgemeinde vor."),
    # Nordrhein-Westfalen (05)
    ("nw-arbeitsgemeinschaft", "working_group", 20,
     "Kommunale Arbeitsgemeinschaft", "Municipal working group", "§§ 2–3 GkG NRW",
     "S", "nw1 nw2",
     "Das GkG NRW regelt sie in den §§ 2 und 3."),
    ("nw-oerv-mandat", "agreement_mandate", 30,
     "Öffentlich-rechtliche Vereinbarung – Durchführung (Mandat)",
     "Public-law agreement – mandate", "§§ 23–26 GkG NRW", "S", "nw5",
     "In Nordrhein-Westfalen muss jede Vereinbarung genehmigt werden; die "
     "Genehmigung gilt nach vier Wochen als erteilt (§ 24 GkG NRW)."),
    ("nw-oerv-delegation", "agreement_delegation", 40,
     "Öffentlich-rechtliche Vereinbarung – Übertragung (Delegation)",
     "Public-law agreement – delegation", "§§ 23–26 GkG NRW", "S", "nw5",
     "Die Vereinbarung muss genehmigt werden; die Genehmigung gilt nach vier "
     "Wochen als erteilt (§ 24 GkG NRW)."),
    ("nw-zweckverband", "special_purpose_union", 50,
     "Zweckverband", "Special-purpose association", "§§ 4–22a GkG NRW", "S",
     "nw3 nw4",
     "Die Genehmigung gilt nach vier Wochen als erteilt, wenn die Aufsicht nicht "
     "widerspricht (§ 10 GkG NRW)."),
    ("nw-gka", "joint_institution", 60,
     "Gemeinsames Kommunalunternehmen", "Joint municipal enterprise",
     "§§ 27–28 GkG NRW", "S", "nw6",
     "Für die Anstalt in gemeinsamer Trägerschaft gelten auch § 114a GO NRW und "
     "die Kommunalunternehmensverordnung."),
    # Rheinland-Pfalz (07)
    ("rp-arbeitsgemeinschaft", "working_group", 20,
     "Kommunale Arbeitsgemeinschaft", "Municipal working group", "§ 14 KomZG", "S",
     "rp5",
     "Die Kommunen zeigen die Vereinbarung ihrer Aufsichtsbehörde an "
     "(§ 14 Abs. 4 KomZG)."),
    ("rp-zweckvereinbarung-mandat", "agreement_mandate", 30,
     "Zweckvereinbarung – Durchführung (Mandat)", "Purpose agreement – mandate",
     "§§ 12–13 KomZG", "S", "rp4",
     "Abschluss und Änderung bedürfen der Genehmigung der untersten gemeinsamen "
     "Aufsichtsbehörde (§ 12 KomZG)."),
    ("rp-zweckvereinbarung-delegation", "agreement_delegation", 40,
     "Zweckvereinbarung – Übertragung (Delegation)",
     "Purpose agreement – delegation", "§§ 12–13 KomZG", "S", "rp4",
     "Abschluss und Änderung bedürfen der Genehmigung der untersten gemeinsamen "
     "Aufsichtsbehörde (§ 12 KomZG)."),
    ("rp-zweckverband", "special_purpose_union", 50,
     "Zweckverband (Frei- oder Pflichtverband)", "Special-purpose association",
     "§§ 2–11 KomZG", "S", "rp1 rp2 rp3",
     "Die Errichtungsbehörde (Kreisverwaltung oder ADD) errichtet ihn auf Antrag "
     "mit dem vereinbarten Entwurf der Verbandsordnung (§§ 4–5 KomZG)."),
    ("rp-gka", "joint_institution", 60,
     "Gemeinsame kommunale Anstalt", "Joint municipal institution",
     "§§ 14a–14b KomZG", "S(t)", "rp6",
     "Das KomZG regelt sie in den §§ 14a und 14b; die Genehmigung ist nicht "
     "gelesen."),
    ("rp-verbandsgemeinde", "administrative_union", 70,
     "Verbandsgemeinde", "Association municipality (Verbandsgemeinde)",
     "§§ 64 ff. GemO", "G", "rp1",
     "Ortsgemeinden gehören einer Verbandsgemeinde an, die Verwaltungsaufgaben für "
     "sie erfüllt. Gebildet wird sie durch Gesetz."),
    # Saarland (10)
    ("sl-arbeitsgemeinschaft", "working_group", 20,
     "Arbeitsgemeinschaft", "Working group", "§ 21 KGG", "S(t)", "sl1",
     "Das saarländische KGG regelt sie in § 21."),
    ("sl-oerv-mandat", "agreement_mandate", 30,
     "Öffentlich-rechtliche Vereinbarung – Durchführung (Mandat)",
     "Public-law agreement – mandate", "§ 18 Abs. 1 Satz 3 KGG", "S", "sl3",
     "Die Vereinbarung muss nur angezeigt werden (§ 18 KGG)."),
    ("sl-oerv-delegation", "agreement_delegation", 40,
     "Öffentlich-rechtliche Vereinbarung – Übernahme in die Zuständigkeit "
     "(Delegation)", "Public-law agreement – delegation", "§§ 17–20 KGG", "S", "sl3",
     "Die schriftliche Vereinbarung bedarf der Genehmigung und wird am Tag nach der "
     "Bekanntmachung wirksam (§ 18 KGG)."),
    ("sl-zweckverband", "special_purpose_union", 50,
     "Zweckverband (Frei- oder Pflichtverband)", "Special-purpose association",
     "§§ 2–16 KGG", "S", "sl1 sl2",
     "Die Verbandssatzung bedarf der Genehmigung der Aufsichtsbehörde (§ 7 KGG)."),
    # Sachsen (14)
    ("sn-arbeitsgemeinschaft", "working_group", 20,
     "Kommunale Arbeitsgemeinschaft", "Municipal working group",
     "SächsKomZG (Paragraf nicht ermittelt)", "G", "sn3",
     "Die Landesdirektion nennt sie unter den Formen des SächsKomZG; der Paragraf "
     "ist nicht gelesen."),
    ("sn-zweckvereinbarung-mandat", "agreement_mandate", 30,
     "Zweckvereinbarung – Durchführung (Mandat)", "Purpose agreement – mandate",
     "§§ 71 ff. SächsKomZG", "S", "sn5",
     "Zweckvereinbarungen sind in Sachsen genehmigungspflichtig (§ 71 SächsKomZG)."),
    ("sn-zweckvereinbarung-delegation", "agreement_delegation", 40,
     "Zweckvereinbarung – Übertragung (Delegation)",
     "Purpose agreement – delegation", "§§ 71 ff. SächsKomZG", "S", "sn5",
     "Zweckvereinbarungen sind in Sachsen genehmigungspflichtig (§ 71 SächsKomZG)."),
    ("sn-zweckverband", "special_purpose_union", 50,
     "Zweckverband", "Special-purpose association", "§§ 44 ff. SächsKomZG", "S",
     "sn3 sn4",
     "Die Verbandssatzung bedarf der Genehmigung."),
    ("sn-verwaltungsverband", "administrative_union", 70,
     "Verwaltungsverband", "Administrative association", "§§ 3–35 SächsKomZG",
     "S(t)", "sn1 sn3",
     "Gemeinden bilden eine Körperschaft, die Verwaltungsaufgaben für sie erfüllt. "
     "Seit dem 17.11.2012 dürfen keine neuen gebildet oder bestehende erweitert "
     "werden."),
    ("sn-verwaltungsgemeinschaft", "administrative_union", 71,
     "Verwaltungsgemeinschaft (erfüllende Gemeinde)",
     "Administrative community (host municipality)", "§§ 36 ff. SächsKomZG", "S",
     "sn1 sn2",
     "Eine erfüllende Gemeinde nimmt auf Grund einer Gemeinschaftsvereinbarung "
     "Aufgaben für die anderen wahr. Seit dem 17.11.2012 dürfen keine neuen "
     "gebildet oder bestehende erweitert werden."),
    # Sachsen-Anhalt (15)
    ("st-arbeitsgemeinschaft", "working_group", 20,
     "Arbeitsgemeinschaft", "Working group", "§ 2 GKG-LSA", "S", "st1 st2",
     "Das GKG-LSA nennt sie in § 2; eine Genehmigung ist nach der älteren Fassung "
     "nicht vorgesehen."),
    ("st-zweckvereinbarung-mandat", "agreement_mandate", 30,
     "Mandatierende Zweckvereinbarung", "Purpose agreement – mandate",
     "§§ 3–5 GKG-LSA", "S", "st1 st3",
     "Eine Genehmigung braucht sie nur bei bestimmten Aufgaben; innerhalb einer "
     "Verbandsgemeinde ist sie nicht zulässig (§ 3 GKG-LSA, ältere Fassung)."),
    ("st-zweckvereinbarung-delegation", "agreement_delegation", 40,
     "Delegierende Zweckvereinbarung", "Purpose agreement – delegation",
     "§§ 3–5 GKG-LSA", "S", "st1 st3",
     "Eine Genehmigung braucht sie nur bei bestimmten Aufgaben; innerhalb einer "
     "Verbandsgemeinde ist sie nicht zulässig (§ 3 GKG-LSA, ältere Fassung)."),
    ("st-zweckverband", "special_purpose_union", 50,
     "Zweckverband", "Special-purpose association", "§§ 6–17 GKG-LSA", "S",
     "st4 st5",
     "Die Verbandssatzung bedarf der Genehmigung der Kommunalaufsicht; der Verband "
     "entsteht am Tag nach der Bekanntmachung (§ 8 GKG-LSA)."),
    ("st-verbandsgemeinde", "administrative_union", 70,
     "Verbandsgemeinde", "Association municipality (Verbandsgemeinde)",
     "§§ 88 ff. KVG LSA", "S", "st6",
     "Drei bis acht Mitgliedsgemeinden bilden eine Gebietskörperschaft, die "
     "Aufgaben für sie erfüllt. Sie hat die früheren Verwaltungsgemeinschaften "
     "abgelöst."),
    # Schleswig-Holstein (01)
    ("sh-oerv-mandat", "agreement_mandate", 30,
     "Öffentlich-rechtliche Vereinbarung – Durchführung (Mandat)",
     "Public-law agreement – mandate", "§§ 18–19 GkZ", "G", "sh3",
     "Ob das GkZ die bloße Durchführung eigens regelt und ob die Vereinbarung "
     "genehmigt werden muss, ist nicht gelesen."),
    ("sh-oerv-delegation", "agreement_delegation", 40,
     "Öffentlich-rechtliche Vereinbarung – Übertragung (Delegation)",
     "Public-law agreement – delegation", "§§ 18–19 GkZ", "S", "sh3",
     "Aufgabe und Pflicht gehen auf die übernehmende Körperschaft über "
     "(§ 18 GkZ); die Genehmigung ist nicht gelesen."),
    ("sh-zweckverband", "special_purpose_union", 50,
     "Zweckverband", "Special-purpose association", "§§ 2–17b GkZ", "S", "sh1 sh2",
     "Die Verbandssatzung bedarf der Genehmigung der Kommunalaufsicht (§ 5 GkZ)."),
    ("sh-gku", "joint_institution", 60,
     "Gemeinsames Kommunalunternehmen", "Joint municipal enterprise",
     "§§ 19b–19d GkZ", "S(t)", "sh1",
     "Das GkZ regelt das Unternehmen in den §§ 19b bis 19d; Genehmigung und "
     "Personal sind nicht gelesen."),
    ("sh-amt", "administrative_union", 70,
     "Amt", "Amt (joint administration of municipalities)", "Amtsordnung (AO)", "G",
     "sh1",
     "Amtsangehörige Gemeinden lassen ihre Verwaltung von einem Amt führen, einer "
     "Körperschaft des öffentlichen Rechts, die sich über die Amtsumlage "
     "finanziert."),
    ("sh-verwaltungsgemeinschaft", "administrative_union", 71,
     "Verwaltungsgemeinschaft / Mitbenutzung von Einrichtungen",
     "Administrative community / shared use of facilities", "§ 19a GkZ", "S(t)",
     "sh1 sh4",
     "Ein Partner nutzt durch öffentlich-rechtlichen Vertrag die Verwaltung oder "
     "die Einrichtungen des anderen. Es entsteht keine neue Rechtsperson."),
    # Thüringen (16)
    ("th-einfache-ag", "working_group", 20,
     "Einfache Arbeitsgemeinschaft", "Simple working group", "§ 4 ThürKGG", "S(t)",
     "th1",
     "Das ThürKGG regelt sie in § 4."),
    ("th-besondere-ag", "working_group", 21,
     "Besondere Arbeitsgemeinschaft", "Special working group", "§§ 5–6 ThürKGG",
     "S(t)", "th1",
     "Ob ihre Beschlüsse die Mitglieder binden, wie in anderen Ländern, ist nicht "
     "gelesen."),
    ("th-zweckvereinbarung-mandat", "agreement_mandate", 30,
     "Zweckvereinbarung – gemeinschaftliche Durchführung (Mandat)",
     "Purpose agreement – mandate", "§§ 7–15 ThürKGG", "S", "th2 th3",
     "Das ThürKGG unterscheidet anzeige- und genehmigungspflichtige "
     "Zweckvereinbarungen (§ 11)."),
    ("th-zweckvereinbarung-delegation", "agreement_delegation", 40,
     "Zweckvereinbarung – Übertragung (Delegation)",
     "Purpose agreement – delegation", "§§ 7–15 ThürKGG", "S", "th2 th3",
     "Das ThürKGG unterscheidet anzeige- und genehmigungspflichtige "
     "Zweckvereinbarungen (§ 11)."),
    ("th-zweckverband", "special_purpose_union", 50,
     "Zweckverband", "Special-purpose association", "§§ 16 ff. ThürKGG", "S",
     "th1 th4",
     "Er entsteht mit der Bekanntmachung von Verbandssatzung und Genehmigung "
     "(§§ 18–19 ThürKGG)."),
    ("th-verwaltungsgemeinschaft", "administrative_union", 70,
     "Verwaltungsgemeinschaft", "Administrative community", "§§ 46 ff. ThürKO", "S",
     "th5",
     "Gemeinden bilden eine Körperschaft des öffentlichen Rechts, die ihre "
     "Verwaltung führt; sie wird durch Gesetz gebildet. Gemeinden unter 3.000 "
     "Einwohnern müssen einer Verwaltungsgemeinschaft angehören oder einer "
     "erfüllenden Gemeinde zugeordnet sein."),
    ("th-erfuellende-gemeinde", "administrative_union", 71,
     "Erfüllende Gemeinde", "Host municipality (erfüllende Gemeinde)",
     "§ 51 ThürKO", "S", "th5",
     "Eine Gemeinde nimmt die Aufgaben einer Verwaltungsgemeinschaft für eine "
     "Nachbargemeinde wahr. Es entsteht keine neue Rechtsperson."),
]  # fmt: skip

# Each Land's private-law form: law, certainty, source keys, Land's sentence.
PRIVATE_FORMS = {
    "bw": ("Gemeindeordnung (wirtschaftliche Betätigung)", "G", "leitfaden",
           "Ob das GKZ sie ausdrücklich offenlässt, ist nicht gelesen; für die "
           "Beteiligung gilt die Gemeindeordnung."),
    "by": ("Gemeindeordnung (wirtschaftliche Betätigung)", "G", "leitfaden",
           "Ob das KommZG sie ausdrücklich offenlässt, ist nicht gelesen; für die "
           "Beteiligung gilt die Gemeindeordnung."),
    "bb": ("§ 2 Abs. 2 GKGBbg", "S", "bb1",
           "Das GKGBbg lässt privatrechtliche Formen unberührt (§ 2 Abs. 2)."),
    "mv": ("§ 77 KV M-V", "G", "mv5",
           "Die Beteiligung an einem Unternehmen ist der Aufsicht anzuzeigen "
           "(§ 77 KV M-V)."),
    "ni": ("§ 1 Abs. 2 NKomZG", "S", "ni1",
           "Das NKomZG lässt privatrechtliche Formen unberührt (§ 1 Abs. 2)."),
    "nw": ("§ 1 Abs. 3 GkG NRW", "S", "nw1",
           "Das GkG NRW lässt privatrechtliche Formen unberührt (§ 1 Abs. 3)."),
    "rp": ("§ 1 Abs. 2 KomZG", "S", "rp1",
           "Das KomZG lässt privatrechtliche Formen unberührt (§ 1 Abs. 2)."),
    "sl": ("§ 1 Abs. 2 KGG; §§ 108, 110 ff. KSVG", "S", "sl1 sl4",
           "Das KGG lässt privatrechtliche Formen unberührt; für Unternehmen gelten "
           "die §§ 108 und 110 ff. KSVG."),
    "sn": ("Gemeindeordnung (wirtschaftliche Betätigung)", "G", "leitfaden",
           "Ob das SächsKomZG sie ausdrücklich offenlässt, ist nicht gelesen; für die "
           "Beteiligung gilt die Gemeindeordnung."),
    "st": ("§ 2 Abs. 2 und 3 GKG-LSA", "S", "st1",
           "Das GKG-LSA lässt privatrechtliche Formen unberührt (§ 2)."),
    "sh": ("Gemeindeordnung (wirtschaftliche Betätigung)", "G", "leitfaden",
           "Ob das GkZ sie ausdrücklich offenlässt, ist nicht gelesen; für die "
           "Beteiligung gilt die Gemeindeordnung."),
    "th": ("Gemeindeordnung (wirtschaftliche Betätigung)", "G", "leitfaden",
           "Ob das ThürKGG sie ausdrücklich offenlässt, ist nicht gelesen; für "
           "die Beteiligung gilt die ThürKO."),
}  # fmt: skip

# What a Land's section gives: code -> criterion -> (value, certainty, law, sources).
FACTS = {
    "bw-oerv-mandat": {
        "legal_person": ("nein", "S(t)", "§§ 25–27a GKZ", "bw1"),
        "approval": ("Genehmigung der Rechtsaufsicht erwartet; § 25 GKZ nicht im "
                     "Wortlaut gelesen", "G", "§ 25 GKZ", "bw1"),
    },
    "bw-oerv-delegation": {
        "legal_person": ("nein", "S(t)", "§§ 25–27a GKZ", "bw1"),
        "approval": ("Genehmigung der Rechtsaufsicht erwartet; § 25 GKZ nicht im "
                     "Wortlaut gelesen", "G", "§ 25 GKZ", "bw1"),
        "fees": ("die übernehmende Kommune kann ihre Satzungen auf das Gebiet der "
                 "anderen erstrecken", "S(t)", "§ 26 GKZ", "bw1"),
    },
    "bw-zweckverband": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts", "S", "§ 3 GKZ",
                         "bw1"),
        "approval": ("die Verbandssatzung bedarf der Genehmigung der "
                     "Rechtsaufsichtsbehörde", "S", "§ 7 Abs. 1 GKZ", "bw2"),
        "own_staff": ("ja; der Verband kann Beamte haben", "S(t)", "§ 17 GKZ", "bw1"),
        "fees": ("eigene Satzungen; Gebühren nach dem Kommunalabgabengesetz", "G",
                 "§ 5 GKZ", "bw1"),
    },
    "bw-kommunalanstalt": {
        "legal_person": ("ja, Anstalt des öffentlichen Rechts", "S(t)",
                         "§§ 24a–24b GKZ", "bw1"),
        "approval": ("nicht gelesen; Genehmigung oder Anzeige mit der "
                     "Rechtsaufsicht klären", "G", "§§ 24a–24b GKZ", "bw1"),
    },
    "bw-gvv": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts wie ein "
                         "Zweckverband", "G", "§§ 59–62 GemO", "bw3 bw4"),
        "binding": ("sehr hoch; eine Gemeinde kann nur einer "
                    "Verwaltungsgemeinschaft angehören", "S", "§ 59 GemO", "bw3"),
        "approval": ("wie beim Zweckverband: Genehmigung der Verbandssatzung", "G",
                     "§ 60 GemO; § 7 GKZ", "bw3"),
    },
    "bw-vereinbarte-vg": {
        "legal_person": ("nein; öffentlich-rechtliche Vereinbarung mit einer "
                         "erfüllenden Gemeinde", "S", "§ 59 GemO", "bw3"),
        "binding": ("hoch; eine Gemeinde kann nur einer Verwaltungsgemeinschaft "
                    "angehören", "S", "§ 59 GemO", "bw3"),
        "own_staff": ("nein; Personal der erfüllenden Gemeinde", "G", "", "bw4"),
        "fees": ("noch ungeklärt", "G", "§ 59 GemO", "bw4"),
        "approval": ("noch ungeklärt", "G", "§ 59 GemO", "bw4"),
        "liability": ("die erfüllende Gemeinde für die Aufgaben, die sie "
                      "wahrnimmt", "G", "", "bw4"),
    },
    "by-arbeitsgemeinschaft": {
        "legal_person": ("nein", "S", "Art. 2 Abs. 2 KommZG", "by1"),
        "approval": ("schriftliche Vereinbarung; ob eine Anzeige nötig ist, ist "
                     "nicht gelesen", "G", "Art. 4–6 KommZG", "by2"),
    },
    "by-zweckvereinbarung-mandat": {
        "legal_person": ("nein", "S", "Art. 2 Abs. 2 KommZG", "by1"),
        "approval": ("Anzeige, wenn Aufgaben nur gemeinsam erfüllt oder übertragen "
                     "werden; im übertragenen Wirkungskreis entscheidet die Aufsicht "
                     "nach Anhörung der Fachaufsicht", "S", "Art. 12 KommZG", "by4"),
    },
    "by-zweckvereinbarung-delegation": {
        "legal_person": ("nein", "S", "Art. 2 Abs. 2 KommZG", "by1"),
        "approval": ("Genehmigung, wenn eine Kommune auch Befugnisse (Satzungs- "
                     "oder Verordnungsrecht) erhält; sonst Anzeige", "S",
                     "Art. 12 KommZG", "by4"),
        "fees": ("die übernehmende Kommune kann Satzungen und Gebühren für das "
                 "ganze Gebiet erlassen, wenn ihr das Recht übertragen wird", "S",
                 "Art. 11 KommZG", "by3"),
    },
    "by-zweckverband": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts", "S",
                         "Art. 2 Abs. 3 KommZG", "by1"),
        "approval": ("Genehmigung der Aufsichtsbehörde; Satzung und Genehmigung "
                     "werden im Amtsblatt bekanntgemacht, der Verband entsteht "
                     "frühestens am Tag danach", "S", "Art. 17–48 KommZG", "by5"),
    },
    "by-gku": {
        "legal_person": ("ja, Anstalt des öffentlichen Rechts mehrerer kommunaler "
                         "Träger", "S", "Art. 2 Abs. 4 KommZG", "by1"),
        "approval": ("Unternehmenssatzung durch Vereinbarung; vermutlich nur "
                     "Anzeige", "G", "Art. 49–50 KommZG", "by6"),
    },
    "by-vgem": {
        "approval": ("Bildung durch Gesetz oder Rechtsverordnung", "G", "VGemO",
                     "by2"),
    },
    "bb-arbeitsgemeinschaft": {
        "approval": ("§ 41 GKGBbg regelt Anzeige- und Genehmigungspflichten; "
                     "Wortlaut nicht gelesen", "G", "§ 41 GKGBbg", "bb3"),
    },
    "bb-oerv-mandat": {
        "legal_person": ("nein", "S(t)", "§§ 5–9 GKGBbg", "bb1"),
        "approval": ("§ 41 GKGBbg nicht gelesen; seit 2014 weniger "
                     "Genehmigungspflichten, allgemein eine Anzeigepflicht", "G",
                     "§ 41 GKGBbg", "bb2 bb3"),
    },
    "bb-oerv-delegation": {
        "legal_person": ("nein", "S(t)", "§§ 5–9 GKGBbg", "bb1"),
        "approval": ("§ 41 GKGBbg nicht gelesen; seit 2014 weniger "
                     "Genehmigungspflichten, allgemein eine Anzeigepflicht", "G",
                     "§ 41 GKGBbg", "bb2 bb3"),
    },
    "bb-zweckverband": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts", "G",
                         "§ 10 GKGBbg", "bb1"),
        "own_staff": ("ja; hauptamtliche Verbandsleitung möglich", "G",
                      "§ 23 GKGBbg", "bb1"),
        "approval": ("§ 41 GKGBbg nicht gelesen; die Satzung wird bekanntgemacht, "
                     "der Verband entsteht mit der Bekanntmachung", "G",
                     "§§ 14, 41 GKGBbg", "bb1 bb3"),
    },
    "bb-gka": {
        "legal_person": ("ja, Anstalt des öffentlichen Rechts", "S",
                         "§ 2 Abs. 1 Nr. 4 GKGBbg", "bb1"),
        "approval": ("§ 41 GKGBbg nicht gelesen", "G", "§ 41 GKGBbg", "bb3"),
    },
    "bb-amt": {
        "own_staff": ("ja, eigene Verwaltung", "G", "§ 134 BbgKVerf", "bb4"),
        "liability": ("Amtsumlage der amtsangehörigen Gemeinden", "G",
                      "§ 139 BbgKVerf", "bb4"),
        "approval": ("Bildung durch Gesetz", "G", "", "bb4"),
    },
    "bb-verbandsgemeinde": {
        "legal_person": ("ähnlich einer Gebietskörperschaft", "G", "", "bb5"),
        "approval": ("nach dem Verbandsgemeinde- und Mitverwaltungsgesetz; nicht "
                     "gelesen", "G", "", "bb5 bb6"),
    },
    "bb-mitverwaltung": {
        "legal_person": ("nein; eine Gemeinde verwaltet die anderen mit", "G", "",
                         "bb5"),
        "own_staff": ("Personal der mitverwaltenden Gemeinde", "G", "", "bb5"),
        "approval": ("nach dem Verbandsgemeinde- und Mitverwaltungsgesetz; nicht "
                     "gelesen", "G", "", "bb5 bb6"),
    },
    "bb-privatrechtlich": {
        "approval": ("Genehmigung der Kommunalaufsicht (berichtet, nicht gelesen)",
                     "G", "", "bb1"),
    },
    "mv-oerv-mandat": {
        "legal_person": ("nein", "S(t)", "§ 165 KV M-V", "mv3"),
        "approval": ("nicht gelesen; in anderen Ländern genügt meist eine Anzeige",
                     "G", "§ 165 KV M-V", "mv3"),
    },
    "mv-oerv-delegation": {
        "legal_person": ("nein", "S(t)", "§ 165 KV M-V", "mv3"),
        "approval": ("nicht gelesen; bei Übertragung einer Aufgabe vermutlich "
                     "Genehmigung der Rechtsaufsicht", "G", "§ 165 KV M-V", "mv3"),
    },
    "mv-zweckverband": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts", "S",
                         "§§ 150 ff. KV M-V", "mv1"),
        "fees": ("das Satzungsrecht geht mit der Aufgabe auf den Verband über", "S",
                 "§ 151 Abs. 2 KV M-V", "mv1"),
        "approval": ("Genehmigung des Errichtungsvertrags durch die Rechtsaufsicht; "
                     "die Verbandssatzung wird nur angezeigt und tritt nach zwei "
                     "Monaten ohne Beanstandung in Kraft", "S",
                     "§ 152 Abs. 1 und 4 KV M-V", "mv1"),
    },
    "mv-gku": {
        "legal_person": ("ja, Anstalt des öffentlichen Rechts", "S",
                         "§§ 167a–167c KV M-V", "mv5"),
        "approval": ("Errichtung durch öffentlich-rechtlichen Vertrag; nur Anzeige",
                     "S", "§ 167c KV M-V", "mv5"),
    },
    "mv-amt": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts", "S",
                         "§§ 125 ff. KV M-V", "mv6"),
        "own_staff": ("eigene Verwaltung oder die einer geschäftsführenden "
                      "Gemeinde (Vertrag mit Genehmigung der Rechtsaufsicht)", "S",
                      "§ 126 KV M-V", "mv6"),
        "liability": ("Amtsumlage der amtsangehörigen Gemeinden", "G", "", "mv6"),
        "approval": ("Bildung durch Gesetz oder Rechtsverordnung", "G", "", "mv6"),
    },
    "mv-verwaltungsgemeinschaft": {
        "legal_person": ("nein; ein Beteiligter nimmt die Verwaltung eines anderen "
                         "in Anspruch, die Aufgabe bleibt bei ihm", "S",
                         "§ 167 KV M-V", "mv4"),
        "own_staff": ("Personal der verwaltenden Kommune; der Vertrag kann "
                      "Mitwirkung bei der Bestellung von Dienstkräften vorsehen",
                      "S", "§ 167 Abs. 3 KV M-V", "mv4"),
        "fees": ("nein; die Aufgabe und ihre Gebühren bleiben beim Beteiligten", "G",
                 "§ 167 KV M-V", "mv4"),
        "approval": ("nicht gelesen", "G", "§ 167 KV M-V", "mv4"),
    },
    "mv-privatrechtlich": {
        "approval": ("Anzeige; wirksam, wenn die Aufsicht nicht binnen zwei Monaten "
                     "beanstandet", "S", "§ 77 KV M-V", "mv5"),
    },
    "ni-zweckvereinbarung-mandat": {
        "binding": ("die beauftragte Körperschaft führt die Aufgabe nur durch; die "
                    "Verantwortung bleibt; Vergaberecht beachten", "S(old)",
                    "§ 2 NKomZG", "ni1"),
        "approval": ("bei freiwilligen Aufgaben Anzeige, bei Pflichtaufgaben "
                     "Genehmigung (Begründung 2004; heutiger Wortlaut nicht "
                     "gelesen)", "G", "§ 5 NKomZG", "ni4"),
    },
    "ni-zweckvereinbarung-delegation": {
        "fees": ("die übernehmende Körperschaft, wenn die Satzungs- oder "
                 "Verordnungsbefugnis übertragen wird", "S(old)",
                 "§ 2 Abs. 3 NKomZG", "ni1"),
        "approval": ("bei freiwilligen Aufgaben Anzeige, bei Pflichtaufgaben "
                     "Genehmigung (Begründung 2004; heutiger Wortlaut nicht "
                     "gelesen)", "G", "§ 5 NKomZG", "ni4"),
    },
    "ni-zweckverband": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts", "G",
                         "§ 8 NKomZG", "ni5"),
        "fees": ("die Verbandsordnung gilt als Satzung; die Mitglieder zahlen eine "
                 "Umlage", "S", "§ 9 NKomZG", "ni5"),
        "approval": ("Errichtung durch öffentlich-rechtlichen Vertrag; ob eine "
                     "Genehmigung nötig ist, ist nicht gelesen", "G", "§ 9 NKomZG",
                     "ni5"),
    },
    "ni-gka": {
        "legal_person": ("ja, rechtsfähige Anstalt des öffentlichen Rechts", "S",
                         "§ 3 NKomZG", "ni1"),
        "approval": ("Anzeige spätestens sechs Wochen vor dem Wirksamwerden "
                     "(früher Genehmigung)", "S", "§ 4 Abs. 1 NKomZG", "ni2 ni3"),
    },
    "ni-samtgemeinde": {
        "legal_person": ("ja, Gemeindeverband", "G", "§§ 97 ff. NKomVG", "ni1"),
        "approval": ("durch Gesetz oder Vereinbarung", "G", "", "ni1"),
    },
    "nw-arbeitsgemeinschaft": {
        "legal_person": ("nein", "G", "§ 2 GkG NRW", "nw2"),
        "approval": ("keine Genehmigung gefunden", "G", "§§ 2–3 GkG NRW", "nw2"),
    },
    "nw-oerv-mandat": {
        "legal_person": ("nein", "S", "§§ 23–26 GkG NRW", "nw5"),
        "approval": ("Genehmigung der Aufsichtsbehörde für jede Vereinbarung; gilt "
                     "nach vier Wochen als erteilt; Kündigung und Aufhebung nur "
                     "Anzeige", "S", "§ 24 GkG NRW", "nw5"),
    },
    "nw-oerv-delegation": {
        "legal_person": ("nein", "S", "§§ 23–26 GkG NRW", "nw5"),
        "approval": ("Genehmigung der Aufsichtsbehörde für jede Vereinbarung; gilt "
                     "nach vier Wochen als erteilt; Kündigung und Aufhebung nur "
                     "Anzeige", "S", "§ 24 GkG NRW", "nw5"),
        "fees": ("die übernehmende Kommune kann für das ganze Gebiet Satzungen "
                 "erlassen", "S(t)", "§ 25 GkG NRW", "nw5"),
    },
    "nw-zweckverband": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts", "G",
                         "§ 5 GkG NRW", "nw3"),
        "approval": ("Genehmigung der Aufsichtsbehörde; gilt nach vier Wochen als "
                     "erteilt, wenn die Aufsicht nicht widerspricht", "S",
                     "§ 10 Abs. 1 GkG NRW", "nw4"),
        "own_staff": ("ja; ehrenamtliche und hauptberufliche Tätigkeit", "G",
                      "§ 17 GkG NRW", "nw3"),
    },
    "nw-gka": {
        "legal_person": ("ja, Anstalt des öffentlichen Rechts in gemeinsamer "
                         "Trägerschaft", "S", "§ 27 Abs. 1 GkG NRW", "nw6"),
        "approval": ("übereinstimmende Beschlüsse der Träger; Beteiligung der "
                     "Aufsicht nicht gelesen (vermutlich Anzeige)", "G",
                     "§ 27 Abs. 4 GkG NRW", "nw6"),
    },
    "rp-arbeitsgemeinschaft": {
        "legal_person": ("nein, nicht rechtsfähig", "S", "§ 14 Abs. 1 KomZG", "rp5"),
        "approval": ("schriftliche Vereinbarung; Anzeige an die Aufsichtsbehörde",
                     "S", "§ 14 Abs. 4 KomZG", "rp5"),
    },
    "rp-zweckvereinbarung-mandat": {
        "approval": ("Genehmigung der untersten gemeinsamen Aufsichtsbehörde für "
                     "Abschluss und Änderung; Aufhebung nur Anzeige", "S",
                     "§ 12 Abs. 2 KomZG", "rp4"),
    },
    "rp-zweckvereinbarung-delegation": {
        "approval": ("Genehmigung der untersten gemeinsamen Aufsichtsbehörde für "
                     "Abschluss und Änderung; Aufhebung nur Anzeige", "S",
                     "§ 12 Abs. 2 KomZG", "rp4"),
    },
    "rp-zweckverband": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts mit "
                         "Selbstverwaltung", "S", "§ 2 Abs. 1 KomZG", "rp1"),
        "own_staff": ("ja; der Verband ist berechtigt, Beamte zu haben", "S",
                      "§ 2 Abs. 1 KomZG", "rp1"),
        "approval": ("Errichtung durch die Errichtungsbehörde (Kreisverwaltung, bei "
                     "Beteiligten mehrerer Landkreise die ADD) auf Antrag mit dem "
                     "vereinbarten Entwurf der Verbandsordnung", "S",
                     "§§ 4–5 KomZG", "rp2 rp3"),
    },
    "rp-gka": {
        "legal_person": ("ja, Anstalt des öffentlichen Rechts", "S(t)",
                         "§§ 14a–14b KomZG", "rp6"),
        "approval": ("nicht gelesen", "G", "§§ 14a–14b KomZG", "rp6"),
    },
    "rp-verbandsgemeinde": {
        "legal_person": ("ja, Gebietskörperschaft", "G", "§§ 64 ff. GemO", "rp1"),
        "approval": ("Bildung durch Gesetz", "G", "", "rp1"),
    },
    "sl-arbeitsgemeinschaft": {
        "legal_person": ("nein", "G", "§ 21 KGG", "sl1"),
    },
    "sl-oerv-mandat": {
        "legal_person": ("nein", "S", "§ 18 KGG", "sl3"),
        "approval": ("Anzeige", "S", "§ 18 Abs. 1 Satz 3 KGG", "sl3"),
    },
    "sl-oerv-delegation": {
        "legal_person": ("nein", "S", "§ 18 KGG", "sl3"),
        "approval": ("Genehmigung der Aufsichtsbehörde; schriftlich (nicht "
                     "elektronisch), bekanntgemacht, wirksam am Tag nach der "
                     "Bekanntmachung", "S", "§ 18 KGG", "sl3"),
    },
    "sl-zweckverband": {
        "approval": ("Genehmigung der Aufsichtsbehörde; bei "
                     "Auftragsangelegenheiten vorher Zustimmung des "
                     "Fachministeriums", "S", "§ 7 Abs. 1 KGG", "sl2"),
    },
    "sl-privatrechtlich": {
        "approval": ("nach dem KSVG (wirtschaftliche Betätigung); Anzeige oder "
                     "Genehmigung mit der Aufsicht klären", "G",
                     "§§ 108, 110 ff. KSVG", "sl4"),
    },
    "sn-zweckvereinbarung-mandat": {
        "approval": ("Genehmigung; durch die Landesdirektion, wenn ein Landkreis "
                     "oder Gemeinden mehrerer Landkreise beteiligt sind", "S",
                     "§§ 71, 74 SächsKomZG", "sn5"),
    },
    "sn-zweckvereinbarung-delegation": {
        "approval": ("Genehmigung; durch die Landesdirektion, wenn ein Landkreis "
                     "oder Gemeinden mehrerer Landkreise beteiligt sind", "S",
                     "§§ 71, 74 SächsKomZG", "sn5"),
    },
    "sn-zweckverband": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts", "S",
                         "§§ 44 ff. SächsKomZG", "sn4"),
        "approval": ("Genehmigung", "S", "§§ 44 ff. SächsKomZG", "sn3"),
    },
    "sn-verwaltungsverband": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts", "G",
                         "§ 5 SächsKomZG", "sn1"),
        "own_staff": ("ja, eigene Bedienstete", "S(t)", "§ 23 SächsKomZG", "sn1"),
        "fees": ("eigene Satzungen und Verordnungen", "S(t)", "§ 6 SächsKomZG",
                 "sn1"),
        "approval": ("keine Neubildung oder Erweiterung seit 17.11.2012; für "
                     "bestehende Verbände gilt die Genehmigungspflicht", "S",
                     "§ 2 Abs. 1 Nr. 2, § 12 SächsKomZG", "sn2 sn3"),
    },
    "sn-verwaltungsgemeinschaft": {
        "legal_person": ("nein; Grundlage ist eine Gemeinschaftsvereinbarung", "S",
                         "§§ 36 ff. SächsKomZG", "sn1 sn2"),
        "own_staff": ("Personal der erfüllenden Gemeinde", "S",
                      "§§ 36 ff. SächsKomZG", "sn2"),
        "approval": ("keine Neubildung oder Erweiterung seit 17.11.2012; Änderungen "
                     "bestehender bedürfen der Genehmigung der Rechtsaufsicht", "S",
                     "§ 2 Abs. 1 Nr. 2, § 38 SächsKomZG", "sn2 sn3"),
    },
    "st-arbeitsgemeinschaft": {
        "legal_person": ("nein", "S(old)", "§ 2 GKG-LSA", "st2"),
        "binding": ("Rechte und Pflichten der Mitglieder werden nicht berührt",
                    "S(old)", "§ 2 GKG-LSA", "st2"),
        "approval": ("keine Genehmigung vorgesehen", "S(old)", "§ 2 GKG-LSA", "st2"),
    },
    "st-zweckvereinbarung-mandat": {
        "legal_person": ("nein", "S(old)", "§ 3 GKG-LSA", "st3"),
        "approval": ("Genehmigung der Kommunalaufsicht nur bei gesetzlich "
                     "zugewiesenen Aufgaben oder im übertragenen Wirkungskreis, "
                     "sonst keine; nicht innerhalb einer Verbandsgemeinde",
                     "S(old)", "§ 3 GKG-LSA", "st3"),
    },
    "st-zweckvereinbarung-delegation": {
        "legal_person": ("nein", "S(old)", "§ 3 GKG-LSA", "st3"),
        "approval": ("Genehmigung der Kommunalaufsicht nur bei gesetzlich "
                     "zugewiesenen Aufgaben oder im übertragenen Wirkungskreis, "
                     "sonst keine; nicht innerhalb einer Verbandsgemeinde",
                     "S(old)", "§ 3 GKG-LSA", "st3"),
    },
    "st-zweckverband": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts", "G",
                         "§ 7 GKG-LSA", "st4"),
        "own_staff": ("ja, eigene Bedienstete", "S(t)", "§ 12a GKG-LSA", "st1"),
        "approval": ("Genehmigung der Kommunalaufsicht; der Verband entsteht am Tag "
                     "nach der Bekanntmachung; das Verfahren ist gebührenfrei", "S",
                     "§ 8 Abs. 4 und 5 GKG-LSA", "st4 st5"),
    },
    "st-verbandsgemeinde": {
        "legal_person": ("ja, Gebietskörperschaft mit drei bis acht "
                         "Mitgliedsgemeinden", "S", "§ 89 KVG LSA", "st6"),
        "own_staff": ("ja", "S", "§§ 88 ff. KVG LSA", "st6"),
        "fees": ("ja, für ihre Aufgaben", "S", "§ 90 KVG LSA", "st6"),
        "approval": ("Änderungen der Vereinbarung bedürfen der Genehmigung der "
                     "Kommunalaufsicht", "S", "§§ 88 ff. KVG LSA", "st6"),
    },
    "sh-oerv-mandat": {
        "approval": ("nicht gelesen; Weisungsaufgaben brauchen die Zustimmung von "
                     "Bürgermeister oder Landrat", "G", "§ 18 GkZ", "sh3"),
    },
    "sh-oerv-delegation": {
        "legal_person": ("nein", "S", "§ 18 GkZ", "sh3"),
        "binding": ("Aufgabe und Pflicht gehen auf die übernehmende Körperschaft "
                    "über", "S", "§ 18 Abs. 1 GkZ", "sh3"),
        "fees": ("die übernehmende Körperschaft erhält die Satzungs- und "
                 "Verordnungsbefugnis", "S(t)", "§ 19 GkZ", "sh1"),
        "approval": ("Genehmigung nach § 18 Abs. 5 GkZ nicht gelesen; "
                     "Weisungsaufgaben brauchen die Zustimmung von Bürgermeister "
                     "oder Landrat", "G", "§ 18 GkZ", "sh3"),
    },
    "sh-zweckverband": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts ohne "
                         "Gebietshoheit", "S", "§ 4 GkZ", "sh2"),
        "approval": ("Verbandssatzung mit Genehmigung der Kommunalaufsicht "
                     "(Landrat)", "S", "§ 5 Abs. 3 und 6 GkZ", "sh2"),
        "own_staff": ("ja; ehren- und hauptamtlich", "G", "§ 13 GkZ", "sh1"),
    },
    "sh-gku": {
        "legal_person": ("ja, Anstalt des öffentlichen Rechts", "S(t)", "§ 19b GkZ",
                         "sh1"),
        "own_staff": ("vermutlich ja; das Kommunalunternehmen eines Trägers kann "
                      "Dienstherr sein", "G", "§ 106a GO", "sh5"),
        "approval": ("nicht gelesen", "G", "§§ 19b–19d GkZ", "sh1"),
    },
    "sh-amt": {
        "liability": ("Amtsumlage der amtsangehörigen Gemeinden", "G", "", "sh1"),
        "approval": ("Bildung durch Gesetz oder Verordnung", "G", "", "sh1"),
    },
    "sh-verwaltungsgemeinschaft": {
        "legal_person": ("nein; ein Partner nutzt die Verwaltung des anderen", "G",
                         "§ 19a GkZ", "sh4"),
        "own_staff": ("Personal des verwaltenden Partners", "G", "", "sh4"),
        "fees": ("nein", "G", "", "sh4"),
        "approval": ("öffentlich-rechtlicher Vertrag, ausnahmsweise Verordnung; "
                     "Genehmigung nicht gelesen", "G", "§ 19a GkZ", "sh4"),
    },
    "th-einfache-ag": {
        "legal_person": ("nein", "G", "§ 4 ThürKGG", "th1"),
    },
    "th-besondere-ag": {
        "legal_person": ("nein", "G", "§§ 5–6 ThürKGG", "th1"),
        "binding": ("ob Beschlüsse die Mitglieder binden, ist nicht gelesen (in "
                    "anderen Ländern ja)", "G", "§§ 5–6 ThürKGG", "th1"),
    },
    "th-zweckvereinbarung-mandat": {
        "legal_person": ("nein", "S", "§ 7 ThürKGG", "th2"),
        "approval": ("je nach Fall Anzeige oder Genehmigung; eine anzeigepflichtige "
                     "wird mit der Unterschrift wirksam, eine genehmigungspflichtige "
                     "nach der Bekanntmachung", "S(t)", "§§ 11–12 ThürKGG", "th3"),
    },
    "th-zweckvereinbarung-delegation": {
        "legal_person": ("nein", "S", "§ 7 ThürKGG", "th2"),
        "approval": ("je nach Fall Anzeige oder Genehmigung; eine anzeigepflichtige "
                     "wird mit der Unterschrift wirksam, eine genehmigungspflichtige "
                     "nach der Bekanntmachung", "S(t)", "§§ 11–12 ThürKGG", "th3"),
        "fees": ("die übernehmende Kommune kann Satzungen und Verordnungen "
                 "erlassen", "S(t)", "§ 10 ThürKGG", "th1"),
    },
    "th-zweckverband": {
        "approval": ("Genehmigung der Verbandssatzung; der Verband entsteht mit der "
                     "Bekanntmachung von Satzung und Genehmigung", "S",
                     "§§ 18–19 ThürKGG", "th1 th4"),
        "own_staff": ("ja; der Verband kann Dienstherr sein", "S(t)",
                      "§ 21 ThürKGG", "th1"),
        "fees": ("ja, eigenes Satzungsrecht", "S(t)", "§ 20 ThürKGG", "th1"),
    },
    "th-verwaltungsgemeinschaft": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts mit "
                         "Dienstherrnfähigkeit", "S", "§ 46 Abs. 2 ThürKO", "th5"),
        "own_staff": ("ja", "S", "§ 46 Abs. 2 ThürKO", "th5"),
        "approval": ("Bildung und Änderung durch Gesetz", "S", "§ 46 Abs. 1 ThürKO",
                     "th5"),
        "binding": ("sehr hoch; Gemeinden unter 3.000 Einwohnern müssen einer "
                    "Verwaltungsgemeinschaft angehören oder einer erfüllenden "
                    "Gemeinde zugeordnet sein", "S", "§ 46 ThürKO", "th5"),
    },
    "th-erfuellende-gemeinde": {
        "legal_person": ("nein; die erfüllende Gemeinde nimmt die Aufgaben wahr",
                         "S", "§ 51 ThürKO", "th5"),
        "own_staff": ("Personal der erfüllenden Gemeinde", "G", "§ 51 ThürKO",
                      "th5"),
        "approval": ("noch ungeklärt", "G", "§ 51 ThürKO", "th5"),
    },
}  # fmt: skip

# Ratings that differ from the family's because the Land's fact differs.
HOST_UNIONS = {
    "bw-vereinbarte-vg", "bb-mitverwaltung", "mv-verwaltungsgemeinschaft",
    "sn-verwaltungsgemeinschaft", "sh-verwaltungsgemeinschaft",
    "th-erfuellende-gemeinde",
}  # fmt: skip
RATING_CHANGES = {
    # A Genehmigung for every agreement, also for a mere mandate.
    "nw-oerv-mandat": {"approval": 2},
    "rp-zweckvereinbarung-mandat": {"approval": 2},
    "sn-zweckvereinbarung-mandat": {"approval": 2},
    # Approval only for some tasks.
    "st-zweckvereinbarung-delegation": {"approval": 3},
    # Genehmigung deemed granted after four weeks.
    "nw-zweckverband": {"approval": 2},
    # Only an Anzeige for the joint institution.
    "ni-gka": {"approval": 2},
    "mv-gku": {"approval": 2},
    "by-gku": {"approval": 2},
    # A special working group may bind its members.
    "th-besondere-ag": {"binding": 2},
    # No new unions since 17.11.2012: they cannot be started at all.
    "sn-verwaltungsverband": {"approval": 0},
    "sn-verwaltungsgemeinschaft": {"approval": 0, "setup": 0},
    # Formed by law.
    "th-erfuellende-gemeinde": {"approval": 0},
}  # fmt: skip

# Forms a Land's law does not offer: Land, family, note, certainty, source keys.
ABSENCES = [
    ("08", "working_group",
     "Das GKZ kennt keine kommunale Arbeitsgemeinschaft; § 1 GKZ nennt Zweckverband, "
     "gemeinsame selbstständige Kommunalanstalt, öffentlich-rechtliche Vereinbarung "
     "und gemeinsame Dienststelle.", "S", "bw1 bw5"),
    ("03", "working_group",
     "Das NKomZG kennt keine Arbeitsgemeinschaft; § 1 Abs. 1 nennt gemeinsame "
     "kommunale Anstalt, Zweckvereinbarung und Zweckverband.", "S", "ni1"),
    ("01", "working_group",
     "Das GkZ kennt keine Arbeitsgemeinschaft; § 1 Abs. 2 nennt neben den Ämtern "
     "Zweckverbände, gemeinsame Kommunalunternehmen, öffentlich-rechtliche "
     "Vereinbarungen und Verwaltungsgemeinschaften.", "S", "sh1"),
    ("10", "joint_institution",
     "Das KGG kennt keine gemeinsame kommunale Anstalt; § 1 Abs. 1 nennt nur "
     "Zweckverband, öffentlich-rechtliche Vereinbarung und Arbeitsgemeinschaft. Ob "
     "das KSVG eine Anstalt mehrerer Träger erlaubt, ist offen.", "S", "sl1 sl4"),
    ("14", "joint_institution",
     "Das SächsKomZG kennt keine gemeinsame kommunale Anstalt; die Landesdirektion "
     "nennt fünf Formen ohne sie. Ob die SächsGemO eine Anstalt mehrerer Träger "
     "erlaubt, ist offen.", "S", "sn3"),
    ("15", "joint_institution",
     "§ 2 Abs. 1 GKG-LSA nennt als öffentlich-rechtliche Formen nur "
     "Arbeitsgemeinschaft, Zweckvereinbarung und Zweckverband. Ob das KVG LSA eine "
     "Anstalt mehrerer Träger erlaubt, ist offen.", "S", "st1"),
    ("05", "administrative_union",
     "Nordrhein-Westfalen hat keine Ämter, Verwaltungsgemeinschaften oder "
     "Verbandsgemeinden; seine Gemeinden sind Einheitsgemeinden.", "G", "nw1"),
    ("10", "administrative_union",
     "Das Saarland hat keine Ämter, Verwaltungsgemeinschaften oder "
     "Verbandsgemeinden; seine Gemeinden sind Einheitsgemeinden.", "G", "sl1"),
]  # fmt: skip

NOT_RESEARCHED = (
    "Nicht erforscht: Die gelesenen Quellen sagen nicht, wie das Land die "
    "Zusammenarbeit mit Kommunen anderer Länder regelt. Üblich ist ein Staatsvertrag "
    "oder die Zustimmung der Aufsichtsbehörden beider Länder."
)
NONE_FOUND = (
    "Kein eigenes Förderprogramm des Landes für interkommunale Zusammenarbeit "
    "gefunden; gesucht wurde in den Förderrichtlinien und auf den Seiten des "
    "Innenministeriums. "
)

# The cooperation law of each Flächenland.
LAWS = {
    "08": dict(
        name="Gesetz über kommunale Zusammenarbeit", abbreviation="GKZ",
        version="i. d. F. vom 16.9.1974 (GBl. S. 408), zuletzt geändert durch "
                "Art. 6 G v. 4.4.2023 (GBl. S. 137)",
        certainty="S", source="bw1 bw5",
        unions_note="Gemeindeverwaltungsverband und vereinbarte "
                    "Verwaltungsgemeinschaft mit erfüllender Gemeinde (§§ 59–62 "
                    "GemO); eine Gemeinde kann nur einer Verwaltungsgemeinschaft "
                    "angehören.",
        funding="none_known",
        funding_note=NONE_FOUND + "Eine Unterstützung über den Ausgleichstock ist "
                     "möglich, aber nicht belegt.",
        open_questions="Wortlaut des § 25 GKZ zur Genehmigung der Vereinbarung; "
                       "Genehmigung und Dienstherrnfähigkeit der gemeinsamen "
                       "selbstständigen Kommunalanstalt (§§ 24a–24b GKZ); die "
                       "gemeinsame Dienststelle (§ 27 GKZ, nur Überschrift gelesen) "
                       "ist keiner Formfamilie zugeordnet; eine Förderrichtlinie "
                       "des Landes.",
    ),
    "09": dict(
        name="Gesetz über die kommunale Zusammenarbeit", abbreviation="KommZG",
        version="i. d. F. der Bek. vom 20.6.1994 (GVBl. S. 555), zuletzt geändert "
                "am 31.7.2023 (GVBl. S. 385)",
        certainty="S", source="by1",
        cross_border="Mit Hessen gilt der Staatsvertrag über Zweckverbände und "
                     "öffentlich-rechtliche Vereinbarungen: Die Aufsichtsbehörde des "
                     "Sitzlandes entscheidet im Einvernehmen mit dem anderen Land. "
                     "Die Regeln für die übrigen Nachbarländer sind nicht erforscht.",
        cross_border_certainty="S", cross_border_source="by-he",
        unions_note="Verwaltungsgemeinschaften nach der "
                    "Verwaltungsgemeinschaftsordnung (VGemO); im KommZG stehen sie "
                    "Gemeinden gleich (Art. 1 Abs. 1 Satz 2).",
        funding="programme",
        funding_note="Richtlinie zur Förderung der interkommunalen Zusammenarbeit "
                     "(BayVV 2020-6-I, gültig bis 31.12.2025): Festbetrag 50.000 €, "
                     "bis 90.000 € im Raum mit besonderem Handlungsbedarf.",
        open_questions="Verfahren der Arbeitsgemeinschaft (Art. 4–6 KommZG); "
                       "Genehmigung des gemeinsamen Kommunalunternehmens "
                       "(Art. 49–50); Einzelheiten der VGemO; ob die "
                       "Förderrichtlinie über den 31.12.2025 hinaus gilt.",
    ),
    "12": dict(
        name="Gesetz über kommunale Gemeinschaftsarbeit im Land Brandenburg",
        abbreviation="GKGBbg",
        version="vom 10.7.2014 (GVBl. I Nr. 32), zuletzt geändert durch Art. 3 G v. "
                "5.3.2024 (GVBl. I Nr. 10 S. 77), in Kraft seit 1.1.2025",
        certainty="S", source="bb1 bb6",
        cross_border="Zusammenarbeit mit Kommunen anderer Länder nur auf Grundlage "
                     "eines Staatsvertrags (§ 1 Abs. 4 GKGBbg).",
        cross_border_certainty="S", cross_border_source="bb1",
        unions_note="Ämter (§§ 133 ff. BbgKVerf), Verbandsgemeinden und "
                    "Mitverwaltungen (Verbandsgemeinde- und "
                    "Mitverwaltungsgesetz); Verbandsgemeinden gelten im GKGBbg "
                    "selbst als Kommunen.",
        funding="none_known",
        funding_note=NONE_FOUND + "Presseberichte von 2018 (nicht geprüft) nennen "
                     "77,8 Mio. € als Pauschalen und Teilentschuldung für neue "
                     "Verbandsgemeinden und Mitverwaltungen.",
        open_questions="§ 41 GKGBbg: welche Formen eine Genehmigung und welche nur "
                       "eine Anzeige brauchen; Finanzregeln des Verbandsgemeinde- "
                       "und Mitverwaltungsgesetzes.",
    ),
    "06": dict(
        name="Gesetz über kommunale Gemeinschaftsarbeit", abbreviation="KGG",
        version="vom 16.12.1969 (GVBl. I S. 307), zuletzt geändert durch Art. 7 G "
                "v. 16.2.2023 (GVBl. S. 83)",
        certainty="S", source="he1 he2",
        cross_border="§ 36 KGG regelt die Zusammenarbeit über die Landesgrenze (nur "
                     "die Überschrift gelesen). Mit Bayern gilt der Staatsvertrag "
                     "über Zweckverbände und öffentlich-rechtliche Vereinbarungen.",
        cross_border_certainty="S(t)", cross_border_source="he1 by-he",
        unions_note="Gemeindeverwaltungsverband als besondere Form des "
                    "Zweckverbands (§§ 30–34 KGG, nicht die HGO); der erste "
                    "entstand 2014 (Allendorf/Bromskirchen).",
        funding="programme",
        funding_note="Rahmenvereinbarung zur Förderung der Interkommunalen "
                     "Zusammenarbeit vom 7.12.2021 (Landesausgleichsstock), fünf "
                     "Jahre gültig.",
        open_questions="Heutiger Wortlaut des § 26 KGG (Überschrift jetzt "
                       "„Genehmigung, Anzeige und Bekanntmachung“; gelesen wurde "
                       "die bis 2019 geltende Fassung); Verfahren der "
                       "Arbeitsgemeinschaft (§ 4 KGG). Die Beauftragung nach "
                       "§ 25a KGG (Landrat oder Oberbürgermeister in "
                       "Auftragsangelegenheiten) ist keiner Formfamilie zugeordnet.",
    ),
    "13": dict(
        name="Kommunalverfassung für das Land Mecklenburg-Vorpommern, Teil 4 "
             "„Kommunale Zusammenarbeit“ (§§ 149–170)",
        abbreviation="KV M-V",
        version="vom 13.7.2011; Stand der gelesenen Fassung nicht angegeben",
        certainty="S", source="mv1 mv2",
        unions_note="Ämter (KV M-V Teil III, §§ 125 ff.) mit eigener Verwaltung "
                    "oder der einer geschäftsführenden Gemeinde; "
                    "Verwaltungsgemeinschaft nach § 167 KV M-V.",
        funding="none_known",
        funding_note=NONE_FOUND + "Kofinanzierungshilfe und "
                     "Sonderbedarfszuweisungen gibt es, sie sind aber nicht auf "
                     "Zusammenarbeit ausgerichtet (Sekundärquellen).",
        open_questions="Genehmigung der Vereinbarung (§ 165 KV M-V); ob die KV M-V "
                       "eine kommunale Arbeitsgemeinschaft kennt (vielleicht § 149 "
                       "oder § 166, nicht gelesen) – die Arbeitsgemeinschaft ist "
                       "deshalb weder als vorhanden noch als fehlend erfasst; "
                       "Dienstherrnfähigkeit von Zweckverband und gemeinsamem "
                       "Kommunalunternehmen.",
    ),
    "03": dict(
        name="Niedersächsisches Gesetz über die kommunale Zusammenarbeit",
        abbreviation="NKomZG",
        version="i. d. F. vom 21.12.2011 (Nds. GVBl. S. 493), zuletzt geändert am "
                "8.2.2024",
        certainty="S", source="ni1",
        unions_note="Samtgemeinden (§§ 97 ff. NKomVG). Dient eine Zusammenarbeit "
                    "nur den eigenen Aufgaben aller Mitgliedsgemeinden einer "
                    "Samtgemeinde, geht § 98 Abs. 1 Satz 2 NKomVG vor. Die Gründung "
                    "ist frei von Landesgebühren (§ 1 Abs. 3 NKomZG).",
        funding="none_known",
        funding_note=NONE_FOUND + "Verwandt, aber nicht darauf ausgerichtet: "
                     "„Zukunftsräume Niedersachsen“ (2019/2020) und der Entwurf "
                     "eines Kommunalfördergesetzes 2025 (Sekundärquellen).",
        open_questions="Heutiger Wortlaut des § 5 NKomZG zur Genehmigung der "
                       "Zweckvereinbarung (gelesen nur die Begründung von 2004) und "
                       "die Genehmigung des Zweckverbands; Dienstherrnfähigkeit von "
                       "Zweckverband und gemeinsamer kommunaler Anstalt.",
    ),
    "05": dict(
        name="Gesetz über kommunale Gemeinschaftsarbeit", abbreviation="GkG NRW",
        version="i. d. F. der Bek. vom 1.10.1979 (GV. NRW. S. 621), zuletzt "
                "geändert durch Art. 5 G v. 5.3.2024 (GV. NRW. S. 136)",
        certainty="S", source="nw1",
        unions_note="Keine Ämter oder Verwaltungsgemeinschaften: "
                    "Nordrhein-Westfalen hat Einheitsgemeinden.",
        funding="programme",
        funding_note="Förderrichtlinie IKZ NRW (RdErl. vom 31.8.2021): 175.000 € "
                     "für zwei Partner und 35.000 € je weiterem Partner aus dem "
                     "Land.",
        open_questions="Genehmigung des gemeinsamen Kommunalunternehmens "
                       "(§§ 27–28 GkG NRW); Ende der Förderrichtlinie von 2021.",
    ),
    "07": dict(
        name="Landesgesetz über die kommunale Zusammenarbeit", abbreviation="KomZG",
        version="vom 22.12.1982 (GVBl. S. 476), zuletzt geändert durch Art. 14 G v. "
                "2.3.2017 (GVBl. S. 21)",
        certainty="S", source="rp1",
        unions_note="Verbandsgemeinden (§§ 64 ff. GemO); Anträge der Ortsgemeinden "
                    "laufen über die Verbandsgemeinde.",
        funding="incomplete",
        funding_note="Pilotförderung „Interkommunale Zusammenarbeit“ des "
                     "Ministeriums des Innern und für Sport seit Juni 2024 "
                     "(Bewilligung: ADD); laut Presse bis 210.000 € für drei und "
                     "bis 320.000 € für vier Kommunen. Mindestdauer und Einsparziel "
                     "wurden nicht gefunden.",
        open_questions="Förderhöhen und Bedingungen der Antragsunterlagen der ADD; "
                       "Genehmigung der gemeinsamen kommunalen Anstalt "
                       "(§§ 14a–14b KomZG).",
    ),
    "10": dict(
        name="Gesetz über die kommunale Gemeinschaftsarbeit", abbreviation="KGG",
        version="i. d. F. der Bek. vom 27.6.1997 (Amtsbl. S. 723), zuletzt geändert "
                "am 8.12.2021 (Amtsbl. S. 2629)",
        certainty="S", source="sl1",
        unions_note="Keine Ämter oder Verwaltungsgemeinschaften. Aufsicht über die "
                    "Zusammenarbeit: Landrat, Regionalverband Saarbrücken oder "
                    "Ministerium (§ 22 KGG).",
        funding="none_known",
        funding_note=NONE_FOUND + "Früher (etwa 2015–2018) wurden Gutachten und "
                     "Anlaufkosten über Bedarfszuweisungen finanziert (Presse).",
        open_questions="Ob das KSVG seit 2020/2021 eine gemeinsame kommunale "
                       "Anstalt erlaubt; die heutige Förderpraxis.",
    ),
    "14": dict(
        name="Sächsisches Gesetz über kommunale Zusammenarbeit",
        abbreviation="SächsKomZG",
        version="vom 19.8.1993, i. d. F. der Bek. vom 3.3.2014 (SächsGVBl. S. 196), "
                "zuletzt geändert durch Art. 3 G v. 13.12.2017",
        certainty="S", source="sn1 sn3",
        unions_note="Verwaltungsverbände (§§ 3–35 SächsKomZG) und "
                    "Verwaltungsgemeinschaften mit erfüllender Gemeinde (§§ 36 ff.); "
                    "seit dem 17.11.2012 dürfen keine neuen gebildet oder bestehende "
                    "erweitert werden, bestehende haben Bestandsschutz. Am "
                    "23.10.2024 gab es 64 Verwaltungsgemeinschaften mit 179 "
                    "Gemeinden.",
        unions_closed_since=datetime.date(2012, 11, 17),
        funding="none_known",
        funding_note=NONE_FOUND + "Zusammenarbeit wurde im Förderprogramm "
                     "Regionalentwicklung und in einem Modellprojekt 2018–2020 "
                     "unterstützt (Presse, nicht geprüft).",
        open_questions="Genaue Paragrafen für Zweckverband, Zweckvereinbarung und "
                       "Arbeitsgemeinschaft in der Fassung von 2014; ob die "
                       "SächsGemO eine gemeinsame kommunale Anstalt erlaubt.",
    ),
    "15": dict(
        name="Gesetz über kommunale Gemeinschaftsarbeit", abbreviation="GKG-LSA",
        version="i. d. F. der Bek. vom 26.2.1998 (GVBl. LSA S. 81), zuletzt "
                "geändert am 16.5.2024 (GVBl. LSA S. 128)",
        certainty="S", source="st1",
        unions_note="Verbandsgemeinden (§§ 88 ff. KVG LSA) mit drei bis acht "
                    "Mitgliedsgemeinden; sie haben die früheren "
                    "Verwaltungsgemeinschaften abgelöst.",
        funding="none_known", funding_note=NONE_FOUND.strip(),
        open_questions="Nummerierung und Genehmigung der delegierenden und "
                       "mandatierenden Zweckvereinbarung nach der Änderung vom "
                       "16.5.2024 (gelesen wurde die Fassung davor); ob das KVG LSA "
                       "eine gemeinsame Anstalt erlaubt.",
    ),
    "01": dict(
        name="Gesetz über kommunale Zusammenarbeit", abbreviation="GkZ",
        version="i. d. F. vom 28.2.2003 (GVOBl. S. 122), zuletzt geändert am "
                "24.3.2023 (GVOBl. S. 170)",
        certainty="S", source="sh1",
        cross_border="Die Mitgliedschaft in einem Zweckverband mit Sitz außerhalb "
                     "des Landes und Verträge nach §§ 18 und 19a GkZ mit Partnern "
                     "außerhalb des Landes bedürfen der Genehmigung des "
                     "Innenministeriums (§ 21 GkZ).",
        cross_border_certainty="S", cross_border_source="sh6",
        unions_note="Ämter nach der Amtsordnung und Verwaltungsgemeinschaften nach "
                    "§ 19a GkZ. Bei Aufgaben, die über die Gemeindegrenze wirken, "
                    "verpflichtet das GkZ zur Zusammenarbeit (§ 1 Abs. 1).",
        funding="none_known",
        funding_note=NONE_FOUND + "Verwandt: der Wettbewerb „Digitale "
                     "Modellkommunen“ 2020 (Sekundärquelle).",
        open_questions="Genehmigung der Vereinbarung (§ 18 Abs. 5 und 6 GkZ); "
                       "Genehmigung und Personal des gemeinsamen "
                       "Kommunalunternehmens (§§ 19b–19d GkZ).",
    ),
    "16": dict(
        name="Thüringer Gesetz über die kommunale Gemeinschaftsarbeit",
        abbreviation="ThürKGG",
        version="i. d. F. der Bek. vom 10.10.2001 (GVBl. S. 290), zuletzt geändert "
                "durch Art. 5 G v. 23.7.2013 (GVBl. S. 194); spätere Änderungen "
                "nicht geprüft",
        certainty="S", source="th1",
        unions_note="Verwaltungsgemeinschaften und erfüllende Gemeinden (§§ 46–51 "
                    "ThürKO); Gemeinden unter 3.000 Einwohnern müssen einer "
                    "Verwaltungsgemeinschaft angehören oder einer erfüllenden "
                    "Gemeinde zugeordnet sein. Mitglieder derselben "
                    "Verwaltungsgemeinschaft arbeiten nicht zusätzlich zusammen, wo "
                    "diese die Aufgabe ebenso erfüllen kann (§ 3 Abs. 2 ThürKGG).",
        funding="programme",
        funding_note="§ 24 Abs. 2 ThürFAG (Thüringer Landesverwaltungsamt): "
                     "einmalig bis 500.000 €; keine Gebühren oder Beiträge für die "
                     "Einrichtung.",
        open_questions="Ob das ThürKGG seit 2013 eine gemeinsame kommunale Anstalt "
                       "kennt (§ 2 wurde geändert, Inhalt nicht gelesen) – die "
                       "Anstalt ist deshalb weder als vorhanden noch als fehlend "
                       "erfasst; Kriterien des § 11 ThürKGG; heutiger Wortlaut und "
                       "Beträge des § 24 ThürFAG.",
    ),
}  # fmt: skip

CROSS_BORDER_RULES = [
    # land_a, land_b (ordered), instrument, rule, families, certainty, source keys
    ("06", "09",
     "Staatsvertrag zwischen Bayern und Hessen über Zweckverbände und "
     "öffentlich-rechtliche Vereinbarungen",
     "Die Aufsichtsbehörde des Landes, in dem der Zweckverband seinen Sitz hat oder "
     "die übernehmende Kommune liegt, entscheidet im Einvernehmen mit dem anderen "
     "Land. Änderungen der Mitgliedschaft brauchen immer eine Genehmigung. Für eine "
     "Arbeitsgemeinschaft genügt es, beide Kommunalaufsichten zu unterrichten.",
     ["agreement_mandate", "agreement_delegation", "special_purpose_union"],
     "S", "by-he"),
]  # fmt: skip

# Hessen: the form's certainty and sources (section 4); all were G without a source.
HESSEN_FORMS = {
    "netzwerk": ("G", "leitfaden"),
    "arbeitsgemeinschaft": ("S", "he1 he3"),
    "oerv-mandat": ("S", "he4 he5"),
    "oerv-delegation": ("S", "he4 he5 he6"),
    "zweckverband": ("S", "he1 he3"),
    "anstalt": ("S", "he8"),
    "gvv": ("S(t)", "he1 he9"),
    "privatrechtlich": ("S", "he2"),
}
# Hessen's facts: sources where section 4 names them (else the Leitfaden, from
# which migration 0002 took them).
HESSEN_FACT_SOURCES = {
    ("arbeitsgemeinschaft", "legal_person"): "he1 he3",
    ("arbeitsgemeinschaft", "approval"): "he3",
    ("oerv-mandat", "legal_person"): "he4",
    ("oerv-mandat", "binding"): "he4",
    ("oerv-mandat", "approval"): "he4 he5",
    ("oerv-delegation", "legal_person"): "he4",
    ("oerv-delegation", "binding"): "he4",
    ("oerv-delegation", "approval"): "he4 he5",
    ("oerv-delegation", "own_staff"): "he4",
    ("oerv-delegation", "exit"): "leitfaden he6",
    ("zweckverband", "legal_person"): "he3",
    ("zweckverband", "approval"): "he3",
    ("zweckverband", "own_staff"): "leitfaden he1",
    ("zweckverband", "fees"): "leitfaden he1",
    ("anstalt", "approval"): "he8",
    ("anstalt", "own_staff"): "leitfaden he8",
    ("anstalt", "fees"): "leitfaden he8",
    ("gvv", "legal_person"): "he9",
    ("gvv", "liability"): "leitfaden he1",
    ("privatrechtlich", "legal_person"): "leitfaden he2",
}  # fmt: skip
# Hessen facts that change: (form, criterion) -> ((law, certainty) after 0011,
# (law, certainty) now). Section 4 marks staff and fees of the Zweckverband and
# the Anstalt G; the approval of an agreement is § 26 KGG, not only § 24 Abs. 4.
HESSEN_FACT_CHANGES = {
    ("oerv-mandat", "approval"): (("§ 24 Abs. 4 KGG", "S"),
                                  ("§ 24 Abs. 4, § 26 Abs. 2 KGG", "S")),
    ("oerv-delegation", "approval"): (("§ 24 Abs. 4 KGG", "S"),
                                      ("§ 24 Abs. 4, § 26 Abs. 1 KGG", "S")),
    ("zweckverband", "approval"): (("§§ 5–23a KGG", "S"), ("§ 10 KGG", "S")),
    ("zweckverband", "own_staff"): (("§§ 5–23a KGG", "S"), ("§ 17 KGG", "G")),
    ("zweckverband", "fees"): (("§§ 5–23a KGG", "S"), ("§ 20 KGG", "G")),
    ("anstalt", "approval"): (("§§ 29a–29b KGG", "S"), ("§ 29a Abs. 4 KGG", "S")),
    ("anstalt", "own_staff"): (("§§ 29a–29b KGG", "S"), ("§ 126a HGO", "G")),
    ("anstalt", "fees"): (("§§ 29a–29b KGG", "S"), ("§§ 29a–29b KGG", "G")),
}  # fmt: skip


def _sources(keys: str) -> str:
    return "; ".join(SOURCES[key] for key in keys.split())


def _land_forms():
    """Every form of the 12 Länder beside Hessen, as complete rows."""
    rows = list(FORMS)
    for prefix in PREFIXES:
        rows.append((f"{prefix}-netzwerk", "network", 10, *NETWORK, "", "G",
                     "leitfaden", ""))  # fmt: skip
        law, certainty, keys, note = PRIVATE_FORMS[prefix]
        rows.append((f"{prefix}-privatrechtlich", "private_company", 80, *PRIVATE,
                     law, certainty, keys, note))  # fmt: skip
    return rows


def _facts(code: str, family: str) -> list[dict]:
    """The ten facts of a form: the Land's own where given, else the pattern (G)."""
    ratings = HOST_RATINGS if code in HOST_UNIONS else FAMILY_RATINGS[family]
    rating_of = dict(zip(RATED, ratings, strict=True))
    rating_of.update(RATING_CHANGES.get(code, {}))
    own = FACTS.get(code, {})
    facts = []
    for criterion, (value, law, keys) in PATTERN[family].items():
        certainty = "G"
        if criterion in own:
            value, certainty, law, keys = own[criterion]
        facts.append(
            {
                "criterion": criterion,
                "value": value,
                "law": law,
                "certainty": certainty,
                "source": _sources(keys),
                "rating": rating_of.get(criterion),
            }
        )
    return facts


def _add_forms(apps):
    OrganisationalForm = apps.get_model("cooperations", "OrganisationalForm")
    FormFact = apps.get_model("cooperations", "FormFact")
    facts = []
    for row in _land_forms():
        code, family, position, name, name_en, law, certainty, keys, note = row
        form = OrganisationalForm.objects.create(
            code=code,
            land_id=PREFIXES[code.split("-")[0]],
            family=family,
            level=LEVELS.get(family, "institutional"),
            position=position,
            name=name,
            name_en=name_en,
            law=law,
            certainty=certainty,
            source=_sources(keys),
            summary=" ".join(part for part in (FAMILY_TEXT[family], note) if part),
        )
        facts += [FormFact(form=form, **fact) for fact in _facts(code, family)]
    FormFact.objects.bulk_create(facts)


def _add_laws(apps):
    CooperationLaw = apps.get_model("cooperations", "CooperationLaw")
    for land_code, law in LAWS.items():
        fields = {**law, "source": _sources(law["source"])}
        if "cross_border" not in law:
            fields.update(
                cross_border=NOT_RESEARCHED,
                cross_border_certainty="G",
                cross_border_source=fields["source"],
            )
        else:
            fields["cross_border_source"] = _sources(law["cross_border_source"])
        CooperationLaw.objects.create(
            land_id=land_code, funding_as_of=FUNDING_AS_OF, **fields
        )


def _hessen_forward(apps):
    OrganisationalForm = apps.get_model("cooperations", "OrganisationalForm")
    FormFact = apps.get_model("cooperations", "FormFact")
    for code, (certainty, keys) in HESSEN_FORMS.items():
        OrganisationalForm.objects.filter(code=code).update(
            certainty=certainty, source=_sources(keys)
        )
    for fact in FormFact.objects.filter(form__code__in=HESSEN_FORMS).select_related(
        "form"
    ):
        key = (fact.form.code, fact.criterion)
        fact.source = _sources(HESSEN_FACT_SOURCES.get(key, "leitfaden"))
        if key in HESSEN_FACT_CHANGES:
            fact.law, fact.certainty = HESSEN_FACT_CHANGES[key][1]
        fact.save(update_fields=["source", "law", "certainty"])


def _hessen_backward(apps):
    OrganisationalForm = apps.get_model("cooperations", "OrganisationalForm")
    FormFact = apps.get_model("cooperations", "FormFact")
    OrganisationalForm.objects.filter(code__in=HESSEN_FORMS).update(
        certainty="G", source=""
    )
    FormFact.objects.filter(form__code__in=HESSEN_FORMS).update(source="")
    for (code, criterion), (before, _after) in HESSEN_FACT_CHANGES.items():
        law, certainty = before
        FormFact.objects.filter(form__code=code, criterion=criterion).update(
            law=law, certainty=certainty
        )


def add_laender(apps, schema_editor):
    Land = apps.get_model("municipalities", "Land")
    FormAbsence = apps.get_model("cooperations", "FormAbsence")
    CrossBorderRule = apps.get_model("cooperations", "CrossBorderRule")
    for code, (name, seat) in LAENDER.items():
        # A row the directory import made keeps its official name and seat.
        Land.objects.get_or_create(code=code, defaults={"name": name, "seat": seat})
    _add_laws(apps)
    _add_forms(apps)
    for land_code, family, note, certainty, keys in ABSENCES:
        FormAbsence.objects.create(
            land_id=land_code,
            family=family,
            note=note,
            certainty=certainty,
            source=_sources(keys),
        )
    for land_a, land_b, instrument, rule, families, certainty, keys in (
        CROSS_BORDER_RULES
    ):
        CrossBorderRule.objects.create(
            land_a_id=land_a,
            land_b_id=land_b,
            instrument=instrument,
            rule=rule,
            families=families,
            certainty=certainty,
            source=_sources(keys),
        )
    _hessen_forward(apps)


def remove_laender(apps, schema_editor):
    get = apps.get_model
    for land_a, land_b, *_rest in CROSS_BORDER_RULES:
        get("cooperations", "CrossBorderRule").objects.filter(
            land_a_id=land_a, land_b_id=land_b
        ).delete()
    for land_code, family, *_rest in ABSENCES:
        get("cooperations", "FormAbsence").objects.filter(
            land_id=land_code, family=family
        ).delete()
    # The facts go with their forms (on_delete=CASCADE).
    get("cooperations", "OrganisationalForm").objects.filter(
        code__in=[row[0] for row in _land_forms()]
    ).delete()
    get("cooperations", "CooperationLaw").objects.filter(land_id__in=LAWS).delete()
    _hessen_backward(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("cooperations", "0011_laender_reference_schema"),
        ("municipalities", "0005_directory_import_population_kinds"),
    ]

    operations = [migrations.RunPython(add_laender, remove_laender)]
