"""The interleaved design's schedule (bench.harness.profiles.TrialDesign): what runs when in a block.

A block starts every stack the architectures need once. Its warm-up gives each stack the gentle
stage once (through the first architecture that uses it) and every architecture its own settle
stage, so a second user of a stack (batched REST after naive REST, an A/A copy) is steady on its
own requests before it is measured. Then each load level, in the profile's order, is measured
as rounds: in every round each architecture runs one trial, in an order drawn at random per round
from the design's seed, so no architecture always runs first or right after another's overload.
"""
import random
from dataclasses import dataclass

from bench.harness.profiles import PhasePlan, TrialDesign

# Between two trials: the previous trial's last answers (and any work it left queued on the shared
# core) end before the next architecture's load starts.
TRIAL_GAP_S = 5


@dataclass(frozen=True)
class Trial:
    arch: dict
    phase: PhasePlan
    block: int
    trial: int  # the round within the block and level, from 1
    position: int  # within the round, from 1


def warm_up(arms: list, phases: list) -> list:
    """[(architecture, warm-up phase)] of one block: the gentle stage once per stack, the settle
    stage (until steady) for every architecture."""
    gentle = [phase for phase in phases if phase.warmup and not phase.until_steady]
    settle = [phase for phase in phases if phase.until_steady]
    first_of_kind = {}
    for arch in arms:
        first_of_kind.setdefault(arch["kind"], arch["id"])
    plan = [(arch, phase) for arch in arms if first_of_kind[arch["kind"]] == arch["id"] for phase in gentle]
    return plan + [(arch, phase) for arch in arms for phase in settle]


def rounds(arms: list, phases: list, design: TrialDesign, block: int) -> list:
    """The measured trials of one block, in the order they run."""
    rng = random.Random(f"{design.seed}/{block}")
    trials = []
    for phase in (phase for phase in phases if not phase.warmup):
        for number in range(1, design.trials + 1):
            order = list(arms)
            rng.shuffle(order)
            trials += [Trial(arch, phase, block, number, position) for position, arch in enumerate(order, start=1)]
    return trials


def kinds(arms: list) -> list:
    """The stacks the architectures need, in the order they are first named."""
    return list(dict.fromkeys(arch["kind"] for arch in arms))
