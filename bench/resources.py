"""`resources.json`: per-component resource use, written by the runner (from Prometheus).

Optional. When absent the report says "not collected". Schema `bench.resources/1`:

    {
      "schema": "bench.resources/1",
      "source": "prometheus http://127.0.0.1:9090" (free text),
      "samples": [
        {"architecture": "rest", "phase": "rps100", "repeat": 1, "component": "nginx",
         "cpu_percent": 12.5,        # mean over the phase, % of one core (200 = two cores)
         "rss_bytes": 13000000,      # peak resident memory during the phase
         "net_rx_bytes": 1234567,    # received during the phase
         "net_tx_bytes": 7654321}    # sent during the phase
      ]
    }

Any number may be null (not measured). Components are free names (nginx, router,
user-service, ..., artillery); the report lists them in the order first seen. With several
repeats the report shows the median of each number.
"""

import json
import statistics
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from bench.errors import InputError

SCHEMA = "bench.resources/1"
FIELDS = ("cpu_percent", "rss_bytes", "net_rx_bytes", "net_tx_bytes")


@dataclass(frozen=True)
class ResourceUsage:
    cpu_percent: float | None
    rss_bytes: float | None
    net_rx_bytes: float | None
    net_tx_bytes: float | None


def _median(values: list) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def load_resources(results_dir: Path) -> dict | None:
    """{(architecture, phase): {component: ResourceUsage}}, or None when not collected."""
    path = Path(results_dir) / "resources.json"
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not valid JSON ({error})") from None
    if raw.get("schema") != SCHEMA:
        raise InputError(f"{path}: schema is {raw.get('schema')!r}, expected {SCHEMA!r}")
    grouped = defaultdict(lambda: defaultdict(list))
    try:
        for sample in raw["samples"]:
            key = (sample["architecture"], sample["phase"])
            grouped[key][sample["component"]].append(sample)
    except (KeyError, TypeError) as error:
        raise InputError(f"{path}: a sample lacks {error}") from None
    return {
        key: {
            component: ResourceUsage(**{f: _median([s.get(f) for s in samples]) for f in FIELDS})
            for component, samples in components.items()
        }
        for key, components in grouped.items()
    }
