"""scripts/start-monitoring.sh (local mode) binds every server it starts to 127.0.0.1.
tests/system/test_dashboards.py checks the real listening sockets; this checks the command
lines without starting anything."""
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


SCRIPT = ROOT / "scripts/start-monitoring.sh"
# Each server the script starts and the flag that sets its listening address.
LISTEN_FLAGS = {"prometheus": "--web.listen-address", "prometheus-process-exporter": "-web.listen-address",
                "prometheus-nginx-exporter": "-web.listen-address", "prometheus-pushgateway": "--web.listen-address"}


def commands():
    """The script's command lines, continuation lines joined."""
    return SCRIPT.read_text().replace("\\\n", " ").splitlines()


def test_script_parses():
    assert subprocess.run(["bash", "-n", str(SCRIPT)]).returncode == 0


def test_every_server_listens_on_loopback():
    started = {}
    for line in commands():
        words = line.split()
        for program, flag in LISTEN_FLAGS.items():
            if program in words:
                address = re.search(rf'(?:^|\s){re.escape(flag)}[= ]"?([^"\s]+)', line)
                assert address, f"{program} started without {flag}: {line.strip()}"
                assert address[1].startswith("127.0.0.1:"), line.strip()
                started[program] = started.get(program, 0) + 1
    assert set(started) == set(LISTEN_FLAGS)
    assert "0.0.0.0" not in SCRIPT.read_text()


def test_grafana_listens_on_loopback():
    text = SCRIPT.read_text()
    assert "GF_SERVER_HTTP_ADDR=127.0.0.1" in text


def test_pid_files_are_where_stop_sh_looks():
    # scripts/stop.sh stops every $RUN_DIR/monitoring/*.pid.
    assert 'MON_DIR="$RUN_DIR/monitoring"' in SCRIPT.read_text()
    assert '"$RUN_DIR"/monitoring/*.pid' in (ROOT / "scripts/stop.sh").read_text()
