"""The four benchmark scenarios (SPEC section 4) and the traffic mix that weights them."""

SCENARIOS = ("API-1", "API-2", "API-3", "API-4")

TITLES = {
    "API-1": "Baseline (gateway/router overhead)",
    "API-2": "Cross-service join (1 hop)",
    "API-3": "N+1 (nested list of 40)",
    "API-4": "Complex aggregation",
}

# Arrival weights of the scenario files (artillery/*.yml), as fractions.
TRAFFIC_MIX = {"API-1": 0.50, "API-2": 0.30, "API-3": 0.15, "API-4": 0.05}

OVERALL = "Overall"


def mix_with(scenario: str, share: float) -> dict:
    """The traffic mix with `scenario` raised to `share`, the others scaled to fill the rest.

    Used to test the SPEC decision guide's "API-3 (or API-4) type at 30 % or more" claims on
    the measured per-scenario numbers.
    """
    others = {name: weight for name, weight in TRAFFIC_MIX.items() if name != scenario}
    scale = (1.0 - share) / sum(others.values())
    return {**{name: weight * scale for name, weight in others.items()}, scenario: share}
