"""Option comparison: rank organisational forms for a task, check funding rules.

Pure functions over plain data (profiles built by
`cooperations.selectors.form_profiles`): the facts, their ratings and their status
come from the reference data, never from this module. Every number the page shows
is explained in a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The criteria a user can weigh, each backed by one FormFact criterion.
CRITERIA = {
    "binding": gettext_lazy("braucht eine verbindliche Vereinbarung"),
    "fees": gettext_lazy("braucht Gebühren- oder Hoheitsrechte"),
    "own_staff": gettext_lazy("braucht eigenes Personal"),
    "liability": gettext_lazy("begrenzte Haftung"),
    "approval": gettext_lazy("schneller Start"),
    "setup": gettext_lazy("geringer Gründungsaufwand"),
    "exit": gettext_lazy("leichter Ausstieg"),
    "vat": gettext_lazy("steuerliche Sicherheit"),
    "procurement": gettext_lazy("vergaberechtliche Freistellung"),
}
MAX_RATING = 4
MUST_THRESHOLD = 3  # a must requirement is met from this rating on
MAX_WEIGHT = 3

# Kinds of task and the requirements they suggest (the user can change them).
TASK_KINDS = {
    "operation": gettext_lazy("Betrieb einer Leistung (z. B. Wasser, Abwasser)"),
    "service_pool": gettext_lazy("gemeinsamer technischer Dienstleistungspool"),
    "specialist_staff": gettext_lazy("gemeinsames Fachpersonal"),
    "procurement": gettext_lazy("gemeinsame Beschaffung"),
    "vacancy": gettext_lazy("Leerstandsmanagement"),
    "local_supply": gettext_lazy("Nahversorgung und Nahmobilität"),
    "exchange": gettext_lazy("Erfahrungsaustausch und Abstimmung"),
}
TASK_DEFAULTS: dict[str, dict[str, tuple[int, bool]]] = {
    # criterion → (weight, must)
    "operation": {"binding": (2, True), "fees": (3, True), "own_staff": (2, False),
                  "vat": (2, False), "procurement": (2, False)},
    "service_pool": {"binding": (2, True), "own_staff": (2, False),
                     "vat": (2, False), "procurement": (2, False),
                     "exit": (1, False)},
    "specialist_staff": {"binding": (2, True), "own_staff": (3, False),
                         "vat": (2, False), "approval": (1, False)},
    "procurement": {"binding": (1, True), "procurement": (3, False),
                    "approval": (2, False), "setup": (2, False)},
    "vacancy": {"approval": (2, False), "setup": (2, False), "exit": (2, False)},
    "local_supply": {"liability": (2, False), "setup": (2, False),
                     "approval": (1, False)},
    "exchange": {"approval": (3, False), "setup": (3, False), "exit": (2, False)},
}  # fmt: skip


@dataclass(frozen=True)
class Fact:
    value: str
    status: str  # "source" or "check"
    law: str
    rating: int | None

    @property
    def to_check(self) -> bool:
        return self.status != "source"


@dataclass(frozen=True)
class FormProfile:
    code: str
    name: str
    level: str
    law: str
    position: int
    facts: dict[str, Fact]


@dataclass(frozen=True)
class Requirement:
    weight: int = 0
    must: bool = False


@dataclass
class CriterionScore:
    criterion: str
    weight: int
    rating: int | None
    points: Decimal
    max_points: int
    to_check: bool
    sentence: str


@dataclass
class RankedOption:
    form: FormProfile
    score_pct: Decimal
    scores: list[CriterionScore]
    rank: int = 0
    tied_with: list[str] = field(default_factory=list)

    @property
    def uncertain(self) -> bool:
        return any(score.to_check for score in self.scores if score.weight)


@dataclass
class Exclusion:
    form: FormProfile
    reasons: list[str]
    to_check: bool


@dataclass
class Ranking:
    options: list[RankedOption]
    excluded: list[Exclusion]
    requirements: dict[str, Requirement]

    @property
    def has_ties(self) -> bool:
        return any(option.tied_with for option in self.options)


def default_requirements(task_kind: str) -> dict[str, Requirement]:
    defaults = TASK_DEFAULTS.get(task_kind, {})
    return {
        criterion: Requirement(*defaults.get(criterion, (0, False)))
        for criterion in CRITERIA
    }


def _fact_text(fact: Fact | None) -> str:
    if fact is None:
        return _("keine Angabe")
    law = f" ({fact.law})" if fact.law else ""
    return f"{fact.value}{law}"


def _degree(rating: int | None) -> str:
    if rating is None:
        return _("ohne Bewertung")
    if rating >= 4:
        return _("voll")
    if rating >= 3:
        return _("weitgehend")
    if rating >= 2:
        return _("teilweise")
    if rating >= 1:
        return _("kaum")
    return _("nicht")


def _check_note(fact: Fact | None) -> str:
    if fact is None or fact.to_check:
        return " " + _("(mit der Kommunalaufsicht zu prüfen)")
    return ""


def rank(profiles: list[FormProfile], requirements: dict[str, Requirement]) -> Ranking:
    """Exclude forms that miss a must requirement; score and rank the others.

    Score = Σ weight × rating / Σ weight × 4, in percent. Equal scores share a
    rank and are named as tied; the order among them follows the forms' position
    (informal before institutional), so the result is always the same.
    """
    options: list[RankedOption] = []
    excluded: list[Exclusion] = []
    total_weight = sum(r.weight for r in requirements.values())
    for profile in sorted(profiles, key=lambda p: (p.position, p.code)):
        reasons, uncertain = [], False
        for criterion, requirement in requirements.items():
            if not requirement.must:
                continue
            fact = profile.facts.get(criterion)
            if fact is None or fact.rating is None or fact.rating < MUST_THRESHOLD:
                reasons.append(
                    _("„%(criterion)s“ ist ein Muss, aber: %(fact)s.")
                    % {"criterion": CRITERIA[criterion], "fact": _fact_text(fact)}
                    + _check_note(fact)
                )
                uncertain = uncertain or fact is None or fact.to_check
        if reasons:
            excluded.append(Exclusion(profile, reasons, uncertain))
            continue
        scores = []
        achieved = Decimal(0)
        for criterion, requirement in requirements.items():
            fact = profile.facts.get(criterion)
            rating = fact.rating if fact else None
            points = Decimal(requirement.weight * (rating or 0))
            achieved += points
            scores.append(
                CriterionScore(
                    criterion=criterion,
                    weight=requirement.weight,
                    rating=rating,
                    points=points,
                    max_points=requirement.weight * MAX_RATING,
                    to_check=fact is None or fact.to_check,
                    sentence=_explain(profile, criterion, requirement, fact, points),
                )
            )
        score_pct = (
            (achieved * 100 / (total_weight * MAX_RATING)).quantize(
                Decimal("0.1"), rounding=ROUND_HALF_UP
            )
            if total_weight
            else Decimal(0)
        )
        options.append(RankedOption(form=profile, score_pct=score_pct, scores=scores))
    # Stable sort: equal scores keep the position order established above.
    options.sort(key=lambda option: -option.score_pct)
    for option in options:
        same = [o for o in options if o.score_pct == option.score_pct]
        option.rank = 1 + options.index(same[0])
        option.tied_with = [o.form.name for o in same if o is not option]
    return Ranking(options=options, excluded=excluded, requirements=requirements)


def _explain(profile, criterion, requirement, fact, points) -> str:
    if not requirement.weight:
        return _("„%(criterion)s“ zählt nicht (Gewicht 0): %(fact)s.") % {
            "criterion": CRITERIA[criterion],
            "fact": _fact_text(fact),
        } + _check_note(fact)
    return _(
        "%(form)s erfüllt „%(criterion)s“ %(degree)s (%(rating)s von 4): %(fact)s. "
        "Gewicht %(weight)s ergibt %(points)s von %(max)s Punkten."
    ) % {
        "form": profile.name,
        "criterion": CRITERIA[criterion],
        "degree": _degree(fact.rating if fact else None),
        "rating": fact.rating if fact and fact.rating is not None else "–",
        "fact": _fact_text(fact),
        "weight": requirement.weight,
        "points": number_format(points, 0),
        "max": requirement.weight * MAX_RATING,
    } + _check_note(fact)


# ----------------------------------------------------------------- funding check


@dataclass(frozen=True)
class FundingRules:
    name: str
    min_partners: int
    min_partners_exception: int
    min_years: int
    savings_target_pct: Decimal
    grants: list[dict]
    source: str


@dataclass
class FundingCheck:
    rules: FundingRules
    eligible: bool
    missing: list[str]
    met: list[str]
    grant: Decimal | None
    needs_exception: bool


def _pct(value: Decimal) -> str:
    return number_format(value.normalize(), decimal_pos=None, use_l10n=True)


def funding_check(
    rules: FundingRules,
    *,
    partners: int,
    years: int | None,
    savings_pct: Decimal | None,
    exception_justified: bool = False,
    form_level: str = "",
) -> FundingCheck:
    """Whether a cooperation meets the programme's rules, and what exactly is missing.

    Partner numbers: from `min_partners` normally, from `min_partners_exception`
    only with a justified exception. Savings must reach the target exactly or more
    (14.9 % misses 15 %).
    """
    checks = [
        _partners_check(rules, partners, exception_justified),
        _years_check(rules, years),
        _savings_check(rules, savings_pct),
    ]
    if form_level == "informal":
        checks.append(
            (
                _(
                    "Eine informelle Form hat keinen Vertrag und keine Satzung; der "
                    "Antrag verlangt die Vereinbarung der Partner."
                ),
                False,
            )
        )
    missing = [text for text, ok in checks if not ok]
    return FundingCheck(
        rules=rules,
        eligible=not missing,
        missing=missing,
        met=[text for text, ok in checks if ok],
        grant=None if missing else _grant(rules, partners),
        needs_exception=rules.min_partners > partners >= rules.min_partners_exception,
    )


def _partners_check(
    rules: FundingRules, partners: int, exception_justified: bool
) -> tuple[str, bool]:
    """(sentence, whether the rule is met) for the number of partners."""
    numbers = {"n": partners, "min": rules.min_partners}
    if partners >= rules.min_partners:
        return _("%(n)s Partner: mindestens %(min)s sind verlangt.") % numbers, True
    if partners >= rules.min_partners_exception:
        if exception_justified:
            text = _(
                "%(n)s Partner: zulässig als begründete Ausnahme (sonst "
                "mindestens %(min)s); die Begründung gehört in den Antrag."
            )
            return text % numbers, True
        text = _(
            "%(n)s Partner reichen nur in einem begründeten Ausnahmefall; "
            "ohne Begründung sind mindestens %(min)s Gemeinden nötig."
        )
        return text % numbers, False
    text = _(
        "%(n)s Partner sind zu wenige: nötig sind mindestens %(min)s "
        "Gemeinden, in begründeten Ausnahmen %(exception)s."
    )
    return text % {**numbers, "exception": rules.min_partners_exception}, False


def _years_check(rules: FundingRules, years: int | None) -> tuple[str, bool]:
    """(sentence, whether the rule is met) for the planned term."""
    if years is None:
        text = _("Die geplante Laufzeit fehlt: verlangt sind mindestens %(min)s Jahre.")
        return text % {"min": rules.min_years}, False
    numbers = {"years": years, "min": rules.min_years}
    if years < rules.min_years:
        text = _(
            "Die Laufzeit von %(years)s Jahren ist zu kurz: verlangt sind "
            "mindestens %(min)s Jahre."
        )
        return text % numbers, False
    text = _("Laufzeit %(years)s Jahre: mindestens %(min)s sind verlangt.")
    return text % numbers, True


def _savings_check(
    rules: FundingRules, savings_pct: Decimal | None
) -> tuple[str, bool]:
    """(sentence, whether the rule is met) for the expected savings."""
    target = rules.savings_target_pct
    if savings_pct is None:
        text = _(
            "Die erwartete Einsparung fehlt: verlangt sind mindestens "
            "%(target)s %% der Personal- und Sachkosten im Jahr."
        )
        return text % {"target": _pct(target)}, False
    numbers = {"pct": _pct(savings_pct), "target": _pct(target)}
    if savings_pct < target:
        text = _(
            "Die erwartete Einsparung von %(pct)s %% liegt unter den verlangten "
            "%(target)s %% der Personal- und Sachkosten; es fehlen %(gap)s "
            "Prozentpunkte."
        )
        return text % {**numbers, "gap": _pct(target - savings_pct)}, False
    text = _("Einsparung %(pct)s %%: mindestens %(target)s %% sind verlangt.")
    return text % numbers, True


def _grant(rules: FundingRules, partners: int) -> Decimal | None:
    """The largest grant whose partner minimum is reached, if any."""
    eligible = [g for g in rules.grants if partners >= int(g.get("partners_min", 0))]
    if not eligible:
        return None
    best = max(eligible, key=lambda g: int(g["partners_min"]))
    return Decimal(best["amount"])
