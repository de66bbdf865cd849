"""The method and assumptions printed beside a comparison result (page and report)."""

from django.utils.translation import gettext


def comparison_method_notes() -> list[str]:
    """One paragraph per step: ranking, ratings, cost split, population, cost."""
    return [
        gettext(
            "Rangfolge: Muss-Kriterien schließen Formen aus, die sie nicht mindestens "
            "mit 3 von 4 erfüllen. Die übrigen erhalten je Kriterium Gewicht × "
            "Bewertung (0–4) Punkte; der Anteil an der Höchstpunktzahl ergibt die "
            "Prozentzahl. Gleiche Werte teilen sich einen Rang."
        ),
        gettext(
            "Bewertungen folgen den Merkmalen der Formen im KGG Hessen; eine Angabe, "
            "die nicht belegt ist, macht auch ihre Bewertung unsicher (zu prüfen)."
        ),
        gettext(
            "Kostenaufteilung: genaue Brüche, dann werden die Cent nach dem Verfahren "
            "der größten Reste verteilt, bei Gleichstand zuerst an den kleineren "
            "Gemeindeschlüssel (AGS). Die Summe stimmt auf den Cent."
        ),
        gettext(
            "Bevölkerung: durchschnittliche jährliche Veränderung innerhalb einer "
            "Zensusbasis, angewandt auf den letzten amtlichen Stand; fehlende Jahre "
            "verlängern nur die Spanne. Eine Reihe mit weniger als 5 Jahren wird "
            "nur auf der Zensusbasis des letzten Stands verwendet, nie über den "
            "Bruch zwischen Zensus 2011 und Zensus 2022."
        ),
        gettext(
            "Kosten je Einwohner: Der Fixkostenanteil bleibt, wenn Einwohner "
            "wegziehen, der Rest ändert sich mit der Einwohnerzahl. Gemeinsam sinken "
            "die Fixkosten um die angenommene Bündelungseinsparung; die Kosten werden "
            "auf alle Einwohner der Partner umgelegt. Preise von heute, ohne "
            "Inflation und Investitionen."
        ),
    ]
