"""The install step's prerequisite check (scripts/lib/toolchain.sh): a missing or too old
toolchain makes the install fail at once, before anything is installed or built, naming the
package to install. The check runs in a subshell whose PATH holds fake tools that print the
versions of real ones (or too old ones); nothing on the machine is uninstalled."""
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BASH = shutil.which("bash")
# What the sourced scripts use besides the toolchains: taken from the machine as they are.
UTILITIES = ["sed", "grep", "sort", "head", "cut", "date", "mkdir", "dirname", "basename", "cat", "cmp",
             "touch", "pwd", "rm", "mktemp", "du", "sha256sum"]

# Each fake prints what the real tool prints for its version (java to stderr, Maven with the ANSI
# codes Maven 3.8 writes even in batch mode).
GOOD = {
    "java": """echo 'openjdk version "17.0.15" 2025-04-15' >&2""",
    "javac": "echo 'javac 17.0.15'",
    "mvn": r"printf '\033[1mApache Maven 3.8.7\033[m\nMaven home: /usr/share/maven\n'",
    "node": "echo v20.20.2",
    "npm": "echo 11.19.1",
    "python3": 'case "$*" in *ensurepip*) exit 0 ;; *version_info*) echo 3.11.7 ;; esac',
    "cargo": "echo 'cargo 1.95.0 (f2d3ce0bd 2026-03-21)'",
    "rustc": "echo 'rustc 1.95.0 (59807616e 2026-04-14)'",
    "cc": "exit 0",
    "make": "exit 0",
    "go": "echo 'go version go1.26.8 linux/amd64'",
}
# The package (or installer) each missing tool's message must name.
PACKAGE = {"java": "openjdk-17-jdk-headless", "javac": "openjdk-17-jdk-headless", "mvn": "Debian: maven",
           "node": "Debian: nodejs", "npm": "Debian: npm", "python3": "Debian: python3", "cargo": "rustup",
           "rustc": "rustup", "cc": "Debian: gcc", "make": "Debian: make", "go": "Debian: golang-go"}
TOO_OLD = {
    "java": ("""echo 'openjdk version "11.0.2" 2019-01-15' >&2""", "found 11.0.2"),
    "mvn": (r"printf '\033[1mApache Maven 3.6.3\033[m\n'", "found 3.6.3"),
    "node": ("echo v18.19.0", "found 18.19.0"),
    "python3": ('case "$*" in *ensurepip*) exit 0 ;; *) echo 3.9.2 ;; esac', "found 3.9.2"),
    "cargo": ("echo 'cargo 1.63.0'", "found 1.63.0"),
    "rustc": ("echo 'rustc 1.94.1 (e408947bf 2026-03-25)'", "found 1.94.1"),
    "go": ("echo 'go version go1.24.4 linux/amd64'", "found 1.24.4"),
}
# Steps that take long or change the machine: none may start when a prerequisite is missing.
LONG_STEPS = ["apt-get", "sudo", "npm ci", "-m venv", "dependency:get", "cargo install", "go mod", "go build"]


class Machine:
    """A PATH of fake tools; every call of a fake is recorded in calls.log."""

    def __init__(self, root):
        self.root = root
        self.bin = root / "bin"
        self.bin.mkdir()
        self.calls = root / "calls.log"
        self.cache = root / "cache"
        for name in UTILITIES:
            (self.bin / name).symlink_to(shutil.which(name))
        for name in ("apt-get", "sudo"):
            self.fake(name, "exit 0")
        for name, body in GOOD.items():
            self.fake(name, body)

    def fake(self, name, body):
        path = self.bin / name
        path.write_text(f'#!{BASH}\necho "{name} $*" >>"{self.calls}"\n{body}\n')
        path.chmod(0o755)

    def remove(self, name):
        (self.bin / name).unlink()

    def built(self, variable):
        """Marks a tool of the cache (ROUTER_BIN, COMPOSE_BIN, ...) as built."""
        path = Path(self.run(f'printf %s "${variable}"').stdout)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("")
        path.chmod(0o755)

    def run(self, command):
        env = {"PATH": str(self.bin), "HOME": str(self.root / "home"), "BENCH_CACHE_DIR": str(self.cache),
               "BENCH_RUN_DIR": str(self.root / "run")}
        script = f"source scripts/lib/common.sh && source scripts/lib/toolchain.sh && {command}"
        return subprocess.run([BASH, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    def long_steps_started(self):
        calls = self.calls.read_text() if self.calls.exists() else ""
        return [step for step in LONG_STEPS if step in calls]


@pytest.fixture
def machine(tmp_path):
    return Machine(tmp_path)


def test_this_machine_has_every_prerequisite(tmp_path):
    # The real tools' version output is parsed too, not only the fakes'. An empty cache: every
    # build's toolchain is checked.
    result = subprocess.run([BASH, "-c", "source scripts/lib/common.sh && source scripts/lib/toolchain.sh "
                             "&& check_prerequisites tests"], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={**os.environ, "BENCH_CACHE_DIR": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr


def test_the_fake_machine_passes(machine):
    # Otherwise the failures below could come from something other than the tool taken away.
    result = machine.run("check_prerequisites tests")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("tool", sorted(PACKAGE))
def test_a_missing_tool_fails_naming_its_package(machine, tool):
    machine.remove(tool)
    result = machine.run("check_prerequisites tests")
    assert result.returncode != 0
    assert "missing prerequisite" in result.stderr and PACKAGE[tool] in result.stderr, result.stderr


@pytest.mark.parametrize("tool", sorted(TOO_OLD))
def test_a_too_old_tool_fails_naming_the_version_found(machine, tool):
    body, found = TOO_OLD[tool]
    machine.fake(tool, body)
    result = machine.run("check_prerequisites tests")
    assert result.returncode != 0
    assert found in result.stderr and PACKAGE[tool] in result.stderr, result.stderr


def test_java_8_version_format_is_too_old(machine):
    machine.fake("java", """echo 'openjdk version "1.8.0_412"' >&2""")
    result = machine.run("check_prerequisites")
    assert result.returncode != 0 and "found 1.8.0_412" in result.stderr


def test_python_without_venv_fails_naming_python3_venv(machine):
    machine.fake("python3", 'case "$*" in *ensurepip*) exit 1 ;; *) echo 3.11.2 ;; esac')
    result = machine.run("check_prerequisites")
    assert result.returncode != 0 and "python3-venv" in result.stderr


def test_every_problem_is_listed_at_once(machine):
    machine.remove("java")
    machine.fake("node", "echo v18.19.0")
    result = machine.run("check_prerequisites")
    assert "openjdk-17-jdk-headless" in result.stderr and "found 18.19.0" in result.stderr
    assert "2 prerequisite(s) missing or too old" in result.stderr


def test_rust_is_needed_only_until_the_router_is_built(machine):
    for tool in ("cargo", "rustc", "cc", "make"):
        machine.remove(tool)
    assert machine.run("check_prerequisites").returncode != 0
    machine.built("ROUTER_BIN")
    result = machine.run("check_prerequisites")
    assert result.returncode == 0, result.stderr


def test_go_is_needed_only_for_the_tests_until_compose_helm_and_kube_check_are_built(machine):
    machine.remove("go")
    assert machine.run("check_prerequisites").returncode == 0
    for variable in ("COMPOSE_BIN", "HELM_BIN", "KUBE_CHECK_BIN"):
        assert machine.run("check_prerequisites tests").returncode != 0, f"passed before {variable} was built"
        machine.built(variable)
    result = machine.run("check_prerequisites tests")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("tool", ["java", "node", "cargo"])
def test_the_install_step_stops_before_any_long_step(machine, tool):
    machine.remove(tool)
    result = machine.run("install_toolchain tests")
    assert result.returncode != 0 and PACKAGE[tool] in result.stderr, result.stderr
    assert machine.long_steps_started() == []
    # The check ran first: nothing announced, nothing installed.
    assert "First run on this machine" not in result.stderr


def test_the_install_step_gets_past_the_check_when_everything_is_there(machine):
    # Guards the test above: with every tool present the same call reaches the install steps
    # (here the fake apt-get, which installs nothing, so the step after it fails).
    result = machine.run("install_toolchain tests")
    assert "First run on this machine" in result.stderr
    assert "apt-get" in machine.long_steps_started()


def test_a_package_several_missing_commands_come_from_is_installed_once():
    script = ('source scripts/lib/common.sh; apt_install() { echo "apt: $*"; }; '
              'ensure_apt_packages no-such-server:pkg-a no-such-tool:pkg-a curl:curl no-such-other:pkg-b')
    result = subprocess.run([BASH, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "apt: pkg-a pkg-b"
