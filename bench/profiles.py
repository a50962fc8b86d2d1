"""Load profiles: the phases one architecture goes through (SPEC section 5)."""
from dataclasses import dataclass


@dataclass(frozen=True)
class PhasePlan:
    name: str
    target_rps: int
    duration_s: int
    warmup: bool = False

    def as_metadata(self) -> dict:
        return {"name": self.name, "target_rps": self.target_rps, "duration_s": self.duration_s,
                "warmup": self.warmup}


# standard: SPEC section 5. quick: the same shape in short phases, for smoke runs.
PROFILES = {
    "standard": {"warmup": (50, 120), "rates": (100, 300, 500), "durations": (180, 300, 300)},
    "quick": {"warmup": (50, 20), "rates": (100, 300, 500), "durations": (30, 30, 30)},
}


def plan_phases(profile: str, rates=None, durations=None, warmup_rate=None, warmup_duration=None) -> list:
    """The phases of `profile`, with any of its numbers overridden."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile '{profile}', expected one of {', '.join(PROFILES)}")
    base = PROFILES[profile]
    rates = tuple(rates or base["rates"])
    durations = tuple(durations or base["durations"])
    if len(durations) == 1 and len(rates) > 1:
        durations = durations * len(rates)
    if len(durations) != len(rates):
        raise ValueError(f"{len(rates)} rates but {len(durations)} durations")
    if any(value <= 0 for value in rates + durations):
        raise ValueError("rates and durations must be positive")
    phases = []
    rate = base["warmup"][0] if warmup_rate is None else warmup_rate
    duration = base["warmup"][1] if warmup_duration is None else warmup_duration
    if duration > 0:
        phases.append(PhasePlan("warmup", rate, duration, warmup=True))
    phases += [PhasePlan(f"rps{rate}", rate, duration) for rate, duration in zip(rates, durations)]
    return phases
