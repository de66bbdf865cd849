"""Reference data for the option comparison and the guide's process checklists.

Ratings: how well each Hessian form meets a comparison criterion for the partners,
0 (not at all) to 4 (fully), judged from the fact's own text (migration 0002). A
rating inherits its fact's status: a rating of a fact still to be checked is shown
as uncertain. A requirement marked as a must is met from a rating of 3.

  fees         → "needs fee or sovereign powers"
  own_staff    → "needs own staff"
  liability    → "limited liability for the partners"
  approval     → "quick start" (none/notification fast, approval slow)
  setup        → "low set-up cost"
  exit         → "easy exit"
  vat          → "tax safety" (§ 2b UStG)
  procurement  → "procurement exemption" (§ 108 GWB)
  binding      → "needs a binding agreement" (staff, money or services exchanged)

Checklist items: the steps of the guide's four process phases, written for the
portal from the project's domain brief.
"""

from django.db import migrations

#            fees staff liab. appr. setup exit vat  proc. binding
RATINGS = {
    "netzwerk":            (0, 0, 4, 4, 4, 4, 4, 4, 0),
    "arbeitsgemeinschaft": (0, 0, 4, 3, 3, 3, 4, 4, 1),
    "oerv-mandat":         (0, 0, 2, 3, 3, 2, 1, 3, 3),
    "oerv-delegation":     (4, 2, 2, 2, 2, 2, 3, 3, 3),
    "zweckverband":        (4, 4, 2, 1, 1, 0, 2, 3, 4),
    "anstalt":             (4, 4, 0, 1, 1, 1, 2, 3, 4),
    "gvv":                 (4, 4, 1, 0, 0, 0, 2, 2, 4),
    "privatrechtlich":     (0, 4, 4, 2, 1, 2, 1, 1, 3),
}  # fmt: skip
CRITERIA = (
    "fees", "own_staff", "liability", "approval", "setup", "exit", "vat",
    "procurement", "binding",
)  # fmt: skip

CHECKLIST = [
    # code, phase, position, German, English
    ("inventory-population", "inventory", 10,
     "Einwohnerentwicklung und Altersstruktur der beteiligten Gemeinden "
     "zusammengetragen",
     "Population trend and age structure of the municipalities involved collected"),
    ("inventory-provision", "inventory", 20,
     "Erfasst, wer die Leistung heute erbringt (Regiebetrieb, Eigenbetrieb, "
     "Verband, Unternehmen)",
     "Recorded who provides the service today (own administration, municipal "
     "enterprise, association, company)"),
    ("inventory-costs", "inventory", 30,
     "Kosten, Personal und Auslastung der Anlagen je Gemeinde erhoben",
     "Costs, staff and use of the facilities per municipality gathered"),
    ("inventory-forecast", "inventory", 40,
     "Prognose für 2030 und 2040 erstellt und Engpässe benannt",
     "Forecast for 2030 and 2040 made and bottlenecks named"),
    ("actors-map", "actors", 10,
     "Beteiligte benannt: Verwaltung, Politik, Betriebe, Bürgerschaft, "
     "Kommunalaufsicht",
     "Stakeholders named: administration, councils, utilities, citizens, "
     "supervisory authority"),
    ("actors-mandate", "actors", 20,
     "Auftrag der Gemeindevertretungen für die Sondierung eingeholt",
     "Mandate from the municipal councils for exploring obtained"),
    ("actors-working-group", "actors", 30,
     "Thematische Arbeitsgruppe mit festen Ansprechpersonen eingerichtet",
     "Thematic working group with named contacts set up"),
    ("actors-staff", "actors", 40,
     "Beschäftigte und Personalvertretungen früh informiert",
     "Employees and staff councils informed early"),
    ("development-options", "development", 10,
     "Organisationsformen verglichen und Wahl begründet",
     "Organisational forms compared and the choice justified"),
    ("development-costs", "development", 20,
     "Kostenschlüssel zwischen den Partnern vereinbart",
     "Cost key between the partners agreed"),
    ("development-supervision", "development", 30,
     "Steuer- und Vergabefragen mit der Kommunalaufsicht geklärt",
     "Tax and procurement questions clarified with the supervisory authority"),
    ("development-funding", "development", 40,
     "Förderantrag vorbereitet: Antrag, Beschlüsse aller Partner, Vertrag",
     "Funding application prepared: letter, resolutions of every partner, contract"),
    ("development-contract", "development", 50,
     "Vertrag oder Satzung entworfen und von allen Gremien beschlossen",
     "Contract or statute drafted and adopted by every council"),
    ("implementation-start", "implementation", 10,
     "Start organisiert: Personal, Räume, Technik, Zuständigkeiten",
     "Start organised: staff, premises, equipment, responsibilities"),
    ("implementation-monitoring", "implementation", 20,
     "Kennzahlen und Einsparungen werden jährlich festgehalten",
     "Indicators and savings are recorded every year"),
    ("implementation-review", "implementation", 30,
     "Termin für die gemeinsame Überprüfung und Anpassung festgelegt",
     "Date for the joint review and adjustment set"),
    ("implementation-permanence", "implementation", 40,
     "Verstetigung geregelt: Laufzeit, Kündigung, Nachfolge",
     "Permanence settled: term, notice, succession"),
]  # fmt: skip


def add_reference_data(apps, schema_editor):
    FormFact = apps.get_model("cooperations", "FormFact")
    ChecklistItem = apps.get_model("cooperations", "ChecklistItem")
    for code, ratings in RATINGS.items():
        for criterion, rating in zip(CRITERIA, ratings, strict=True):
            FormFact.objects.filter(form__code=code, criterion=criterion).update(
                rating=rating
            )
    for code, phase, position, text, text_en in CHECKLIST:
        ChecklistItem.objects.update_or_create(
            code=code,
            defaults={
                "phase": phase,
                "position": position,
                "text": text,
                "text_en": text_en,
            },
        )


def remove_reference_data(apps, schema_editor):
    apps.get_model("cooperations", "FormFact").objects.update(rating=None)
    apps.get_model("cooperations", "ChecklistItem").objects.filter(
        code__in=[row[0] for row in CHECKLIST]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cooperations", "0006_option_comparison_and_checklists")]

    operations = [migrations.RunPython(add_reference_data, remove_reference_data)]
