"""The settings of the method's rules in force, as one value.

`stvdesk.settings.Settings.method()` builds it from config.toml (a team's own `[cadence]`
included); the rule catalogue (`domain/rules.py`) reads its values from it, and the query
functions that apply the rules take it, or the parts they need. The defaults here are the
defaults of the settings: the method's where the reports give a figure, local ones where they
do not (each named as such in the catalogue).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from stvdesk.domain.agenda import WarningLimits
from stvdesk.domain.cadence import CadenceSettings
from stvdesk.domain.caseload import DEFAULT_BANDS, Band
from stvdesk.domain.company_flags import FlagSettings
from stvdesk.domain.enums import Role, TargetGroup
from stvdesk.domain.income import IncomeRates
from stvdesk.domain.matching import AbcSettings
from stvdesk.domain.phase import PhaseSettings
from stvdesk.domain.placements import DEFAULT_INTERNSHIP_WEEKS
from stvdesk.domain.summer import SummerSettings
from stvdesk.domain.urgency import UrgencyWeights


@dataclass(frozen=True)
class MethodSettings:
    cadence: CadenceSettings = field(default_factory=CadenceSettings)
    flags: FlagSettings = field(default_factory=FlagSettings)
    bands: Mapping[Role, Band] = field(default_factory=lambda: dict(DEFAULT_BANDS))
    summer: SummerSettings = field(default_factory=SummerSettings)
    phase: PhaseSettings = field(default_factory=PhaseSettings)
    abc: AbcSettings = field(default_factory=AbcSettings)
    # The longest praktik per target group in weeks; 0: no limit (rule praktik.max_uger).
    internship_weeks: Mapping[TargetGroup, int] = field(default_factory=lambda: dict(DEFAULT_INTERNSHIP_WEEKS))
    # The income calculator's rates (local setting [indkomst]; rules indkomst.*).
    income: IncomeRates = field(default_factory=IncomeRates)
    # The urgency score's weights (local setting [urgency]; rules haster.*).
    urgency: UrgencyWeights = field(default_factory=UrgencyWeights)

    @property
    def limits(self) -> WarningLimits:
        """The warnings' day counts: one setting each, shared with the cadence and the flags."""
        return WarningLimits(
            placement_follow_up_days=self.cadence.placement_max_days,
            no_contact_days=self.cadence.conversation_max_days,
            vk_wait_days=self.flags.vk_wait_days,
            zero_ordinary_months=self.flags.zero_ordinary_months,
            past_end_days=self.flags.past_end_days,
        )
