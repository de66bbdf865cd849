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
            "Bevölkerung in drei Varianten: amtlich (die Veränderung der amtlichen "
            "Vorausberechnung ab dem letzten Stand; für eine Gemeinde ohne eigene "
            "die des Kreises mit ihrem Anteil nach eigenem Trend), Trend "
            "(durchschnittliche jährliche Veränderung der längsten Reihe auf einer "
            "Zensusbasis, nie über den Bruch zwischen Zensus 2011 und Zensus 2022; "
            "unter 5 Jahren wird das Band erweitert) und Stress (gesetzte jährliche "
            "Veränderung). Das Band reicht von der niedrigsten zur höchsten Variante."
        ),
        gettext(
            "Kosten: Jeder Partner trägt heute seine eigenen Kosten. Der "
            "Fixkostenanteil bleibt, wenn Einwohner wegziehen (Kostenremanenz), der "
            "Rest ändert sich mit der Einwohnerzahl. Gemeinsam sinken die Fixkosten "
            "um den Bündelungseffekt; Einmalkosten abzüglich des Zuschusses werden "
            "über die Laufzeit verteilt; der gemeinsame Betrag wird nach dem "
            "Schlüssel auf den Cent aufgeteilt. Preise von heute, ohne Inflation und "
            "Investitionen."
        ),
        gettext(
            "Förderung: geprüft wird die berechnete Einsparung im Ausgangsjahr "
            "(ohne Einmalkosten und Zuschuss, abgerundet auf 0,1 %); eine von Ihnen "
            "eingetragene Einsparung ersetzt sie und ist als „angenommen“ markiert."
        ),
    ]
