"""The runner's console lines and the timestamps it records."""
import time


def log(message: str):
    """One progress line, prefixed with the wall-clock time, flushed at once (output may be piped)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def timestamp() -> str:
    """Now, as metadata.json records times (ISO 8601 with the UTC offset)."""
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
