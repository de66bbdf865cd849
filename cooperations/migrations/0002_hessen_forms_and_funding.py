"""Reference data for Hessen: the organisational forms of inter-municipal cooperation
under the Gesetz über kommunale Gemeinschaftsarbeit (KGG) with one fact per comparison
criterion, and the Land's IKZ funding rules (Rahmenvereinbarung of 7.12.2021).

The texts are written for the portal from the project's domain brief. A fact is
"source" only where a public source backs it; everything else, including all general
legal knowledge, is "check": to be confirmed with the Kommunalaufsicht.

The Land Hessen is created if the directory has not been imported yet. Reversing
removes the forms (with their facts) and the programme by code; the Land stays, since
the directory may refer to it by then.
"""

import datetime
from decimal import Decimal

from django.db import migrations

LAND_CODE = "06"

S = "source"  # seen in a public source
C = "check"  # to be checked with the Kommunalaufsicht

FORMS = [
    # code, name, name_en, level, law, position, summary
    ("netzwerk", "Informelles Netzwerk / Austauschforum", "Informal network / forum",
     "informal", "", 10,
     "Kommunen tauschen sich regelmäßig aus, etwa in einem Forum, Arbeitskreis oder "
     "Netzwerk. Informelle Formen brauchen keine gesetzliche Grundlage; sie eignen "
     "sich, um gemeinsame Themen und passende Partner zu finden."),
    ("arbeitsgemeinschaft", "Kommunale Arbeitsgemeinschaft", "Municipal working group",
     "contractual", "§§ 3–4 KGG", 20,
     "Kommunen vereinbaren schriftlich, gemeinsame Fragen zusammen zu beraten und "
     "abzustimmen. Die Arbeitsgemeinschaft ist keine eigene Rechtsperson; ihre "
     "Ergebnisse binden die Mitglieder nicht, jede Kommune entscheidet selbst."),
    ("oerv-mandat", "Öffentlich-rechtliche Vereinbarung – Mandat",
     "Public-law agreement – mandate", "contractual", "§ 24 Abs. 1 Nr. 2 KGG", 30,
     "Eine Kommune erledigt eine Aufgabe im Auftrag einer anderen; Grundlage ist ein "
     "schriftlicher Vertrag. Die Verantwortung für die Aufgabe bleibt bei der "
     "auftraggebenden Kommune, die Vereinbarung muss nur angezeigt werden."),
    ("oerv-delegation", "Öffentlich-rechtliche Vereinbarung – Delegation",
     "Public-law agreement – delegation", "contractual", "§ 24 Abs. 1 Nr. 1 KGG", 40,
     "Eine Kommune überträgt eine Aufgabe ganz auf eine andere, die sie dann in "
     "eigener Verantwortung erfüllt. Der schriftliche Vertrag bedarf der Genehmigung."),
    ("zweckverband", "Zweckverband", "Special-purpose association", "institutional",
     "§§ 5–23a KGG", 50,
     "Die Mitglieder bilden eine eigene Körperschaft des öffentlichen Rechts, auf die "
     "Aufgaben und Hoheitsrechte übergehen; sie hat eigenes Personal und finanziert "
     "sich über eine Umlage. Die Verbandssatzung muss genehmigt werden; der "
     "Zweckverband gilt als die verbindlichste Form der Zusammenarbeit."),
    ("anstalt", "Gemeinsame kommunale Anstalt", "Joint municipal public-law institution",
     "institutional", "§§ 29a–29b KGG", 60,
     "Mehrere Kommunen tragen gemeinsam eine Anstalt des öffentlichen Rechts, deren "
     "Satzung genehmigt werden muss. Sie kann eigene Satzungen erlassen, auch mit "
     "Anschluss- und Benutzungszwang; die Träger haften unbeschränkt."),
    ("gvv", "Gemeindeverwaltungsverband", "Joint administrative association",
     "institutional", "§§ 30–34 KGG", 70,
     "Ein Verband, der Verwaltungsaufgaben seiner Mitgliedsgemeinden gemeinsam "
     "wahrnimmt und sich über eine Verbandsumlage finanziert. Die IKZ-Förderung des "
     "Landes sieht für einen Verband, der nahezu alle Aufgaben übernimmt, einen "
     "eigenen Zuschuss vor."),
    ("privatrechtlich", "Privatrechtliche Gesellschaft (GmbH, e. V., eG, AG)",
     "Private-law company (GmbH, registered association, cooperative, AG)",
     "institutional", "§ 2 Abs. 2 KGG; HGO §§ 121 ff.", 80,
     "Das KGG lässt neben seinen eigenen Formen auch privatrechtliche offen, etwa eine "
     "GmbH, einen Verein, eine Genossenschaft oder eine AG. Für die Beteiligung der "
     "Kommunen gelten die §§ 121 ff. HGO."),
]  # fmt: skip

# form code -> criterion -> (value, status, law)
FACTS = {
    "netzwerk": {
        "legal_person": ("nein", C, ""),
        "binding": ("am geringsten von allen Formen", C, ""),
        "approval": ("keine", C, ""),
        "own_staff": ("nein", C, ""),
        "fees": ("keine Gebühren, keine Hoheitsrechte", C, ""),
        "liability": ("keine", C, ""),
        "setup": ("sehr gering", C, ""),
        "exit": ("jederzeit frei", C, ""),
        "vat": ("entfällt – kein Leistungsaustausch", S, "§ 2b UStG"),
        "procurement": ("entfällt – kein Auftrag", S, "§ 108 GWB"),
    },
    "arbeitsgemeinschaft": {
        "legal_person": ("nein", S, "§§ 3–4 KGG"),
        "binding": ("Ergebnisse sind nicht bindend; jedes Mitglied entscheidet "
                    "selbst", S, "§§ 3–4 KGG"),
        "approval": ("schriftliche Vereinbarung", S, "§§ 3–4 KGG"),
        "own_staff": ("nein", C, ""),
        "fees": ("keine Gebühren, keine Hoheitsrechte", S, "§§ 3–4 KGG"),
        "liability": ("keine", C, ""),
        "setup": ("gering", C, ""),
        "exit": ("nach Vereinbarung", C, ""),
        "vat": ("entfällt in der Regel", C, "§ 2b UStG"),
        "procurement": ("entfällt in der Regel", C, "§ 108 GWB"),
    },
    "oerv-mandat": {
        "legal_person": ("nein", S, "§ 24 Abs. 1 Nr. 2 KGG"),
        "binding": ("Vertrag; die Verantwortung für die Aufgabe bleibt bei der "
                    "auftraggebenden Kommune", S, "§ 24 Abs. 1 Nr. 2 KGG"),
        "approval": ("Anzeige; schriftlicher Vertrag, der Beteiligte und Aufgaben "
                     "nennt", S, "§ 24 Abs. 4 KGG"),
        "own_staff": ("nein; das Personal bleibt bei seiner Kommune", C, ""),
        "fees": ("Gebühren und Hoheitsrechte bleiben bei der auftraggebenden "
                 "Kommune", C, ""),
        "liability": ("jeder Beteiligte für sich", C, ""),
        "setup": ("gering bis mittel", C, ""),
        "exit": ("Kündigungsregeln nötig, wenn unbefristet oder länger als zehn "
                 "Jahre", S, ""),
        "vat": ("Risiko: Leistungsaustausch zwischen öffentlichen Stellen kann "
                "steuerbar sein", C, "§ 2b UStG"),
        "procurement": ("horizontale Zusammenarbeit ausgenommen, wenn weniger als "
                        "20 % der Tätigkeit auf dem freien Markt erbracht werden", S,
                        "§ 108 GWB"),
    },
    "oerv-delegation": {
        "legal_person": ("nein", S, "§ 24 Abs. 1 Nr. 1 KGG"),
        "binding": ("die Verantwortung für die Aufgabe geht auf die übernehmende "
                    "Kommune über", S, "§ 24 Abs. 1 Nr. 1 KGG"),
        "approval": ("Genehmigung; schriftlicher Vertrag, der Beteiligte und Aufgaben "
                     "nennt", S, "§ 24 Abs. 4 KGG"),
        "own_staff": ("Personal der übernehmenden Kommune", C, ""),
        "fees": ("Gebühren und Hoheitsrechte gehen mit der Aufgabe über", C, ""),
        "liability": ("die übernehmende Kommune für die Aufgabe", C, ""),
        "setup": ("mittel", C, ""),
        "exit": ("Kündigungsregeln nötig, wenn unbefristet oder länger als zehn "
                 "Jahre", S, ""),
        "vat": ("Delegation mit befreiender Wirkung: keine Wettbewerbsverzerrung "
                "angenommen", S, "§ 2b UStG"),
        "procurement": ("Übertragung der Zuständigkeit ist meist kein öffentlicher "
                        "Auftrag", C, "§ 108 GWB"),
    },
    "zweckverband": {
        "legal_person": ("ja, Körperschaft des öffentlichen Rechts", S, "§§ 5–23a KGG"),
        "binding": ("sehr hoch; gilt als die verbindlichste Form", S, "§§ 5–23a KGG"),
        "approval": ("die Verbandssatzung bedarf der Genehmigung", S, "§§ 5–23a KGG"),
        "own_staff": ("ja, eigenes Personal", S, "§§ 5–23a KGG"),
        "fees": ("Aufgaben und Hoheitsrechte gehen auf den Verband über", S,
                 "§§ 5–23a KGG"),
        "liability": ("eigenes Vermögen; die Mitglieder zahlen eine Umlage", S,
                      "§§ 5–23a KGG"),
        "setup": ("hoch: Satzung, Genehmigung, Organe", C, ""),
        "exit": ("schwer: Austritt braucht zwei Drittel der Mitglieder; bei "
                 "freiwilligen Aufgaben Kündigung mit einem Jahr Frist nach "
                 "mindestens 20 Jahren", S, "§§ 5–23a KGG"),
        "vat": ("Umlage und entgeltliche Leistungen gegeneinander abgrenzen", C,
                "§ 2b UStG"),
        "procurement": ("Inhouse-Vergabe an den gemeinsam beherrschten Verband "
                        "möglich", C, "§ 108 GWB"),
    },
    "anstalt": {
        "legal_person": ("ja, Anstalt des öffentlichen Rechts", S, "§§ 29a–29b KGG"),
        "binding": ("hoch, auf Grundlage der Satzung", S, "§§ 29a–29b KGG"),
        "approval": ("die Satzung bedarf der Genehmigung", S, "§§ 29a–29b KGG"),
        "own_staff": ("ja; die Aufteilung des Personals regelt die Satzung", S,
                      "§§ 29a–29b KGG"),
        "fees": ("eigene Satzungen, auch Anschluss- und Benutzungszwang möglich", S,
                 "§§ 29a–29b KGG"),
        "liability": ("die Träger haften unbeschränkt (Gewährträgerhaftung)", S,
                      "§§ 29a–29b KGG"),
        "setup": ("hoch: Satzung, Kapital, Genehmigung", C, ""),
        "exit": ("nach der Satzung", S, "§§ 29a–29b KGG"),
        "vat": ("wie beim Zweckverband: Umlage und entgeltliche Leistungen "
                "abgrenzen", C, "§ 2b UStG"),
        "procurement": ("wie beim Zweckverband: Inhouse-Vergabe an die gemeinsam "
                        "beherrschte Anstalt möglich", C, "§ 108 GWB"),
    },
    "gvv": {
        "legal_person": ("ja", C, "§§ 30–34 KGG"),
        "binding": ("sehr hoch", C, "§§ 30–34 KGG"),
        "approval": ("noch ungeklärt", C, "§§ 30–34 KGG"),
        "own_staff": ("ja", C, ""),
        "fees": ("ja", C, ""),
        "liability": ("Verbandsumlage der Mitglieder", S, "§§ 30–34 KGG"),
        "setup": ("sehr hoch", C, ""),
        "exit": ("noch ungeklärt", C, "§§ 30–34 KGG"),
        "vat": ("noch ungeklärt", C, "§ 2b UStG"),
        "procurement": ("noch ungeklärt", C, "§ 108 GWB"),
    },
    "privatrechtlich": {
        "legal_person": ("ja", C, ""),
        "binding": ("nach Gesellschaftsvertrag bzw. Satzung", C, ""),
        "approval": ("Aufsicht über kommunale Beteiligungen", C, "HGO §§ 121 ff."),
        "own_staff": ("ja", C, ""),
        "fees": ("keine hoheitlichen Gebühren", C, ""),
        "liability": ("bei GmbH und AG auf das Gesellschaftsvermögen beschränkt", C,
                      ""),
        "setup": ("mittel bis hoch: Notar, Kapital", C, ""),
        "exit": ("nach Gesellschaftsvertrag bzw. Satzung", C, ""),
        "vat": ("in der Regel steuerpflichtig", C, "UStG"),
        "procurement": ("Inhouse-Vergabe nur, wenn ganz in öffentlicher Hand, "
                        "gemeinsam beherrscht und zu mehr als 80 % für die Träger "
                        "tätig", C, "§ 108 GWB"),
    },
}  # fmt: skip

PROGRAMME = {
    "code": "hessen-ikz",
    "name": "Förderung der interkommunalen Zusammenarbeit in Hessen "
    "(Rahmenvereinbarung 2021)",
    "min_partners": 3,
    "min_partners_exception": 2,
    "min_years": 5,
    "savings_target_pct": Decimal("15"),
    "grants": [
        {"partners_min": 2, "amount": 50000},
        {"partners_min": 3, "amount": 75000},
        {"partners_min": 4, "amount": 100000},
    ],
    "valid_until": datetime.date(2026, 12, 31),
    "source": "Rahmenvereinbarung IKZ Hessen vom 7.12.2021; beratungszentrum.hessen.de",
}


def add_reference_data(apps, schema_editor):
    Land = apps.get_model("municipalities", "Land")
    OrganisationalForm = apps.get_model("cooperations", "OrganisationalForm")
    FormFact = apps.get_model("cooperations", "FormFact")
    FundingProgramme = apps.get_model("cooperations", "FundingProgramme")

    hessen, _ = Land.objects.get_or_create(
        code=LAND_CODE, defaults={"name": "Hessen", "seat": "Wiesbaden"}
    )
    for code, name, name_en, level, law, position, summary in FORMS:
        form, _ = OrganisationalForm.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "land": hessen,
                "level": level,
                "law": law,
                "summary": summary,
                "position": position,
            },
        )
        for criterion, (value, status, fact_law) in FACTS[code].items():
            FormFact.objects.update_or_create(
                form=form,
                criterion=criterion,
                defaults={"value": value, "status": status, "law": fact_law},
            )
    defaults = {key: value for key, value in PROGRAMME.items() if key != "code"}
    FundingProgramme.objects.update_or_create(
        code=PROGRAMME["code"], defaults={**defaults, "land": hessen}
    )


def remove_reference_data(apps, schema_editor):
    apps.get_model("cooperations", "FundingProgramme").objects.filter(
        code=PROGRAMME["code"]
    ).delete()
    # The facts go with their forms (on_delete=CASCADE).
    apps.get_model("cooperations", "OrganisationalForm").objects.filter(
        code__in=[row[0] for row in FORMS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("municipalities", "0002_trigram_index_on_name"),
        ("cooperations", "0001_initial"),
    ]

    operations = [migrations.RunPython(add_reference_data, remove_reference_data)]
