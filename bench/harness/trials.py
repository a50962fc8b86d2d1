"""The interleaved design's schedule (bench.harness.profiles.TrialDesign): what runs when in a block.

A block starts every stack the architectures need once. Its warm-up gives each stack the gentle
stage once (through the first architecture that uses it) and every architecture its own settle
stage, so a second user of a stack (batched REST after naive REST, an A/A copy) is steady on its
own requests before it is measured. Then each load level, in the profile's order, is measured
as rounds: in every round each architecture runs one trial, in an order drawn at random per round
from the design's seed, so no architecture always runs first or right after another's overload.
"""
import random
import time
from dataclasses import dataclass
from pathlib import Path

from bench.harness.profiles import PhasePlan, TrialDesign

# Between two trials at least this long: the previous trial's last answers end before the next
# architecture's load starts.
TRIAL_GAP_S = 5
# Then until the system under test's CPUs are back near idle: a stack pushed past its capacity
# keeps working on queued requests after its load stops. In the first standard run of this design
# (2026-12-07) naive REST's backlog after its saturated 300 req/s trial took 13 % of the core
# during the next trial (GraphQL's, whose p95 went from 50 to 5,160 ms). Idle, both stacks
# together use 1-2 % of it.
IDLE_BUSY_SHARE = 0.10  # of the system under test's CPUs, over IDLE_STREAK_S
IDLE_STREAK_S = 3
DRAIN_LIMIT_S = 120


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


def busy_ticks(cpus: list, path: Path = Path("/proc/stat")) -> tuple:
    """(busy, total) clock ticks since boot of `cpus` together (busy: everything but idle and
    iowait)."""
    busy = total = 0
    for line in path.read_text().splitlines():
        fields = line.split()
        if fields and fields[0].startswith("cpu") and fields[0][3:].isdigit() and int(fields[0][3:]) in cpus:
            values = [int(value) for value in fields[1:9]]
            busy += sum(values) - values[3] - values[4]
            total += sum(values)
    return busy, total


def drain(cpus: list, limit_s: float = DRAIN_LIMIT_S, read=busy_ticks, sleep=time.sleep) -> tuple:
    """Waits TRIAL_GAP_S, then until `cpus` were under IDLE_BUSY_SHARE busy for IDLE_STREAK_S
    seconds in a row, at most `limit_s` more. Returns (seconds waited, drained)."""
    sleep(TRIAL_GAP_S)
    waited, streak, before = float(TRIAL_GAP_S), 0, read(cpus)
    while streak < IDLE_STREAK_S:
        if waited >= TRIAL_GAP_S + limit_s:
            return waited, False
        sleep(1)
        waited += 1
        after = read(cpus)
        ticks = after[1] - before[1]
        streak = streak + 1 if ticks > 0 and (after[0] - before[0]) / ticks < IDLE_BUSY_SHARE else 0
        before = after
    return waited, True


def kinds(arms: list) -> list:
    """The stacks the architectures need, in the order they are first named."""
    return list(dict.fromkeys(arch["kind"] for arch in arms))
