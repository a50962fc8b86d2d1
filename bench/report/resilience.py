"""The failure experiments of one results directory (bench/experiments/phases.py wrote them), for the
report: fault phases, hostile-input mixes, overload ramps and the generator's ceiling."""
import json
from dataclasses import dataclass
from pathlib import Path

from bench.experiments.ramp import judge_against_generator
from bench.results.errors import InputError


@dataclass(frozen=True)
class Resilience:
    faults: dict  # architecture id -> bench.fault/1 document
    hostile: dict  # architecture id -> bench.hostile/1 document
    ramps: dict  # architecture id -> bench.ramp/1 document
    generator: dict | None  # the generator's own ramp (bench.ramp/1)
    knee_judgements: dict  # architecture id -> whether its knee is its own, in words

    def __bool__(self) -> bool:
        return bool(self.faults or self.hostile or self.ramps)


def documents(directory: Path, order: list) -> dict:
    """Every <name>.json of `directory`, the architectures in run order, any other name after."""
    documents = {}
    for path in sorted(directory.glob("*.json")) if directory.is_dir() else ():
        try:
            documents[path.stem] = json.loads(path.read_text())
        except ValueError as error:
            raise InputError(f"{path}: not valid JSON ({error}); rerun the experiment or delete the file") from None
    rank = {name: index for index, name in enumerate(order)}
    return dict(sorted(documents.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0])))


def load_resilience(results_dir: Path, order: list) -> Resilience:
    """`order`: the architecture ids in the run's order, which the report keeps."""
    ramps = documents(results_dir / "ramp", order)
    generator = ramps.pop("generator", None)
    judgements = {arch: judge_against_generator(ramp, generator) if generator else
                  "the generator's ceiling was not measured: treat with care"
                  for arch, ramp in ramps.items()}
    return Resilience(documents(results_dir / "faults", order), documents(results_dir / "hostile", order), ramps,
                      generator, judgements)


def as_json(resilience: Resilience) -> dict:
    return {"faults": resilience.faults, "hostile": resilience.hostile, "ramps": resilience.ramps,
            "generator": resilience.generator, "knee_judgements": resilience.knee_judgements}
