"""Funding programmes for inter-municipal cooperation beyond Hessen, as rules the
option comparison checks: Bayern (RL IKZ, BayVV 2020-6-I), Nordrhein-Westfalen
(Förderrichtlinie IKZ NRW of 31.8.2021), Thüringen (§ 24 Abs. 2 ThürFAG) and
Rheinland-Pfalz (Pilotförderung IKZ, criteria known only in part). Hessen's
programme gains its version, granting body, conditions and certainty.

Transcribed from the project's research file on the Länder (sections 2, 4, 7, 8,
13 and 15), with its certainty marks and sources. A rule the sources do not state
stays empty (None): the funding check then says it could not check it. What the
portal cannot check (the Bavarian "Raum mit besonderem Handlungsbedarf", Hessen's
special amounts) is written in `conditions`.

Reversing removes the four new programmes by code and restores Hessen's row as
migrations 0002 and 0011 left it. A Land is created only if missing (never
overwritten), as in 0002.
"""

import datetime
from decimal import Decimal

from django.db import migrations

LAENDER = {
    "05": ("Nordrhein-Westfalen", "Düsseldorf"),
    "07": ("Rheinland-Pfalz", "Mainz"),
    "09": ("Bayern", "München"),
    "16": ("Thüringen", "Erfurt"),
}

PROGRAMMES = [
    {
        "code": "bayern-ikz",
        "land": "09",
        "name": "Förderung der interkommunalen Zusammenarbeit in Bayern "
        "(RL IKZ, BayVV 2020-6-I)",
        "version": "Richtlinie für Zuwendungen des Freistaates Bayern zur Förderung "
        "der interkommunalen Zusammenarbeit (BayVV 2020-6-I), Text gültig ab "
        "31.12.2021; die Gesamtvorschrift gilt bis 31.12.2025",
        "body": "Bayerisches Staatsministerium des Innern, für Sport und "
        "Integration; Bewilligung: die örtlich zuständige Regierung, Antrag über "
        "die Rechtsaufsichtsbehörde",
        "criteria_complete": True,
        "min_partners": None,  # none stated in the excerpts read
        "min_partners_exception": None,
        "min_partners_cross_border": None,
        "min_years": 5,
        "savings_target_pct": Decimal("15"),
        "service_improvement_counts": False,
        "fees_excluded": False,
        "grants": [{"partners_min": 1, "amount": 50000}],
        "grant_per_further_partner": None,
        "max_grant": Decimal("90000"),
        "max_rate_pct": Decimal("85"),
        "valid_until": datetime.date(2025, 12, 31),
        "conditions": "Festbetrag 50.000 € je Kooperationsprojekt, höchstens 85 % "
        "der zuwendungsfähigen Ausgaben. Bis 90.000 €, wenn der Antragsteller und "
        "die Mehrheit der Partner im Raum mit besonderem Handlungsbedarf nach dem "
        "Landesentwicklungsprogramm liegen – das prüft das Portal nicht; es rechnet "
        "mit 50.000 €. Bagatellgrenze: 5.000 € zuwendungsfähige Ausgaben. Die "
        "Kooperation muss mindestens fünf Jahre bestehen und jährlich mindestens "
        "15 % der Personal- und Sachausgaben einsparen (die Zuwendung nicht "
        "eingerechnet). Neues, vorbildhaftes Projekt, noch nicht begonnen; "
        "Beschlüsse der Gremien; die bloße gemeinsame Beschaffung von Geräten ist "
        "in der Regel nicht förderfähig; keine weiteren Mittel des Freistaats. Eine "
        "Mindestzahl der Partner nennen die gelesenen Auszüge nicht. Ob die "
        "Richtlinie über den 31.12.2025 hinaus gilt, ist offen.",
        "certainty": "S",
        "source": "[by7] gesetze-bayern.de BayVV_2020_6_I_2327-11 (Nr. 5) und "
        "BayVV_2020_6_I_2327-16 (Nr. 6); [by8] eap.bayern.de "
        "Leistungsbeschreibung 000639362589",
    },
    {
        "code": "nrw-ikz",
        "land": "05",
        "name": "Förderung der interkommunalen Zusammenarbeit in "
        "Nordrhein-Westfalen (Förderrichtlinie IKZ NRW)",
        "version": "RdErl. MHKBG – 301 – 43.02.05/04 vom 31.8.2021 (recht.nrw.de, "
        "Geltende Erlasse, Stand 15.11.2024)",
        "body": "Ministerium für Heimat, Kommunales, Bau und Digitalisierung; "
        "Bewilligung: die Bezirksregierung",
        "criteria_complete": True,
        "min_partners": 2,
        "min_partners_exception": None,
        "min_partners_cross_border": 1,
        "min_years": 5,
        "savings_target_pct": Decimal("15"),
        "service_improvement_counts": True,
        "fees_excluded": False,
        "grants": [
            {"partners_min": 1, "amount": 75000, "cross_border_only": True},
            {"partners_min": 2, "amount": 175000},
        ],
        "grant_per_further_partner": Decimal("35000"),
        "max_grant": None,
        "max_rate_pct": Decimal("90"),
        "valid_until": None,
        "conditions": "Festbetrag 175.000 € für zwei Partner aus "
        "Nordrhein-Westfalen und 35.000 € für jeden weiteren Partner aus "
        "Nordrhein-Westfalen, höchstens 90 % der zuwendungsfähigen Ausgaben; bei "
        "einem Vorhaben über die Landesgrenze mit nur einem Partner aus "
        "Nordrhein-Westfalen 75.000 €. Mindestens fünf Jahre (Abweichungen im "
        "Einzelfall möglich). Mindestens 15 % Kostenersparnis bei Personal- und "
        "Sachkosten oder Ertragssteigerung – oder stattdessen eine wesentliche "
        "Verbesserung des öffentlichen Leistungsangebots. Neue Zusammenarbeit in "
        "dem Aufgabenbereich, wesentliche Beiträge aller Partner, Vorbildcharakter "
        "– das prüft das Portal nicht. Gefördert werden Anbahnung, Vorbereitung, "
        "Einrichtung und Durchführung in der Anlaufphase, auch Personal. Das Ende "
        "der Antragsfrist ist nicht amtlich belegt.",
        "certainty": "S",
        "source": "[nw7] recht.nrw.de/lmi/owa/br_bes_text?anw_nr=1&aufgehoben=N"
        "&bes_id=46868 (Richtlinie); [nw8] bezreg-koeln.nrw.de, Förderung "
        "interkommunaler Zusammenarbeit, und bra.nrw.de, Förderung neuer "
        "interkommunaler Kooperation",
    },
    {
        "code": "thueringen-ikz",
        "land": "16",
        "name": "Förderung der kommunalen Zusammenarbeit in Thüringen "
        "(§ 24 Abs. 2 ThürFAG)",
        "version": "§ 24 Abs. 2 Thüringer Finanzausgleichsgesetz, geltende Fassung "
        "(Jahr nicht geprüft)",
        "body": "Thüringer Landesverwaltungsamt, Referat 500",
        "criteria_complete": True,
        "min_partners": 3,  # "in der Regel"
        "min_partners_exception": None,
        "min_partners_cross_border": None,
        "min_years": 5,
        "savings_target_pct": None,  # none stated
        "service_improvement_counts": False,
        "fees_excluded": True,
        "grants": [],  # by population and regional importance: not computable
        "grant_per_further_partner": None,
        "max_grant": Decimal("500000"),
        "max_rate_pct": None,
        "valid_until": None,
        "conditions": "Freiwillige Zusammenarbeit von in der Regel mindestens drei "
        "Gemeinden oder Landkreisen auf Grundlage eines Vertrags oder einer "
        "Satzung, in einem Aufgabenbereich, in dem keiner der Partner bisher "
        "zusammengearbeitet hat, für mindestens fünf Jahre; Ausnahmen von der "
        "Regel nennt die Quelle nicht. Für die Nutzung der Einrichtung dürfen "
        "keine Abgaben nach dem Kommunalabgabengesetz erhoben werden; nicht im "
        "Zusammenhang mit gemeindlichen Unternehmen (§ 71 ThürKO). Einmaliger "
        "Zuschuss bis 500.000 €, nach der Einwohnerzahl der Partner und der "
        "regionalen Bedeutung – das Portal berechnet ihn nicht. Gutachten zur "
        "Machbarkeit: 75 % der Kosten, höchstens 30.000 €. Ein Einsparziel nennt "
        "die Quelle nicht. Schwerpunkt derzeit: Digitalisierung der Verwaltungen.",
        "certainty": "S",
        "source": "[th6] landesverwaltungsamt.thueringen.de/wirtschaft/"
        "infrastrukturfoerderung/foerderung-der-kommunalen-zusammenarbeit; "
        "verwaltung.thueringen.de/web/guest/foerderung-nach-thuerfag",
    },
    {
        "code": "rlp-ikz",
        "land": "07",
        "name": "Pilotförderung „Interkommunale Zusammenarbeit (IKZ)“ in "
        "Rheinland-Pfalz",
        "version": "seit Juni 2024; Haushaltsmittel 5 Mio. € je Jahr 2025 und 2026",
        "body": "Ministerium des Innern und für Sport; Bewilligung: Aufsichts- und "
        "Dienstleistungsdirektion (ADD), Trier",
        "criteria_complete": False,
        "min_partners": 3,  # the amounts reported start at three Kommunen (G)
        "min_partners_exception": None,
        "min_partners_cross_border": None,
        "min_years": None,  # not found
        "savings_target_pct": None,  # not found
        "service_improvement_counts": False,
        "fees_excluded": False,
        "grants": [
            {"partners_min": 3, "amount": 210000},
            {"partners_min": 4, "amount": 320000},
        ],
        "grant_per_further_partner": None,
        "max_grant": None,
        "max_rate_pct": None,
        "valid_until": None,
        "conditions": "Das Programm ist amtlich belegt, seine Kriterien nur zum "
        "Teil. Anschubfinanzierung (nicht rückzahlbarer Zuschuss) für die "
        "Anlaufkosten von IKZ-Verbünden; Schwerpunkte: Digitalisierung der "
        "Verwaltung (Massenverfahren wie Kfz-Zulassung, Wohn- und Elterngeld), "
        "Cybersicherheit, Brand- und Katastrophenschutz, Back-Office (Vergabe-, "
        "Beschaffungs-, Fördermittelstelle). Beträge laut Presse: bei drei "
        "Kommunen bis 210.000 €, bei vier bis 320.000 €, mehr bei nicht "
        "benachbarten Partnern. Den Antrag stellt eine Kommune für den Verbund, "
        "für Ortsgemeinden die Verbandsgemeinde. Mindestlaufzeit und Einsparziel: "
        "in den Quellen nicht gefunden. Eine Verwaltungsvorschrift zur "
        "Verstetigung ist geplant.",
        "certainty": "G",
        "source": "[rp7] add.rlp.de/themen/foerderungen/ikz; [rp8] mdi.rlp.de, "
        "Interkommunale Zusammenarbeit – häufig gestellte Fragen, und PM „Ebling: "
        "Interkommunale Zusammenarbeit gewinnt an Fahrt“; Beträge: rheinpfalz.de "
        "und volksfreund.de, Juni 2024 (G)",
    },
]

HESSEN = {
    "version": "Rahmenvereinbarung zur Förderung der Interkommunalen "
    "Zusammenarbeit vom 7.12.2021 (Vorgänger 2.12.2011 und 2./13.12.2016), "
    "gültig fünf Jahre",
    "body": "Hessisches Ministerium des Innern, für Sicherheit und "
    "Heimatschutz; Zuweisungen aus dem Landesausgleichsstock; Antrag auf dem "
    "Dienstweg (Landkreis, Regierungspräsidium, Ministerium)",
    "conditions": "Antragsberechtigt sind die hessischen Kommunen und ihre "
    "Zusammenschlüsse als juristische Person (Gruppenantrag). Förderfähig sind "
    "die Formen nach § 2 Abs. 1 KGG, Verträge nach §§ 54 ff. HVwVfG und "
    "privatrechtliche Formen. Mindestens drei Kommunen, in begründeten "
    "Ausnahmefällen zwei; mindestens fünf Jahre; jährlich mindestens 15 % "
    "Einsparung bei Personal- und Sachkosten (Investitionsfolgekosten "
    "berücksichtigungsfähig). Regelzuwendung 50.000 € (zwei Kommunen), 75.000 € "
    "(drei), 100.000 € (mehr als drei), höher für besonders vorbildhafte oder "
    "breite Kooperationen; Gemeindeverwaltungsverband oder "
    "Verwaltungsgemeinschaft: 150.000 € je teilnehmender Gemeinde; Fusion von "
    "Ortsteilfeuerwehren: 15.000 € je Ortsteilfeuerwehr; Machbarkeitsstudien und "
    "Projektzuschüsse (rückzahlbar, wenn keine Kooperation folgt). Diese "
    "besonderen Beträge berechnet das Portal nicht; es rechnet mit der "
    "Regelzuwendung.",
    "certainty": "S",
    "source": "Rahmenvereinbarung IKZ Hessen vom 7.12.2021; [he10] "
    "beratungszentrum.hessen.de/interkommunale-zusammenarbeit/foerderung/"
    "foerdervoraussetzung und …/foerderhoehe; innen.hessen.de/kommunales/"
    "interkommunale-zusammenarbeit/foerderprogramm",
}

# Hessen's row as migrations 0002 and 0011 left it, for the reverse.
HESSEN_BEFORE = {
    "version": "",
    "body": "",
    "conditions": "",
    "certainty": "G",
    "source": "Rahmenvereinbarung IKZ Hessen vom 7.12.2021; beratungszentrum.hessen.de",
}


def add_programmes(apps, schema_editor):
    Land = apps.get_model("municipalities", "Land")
    FundingProgramme = apps.get_model("cooperations", "FundingProgramme")
    for code, (name, seat) in LAENDER.items():
        Land.objects.get_or_create(code=code, defaults={"name": name, "seat": seat})
    for programme in PROGRAMMES:
        defaults = {
            key: value
            for key, value in programme.items()
            if key not in ("code", "land")
        }
        FundingProgramme.objects.update_or_create(
            code=programme["code"],
            defaults={**defaults, "land_id": programme["land"]},
        )
    FundingProgramme.objects.filter(code="hessen-ikz").update(**HESSEN)


def remove_programmes(apps, schema_editor):
    FundingProgramme = apps.get_model("cooperations", "FundingProgramme")
    FundingProgramme.objects.filter(
        code__in=[programme["code"] for programme in PROGRAMMES]
    ).delete()
    FundingProgramme.objects.filter(code="hessen-ikz").update(**HESSEN_BEFORE)


class Migration(migrations.Migration):
    dependencies = [("cooperations", "0012_laender_forms")]

    operations = [migrations.RunPython(add_programmes, remove_programmes)]
