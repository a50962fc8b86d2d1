"""Tools the install step builds into the cache outside the repository, for the static checks."""
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def cached_tool(variable):
    """Path of a tool the install step builds into the cache, as scripts/lib/common.sh names it
    (so BENCH_CACHE_DIR and the version variables are honoured)."""
    result = subprocess.run(["bash", "-c", f'source scripts/lib/common.sh && printf %s "${variable}"'],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    path = Path(result.stdout)
    # The install step (scripts/test.sh) builds these; a missing one is a broken set-up.
    assert path.is_file(), f"{path} is missing: run scripts/test.sh or the install script that builds it"
    return str(path)
