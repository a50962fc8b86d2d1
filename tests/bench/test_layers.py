"""The shape of bench/: layers that import only the layers below them, a handful of top-level
modules, and one topology shared with the shell scripts."""
import ast
import subprocess
from pathlib import Path

from bench import topology

BENCH = Path(__file__).resolve().parents[2] / "bench"
# Lowest first; a module may import its own layer, the layers before it and the shared modules.
LAYERS = ("results", "harness", "checks", "experiments", "report")
SHARED = {"topology", "scenarios"}
TOP_LEVEL = {"__init__", "__main__", "cli", "runner", "topology", "scenarios"}


def bench_imports(path: Path) -> set[str]:
    """The bench.<first part> names a module imports (bench.report.verdict -> report)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "bench":
            parts = node.module.split(".")
            names |= {parts[1]} if len(parts) > 1 else {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("bench.")}
    return names


def test_each_layer_imports_only_the_layers_below_it():
    offences = []
    for rank, layer in enumerate(LAYERS):
        allowed = set(LAYERS[:rank + 1]) | SHARED
        for module in sorted((BENCH / layer).rglob("*.py")):
            wrong = bench_imports(module) - allowed
            if wrong:
                offences.append(f"{module.relative_to(BENCH)} imports {sorted(wrong)}")
    assert not offences, offences


def test_the_shared_modules_import_no_layer():
    for name in SHARED:
        assert not bench_imports(BENCH / f"{name}.py"), name


def test_the_top_level_holds_only_the_entry_points_and_shared_modules():
    assert {path.stem for path in BENCH.glob("*.py")} == TOP_LEVEL
    packages = {path.name for path in BENCH.iterdir() if (path / "__init__.py").exists()}
    assert packages == set(LAYERS)


def test_every_command_module_has_the_cli_functions():
    from bench.cli import COMMANDS
    for name, module in COMMANDS.items():
        assert callable(module.add_arguments) and callable(module.main), name


def test_the_scripts_and_the_runner_read_the_same_ports():
    shell = subprocess.run(
        ["bash", "-c", 'source scripts/lib/common.sh; for s in "${SERVICES[@]}"; do '
                       'echo "$s ${REST_PORTS[$s]} ${GRAPHQL_PORTS[$s]}"; done; echo "$GATEWAY_PORT $ROUTER_PORT"'],
        cwd=topology.ROOT, capture_output=True, text=True, check=True).stdout.splitlines()
    services = [line.split() for line in shell[:-1]]
    assert tuple(name for name, _, _ in services) == topology.SERVICES
    for name, rest, graphql in services:
        assert (int(rest), int(graphql)) == (topology.SERVICE_PORTS["rest"][name], topology.SERVICE_PORTS["graphql"][name])
    assert topology.REST_URL.endswith(f":{shell[-1].split()[0]}")
    assert topology.GRAPHQL_URL.endswith(f":{shell[-1].split()[1]}")
