"""Option comparison: rank organisational forms for a task, check funding rules.

Pure functions over plain data (profiles built by
`cooperations.selectors.form_profiles`): the facts, their ratings and their status
come from the reference data, never from this module. Every number the page shows
is explained in a sentence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lebenswert.core.numbers import format_money

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
    family: str = ""  # FormFamily: the flags for cooperation across a Land border


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
    """A Land's programme as the comparison checks it. A rule that is None is one
    the sources do not state: the check names it as not checked, never as met."""

    name: str
    min_partners: int | None
    min_partners_exception: int | None
    min_years: int | None
    savings_target_pct: Decimal | None
    grants: list[dict]
    source: str
    certainty: str = "S"
    version: str = ""
    body: str = ""
    criteria_complete: bool = True
    min_partners_cross_border: int | None = None
    service_improvement_counts: bool = False
    fees_excluded: bool = False
    grant_per_further_partner: Decimal | None = None
    max_grant: Decimal | None = None
    max_rate_pct: Decimal | None = None
    conditions: str = ""
    valid_until: date | None = None
    conditions_en: str = ""  # the conditions in English, where recorded

    @property
    def to_check(self) -> bool:
        """Rules not read in the programme's text (G): to be checked."""
        return self.certainty != "S"


@dataclass(frozen=True)
class FundingPlan:
    """What the plan says for rules only some programmes have: a service
    improvement instead of savings (NRW), fees for the facility (Thüringen), and
    partners beyond the Land border."""

    service_improvement: bool = False
    fees_charged: bool = False
    other_lands: tuple[str, ...] = ()  # the other partners' Länder, by name

    @property
    def cross_border(self) -> bool:
        return bool(self.other_lands)


NO_PLAN = FundingPlan()


@dataclass
class FundingCheck:
    rules: FundingRules
    eligible: bool
    missing: list[str]
    met: list[str]
    grant: Decimal | None
    needs_exception: bool
    # Rules the sources do not state, or that the portal cannot check.
    unchecked: list[str] = field(default_factory=list)
    grant_notes: list[str] = field(default_factory=list)
    # An amount known only as a ceiling or from incomplete criteria: shown, never
    # counted in the costs.
    grant_up_to: Decimal | None = None

    @property
    def incomplete(self) -> bool:
        """Nothing is missing, but the programme's criteria are known only in part."""
        return not self.missing and not self.rules.criteria_complete


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
    plan: FundingPlan = NO_PLAN,
    eligible_costs: Decimal | None = None,
) -> FundingCheck:
    """Whether a cooperation meets the programme's rules, what exactly is missing,
    and which rules could not be checked.

    `partners` are the partners in the programme's Land. Partner numbers: from
    `min_partners` normally, from `min_partners_exception` only with a justified
    exception, from `min_partners_cross_border` with partners beyond the border.
    Savings must reach the target exactly or more (14.9 % misses 15 %). A rule the
    sources leave open (None) is listed in `unchecked`. Eligible means: every rule
    checked is met and the programme's criteria are completely known.
    """
    checks = [
        _partners_check(rules, partners, exception_justified, plan),
        *_cross_border_count(rules, partners, plan),
        _years_check(rules, years),
        _savings_check(rules, savings_pct, plan),
        *_fees_check(rules, plan),
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
    missing = [text for text, ok in checks if ok is False]
    amount, notes = _grant(rules, partners, plan, eligible_costs)
    eligible = not missing and rules.criteria_complete
    return FundingCheck(
        rules=rules,
        eligible=eligible,
        missing=missing,
        met=[text for text, ok in checks if ok is True],
        grant=amount if eligible else None,
        needs_exception=(
            rules.min_partners is not None
            and rules.min_partners_exception is not None
            and rules.min_partners > partners >= rules.min_partners_exception
        ),
        unchecked=[text for text, ok in checks if ok is None],
        grant_notes=notes if eligible else [],
        grant_up_to=_grant_up_to(rules, amount, missing),
    )


def _grant_up_to(
    rules: FundingRules, amount: Decimal | None, missing: list[str]
) -> Decimal | None:
    """Without a fixed amount, the programme's ceiling; with incomplete criteria,
    the known amount, which is not counted in the costs."""
    if amount is None:
        return rules.max_grant
    if not rules.criteria_complete and not missing:
        return amount
    return None


def _partners_check(
    rules: FundingRules, partners: int, exception_justified: bool, plan: FundingPlan
) -> tuple[str, bool | None]:
    """(sentence, met / not met / None: not stated) for the number of partners."""
    minimum = rules.min_partners
    across = rules.min_partners_cross_border
    if plan.cross_border and across is not None and partners >= across:
        if minimum is None or partners < minimum:
            text = _(
                "%(n)s Partner aus dem Land: bei einer Kooperation über die "
                "Landesgrenze genügen %(min)s."
            )
            return text % {"n": partners, "min": across}, True
    if minimum is None:
        text = _(
            "Eine Mindestzahl der Partner nennen die Quellen des Programms nicht; "
            "nicht geprüft."
        )
        return text, None
    numbers = {"n": partners, "min": minimum}
    if partners >= minimum:
        return _("%(n)s Partner: mindestens %(min)s sind verlangt.") % numbers, True
    exception = rules.min_partners_exception
    if exception is None:
        text = _("%(n)s Partner sind zu wenige: nötig sind mindestens %(min)s.")
        return text % numbers, False
    if partners >= exception:
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
    return text % {**numbers, "exception": exception}, False


def _cross_border_count(
    rules: FundingRules, partners: int, plan: FundingPlan
) -> list[tuple[str, None]]:
    """With partners in other Länder and no rule for them: say who was counted."""
    if (
        not plan.cross_border
        or rules.min_partners is None
        or rules.min_partners_cross_border is not None
    ):
        return []
    text = _(
        "Gezählt sind nur die Partner aus diesem Land (%(n)s); ob Partner aus "
        "%(others)s mitzählen, sagen die Quellen des Programms nicht."
    )
    return [(text % {"n": partners, "others": ", ".join(plan.other_lands)}, None)]


def _years_check(rules: FundingRules, years: int | None) -> tuple[str, bool | None]:
    """(sentence, met / not met / None: not stated) for the planned term."""
    if rules.min_years is None:
        text = _(
            "Eine Mindestlaufzeit nennen die Quellen des Programms nicht; nicht "
            "geprüft."
        )
        return text, None
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
    rules: FundingRules, savings_pct: Decimal | None, plan: FundingPlan
) -> tuple[str, bool | None]:
    """(sentence, met / not met / None: not stated) for the expected savings, or
    the service improvement a programme accepts instead (NRW)."""
    target = rules.savings_target_pct
    if target is None:
        text = _(
            "Ein Einsparziel nennen die Quellen des Programms nicht; nicht geprüft."
        )
        return text, None
    text, met = _savings_target(target, savings_pct)
    if met or not rules.service_improvement_counts:
        return text, met
    numbers = {"target": _pct(target)}
    if plan.service_improvement:
        text = _(
            "Eine wesentliche Verbesserung der Leistung für die Bürgerinnen und "
            "Bürger ist angegeben: das Programm lässt sie statt einer Einsparung "
            "von %(target)s %% gelten."
        )
        return text % numbers, True
    alternative = _(
        "Statt der Einsparung genügt eine wesentliche Verbesserung der Leistung "
        "für die Bürgerinnen und Bürger; sie ist nicht angegeben."
    )
    return f"{text} {alternative}", False


def _savings_target(target: Decimal, savings_pct: Decimal | None) -> tuple[str, bool]:
    """(sentence, whether the target is reached) for a savings target."""
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


def _fees_check(rules: FundingRules, plan: FundingPlan) -> list[tuple[str, bool]]:
    """A programme that funds no facility charging fees (Thüringen)."""
    if not rules.fees_excluded:
        return []
    if plan.fees_charged:
        text = _(
            "Für die Nutzung der Einrichtung sollen Gebühren oder Beiträge erhoben "
            "werden: das Programm fördert keine Einrichtung, für die Abgaben nach "
            "dem Kommunalabgabengesetz erhoben werden."
        )
        return [(text, False)]
    text = _(
        "Für die Nutzung der Einrichtung werden keine Gebühren oder Beiträge "
        "erhoben, wie das Programm es verlangt."
    )
    return [(text, True)]


def _grant(
    rules: FundingRules,
    partners: int,
    plan: FundingPlan,
    eligible_costs: Decimal | None,
) -> tuple[Decimal | None, list[str]]:
    """The grant of the largest tier whose partner minimum is reached (a tier for
    partners across the border only then), plus the amount per further partner,
    within the ceiling and the highest rate of the known set-up costs."""
    tiers = [
        g
        for g in rules.grants
        if partners >= int(g.get("partners_min", 0))
        and (plan.cross_border or not g.get("cross_border_only"))
    ]
    if not tiers:
        return None, []
    best = max(tiers, key=lambda g: int(g["partners_min"]))
    amount, notes = Decimal(best["amount"]), []
    further = partners - int(best["partners_min"])
    if rules.grant_per_further_partner and further > 0:
        amount += rules.grant_per_further_partner * further
        notes.append(
            _("%(base)s und %(each)s für jeden der %(n)s weiteren Partner")
            % {
                "base": format_money(best["amount"], 0),
                "each": format_money(rules.grant_per_further_partner, 0),
                "n": further,
            }
        )
    if rules.max_grant is not None and amount > rules.max_grant:
        amount = rules.max_grant
        notes.append(_("höchstens %(max)s") % {"max": format_money(rules.max_grant, 0)})
    if rules.max_rate_pct is not None:
        amount, note = _rate_cap(amount, rules.max_rate_pct, eligible_costs)
        notes.append(note)
    return amount, notes


def _rate_cap(
    amount: Decimal, rate_pct: Decimal, costs: Decimal | None
) -> tuple[Decimal, str]:
    """The grant within the highest rate of the set-up costs, where they are known."""
    numbers = {"rate": _pct(rate_pct)}
    if not costs:
        text = _(
            "Höchstsatz %(rate)s %% der förderfähigen Ausgaben: ohne eingetragene "
            "Einmalkosten nicht angewandt"
        )
        return amount, text % numbers
    cap = (costs * rate_pct / 100).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    whole = cap == cap.to_integral_value()
    numbers.update(
        costs=format_money(costs, 0), cap=format_money(cap, 0 if whole else 2)
    )
    if amount > cap:
        text = _("höchstens %(rate)s %% der Einmalkosten von %(costs)s, also %(cap)s")
        return cap, text % numbers
    text = _("innerhalb von %(rate)s %% der Einmalkosten von %(costs)s (%(cap)s)")
    return amount, text % numbers
