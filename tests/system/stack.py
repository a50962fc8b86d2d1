"""HTTP helpers for the system tests, which drive the real stacks started by the scripts."""
import json
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REST = "http://127.0.0.1:8080"
GRAPHQL = "http://127.0.0.1:4000"


@dataclass
class Reply:
    status: int
    headers: dict
    body: bytes
    elapsed: float

    def json(self):
        return json.loads(self.body)

    @property
    def is_json(self):
        content_type = next((value for name, value in self.headers.items() if name.lower() == "content-type"), "")
        return content_type.startswith("application/json")


def request(url, data=None, headers=None, timeout=30):
    started = time.monotonic()
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return Reply(response.status, dict(response.headers), response.read(), time.monotonic() - started)
    except urllib.error.HTTPError as error:
        return Reply(error.code, dict(error.headers), error.read(), time.monotonic() - started)


def get(path, base=REST):
    return request(base + path)


def graphql(query, variables=None, raw=None):
    body = raw if raw is not None else json.dumps({"query": query, "variables": variables or {}}).encode()
    return request(GRAPHQL + "/", data=body, headers={"Content-Type": "application/json"})


def run_script(*args, env=None):
    subprocess.run([str(ROOT / "scripts" / args[0]), *args[1:]], check=True, env=env)


def counter(port, metric, label, value):
    """A MicroProfile Metrics counter of the service instance on `port`, e.g.
    counter(9103, "repository_calls_total", "repository", "telemetry")."""
    metrics = request(f"http://127.0.0.1:{port}/metrics?scope=application").body.decode()
    for line in metrics.splitlines():
        if line.startswith(metric + "{") and f'{label}="{value}"' in line:
            return int(float(line.rsplit(" ", 1)[1]))
    return 0


def repository_calls(port, repository):
    return counter(port, "repository_calls_total", "repository", repository)


def outgoing_calls(port, operation):
    return counter(port, "outgoing_calls_total", "operation", operation)
