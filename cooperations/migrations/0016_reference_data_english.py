"""English texts for the reference data the guide shows: each form's summary, each
criterion's value, the notes on forms a Land's law does not offer, the funding
programmes' further conditions and the Länder's notes on funding.

A text gets its English version only while its German text is the one translated
here (an admin may have changed it since); every other row keeps an empty English
text, and the pages show the German one, marked as German. Names of laws and of
German institutions stay German in the English text (the guide marks them with
lang="de"). Reversing removes the fields with their texts.
"""

from django.db import migrations, models

# The family's first sentences of a form's summary (migration 0012), in both
# languages; a summary that starts with one is translated in two parts.
FAMILY_TEXT = {
    "Kommunen tauschen sich regelmäßig aus, etwa in einem Forum, Arbeitskreis oder "
    "Netzwerk. Informelle Formen brauchen keine gesetzliche Grundlage; sie eignen "
    "sich, um gemeinsame Themen und passende Partner zu finden.":
    "Municipalities exchange views regularly, for example in a forum, a working "
    "circle or a network. Informal forms need no statutory basis; they help to find "
    "shared topics and suitable partners.",
    "Kommunen vereinbaren schriftlich, gemeinsame Fragen zusammen zu beraten und "
    "abzustimmen. Die Arbeitsgemeinschaft ist keine eigene Rechtsperson, und keine "
    "Aufgabe geht auf sie über.":
    "Municipalities agree in writing to discuss and coordinate shared questions "
    "together. The working group is not a legal person of its own, and no task "
    "passes to it.",
    "Eine Kommune erledigt eine Aufgabe für eine andere; Grundlage ist ein "
    "schriftlicher Vertrag. Verantwortung und Gebühren bleiben bei der "
    "auftraggebenden Kommune.":
    "One municipality carries out a task for another on the basis of a written "
    "contract. Responsibility and fees stay with the commissioning municipality.",
    "Eine Kommune überträgt eine Aufgabe ganz auf eine andere, die sie dann in "
    "eigener Verantwortung erfüllt.":
    "One municipality transfers a task entirely to another, which then performs it "
    "under its own responsibility.",
    "Die Mitglieder bilden eine eigene Körperschaft des öffentlichen Rechts, auf die "
    "Aufgaben übergehen; sie finanziert sich über eine Umlage und Gebühren.":
    "The members form a corporation under public law of its own, to which tasks "
    "pass; it is financed by a levy on its members and by fees.",
    "Mehrere Kommunen tragen gemeinsam eine Anstalt des öffentlichen Rechts, die "
    "eine Aufgabe selbstständig erfüllt.":
    "Several municipalities jointly maintain an institution under public law that "
    "performs a task independently.",
    "Neben den Formen des Kooperationsrechts stehen privatrechtliche Gesellschaften "
    "offen, etwa eine GmbH, ein Verein oder eine Genossenschaft.":
    "Besides the forms of the cooperation law, private-law companies are open to "
    "municipalities, for example a GmbH, a registered association or a cooperative.",
}  # fmt: skip

# The Land's own sentences after the family's (or the whole summary where a form has
# no family text, as Hessen's forms and the administrative unions).
SUMMARY_PARTS = {
    "Abschluss und Änderung bedürfen der Genehmigung der untersten gemeinsamen "
    "Aufsichtsbehörde (§ 12 KomZG).":
    "Concluding and amending it require the approval of the lowest common "
    "supervisory authority (§ 12 KomZG).",
    "Aufgabe und Pflicht gehen auf die übernehmende Körperschaft über (§ 18 GkZ); "
    "die Genehmigung ist nicht gelesen.":
    "The task and the duty pass to the receiving body (§ 18 GkZ); the rule on "
    "approval has not been read.",
    "Das GKG-LSA lässt privatrechtliche Formen unberührt (§ 2).":
    "The GKG-LSA leaves private-law forms unaffected (§ 2).",
    "Das GKG-LSA nennt sie in § 2; eine Genehmigung ist nach der älteren Fassung "
    "nicht vorgesehen.":
    "The GKG-LSA names it in § 2; under the older version no approval is required.",
    "Das GKGBbg lässt privatrechtliche Formen unberührt (§ 2 Abs. 2).":
    "The GKGBbg leaves private-law forms unaffected (§ 2(2)).",
    "Das GKGBbg regelt sie in § 4.":
    "The GKGBbg governs it in § 4.",
    "Das GKZ regelt die Vereinbarung in den §§ 25 bis 27a; ob sie genehmigt oder "
    "nur angezeigt wird, ist nicht gelesen.":
    "The GKZ governs the agreement in §§ 25 to 27a; whether it needs approval or "
    "only notification has not been read.",
    "Das GKZ regelt sie in den §§ 24a und 24b; Genehmigung und Personal sind noch "
    "zu klären.":
    "The GKZ governs it in §§ 24a and 24b; approval and staff are still to be "
    "clarified.",
    "Das GkG NRW lässt privatrechtliche Formen unberührt (§ 1 Abs. 3).":
    "The GkG NRW leaves private-law forms unaffected (§ 1(3)).",
    "Das GkG NRW regelt sie in den §§ 2 und 3.":
    "The GkG NRW governs it in §§ 2 and 3.",
    "Das GkZ regelt das Unternehmen in den §§ 19b bis 19d; Genehmigung und Personal "
    "sind nicht gelesen.":
    "The GkZ governs the enterprise in §§ 19b to 19d; the rules on approval and "
    "staff have not been read.",
    "Das KGG lässt privatrechtliche Formen unberührt; für Unternehmen gelten die "
    "§§ 108 und 110 ff. KSVG.":
    "The KGG leaves private-law forms unaffected; enterprises are governed by "
    "§§ 108 and 110 et seq. KSVG.",
    "Das KomZG lässt privatrechtliche Formen unberührt (§ 1 Abs. 2).":
    "The KomZG leaves private-law forms unaffected (§ 1(2)).",
    "Das KomZG regelt sie in den §§ 14a und 14b; die Genehmigung ist nicht gelesen.":
    "The KomZG governs it in §§ 14a and 14b; the rule on approval has not been "
    "read.",
    "Das KommZG regelt sie in den Artikeln 4 bis 6.":
    "The KommZG governs it in Articles 4 to 6.",
    "Das NKomZG lässt privatrechtliche Formen unberührt (§ 1 Abs. 2).":
    "The NKomZG leaves private-law forms unaffected (§ 1(2)).",
    "Das ThürKGG regelt sie in § 4.":
    "The ThürKGG governs it in § 4.",
    "Das ThürKGG unterscheidet anzeige- und genehmigungspflichtige "
    "Zweckvereinbarungen (§ 11).":
    "The ThürKGG distinguishes purpose agreements that must be notified from those "
    "that must be approved (§ 11).",
    "Das Unternehmen wird durch öffentlich-rechtlichen Vertrag errichtet und muss "
    "nur angezeigt werden (§ 167c KV M-V).":
    "The enterprise is established by a public-law contract and only has to be "
    "notified (§ 167c KV M-V).",
    "Das saarländische KGG regelt sie in § 21.":
    "Saarland's KGG governs it in § 21.",
    "Der Errichtungsvertrag bedarf der Genehmigung; die Verbandssatzung wird nur "
    "angezeigt (§ 152 KV M-V).":
    "The founding contract requires approval; the association's statutes are only "
    "notified (§ 152 KV M-V).",
    "Der schriftliche Vertrag bedarf der Genehmigung.":
    "The written contract requires approval.",
    "Die Beteiligung an einem Unternehmen ist der Aufsicht anzuzeigen "
    "(§ 77 KV M-V).":
    "A holding in a company must be notified to the supervisory authority "
    "(§ 77 KV M-V).",
    "Die Errichtungsbehörde (Kreisverwaltung oder ADD) errichtet ihn auf Antrag mit "
    "dem vereinbarten Entwurf der Verbandsordnung (§§ 4–5 KomZG).":
    "The establishing authority (the Kreisverwaltung or the ADD) establishes it on "
    "application with the agreed draft of the association's rules (§§ 4–5 KomZG).",
    "Die Genehmigung gilt nach vier Wochen als erteilt, wenn die Aufsicht nicht "
    "widerspricht (§ 10 GkG NRW).":
    "Approval is deemed granted after four weeks unless the supervisory authority "
    "objects (§ 10 GkG NRW).",
    "Die Kommunalverfassung regelt die Vereinbarung in § 165; ob sie genehmigt "
    "werden muss, ist nicht gelesen.":
    "The municipal constitution governs the agreement in § 165; whether it needs "
    "approval has not been read.",
    "Die Kommunen zeigen die Vereinbarung ihrer Aufsichtsbehörde an "
    "(§ 14 Abs. 4 KomZG).":
    "The municipalities notify the agreement to their supervisory authority "
    "(§ 14(4) KomZG).",
    "Die Landesdirektion nennt sie unter den Formen des SächsKomZG; der Paragraf "
    "ist nicht gelesen.":
    "The Landesdirektion lists it among the forms of the SächsKomZG; the section "
    "has not been read.",
    "Die Träger errichten das Unternehmen durch eine vereinbarte "
    "Unternehmenssatzung.":
    "The sponsors establish the enterprise through agreed statutes.",
    "Die Verbandssatzung bedarf der Genehmigung der Aufsichtsbehörde (§ 7 KGG).":
    "The association's statutes require the approval of the supervisory authority "
    "(§ 7 KGG).",
    "Die Verbandssatzung bedarf der Genehmigung der Kommunalaufsicht (§ 5 GkZ).":
    "The association's statutes require the approval of the municipal supervisory "
    "authority (§ 5 GkZ).",
    "Die Verbandssatzung bedarf der Genehmigung der Kommunalaufsicht; der Verband "
    "entsteht am Tag nach der Bekanntmachung (§ 8 GKG-LSA).":
    "The association's statutes require the approval of the municipal supervisory "
    "authority; the association comes into being on the day after publication "
    "(§ 8 GKG-LSA).",
    "Die Verbandssatzung bedarf der Genehmigung der Rechtsaufsichtsbehörde "
    "(§ 7 GKZ).":
    "The association's statutes require the approval of the legal supervisory "
    "authority (§ 7 GKZ).",
    "Die Verbandssatzung bedarf der Genehmigung.":
    "The association's statutes require approval.",
    "Die Vereinbarung muss genehmigt werden; die Genehmigung gilt nach vier Wochen "
    "als erteilt (§ 24 GkG NRW).":
    "The agreement must be approved; approval is deemed granted after four weeks "
    "(§ 24 GkG NRW).",
    "Die Vereinbarung muss nur angezeigt werden (§ 18 KGG).":
    "The agreement only has to be notified (§ 18 KGG).",
    "Die beauftragte Körperschaft führt die Aufgabe nur durch; das Vergaberecht ist "
    "zu beachten (§ 2 NKomZG).":
    "The commissioned body only carries out the task; procurement law must be "
    "observed (§ 2 NKomZG).",
    "Die schriftliche Vereinbarung bedarf der Genehmigung und wird am Tag nach der "
    "Bekanntmachung wirksam (§ 18 KGG).":
    "The written agreement requires approval and takes effect on the day after "
    "publication (§ 18 KGG).",
    "Die übernehmende Kommune kann ihre Satzungen auf das Gebiet der anderen "
    "erstrecken (§ 26 GKZ); die Genehmigung ist noch zu klären.":
    "The receiving municipality can extend its by-laws to the other's territory "
    "(§ 26 GKZ); approval is still to be clarified.",
    "Eine Genehmigung braucht sie nur bei bestimmten Aufgaben; innerhalb einer "
    "Verbandsgemeinde ist sie nicht zulässig (§ 3 GKG-LSA, ältere Fassung).":
    "It needs approval only for certain tasks; it is not permitted within a "
    "Verbandsgemeinde (§ 3 GKG-LSA, older version).",
    "Eine gemeinsame Anstalt kann in einen Zweckverband umgewandelt werden "
    "(§ 36 GKGBbg).":
    "A joint institution can be converted into a special-purpose association "
    "(§ 36 GKGBbg).",
    "Er entsteht mit der Bekanntmachung von Verbandssatzung und Genehmigung "
    "(§§ 18–19 ThürKGG).":
    "It comes into being when its statutes and their approval are published "
    "(§§ 18–19 ThürKGG).",
    "Er kann eine hauptamtliche Verbandsleitung haben (§ 23 GKGBbg).":
    "It can have full-time management (§ 23 GKGBbg).",
    "Er wird durch öffentlich-rechtlichen Vertrag errichtet; seine Verbandsordnung "
    "gilt als Satzung (§ 9 NKomZG).":
    "It is established by a public-law contract; its rules count as statutes "
    "(§ 9 NKomZG).",
    "Erhält eine Kommune auch Befugnisse wie das Satzungsrecht, muss die "
    "Vereinbarung genehmigt werden (Art. 11 und 12 KommZG).":
    "If a municipality also receives powers such as the power to issue by-laws, "
    "the agreement must be approved (Art. 11 and 12 KommZG).",
    "Für die Anstalt in gemeinsamer Trägerschaft gelten auch § 114a GO NRW und die "
    "Kommunalunternehmensverordnung.":
    "The jointly sponsored institution is also governed by § 114a GO NRW and the "
    "Kommunalunternehmensverordnung.",
    "In Nordrhein-Westfalen muss jede Vereinbarung genehmigt werden; die "
    "Genehmigung gilt nach vier Wochen als erteilt (§ 24 GkG NRW).":
    "In North Rhine-Westphalia every agreement must be approved; approval is "
    "deemed granted after four weeks (§ 24 GkG NRW).",
    "Mit der Aufgabe kann auch die Befugnis zu Satzungen und Verordnungen übergehen "
    "(§ 2 Abs. 3 NKomZG).":
    "The power to issue by-laws and ordinances can pass with the task "
    "(§ 2(3) NKomZG).",
    "Ob das GKZ sie ausdrücklich offenlässt, ist nicht gelesen; für die Beteiligung "
    "gilt die Gemeindeordnung.":
    "Whether the GKZ expressly leaves them open has not been read; holdings are "
    "governed by the Gemeindeordnung.",
    "Ob das GkZ die bloße Durchführung eigens regelt und ob die Vereinbarung "
    "genehmigt werden muss, ist nicht gelesen.":
    "Whether the GkZ governs mere performance separately and whether the agreement "
    "must be approved has not been read.",
    "Ob das GkZ sie ausdrücklich offenlässt, ist nicht gelesen; für die Beteiligung "
    "gilt die Gemeindeordnung.":
    "Whether the GkZ expressly leaves them open has not been read; holdings are "
    "governed by the Gemeindeordnung.",
    "Ob das KommZG sie ausdrücklich offenlässt, ist nicht gelesen; für die "
    "Beteiligung gilt die Gemeindeordnung.":
    "Whether the KommZG expressly leaves them open has not been read; holdings are "
    "governed by the Gemeindeordnung.",
    "Ob das SächsKomZG sie ausdrücklich offenlässt, ist nicht gelesen; für die "
    "Beteiligung gilt die Gemeindeordnung.":
    "Whether the SächsKomZG expressly leaves them open has not been read; holdings "
    "are governed by the Gemeindeordnung.",
    "Ob das ThürKGG sie ausdrücklich offenlässt, ist nicht gelesen; für die "
    "Beteiligung gilt die ThürKO.":
    "Whether the ThürKGG expressly leaves them open has not been read; holdings are "
    "governed by the ThürKO.",
    "Ob ihre Beschlüsse die Mitglieder binden, wie in anderen Ländern, ist nicht "
    "gelesen.":
    "Whether its resolutions bind the members, as in other Länder, has not been "
    "read.",
    "Satzung und Genehmigung werden im Amtsblatt der Aufsichtsbehörde "
    "bekanntgemacht; der Verband entsteht frühestens am Tag danach.":
    "The statutes and their approval are published in the supervisory authority's "
    "official gazette; the association comes into being on the following day at "
    "the earliest.",
    "Sie muss spätestens sechs Wochen vor dem Wirksamwerden angezeigt werden "
    "(§ 4 NKomZG).":
    "It must be notified at least six weeks before it takes effect (§ 4 NKomZG).",
    "Welche Vereinbarungen angezeigt und welche genehmigt werden müssen, regelt "
    "§ 41 GKGBbg; sein Wortlaut ist nicht gelesen.":
    "§ 41 GKGBbg governs which agreements must be notified and which approved; its "
    "wording has not been read.",
    "Werden nur Aufgaben gemeinsam erfüllt, genügt eine Anzeige (Art. 12 KommZG).":
    "If tasks are only performed jointly, notification is enough "
    "(Art. 12 KommZG).",
    "Zweckvereinbarungen sind in Sachsen genehmigungspflichtig (§ 71 SächsKomZG).":
    "In Saxony, purpose agreements require approval (§ 71 SächsKomZG).",
    # Whole summaries (forms without a family text of migration 0012)
    "Amtsangehörige Gemeinden lassen ihre Verwaltung von einem Amt führen, einer "
    "Körperschaft des öffentlichen Rechts, die sich über die Amtsumlage "
    "finanziert.":
    "Member municipalities have their administration run by an Amt, a corporation "
    "under public law that is financed by the Amtsumlage (a levy on its members).",
    "Amtsangehörige Gemeinden lassen ihre Verwaltung von einem Amt führen, einer "
    "Körperschaft des öffentlichen Rechts. Das Amt hat eine eigene Verwaltung oder "
    "nutzt die einer geschäftsführenden Gemeinde (§ 126 KV M-V).":
    "Member municipalities have their administration run by an Amt, a corporation "
    "under public law. The Amt has an administration of its own or uses that of a "
    "managing municipality (§ 126 KV M-V).",
    "Amtsangehörige Gemeinden lassen ihre Verwaltung von einem Amt führen, einer "
    "Körperschaft mit eigener Verwaltung, die sich über die Amtsumlage finanziert.":
    "Member municipalities have their administration run by an Amt, a corporate "
    "body with an administration of its own that is financed by the Amtsumlage "
    "(a levy on its members).",
    "Benachbarte Gemeinden desselben Landkreises bilden einen Verband, der "
    "Verwaltungsaufgaben für sie erledigt; für ihn gilt das GKZ wie für einen "
    "Zweckverband. Eine Gemeinde kann nur einer Verwaltungsgemeinschaft angehören.":
    "Neighbouring municipalities of the same district form an association that "
    "carries out administrative tasks for them; the GKZ applies to it as to a "
    "special-purpose association. A municipality can belong to only one "
    "administrative community.",
    "Benachbarte Gemeinden desselben Landkreises vereinbaren, dass eine von ihnen "
    "als erfüllende Gemeinde Aufgaben für die anderen wahrnimmt. Es entsteht keine "
    "neue Rechtsperson.":
    "Neighbouring municipalities of the same district agree that one of them, as "
    "the host municipality, performs tasks for the others. No new legal person is "
    "created.",
    "Das KGG lässt neben seinen eigenen Formen auch privatrechtliche offen, etwa "
    "eine GmbH, einen Verein, eine Genossenschaft oder eine AG. Für die Beteiligung "
    "der Kommunen gelten die §§ 121 ff. HGO.":
    "Besides its own forms, the KGG leaves private-law forms open, for example a "
    "GmbH, a registered association, a cooperative or an AG. Municipal holdings are "
    "governed by §§ 121 et seq. HGO.",
    "Die Mitglieder bilden eine eigene Körperschaft des öffentlichen Rechts, auf "
    "die Aufgaben und Hoheitsrechte übergehen; sie hat eigenes Personal und "
    "finanziert sich über eine Umlage. Die Verbandssatzung muss genehmigt werden; "
    "der Zweckverband gilt als die verbindlichste Form der Zusammenarbeit.":
    "The members form a corporation under public law of its own, to which tasks "
    "and sovereign powers pass; it has its own staff and is financed by a levy on "
    "its members. The association's statutes must be approved; the "
    "special-purpose association is considered the most binding form of "
    "cooperation.",
    "Drei bis acht Mitgliedsgemeinden bilden eine Gebietskörperschaft, die Aufgaben "
    "für sie erfüllt. Sie hat die früheren Verwaltungsgemeinschaften abgelöst.":
    "Three to eight member municipalities form a territorial authority that "
    "performs tasks for them. It has replaced the former administrative "
    "communities.",
    "Ein Beteiligter nimmt die Verwaltung eines anderen in Anspruch; die Aufgaben "
    "bleiben bei ihm. Es entsteht keine neue Rechtsperson.":
    "One party uses the administration of another; the tasks remain its own. No "
    "new legal person is created.",
    "Ein Partner nutzt durch öffentlich-rechtlichen Vertrag die Verwaltung oder die "
    "Einrichtungen des anderen. Es entsteht keine neue Rechtsperson.":
    "Under a public-law contract, one partner uses the other's administration or "
    "facilities. No new legal person is created.",
    "Ein Verband, der Verwaltungsaufgaben seiner Mitgliedsgemeinden gemeinsam "
    "wahrnimmt und sich über eine Verbandsumlage finanziert. Die IKZ-Förderung des "
    "Landes sieht für einen Verband, der nahezu alle Aufgaben übernimmt, einen "
    "eigenen Zuschuss vor.":
    "An association that performs administrative tasks of its member "
    "municipalities jointly and is financed by a levy on its members. The Land's "
    "funding for inter-municipal cooperation provides a grant of its own for an "
    "association that takes over nearly all tasks.",
    "Eine Gemeinde führt die Verwaltung anderer Gemeinden mit, die selbstständig "
    "bleiben. Die Einzelheiten sind nicht gelesen.":
    "One municipality also runs the administration of other municipalities, which "
    "remain independent. The details have not been read.",
    "Eine Gemeinde nimmt die Aufgaben einer Verwaltungsgemeinschaft für eine "
    "Nachbargemeinde wahr. Es entsteht keine neue Rechtsperson.":
    "One municipality performs the tasks of an administrative community for a "
    "neighbouring municipality. No new legal person is created.",
    "Eine Kommune erledigt eine Aufgabe im Auftrag einer anderen; Grundlage ist ein "
    "schriftlicher Vertrag. Die Verantwortung für die Aufgabe bleibt bei der "
    "auftraggebenden Kommune, die Vereinbarung muss nur angezeigt werden.":
    "One municipality carries out a task on behalf of another on the basis of a "
    "written contract. Responsibility for the task stays with the commissioning "
    "municipality; the agreement only has to be notified.",
    "Eine erfüllende Gemeinde nimmt auf Grund einer Gemeinschaftsvereinbarung "
    "Aufgaben für die anderen wahr. Seit dem 17.11.2012 dürfen keine neuen "
    "gebildet oder bestehende erweitert werden.":
    "A host municipality performs tasks for the others on the basis of a community "
    "agreement. Since 17 November 2012 no new ones may be formed and existing ones "
    "may not be enlarged.",
    "Gemeinden bilden eine Körperschaft des öffentlichen Rechts, die ihre "
    "Verwaltung führt; sie wird durch Gesetz gebildet. Gemeinden unter 3.000 "
    "Einwohnern müssen einer Verwaltungsgemeinschaft angehören oder einer "
    "erfüllenden Gemeinde zugeordnet sein.":
    "Municipalities form a corporation under public law that runs their "
    "administration; it is formed by statute. Municipalities with fewer than 3,000 "
    "inhabitants must belong to an administrative community or be assigned to a "
    "host municipality.",
    "Gemeinden bilden eine Körperschaft, die Verwaltungsaufgaben für sie erfüllt. "
    "Seit dem 17.11.2012 dürfen keine neuen gebildet oder bestehende erweitert "
    "werden.":
    "Municipalities form a corporate body that performs administrative tasks for "
    "them. Since 17 November 2012 no new ones may be formed and existing ones may "
    "not be enlarged.",
    "Gemeinden bilden eine Körperschaft, die ihre Verwaltungsgeschäfte führt; "
    "gebildet wird sie durch Gesetz oder Rechtsverordnung. Im KommZG steht sie "
    "einer Gemeinde gleich.":
    "Municipalities form a corporate body that conducts their administrative "
    "business; it is formed by statute or statutory ordinance. Under the KommZG it "
    "is treated like a municipality.",
    "Kommunen vereinbaren schriftlich, gemeinsame Fragen zusammen zu beraten und "
    "abzustimmen. Die Arbeitsgemeinschaft ist keine eigene Rechtsperson; ihre "
    "Ergebnisse binden die Mitglieder nicht, jede Kommune entscheidet selbst.":
    "Municipalities agree in writing to discuss and coordinate shared questions "
    "together. The working group is not a legal person of its own; its results do "
    "not bind the members, and each municipality decides for itself.",
    "Mehrere Kommunen tragen gemeinsam eine Anstalt des öffentlichen Rechts, deren "
    "Satzung genehmigt werden muss. Sie kann eigene Satzungen erlassen, auch mit "
    "Anschluss- und Benutzungszwang; die Träger haften unbeschränkt.":
    "Several municipalities jointly maintain an institution under public law whose "
    "statutes must be approved. It can issue its own by-laws, including compulsory "
    "connection and use (Anschluss- und Benutzungszwang); the sponsors are liable "
    "without limit.",
    "Mitgliedsgemeinden bilden eine Samtgemeinde, die Aufgaben für sie erfüllt. "
    "Dient eine Zusammenarbeit nur den eigenen Aufgaben aller Mitgliedsgemeinden, "
    "geht die Samtgemeinde vor.":
    "Member municipalities form a Samtgemeinde that performs tasks for them. Where "
    "a cooperation serves only the own tasks of all member municipalities, the "
    "Samtgemeinde takes precedence.",
    "Nach dem Gesetz von 2018/2019 können sich Gemeinden zu einer Verbandsgemeinde "
    "zusammenschließen, die Aufgaben für die verbandsangehörigen Gemeinden "
    "erfüllt. Die Einzelheiten sind nicht gelesen.":
    "Under the act of 2018/2019, municipalities can join to form a "
    "Verbandsgemeinde that performs tasks for its member municipalities. The "
    "details have not been read.",
    "Ortsgemeinden gehören einer Verbandsgemeinde an, die Verwaltungsaufgaben für "
    "sie erfüllt. Gebildet wird sie durch Gesetz.":
    "Ortsgemeinden (local municipalities) belong to a Verbandsgemeinde that "
    "performs administrative tasks for them. It is formed by statute.",
}  # fmt: skip

# The criteria's values (FormFact.value).
VALUES = {
    "Amtsumlage der amtsangehörigen Gemeinden":
    "Amtsumlage (levy) paid by the member municipalities",
    "Anzeige": "notification",
    "Anzeige an die Kommunalaufsicht, teils Genehmigung (Gemeindeordnung)":
    "notification to the municipal supervisory authority, in some cases approval "
    "(Gemeindeordnung)",
    "Anzeige spätestens sechs Wochen vor dem Wirksamwerden (früher Genehmigung)":
    "notification at least six weeks before taking effect (formerly approval)",
    "Anzeige, wenn Aufgaben nur gemeinsam erfüllt oder übertragen werden; im "
    "übertragenen Wirkungskreis entscheidet die Aufsicht nach Anhörung der "
    "Fachaufsicht":
    "notification if tasks are only performed jointly or transferred; for "
    "delegated state tasks the supervisory authority decides after hearing the "
    "specialist supervisory authority",
    "Anzeige; schriftlicher Vertrag, der Beteiligte und Aufgaben nennt":
    "notification; a written contract naming the parties and tasks",
    "Anzeige; wirksam, wenn die Aufsicht nicht binnen zwei Monaten beanstandet":
    "notification; effective unless the supervisory authority objects within two "
    "months",
    "Aufgabe und Pflicht gehen auf die übernehmende Körperschaft über":
    "the task and the duty pass to the receiving body",
    "Aufgaben und Hoheitsrechte gehen auf den Verband über":
    "tasks and sovereign powers pass to the association",
    "Aufsicht über kommunale Beteiligungen":
    "supervision of municipal holdings",
    "Bildung durch Gesetz": "formed by statute",
    "Bildung durch Gesetz oder Rechtsverordnung":
    "formed by statute or statutory ordinance",
    "Bildung durch Gesetz oder Verordnung": "formed by statute or ordinance",
    "Bildung und Änderung durch Gesetz": "formed and changed by statute",
    "Delegation mit befreiender Wirkung: keine Wettbewerbsverzerrung angenommen":
    "delegation with discharging effect: no distortion of competition assumed",
    "Ergebnisse binden die Mitglieder nicht; die Zuständigkeit bleibt":
    "results do not bind the members; responsibility stays where it is",
    "Ergebnisse sind nicht bindend; jedes Mitglied entscheidet selbst":
    "results are not binding; each member decides for itself",
    "Errichtung durch die Errichtungsbehörde (Kreisverwaltung, bei Beteiligten "
    "mehrerer Landkreise die ADD) auf Antrag mit dem vereinbarten Entwurf der "
    "Verbandsordnung":
    "established by the establishing authority (the Kreisverwaltung, or the ADD "
    "if parties from several districts take part) on application with the agreed "
    "draft of the association's rules",
    "Errichtung durch öffentlich-rechtlichen Vertrag; nur Anzeige":
    "established by a public-law contract; notification only",
    "Errichtung durch öffentlich-rechtlichen Vertrag; ob eine Genehmigung nötig "
    "ist, ist nicht gelesen":
    "established by a public-law contract; whether approval is needed has not "
    "been read",
    "Gebühren und Hoheitsrechte bleiben bei der auftraggebenden Kommune":
    "fees and sovereign powers stay with the commissioning municipality",
    "Gebühren und Hoheitsrechte gehen mit der Aufgabe über":
    "fees and sovereign powers pass with the task",
    "Genehmigung": "approval",
    "Genehmigung der Aufsichtsbehörde für jede Vereinbarung; gilt nach vier Wochen "
    "als erteilt; Kündigung und Aufhebung nur Anzeige":
    "approval of the supervisory authority for every agreement, deemed granted "
    "after four weeks; termination and cancellation only need notification",
    "Genehmigung der Aufsichtsbehörde; Satzung und Genehmigung werden im Amtsblatt "
    "bekanntgemacht, der Verband entsteht frühestens am Tag danach":
    "approval of the supervisory authority; the statutes and their approval are "
    "published in the official gazette, and the association comes into being on "
    "the following day at the earliest",
    "Genehmigung der Aufsichtsbehörde; bei Auftragsangelegenheiten vorher "
    "Zustimmung des Fachministeriums":
    "approval of the supervisory authority; for delegated state tasks, prior "
    "consent of the competent ministry",
    "Genehmigung der Aufsichtsbehörde; gilt nach vier Wochen als erteilt, wenn die "
    "Aufsicht nicht widerspricht":
    "approval of the supervisory authority, deemed granted after four weeks unless "
    "the supervisory authority objects",
    "Genehmigung der Aufsichtsbehörde; schriftlich (nicht elektronisch), "
    "bekanntgemacht, wirksam am Tag nach der Bekanntmachung":
    "approval of the supervisory authority; in writing (not electronic), "
    "published, effective on the day after publication",
    "Genehmigung der Kommunalaufsicht (berichtet, nicht gelesen)":
    "approval of the municipal supervisory authority (reported, not read)",
    "Genehmigung der Kommunalaufsicht nur bei gesetzlich zugewiesenen Aufgaben oder "
    "im übertragenen Wirkungskreis, sonst keine; nicht innerhalb einer "
    "Verbandsgemeinde":
    "approval of the municipal supervisory authority only for tasks assigned by "
    "statute or delegated by the state, otherwise none; not within a "
    "Verbandsgemeinde",
    "Genehmigung der Kommunalaufsicht; der Verband entsteht am Tag nach der "
    "Bekanntmachung; das Verfahren ist gebührenfrei":
    "approval of the municipal supervisory authority; the association comes into "
    "being on the day after publication; the procedure is free of charge",
    "Genehmigung der Rechtsaufsicht erwartet; § 25 GKZ nicht im Wortlaut gelesen":
    "approval of the legal supervisory authority expected; the wording of "
    "§ 25 GKZ has not been read",
    "Genehmigung der Verbandssatzung; der Verband entsteht mit der Bekanntmachung "
    "von Satzung und Genehmigung":
    "approval of the association's statutes; the association comes into being "
    "when the statutes and their approval are published",
    "Genehmigung der untersten gemeinsamen Aufsichtsbehörde für Abschluss und "
    "Änderung; Aufhebung nur Anzeige":
    "approval of the lowest common supervisory authority for conclusion and "
    "amendment; cancellation only needs notification",
    "Genehmigung des Errichtungsvertrags durch die Rechtsaufsicht; die "
    "Verbandssatzung wird nur angezeigt und tritt nach zwei Monaten ohne "
    "Beanstandung in Kraft":
    "the legal supervisory authority approves the founding contract; the "
    "association's statutes are only notified and enter into force after two "
    "months without objection",
    "Genehmigung nach § 18 Abs. 5 GkZ nicht gelesen; Weisungsaufgaben brauchen die "
    "Zustimmung von Bürgermeister oder Landrat":
    "approval under § 18(5) GkZ not read; tasks subject to instructions need the "
    "consent of the mayor or the district administrator",
    "Genehmigung, wenn eine Kommune auch Befugnisse (Satzungs- oder "
    "Verordnungsrecht) erhält; sonst Anzeige":
    "approval if a municipality also receives powers (to issue by-laws or "
    "ordinances); otherwise notification",
    "Genehmigung; durch die Landesdirektion, wenn ein Landkreis oder Gemeinden "
    "mehrerer Landkreise beteiligt sind":
    "approval; by the Landesdirektion if a district or municipalities of several "
    "districts take part",
    "Genehmigung; schriftlicher Vertrag, der Beteiligte und Aufgaben nennt":
    "approval; a written contract naming the parties and tasks",
    "Inhouse-Vergabe an den gemeinsam beherrschten Verband möglich":
    "in-house award to the jointly controlled association possible",
    "Inhouse-Vergabe nur, wenn ganz in öffentlicher Hand, gemeinsam beherrscht und "
    "zu mehr als 80 % für die Träger tätig":
    "in-house award only if wholly publicly owned, jointly controlled and working "
    "more than 80 % for its owners",
    "Kündigungsregeln nötig, wenn unbefristet oder länger als zehn Jahre":
    "termination rules needed if open-ended or longer than ten years",
    "Leistungen zwischen Verband und Mitgliedern abgrenzen":
    "separate services between the association and its members",
    "Personal der erfüllenden Gemeinde": "staff of the host municipality",
    "Personal der mitverwaltenden Gemeinde":
    "staff of the co-administering municipality",
    "Personal der verwaltenden Kommune; der Vertrag kann Mitwirkung bei der "
    "Bestellung von Dienstkräften vorsehen":
    "staff of the administering municipality; the contract can provide for a say "
    "in appointing staff",
    "Personal der übernehmenden Kommune": "staff of the receiving municipality",
    "Personal des verwaltenden Partners": "staff of the administering partner",
    "Rechte und Pflichten der Mitglieder werden nicht berührt":
    "the members' rights and duties are not affected",
    "Risiko: Leistungsaustausch zwischen öffentlichen Stellen kann steuerbar sein":
    "risk: an exchange of services between public bodies can be taxable",
    "Umlage der Mitglieder": "levy on the members",
    "Umlage der Mitglieder und eigene Gebühren, wenn Aufgabe und Satzungsrecht "
    "übergehen":
    "levy on the members and fees of its own if the task and the power to issue "
    "by-laws pass to it",
    "Umlage und entgeltliche Leistungen gegeneinander abgrenzen":
    "keep the levy and paid services apart",
    "Unternehmenssatzung durch Vereinbarung; vermutlich nur Anzeige":
    "statutes of the enterprise by agreement; probably notification only",
    "Verbandssatzung mit Genehmigung der Kommunalaufsicht (Landrat)":
    "association statutes approved by the municipal supervisory authority (the "
    "district administrator)",
    "Verbandsumlage der Mitglieder": "association levy on the members",
    "Vertrag; die Verantwortung für die Aufgabe bleibt bei der auftraggebenden "
    "Kommune":
    "contract; responsibility for the task stays with the commissioning "
    "municipality",
    "am geringsten von allen Formen": "the lowest of all forms",
    "bei GmbH und AG auf das Gesellschaftsvermögen beschränkt":
    "for a GmbH or an AG, limited to the company's assets",
    "bei freiwilligen Aufgaben Anzeige, bei Pflichtaufgaben Genehmigung (Begründung "
    "2004; heutiger Wortlaut nicht gelesen)":
    "notification for voluntary tasks, approval for mandatory tasks (explanatory "
    "memorandum 2004; current wording not read)",
    "das Satzungsrecht geht mit der Aufgabe auf den Verband über":
    "the power to issue by-laws passes to the association with the task",
    "die Satzung bedarf der Genehmigung": "the statutes require approval",
    "die Träger haften für die Anstalt":
    "the sponsors are liable for the institution",
    "die Träger haften unbeschränkt (Gewährträgerhaftung)":
    "the sponsors are liable without limit (Gewährträgerhaftung)",
    "die Verantwortung für die Aufgabe geht auf die übernehmende Kommune über":
    "responsibility for the task passes to the receiving municipality",
    "die Verbandsordnung gilt als Satzung; die Mitglieder zahlen eine Umlage":
    "the association's rules count as statutes; the members pay a levy",
    "die Verbandssatzung bedarf der Genehmigung":
    "the association's statutes require approval",
    "die Verbandssatzung bedarf der Genehmigung der Rechtsaufsichtsbehörde":
    "the association's statutes require the approval of the legal supervisory "
    "authority",
    "die beauftragte Körperschaft führt die Aufgabe nur durch; die Verantwortung "
    "bleibt; Vergaberecht beachten":
    "the commissioned body only carries out the task; responsibility stays; "
    "observe procurement law",
    "die erfüllende Gemeinde für die Aufgaben, die sie wahrnimmt":
    "the host municipality, for the tasks it performs",
    "die übernehmende Kommune für die Aufgabe":
    "the receiving municipality, for the task",
    "die übernehmende Kommune kann Satzungen und Gebühren für das ganze Gebiet "
    "erlassen, wenn ihr das Recht übertragen wird":
    "the receiving municipality can issue by-laws and charge fees for the whole "
    "area if the power is transferred to it",
    "die übernehmende Kommune kann Satzungen und Verordnungen erlassen":
    "the receiving municipality can issue by-laws and ordinances",
    "die übernehmende Kommune kann für das ganze Gebiet Satzungen erlassen":
    "the receiving municipality can issue by-laws for the whole area",
    "die übernehmende Kommune kann ihre Satzungen auf das Gebiet der anderen "
    "erstrecken":
    "the receiving municipality can extend its by-laws to the other's territory",
    "die übernehmende Kommune kann mit der Aufgabe das Satzungsrecht erhalten und "
    "im ganzen Gebiet Gebühren erheben":
    "with the task, the receiving municipality can obtain the power to issue "
    "by-laws and charge fees in the whole area",
    "die übernehmende Körperschaft erhält die Satzungs- und Verordnungsbefugnis":
    "the receiving body obtains the power to issue by-laws and ordinances",
    "die übernehmende Körperschaft, wenn die Satzungs- oder Verordnungsbefugnis "
    "übertragen wird":
    "the receiving body, if the power to issue by-laws or ordinances is "
    "transferred",
    "durch Gesetz oder Vereinbarung": "by statute or agreement",
    "eigene Satzungen und Gebühren, wenn die Träger das Satzungsrecht übertragen":
    "by-laws and fees of its own if the sponsors transfer the power to issue "
    "by-laws",
    "eigene Satzungen und Verordnungen": "by-laws and ordinances of its own",
    "eigene Satzungen, auch Anschluss- und Benutzungszwang möglich":
    "by-laws of its own, including compulsory connection and use (Anschluss- und "
    "Benutzungszwang)",
    "eigene Satzungen; Gebühren nach dem Kommunalabgabengesetz":
    "by-laws of its own; fees under the Kommunalabgabengesetz",
    "eigene Verwaltung oder die einer geschäftsführenden Gemeinde (Vertrag mit "
    "Genehmigung der Rechtsaufsicht)":
    "an administration of its own or that of a managing municipality (contract "
    "approved by the legal supervisory authority)",
    "eigenes Vermögen; die Mitglieder zahlen eine Umlage":
    "assets of its own; the members pay a levy",
    "entfällt in der Regel": "usually not applicable",
    "entfällt – kein Auftrag": "not applicable – no contract awarded",
    "entfällt – kein Leistungsaustausch":
    "not applicable – no exchange of services",
    "gering": "low",
    "gering bis mittel": "low to medium",
    "hoch, auf Grundlage der Satzung": "high, on the basis of the statutes",
    "hoch: Satzung, Genehmigung, Organe": "high: statutes, approval, governing "
    "bodies",
    "hoch: Satzung, Kapital, Aufsicht": "high: statutes, capital, supervision",
    "hoch: Satzung, Kapital, Genehmigung": "high: statutes, capital, approval",
    "hoch; eine Gemeinde kann nur einer Verwaltungsgemeinschaft angehören":
    "high; a municipality can belong to only one administrative community",
    "horizontale Zusammenarbeit ausgenommen, wenn weniger als 20 % der Tätigkeit "
    "auf dem freien Markt erbracht werden":
    "horizontal cooperation exempt if less than 20 % of the activity is performed "
    "on the open market",
    "in der Regel steuerpflichtig": "usually taxable",
    "ja": "yes",
    "ja, Anstalt des öffentlichen Rechts": "yes, an institution under public law",
    "ja, Anstalt des öffentlichen Rechts in gemeinsamer Trägerschaft":
    "yes, an institution under public law with joint sponsors",
    "ja, Anstalt des öffentlichen Rechts mehrerer kommunaler Träger":
    "yes, an institution under public law with several municipal sponsors",
    "ja, Gebietskörperschaft": "yes, a territorial authority",
    "ja, Gebietskörperschaft mit drei bis acht Mitgliedsgemeinden":
    "yes, a territorial authority with three to eight member municipalities",
    "ja, Gemeindeverband": "yes, an association of municipalities",
    "ja, Körperschaft des öffentlichen Rechts": "yes, a corporation under public "
    "law",
    "ja, Körperschaft des öffentlichen Rechts mit Dienstherrnfähigkeit":
    "yes, a corporation under public law that can employ civil servants",
    "ja, Körperschaft des öffentlichen Rechts mit Selbstverwaltung":
    "yes, a self-governing corporation under public law",
    "ja, Körperschaft des öffentlichen Rechts ohne Gebietshoheit":
    "yes, a corporation under public law without territorial sovereignty",
    "ja, Körperschaft des öffentlichen Rechts wie ein Zweckverband":
    "yes, a corporation under public law like a special-purpose association",
    "ja, eigene Bedienstete": "yes, employees of its own",
    "ja, eigene Verwaltung": "yes, an administration of its own",
    "ja, eigenes Personal": "yes, staff of its own",
    "ja, eigenes Personal; kann Dienstherr von Beamten sein":
    "yes, staff of its own; can employ civil servants",
    "ja, eigenes Satzungsrecht": "yes, its own power to issue by-laws",
    "ja, für die übertragenen Aufgaben": "yes, for the transferred tasks",
    "ja, für ihre Aufgaben": "yes, for its tasks",
    "ja, rechtsfähige Anstalt des öffentlichen Rechts":
    "yes, an institution under public law with legal capacity",
    "ja; der Verband ist berechtigt, Beamte zu haben":
    "yes; the association is entitled to employ civil servants",
    "ja; der Verband kann Beamte haben":
    "yes; the association can employ civil servants",
    "ja; der Verband kann Dienstherr sein":
    "yes; the association can employ civil servants",
    "ja; die Aufteilung des Personals regelt die Satzung":
    "yes; the statutes govern how staff are divided",
    "ja; ehren- und hauptamtlich": "yes; honorary and full-time",
    "ja; ehrenamtliche und hauptberufliche Tätigkeit":
    "yes; honorary and full-time work",
    "ja; hauptamtliche Verbandsleitung möglich":
    "yes; full-time management possible",
    "ja; in der Regel kann die Anstalt Dienstherr sein":
    "yes; as a rule the institution can employ civil servants",
    "je nach Fall Anzeige oder Genehmigung; eine anzeigepflichtige wird mit der "
    "Unterschrift wirksam, eine genehmigungspflichtige nach der Bekanntmachung":
    "notification or approval depending on the case; one that must be notified "
    "takes effect on signature, one that must be approved after publication",
    "jeder Beteiligte für sich": "each party for itself",
    "jederzeit frei": "free at any time",
    "keine": "none",
    "keine Gebühren, keine Hoheitsrechte": "no fees, no sovereign powers",
    "keine Gebühren, keine Hoheitsrechte; keine Aufgaben gehen über":
    "no fees, no sovereign powers; no tasks pass to it",
    "keine Genehmigung gefunden": "no approval requirement found",
    "keine Genehmigung vorgesehen": "no approval required",
    "keine Neubildung oder Erweiterung seit 17.11.2012; für bestehende Verbände "
    "gilt die Genehmigungspflicht":
    "none formed or enlarged since 17 November 2012; existing associations are "
    "subject to approval",
    "keine Neubildung oder Erweiterung seit 17.11.2012; Änderungen bestehender "
    "bedürfen der Genehmigung der Rechtsaufsicht":
    "none formed or enlarged since 17 November 2012; changes to existing ones "
    "require the approval of the legal supervisory authority",
    "keine hoheitlichen Gebühren": "no public fees",
    "mittel": "medium",
    "mittel bis hoch: Notar, Kapital": "medium to high: notary, capital",
    "nach Gesellschaftsvertrag bzw. Satzung":
    "under the articles of association or statutes",
    "nach Vereinbarung": "as agreed",
    "nach Vertrag; Kündigungsregeln vereinbaren":
    "under the contract; agree on termination rules",
    "nach dem KSVG (wirtschaftliche Betätigung); Anzeige oder Genehmigung mit der "
    "Aufsicht klären":
    "under the KSVG (economic activity); clarify notification or approval with the "
    "supervisory authority",
    "nach dem Verbandsgemeinde- und Mitverwaltungsgesetz; nicht gelesen":
    "under the Verbandsgemeinde- und Mitverwaltungsgesetz; not read",
    "nach der Satzung": "under the statutes",
    "nein": "no",
    "nein, nicht rechtsfähig": "no, no legal capacity",
    "nein; Grundlage ist eine Gemeinschaftsvereinbarung":
    "no; it is based on a community agreement",
    "nein; Personal der erfüllenden Gemeinde":
    "no; staff of the host municipality",
    "nein; das Personal bleibt bei seiner Kommune":
    "no; staff stay with their municipality",
    "nein; die Aufgabe und ihre Gebühren bleiben beim Beteiligten":
    "no; the task and its fees stay with the party",
    "nein; die beauftragte Kommune arbeitet mit ihrem Personal":
    "no; the commissioned municipality works with its own staff",
    "nein; die erfüllende Gemeinde nimmt die Aufgaben wahr":
    "no; the host municipality performs the tasks",
    "nein; ein Beteiligter nimmt die Verwaltung eines anderen in Anspruch, die "
    "Aufgabe bleibt bei ihm":
    "no; one party uses the administration of another, and the task remains its "
    "own",
    "nein; ein Partner nutzt die Verwaltung des anderen":
    "no; one partner uses the other's administration",
    "nein; eine Gemeinde verwaltet die anderen mit":
    "no; one municipality also administers the others",
    "nein; öffentlich-rechtliche Vereinbarung mit einer erfüllenden Gemeinde":
    "no; a public-law agreement with a host municipality",
    "nicht gelesen": "not read",
    "nicht gelesen; Genehmigung oder Anzeige mit der Rechtsaufsicht klären":
    "not read; clarify approval or notification with the legal supervisory "
    "authority",
    "nicht gelesen; Weisungsaufgaben brauchen die Zustimmung von Bürgermeister oder "
    "Landrat":
    "not read; tasks subject to instructions need the consent of the mayor or the "
    "district administrator",
    "nicht gelesen; bei Übertragung einer Aufgabe vermutlich Genehmigung der "
    "Rechtsaufsicht":
    "not read; transferring a task probably needs the approval of the legal "
    "supervisory authority",
    "nicht gelesen; in anderen Ländern genügt meist eine Anzeige":
    "not read; in other Länder notification is usually enough",
    "noch ungeklärt": "not yet clarified",
    "ob Beschlüsse die Mitglieder binden, ist nicht gelesen (in anderen Ländern ja)":
    "whether resolutions bind the members has not been read (in other Länder they "
    "do)",
    "schriftliche Vereinbarung": "written agreement",
    "schriftliche Vereinbarung; Anzeige an die Aufsichtsbehörde":
    "written agreement; notification to the supervisory authority",
    "schriftliche Vereinbarung; allenfalls eine Anzeige":
    "written agreement; at most a notification",
    "schriftliche Vereinbarung; ob eine Anzeige nötig ist, ist nicht gelesen":
    "written agreement; whether notification is needed has not been read",
    "schwer: Austritt braucht zwei Drittel der Mitglieder; bei freiwilligen "
    "Aufgaben Kündigung mit einem Jahr Frist nach mindestens 20 Jahren":
    "difficult: leaving needs two thirds of the members; for voluntary tasks, "
    "termination with one year's notice after at least 20 years",
    "schwer; meist nur durch Gesetz oder mit Genehmigung":
    "difficult; usually only by statute or with approval",
    "schwer; nach Verbandssatzung und Gesetz":
    "difficult; under the association's statutes and the law",
    "sehr gering": "very low",
    "sehr hoch": "very high",
    "sehr hoch; Gemeinden unter 3.000 Einwohnern müssen einer "
    "Verwaltungsgemeinschaft angehören oder einer erfüllenden Gemeinde zugeordnet "
    "sein":
    "very high; municipalities with fewer than 3,000 inhabitants must belong to an "
    "administrative community or be assigned to a host municipality",
    "sehr hoch; eine Gemeinde kann nur einer Verwaltungsgemeinschaft angehören":
    "very high; a municipality can belong to only one administrative community",
    "sehr hoch; gilt als die verbindlichste Form":
    "very high; considered the most binding form",
    "vermutlich ja; das Kommunalunternehmen eines Trägers kann Dienstherr sein":
    "probably yes; a single sponsor's municipal enterprise can employ civil "
    "servants",
    "wie beim Zweckverband: Genehmigung der Verbandssatzung":
    "as for a special-purpose association: approval of the statutes",
    "wie beim Zweckverband: Inhouse-Vergabe an die gemeinsam beherrschte Anstalt "
    "möglich":
    "as for a special-purpose association: in-house award to the jointly "
    "controlled institution possible",
    "wie beim Zweckverband: Umlage und entgeltliche Leistungen abgrenzen":
    "as for a special-purpose association: keep the levy and paid services apart",
    "§ 41 GKGBbg nicht gelesen": "§ 41 GKGBbg not read",
    "§ 41 GKGBbg nicht gelesen; die Satzung wird bekanntgemacht, der Verband "
    "entsteht mit der Bekanntmachung":
    "§ 41 GKGBbg not read; the statutes are published, and the association comes "
    "into being on publication",
    "§ 41 GKGBbg nicht gelesen; seit 2014 weniger Genehmigungspflichten, allgemein "
    "eine Anzeigepflicht":
    "§ 41 GKGBbg not read; fewer approval requirements since 2014, generally a "
    "duty to notify",
    "§ 41 GKGBbg regelt Anzeige- und Genehmigungspflichten; Wortlaut nicht gelesen":
    "§ 41 GKGBbg governs notification and approval requirements; wording not read",
    "Änderungen der Vereinbarung bedürfen der Genehmigung der Kommunalaufsicht":
    "changes to the agreement require the approval of the municipal supervisory "
    "authority",
    "Übertragung der Zuständigkeit ist meist kein öffentlicher Auftrag":
    "transferring responsibility is usually not a public contract",
    "Übertragung von Verwaltungsaufgaben ist meist kein öffentlicher Auftrag":
    "transferring administrative tasks is usually not a public contract",
    "ähnlich einer Gebietskörperschaft": "similar to a territorial authority",
    "öffentlich-rechtlicher Vertrag, ausnahmsweise Verordnung; Genehmigung nicht "
    "gelesen":
    "public-law contract, exceptionally an ordinance; approval not read",
    "übereinstimmende Beschlüsse der Träger; Beteiligung der Aufsicht nicht "
    "gelesen (vermutlich Anzeige)":
    "concurring resolutions of the sponsors; role of the supervisory authority not "
    "read (probably notification)",
}  # fmt: skip

# The forms a Land's law does not offer (FormAbsence.note).
NOTES = {
    "Das GKZ kennt keine kommunale Arbeitsgemeinschaft; § 1 GKZ nennt Zweckverband, "
    "gemeinsame selbstständige Kommunalanstalt, öffentlich-rechtliche Vereinbarung "
    "und gemeinsame Dienststelle.":
    "The GKZ has no municipal working group; § 1 GKZ names the special-purpose "
    "association, the joint independent municipal institution, the public-law "
    "agreement and the joint office.",
    "Das GkZ kennt keine Arbeitsgemeinschaft; § 1 Abs. 2 nennt neben den Ämtern "
    "Zweckverbände, gemeinsame Kommunalunternehmen, öffentlich-rechtliche "
    "Vereinbarungen und Verwaltungsgemeinschaften.":
    "The GkZ has no working group; besides the Ämter, § 1(2) names special-purpose "
    "associations, joint municipal enterprises, public-law agreements and "
    "administrative communities.",
    "Das KGG kennt keine gemeinsame kommunale Anstalt; § 1 Abs. 1 nennt nur "
    "Zweckverband, öffentlich-rechtliche Vereinbarung und Arbeitsgemeinschaft. Ob "
    "das KSVG eine Anstalt mehrerer Träger erlaubt, ist offen.":
    "The KGG has no joint municipal institution; § 1(1) names only the "
    "special-purpose association, the public-law agreement and the working group. "
    "Whether the KSVG allows an institution with several sponsors is an open "
    "question.",
    "Das NKomZG kennt keine Arbeitsgemeinschaft; § 1 Abs. 1 nennt gemeinsame "
    "kommunale Anstalt, Zweckvereinbarung und Zweckverband.":
    "The NKomZG has no working group; § 1(1) names the joint municipal "
    "institution, the purpose agreement and the special-purpose association.",
    "Das Saarland hat keine Ämter, Verwaltungsgemeinschaften oder "
    "Verbandsgemeinden; seine Gemeinden sind Einheitsgemeinden.":
    "Saarland has no Ämter, administrative communities or Verbandsgemeinden; its "
    "municipalities are unitary municipalities.",
    "Das SächsKomZG kennt keine gemeinsame kommunale Anstalt; die Landesdirektion "
    "nennt fünf Formen ohne sie. Ob die SächsGemO eine Anstalt mehrerer Träger "
    "erlaubt, ist offen.":
    "The SächsKomZG has no joint municipal institution; the Landesdirektion lists "
    "five forms without it. Whether the SächsGemO allows an institution with "
    "several sponsors is an open question.",
    "Nordrhein-Westfalen hat keine Ämter, Verwaltungsgemeinschaften oder "
    "Verbandsgemeinden; seine Gemeinden sind Einheitsgemeinden.":
    "North Rhine-Westphalia has no Ämter, administrative communities or "
    "Verbandsgemeinden; its municipalities are unitary municipalities.",
    "§ 2 Abs. 1 GKG-LSA nennt als öffentlich-rechtliche Formen nur "
    "Arbeitsgemeinschaft, Zweckvereinbarung und Zweckverband. Ob das KVG LSA eine "
    "Anstalt mehrerer Träger erlaubt, ist offen.":
    "As public-law forms, § 2(1) GKG-LSA names only the working group, the purpose "
    "agreement and the special-purpose association. Whether the KVG LSA allows an "
    "institution with several sponsors is an open question.",
}  # fmt: skip

# The funding programmes' further conditions (FundingProgramme.conditions).
CONDITIONS = {
    "Antragsberechtigt sind die hessischen Kommunen und ihre Zusammenschlüsse als "
    "juristische Person (Gruppenantrag). Förderfähig sind die Formen nach § 2 Abs. 1 "
    "KGG, Verträge nach §§ 54 ff. HVwVfG und privatrechtliche Formen. Mindestens "
    "drei Kommunen, in begründeten Ausnahmefällen zwei; mindestens fünf Jahre; "
    "jährlich mindestens 15 % Einsparung bei Personal- und Sachkosten "
    "(Investitionsfolgekosten berücksichtigungsfähig). Regelzuwendung 50.000 € "
    "(zwei Kommunen), 75.000 € (drei), 100.000 € (mehr als drei), höher für "
    "besonders vorbildhafte oder breite Kooperationen; Gemeindeverwaltungsverband "
    "oder Verwaltungsgemeinschaft: 150.000 € je teilnehmender Gemeinde; Fusion von "
    "Ortsteilfeuerwehren: 15.000 € je Ortsteilfeuerwehr; Machbarkeitsstudien und "
    "Projektzuschüsse (rückzahlbar, wenn keine Kooperation folgt). Diese besonderen "
    "Beträge berechnet das Portal nicht; es rechnet mit der Regelzuwendung.":
    "Hessian municipalities and their unions with legal personality may apply "
    "(joint application). Eligible are the forms under § 2(1) KGG, contracts under "
    "§§ 54 et seq. HVwVfG and private-law forms. At least three municipalities, "
    "two in justified exceptional cases; at least five years; savings of at least "
    "15 % a year in staff and material costs (follow-up costs of investments can "
    "be counted). Standard grant €50,000 (two municipalities), €75,000 (three), "
    "€100,000 (more than three), higher for especially exemplary or broad "
    "cooperations; Gemeindeverwaltungsverband or administrative community: "
    "€150,000 per participating municipality; merger of local fire brigades: "
    "€15,000 per local fire brigade; feasibility studies and project grants "
    "(repayable if no cooperation follows). The portal does not calculate these "
    "special amounts; it calculates with the standard grant.",
    "Das Programm ist amtlich belegt, seine Kriterien nur zum Teil. "
    "Anschubfinanzierung (nicht rückzahlbarer Zuschuss) für die Anlaufkosten von "
    "IKZ-Verbünden; Schwerpunkte: Digitalisierung der Verwaltung (Massenverfahren "
    "wie Kfz-Zulassung, Wohn- und Elterngeld), Cybersicherheit, Brand- und "
    "Katastrophenschutz, Back-Office (Vergabe-, Beschaffungs-, Fördermittelstelle). "
    "Beträge laut Presse: bei drei Kommunen bis 210.000 €, bei vier bis 320.000 €, "
    "mehr bei nicht benachbarten Partnern. Den Antrag stellt eine Kommune für den "
    "Verbund, für Ortsgemeinden die Verbandsgemeinde. Mindestlaufzeit und "
    "Einsparziel: in den Quellen nicht gefunden. Eine Verwaltungsvorschrift zur "
    "Verstetigung ist geplant.":
    "The programme is officially documented, its criteria only in part. Start-up "
    "funding (a non-repayable grant) for the initial costs of inter-municipal "
    "alliances; priorities: digitalisation of the administration (mass procedures "
    "such as vehicle registration, housing benefit and parental allowance), cyber "
    "security, fire and disaster protection, back office (procurement, purchasing "
    "and funding units). Amounts according to the press: up to €210,000 for three "
    "municipalities, up to €320,000 for four, more for partners that are not "
    "neighbours. One municipality applies for the alliance; for Ortsgemeinden the "
    "Verbandsgemeinde applies. Minimum term and savings target: not found in the "
    "sources. An administrative regulation to make the programme permanent is "
    "planned.",
    "Festbetrag 175.000 € für zwei Partner aus Nordrhein-Westfalen und 35.000 € für "
    "jeden weiteren Partner aus Nordrhein-Westfalen, höchstens 90 % der "
    "zuwendungsfähigen Ausgaben; bei einem Vorhaben über die Landesgrenze mit nur "
    "einem Partner aus Nordrhein-Westfalen 75.000 €. Mindestens fünf Jahre "
    "(Abweichungen im Einzelfall möglich). Mindestens 15 % Kostenersparnis bei "
    "Personal- und Sachkosten oder Ertragssteigerung – oder stattdessen eine "
    "wesentliche Verbesserung des öffentlichen Leistungsangebots. Neue "
    "Zusammenarbeit in dem Aufgabenbereich, wesentliche Beiträge aller Partner, "
    "Vorbildcharakter – das prüft das Portal nicht. Gefördert werden Anbahnung, "
    "Vorbereitung, Einrichtung und Durchführung in der Anlaufphase, auch Personal. "
    "Das Ende der Antragsfrist ist nicht amtlich belegt.":
    "Fixed amount of €175,000 for two partners from North Rhine-Westphalia and "
    "€35,000 for each further partner from North Rhine-Westphalia, at most 90 % of "
    "the eligible expenditure; €75,000 for a project across the Land border with "
    "only one partner from North Rhine-Westphalia. At least five years (deviations "
    "possible in individual cases). Savings of at least 15 % in staff and material "
    "costs or an increase in revenue – or instead a substantial improvement of the "
    "public services offered. New cooperation in the field of tasks, substantial "
    "contributions from all partners, model character – the portal does not check "
    "these. Funded are initiation, preparation, set-up and operation in the "
    "start-up phase, including staff. The end of the application period is not "
    "officially documented.",
    "Festbetrag 50.000 € je Kooperationsprojekt, höchstens 85 % der "
    "zuwendungsfähigen Ausgaben. Bis 90.000 €, wenn der Antragsteller und die "
    "Mehrheit der Partner im Raum mit besonderem Handlungsbedarf nach dem "
    "Landesentwicklungsprogramm liegen – das prüft das Portal nicht; es rechnet mit "
    "50.000 €. Bagatellgrenze: 5.000 € zuwendungsfähige Ausgaben. Die Kooperation "
    "muss mindestens fünf Jahre bestehen und jährlich mindestens 15 % der "
    "Personal- und Sachausgaben einsparen (die Zuwendung nicht eingerechnet). "
    "Neues, vorbildhaftes Projekt, noch nicht begonnen; Beschlüsse der Gremien; die "
    "bloße gemeinsame Beschaffung von Geräten ist in der Regel nicht förderfähig; "
    "keine weiteren Mittel des Freistaats. Eine Mindestzahl der Partner nennen die "
    "gelesenen Auszüge nicht. Ob die Richtlinie über den 31.12.2025 hinaus gilt, "
    "ist offen.":
    "Fixed amount of €50,000 per cooperation project, at most 85 % of the eligible "
    "expenditure. Up to €90,000 if the applicant and most of the partners lie in "
    "the area with special need for action under the Landesentwicklungsprogramm – "
    "the portal does not check this; it calculates with €50,000. Minimum: €5,000 "
    "of eligible expenditure. The cooperation must last at least five years and "
    "save at least 15 % of staff and material expenditure a year (not counting the "
    "grant). A new, exemplary project not yet started; resolutions of the councils; "
    "merely buying equipment together is usually not eligible; no further funds of "
    "the Free State. The excerpts read name no minimum number of partners. Whether "
    "the guideline applies beyond 31 December 2025 is an open question.",
    "Freiwillige Zusammenarbeit von in der Regel mindestens drei Gemeinden oder "
    "Landkreisen auf Grundlage eines Vertrags oder einer Satzung, in einem "
    "Aufgabenbereich, in dem keiner der Partner bisher zusammengearbeitet hat, für "
    "mindestens fünf Jahre; Ausnahmen von der Regel nennt die Quelle nicht. Für die "
    "Nutzung der Einrichtung dürfen keine Abgaben nach dem Kommunalabgabengesetz "
    "erhoben werden; nicht im Zusammenhang mit gemeindlichen Unternehmen "
    "(§ 71 ThürKO). Einmaliger Zuschuss bis 500.000 €, nach der Einwohnerzahl der "
    "Partner und der regionalen Bedeutung – das Portal berechnet ihn nicht. "
    "Gutachten zur Machbarkeit: 75 % der Kosten, höchstens 30.000 €. Ein "
    "Einsparziel nennt die Quelle nicht. Schwerpunkt derzeit: Digitalisierung der "
    "Verwaltungen.":
    "Voluntary cooperation of, as a rule, at least three municipalities or "
    "districts on the basis of a contract or statutes, in a field of tasks in which "
    "none of the partners has cooperated before, for at least five years; the "
    "source names no exceptions to the rule. No charges under the "
    "Kommunalabgabengesetz may be levied for using the facility; not in connection "
    "with municipal enterprises (§ 71 ThürKO). One-off grant of up to €500,000, "
    "depending on the partners' population and regional importance – the portal "
    "does not calculate it. Feasibility studies: 75 % of the costs, at most "
    "€30,000. The source names no savings target. Current priority: "
    "digitalisation of the administrations.",
}  # fmt: skip

# The Länder's notes on funding (CooperationLaw.funding_note).
NONE_FOUND = (
    "Kein eigenes Förderprogramm des Landes für interkommunale Zusammenarbeit "
    "gefunden; gesucht wurde in den Förderrichtlinien und auf den Seiten des "
    "Innenministeriums."
)
NONE_FOUND_EN = (
    "No funding programme of the Land's own for inter-municipal cooperation was "
    "found; the funding guidelines and the pages of the Ministry of the Interior "
    "were searched."
)
FUNDING_NOTES = {
    "Förderrichtlinie IKZ NRW (RdErl. vom 31.8.2021): 175.000 € für zwei Partner "
    "und 35.000 € je weiterem Partner aus dem Land.":
    "Förderrichtlinie IKZ NRW (circular of 31 August 2021): €175,000 for two "
    "partners and €35,000 for each further partner from the Land.",
    NONE_FOUND: NONE_FOUND_EN,
    NONE_FOUND + " Eine Unterstützung über den Ausgleichstock ist möglich, aber "
    "nicht belegt.":
    NONE_FOUND_EN + " Support from the Ausgleichstock (equalisation fund) is "
    "possible but not documented.",
    NONE_FOUND + " Früher (etwa 2015–2018) wurden Gutachten und Anlaufkosten über "
    "Bedarfszuweisungen finanziert (Presse).":
    NONE_FOUND_EN + " Earlier (about 2015–2018), expert reports and start-up "
    "costs were financed through needs-based allocations (press).",
    NONE_FOUND + " Kofinanzierungshilfe und Sonderbedarfszuweisungen gibt es, sie "
    "sind aber nicht auf Zusammenarbeit ausgerichtet (Sekundärquellen).":
    NONE_FOUND_EN + " Co-financing aid and special needs allocations exist but "
    "are not aimed at cooperation (secondary sources).",
    NONE_FOUND + " Presseberichte von 2018 (nicht geprüft) nennen 77,8 Mio. € als "
    "Pauschalen und Teilentschuldung für neue Verbandsgemeinden und "
    "Mitverwaltungen.":
    NONE_FOUND_EN + " Press reports from 2018 (not checked) name €77.8 million "
    "in lump sums and partial debt relief for new Verbandsgemeinden and joint "
    "administrations.",
    NONE_FOUND + " Verwandt, aber nicht darauf ausgerichtet: „Zukunftsräume "
    "Niedersachsen“ (2019/2020) und der Entwurf eines Kommunalfördergesetzes 2025 "
    "(Sekundärquellen).":
    NONE_FOUND_EN + " Related but not aimed at it: “Zukunftsräume Niedersachsen” "
    "(2019/2020) and the draft of a municipal funding act in 2025 (secondary "
    "sources).",
    NONE_FOUND + " Verwandt: der Wettbewerb „Digitale Modellkommunen“ 2020 "
    "(Sekundärquelle).":
    NONE_FOUND_EN + " Related: the competition “Digitale Modellkommunen” 2020 "
    "(secondary source).",
    NONE_FOUND + " Zusammenarbeit wurde im Förderprogramm Regionalentwicklung und "
    "in einem Modellprojekt 2018–2020 unterstützt (Presse, nicht geprüft).":
    NONE_FOUND_EN + " Cooperation was supported in the regional development "
    "funding programme and in a pilot project 2018–2020 (press, not checked).",
    "Pilotförderung „Interkommunale Zusammenarbeit“ des Ministeriums des Innern und "
    "für Sport seit Juni 2024 (Bewilligung: ADD); laut Presse bis 210.000 € für "
    "drei und bis 320.000 € für vier Kommunen. Mindestdauer und Einsparziel wurden "
    "nicht gefunden.":
    "Pilot funding “Interkommunale Zusammenarbeit” of the Ministry of the Interior "
    "and Sport since June 2024 (granted by the ADD); according to the press up to "
    "€210,000 for three and up to €320,000 for four municipalities. No minimum "
    "term or savings target was found.",
    "Rahmenvereinbarung zur Förderung der Interkommunalen Zusammenarbeit vom "
    "7.12.2021 (Landesausgleichsstock), fünf Jahre gültig.":
    "Framework agreement on funding inter-municipal cooperation of 7 December 2021 "
    "(Landesausgleichsstock), valid for five years.",
    "Richtlinie zur Förderung der interkommunalen Zusammenarbeit (BayVV 2020-6-I, "
    "gültig bis 31.12.2025): Festbetrag 50.000 €, bis 90.000 € im Raum mit "
    "besonderem Handlungsbedarf.":
    "Guideline on funding inter-municipal cooperation (BayVV 2020-6-I, valid until "
    "31 December 2025): fixed amount of €50,000, up to €90,000 in the area with "
    "special need for action.",
    "§ 24 Abs. 2 ThürFAG (Thüringer Landesverwaltungsamt): einmalig bis "
    "500.000 €; keine Gebühren oder Beiträge für die Einrichtung.":
    "§ 24(2) ThürFAG (Thüringer Landesverwaltungsamt): one-off, up to €500,000; "
    "no fees or contributions for the facility.",
}  # fmt: skip


def summary_en(summary: str) -> str:
    """The English summary: whole, or the family's sentences and the Land's own."""
    if summary in SUMMARY_PARTS:
        return SUMMARY_PARTS[summary]
    for german, english in FAMILY_TEXT.items():
        if summary == german:
            return english
        rest = summary.removeprefix(german + " ")
        if rest != summary and rest in SUMMARY_PARTS:
            return f"{english} {SUMMARY_PARTS[rest]}"
    return ""


def _fill(model, field: str, translate) -> None:
    for row in model.objects.exclude(**{field: ""}):
        english = translate(getattr(row, field))
        if english:
            setattr(row, f"{field}_en", english)
            row.save(update_fields=[f"{field}_en"])


def add_english(apps, schema_editor):
    get = apps.get_model
    _fill(get("cooperations", "OrganisationalForm"), "summary", summary_en)
    _fill(get("cooperations", "FormFact"), "value", lambda v: VALUES.get(v, ""))
    _fill(get("cooperations", "FormAbsence"), "note", lambda v: NOTES.get(v, ""))
    _fill(
        get("cooperations", "FundingProgramme"),
        "conditions",
        lambda v: CONDITIONS.get(v, ""),
    )
    _fill(
        get("cooperations", "CooperationLaw"),
        "funding_note",
        lambda v: FUNDING_NOTES.get(v, ""),
    )
    # Cached guide fragments are built anew with the English texts (scope
    # lebenswert.core.fragments.COOPERATIONS, raised as bump() does).
    versions = get("core", "DataVersion").objects
    if not versions.filter(scope="cooperations").update(
        version=models.F("version") + 1
    ):
        versions.get_or_create(scope="cooperations", defaults={"version": 2})


class Migration(migrations.Migration):
    dependencies = [
        ("cooperations", "0015_partner_consent_and_register"),
        ("core", "0001_data_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="cooperationlaw",
            name="funding_note_en",
            field=models.TextField(
                blank=True, max_length=4000, verbose_name="zur Förderung (englisch)"
            ),
        ),
        migrations.AddField(
            model_name="formabsence",
            name="note_en",
            field=models.TextField(
                blank=True, max_length=4000, verbose_name="Erläuterung (englisch)"
            ),
        ),
        migrations.AddField(
            model_name="formfact",
            name="value_en",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="Angabe (englisch)"
            ),
        ),
        migrations.AddField(
            model_name="fundingprogramme",
            name="conditions_en",
            field=models.TextField(
                blank=True,
                max_length=4000,
                verbose_name="weitere Bedingungen (englisch)",
            ),
        ),
        migrations.AddField(
            model_name="organisationalform",
            name="summary_en",
            field=models.TextField(
                blank=True, max_length=10000, verbose_name="Kurzbeschreibung (englisch)"
            ),
        ),
        # Reversing drops the fields, and their texts with them.
        migrations.RunPython(add_english, migrations.RunPython.noop),
    ]
