"""Load profiles: the phases one architecture goes through (SPEC section 5), and how the
measured phases are cut into trials.

Each architecture first gets a gentle warm-up at a low rate (the JIT compiles without a cold JVM
being hammered), then a settle stage at the first measured rate that lasts until its latency is
steady (bench/harness/warmup.py), at most `settle` seconds. Neither is measured.

A profile's durations are the measured time per architecture and load level over the whole run.
In the interleaved design (the default) that time is cut into `blocks` x `trials` trials: every
block starts and warms the stacks once, then measures each level as `trials` rounds in which every
architecture runs one trial, in a random order (Abedi and Brecht, ICPE 2017: randomized multiple
interleaved trials). The sequential design runs one architecture after another, each on a fresh
stack, each phase whole, as many times as asked (--repeat).
"""
from dataclasses import dataclass


@dataclass(frozen=True)
class PhasePlan:
    name: str
    target_rps: int
    duration_s: int  # until_steady: the upper bound
    warmup: bool = False
    until_steady: bool = False

    def as_metadata(self) -> dict:
        return {"name": self.name, "target_rps": self.target_rps, "duration_s": self.duration_s,
                "warmup": self.warmup, "until_steady": self.until_steady}


DESIGNS = ("interleaved", "sequential")


@dataclass(frozen=True)
class TrialDesign:
    design: str  # one of DESIGNS
    blocks: int  # starts of the stacks (sequential: whole runs of each architecture, --repeat)
    trials: int  # per architecture, load level and block (interleaved); 1 in the sequential design
    seed: int  # of the random trial order

    @property
    def interleaved(self) -> bool:
        return self.design == "interleaved"

    @property
    def splits(self) -> int:
        """Into how many trials a measured phase's duration is cut (a sequential repeat runs it whole)."""
        return self.blocks * self.trials if self.interleaved else 1

    def as_metadata(self) -> dict:
        return {"design": self.design, "blocks": self.blocks, "trials": self.trials, "seed": self.seed}


# standard: SPEC section 5 (2 min warm-up), then settling at 100 req/s for at most 8 min.
# quick: the same shape in short phases, settling for at most 7 min. Measured on the 2-core
# machine: the JVMs' JIT compilers took 22, 44, 38, 17 % of the system under test's core per
# minute at 50 req/s, then 24, 12, 11, 5, 6 % at 100 req/s, so a stack needs about six minutes of
# load before it settles (bench/harness/warmup.py waits for that); the bounds leave a slower stack two to
# four minutes more. A cold GraphQL stack given 1 min at 50 req/s also needed 3-4 min at 100
# req/s before its median latency stopped falling.
# Trials: the standard profile's 180/300/300 s per architecture and level become 2 blocks of 2
# trials of 45/75/75 s (docs/methodology.md, "Interleaved trials"); a quick run has one block of
# one trial per level, so only the order of the architectures within a level is interleaved.
PROFILES = {
    "standard": {"warmup": (50, 120), "settle": 480, "rates": (100, 300, 500), "durations": (180, 300, 300),
                 "blocks": 2, "trials": 2},
    "quick": {"warmup": (50, 60), "settle": 420, "rates": (100, 300, 500), "durations": (30, 30, 30),
              "blocks": 1, "trials": 1},
}


def plan_design(profile: str, design: str = DESIGNS[0], blocks=None, trials=None, seed: int = 0) -> TrialDesign:
    """The trial design of `profile`, with its block and trial counts overridden."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile '{profile}', expected one of {', '.join(PROFILES)}")
    if design not in DESIGNS:
        raise ValueError(f"unknown design '{design}', expected one of {', '.join(DESIGNS)}")
    base = PROFILES[profile]
    if design == "sequential":
        if trials not in (None, 1):
            raise ValueError("--trials needs the interleaved design: the sequential one runs each phase whole")
        return TrialDesign(design, 1 if blocks is None else blocks, 1, seed)
    design = TrialDesign(design, base["blocks"] if blocks is None else blocks,
                         base["trials"] if trials is None else trials, seed)
    if design.blocks < 1 or design.trials < 1:
        raise ValueError("blocks and trials must be at least 1")
    return design


def plan_phases(profile: str, rates=None, durations=None, warmup_rate=None, warmup_duration=None,
                settle_max=None, splits: int = 1) -> list:
    """The phases of `profile`, with any of its numbers overridden (0 s: leave that stage out).
    A measured phase lasts one trial: its duration over the run cut into `splits` trials."""
    if profile not in PROFILES:
        raise ValueError(f"unknown profile '{profile}', expected one of {', '.join(PROFILES)}")
    base = PROFILES[profile]
    rates = tuple(rates or base["rates"])
    durations_given = bool(durations)
    durations = tuple(durations or base["durations"])
    if len(durations) == 1 and len(rates) > 1:
        durations = durations * len(rates)
    if len(durations) != len(rates):
        given = "" if durations_given else f" (the {profile} profile's: {','.join(map(str, durations))})"
        raise ValueError(f"{len(rates)} rates but {len(durations)} durations{given}: "
                         "give --durations, one per rate or one for all")
    if any(value <= 0 for value in rates + durations):
        raise ValueError("rates and durations must be positive")
    phases = []
    rate = base["warmup"][0] if warmup_rate is None else warmup_rate
    duration = base["warmup"][1] if warmup_duration is None else warmup_duration
    settle = base["settle"] if settle_max is None else settle_max
    if duration < 0 or settle < 0 or rate <= 0:
        raise ValueError("the warm-up rate must be positive, its duration and the settle bound at least 0")
    if duration > 0:
        phases.append(PhasePlan("warmup", rate, duration, warmup=True))
    if settle > 0:
        phases.append(PhasePlan("settle", rates[0], settle, warmup=True, until_steady=True))
    if any(duration < splits for duration in durations):
        raise ValueError(f"durations of {','.join(map(str, durations))} s cannot be cut into {splits} trials "
                         "of at least 1 s: give longer --durations or fewer --blocks/--trials")
    phases += [PhasePlan(f"rps{rate}", rate, duration // splits) for rate, duration in zip(rates, durations)]
    return phases
