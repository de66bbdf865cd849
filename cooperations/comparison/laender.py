"""The partners' Länder in the option comparison: whose law ranks the forms, what
applies across a Land border, and one funding verdict per Land.

Pure functions over plain data (`selectors.land_laws`,
`selectors.cross_border_rules`). The partners come ordered by their official key;
the first partner's Land leads: its forms are ranked and its programme's grant is
counted in the cost model. Each Land's programme is checked for its own partners.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from .options import FormProfile, FundingCheck, FundingPlan, FundingRules, funding_check

# Without a rule for the pair, every form but the informal network needs the
# approval procedures of both Länder.
INFORMAL_FAMILIES = ("network",)


@dataclass(frozen=True)
class LandLaw:
    """A Land, its cooperation law and its funding, as the comparison states them.
    Without a recorded law (the city states) the law's fields are empty."""

    land_code: str
    land_name: str
    name: str = ""
    abbreviation: str = ""
    version: str = ""
    certainty: str = ""
    source: str = ""
    cross_border: str = ""
    cross_border_certainty: str = ""
    cross_border_source: str = ""
    funding: str = ""  # CooperationLaw.Funding: programme, incomplete, none_known
    funding_label: str = ""
    funding_note: str = ""
    funding_as_of: date | None = None
    programme: FundingRules | None = None

    @property
    def recorded(self) -> bool:
        return bool(self.name)


@dataclass(frozen=True)
class BorderRule:
    """What two Länder agreed for cooperation across their border."""

    land_codes: tuple[str, str]
    instrument: str
    rule: str
    families: tuple[str, ...]  # empty: every family
    certainty: str
    source: str

    def applies_to(self, family: str) -> bool:
        return not self.families or family in self.families


@dataclass
class LandGroup:
    law: LandLaw
    partners: list[str]  # the partners' short names


@dataclass
class Lands:
    """The Länder of the partners, the leading one first, and the rules between
    them; `flags` names, per form code, what crossing the border requires."""

    groups: list[LandGroup]
    rules: list[BorderRule]
    flags: dict[str, str]

    @property
    def lead(self) -> LandLaw | None:
        return self.groups[0].law if self.groups else None

    @property
    def cross_border(self) -> bool:
        return len(self.groups) > 1

    def flag_forms(self, profiles: list[FormProfile]) -> None:
        """Flag the lead Land's forms that need a rule to cross the border: those
        of the families a rule names, or, without a rule, all but the informal."""
        if not self.cross_border:
            return
        for profile in profiles:
            needed = [r.instrument for r in self.rules if r.applies_to(profile.family)]
            if needed:
                self.flags[profile.code] = _("über die Landesgrenze: %(rules)s") % {
                    "rules": "; ".join(needed)
                }
            elif not self.rules and profile.family not in INFORMAL_FAMILIES:
                self.flags[profile.code] = _(
                    "über die Landesgrenze: kein Staatsvertrag erfasst – nach dem "
                    "Recht beider Länder mit den Kommunalaufsichten zu prüfen"
                )

    def others(self, land_code: str) -> tuple[str, ...]:
        """The names of the partners' other Länder."""
        return tuple(
            g.law.land_name for g in self.groups if g.law.land_code != land_code
        )


@dataclass
class LandFunding:
    """One Land's verdict on its own partners; `check` is None without a programme
    recorded (the Land's `funding` status then says why)."""

    law: LandLaw
    partners: list[str]
    check: FundingCheck | None


def land_codes(land_of_partners: list[str]) -> list[str]:
    """The Länder in the order of their first partner."""
    return list(dict.fromkeys(land_of_partners))


def lands(
    partners: list[tuple[str, str]],
    *,
    laws: dict[str, LandLaw],
    rules: list[BorderRule],
) -> Lands:
    """Group the partners ((short name, Land code), in order) by Land."""
    groups: dict[str, LandGroup] = {}
    for name, code in partners:
        law = laws.get(code) or LandLaw(land_code=code, land_name=code)
        groups.setdefault(code, LandGroup(law=law, partners=[])).partners.append(name)
    return Lands(groups=list(groups.values()), rules=rules, flags={})


def funding_by_land(
    setting: Lands,
    *,
    lead_check: FundingCheck | None,
    years: int | None,
    savings_pct: Decimal | None,
    exception_justified: bool,
    plan: FundingPlan,
    eligible_costs: Decimal | None,
) -> list[LandFunding]:
    """Each Land's programme checked for its own partners; the lead Land's check
    is the one the cost model made."""
    verdicts = []
    for index, group in enumerate(setting.groups):
        rules = group.law.programme
        if index == 0 or rules is None:
            check = lead_check if index == 0 else None
        else:
            check = funding_check(
                rules,
                partners=len(group.partners),
                years=years,
                savings_pct=savings_pct,
                exception_justified=exception_justified,
                plan=replace(plan, other_lands=setting.others(group.law.land_code)),
                eligible_costs=eligible_costs,
            )
        verdicts.append(
            LandFunding(law=group.law, partners=group.partners, check=check)
        )
    return verdicts
