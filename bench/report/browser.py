"""Pages opened in a real browser: headless Chromium (Debian's chromium package) driven by
playwright-core (bench/report/package.json) through bench/report/page-check.mjs.

inspect_page() returns what the page showed: each chart and whether it drew, console errors,
requests (any that would leave 127.0.0.1 is blocked and listed), horizontal overflow at the
window width; with a screenshot path it also saves a PNG of the first screen. The runner uses it
to save report-first-screen.png beside report.html; the browser tests use it on the report, a
run page and the live console pages.
"""
import json
import os
import shutil
import subprocess
from pathlib import Path

REPORT_DIR = Path(__file__).resolve().parent
SCRIPT = REPORT_DIR / "page-check.mjs"
PLAYWRIGHT = REPORT_DIR / "node_modules" / "playwright-core"
LAPTOP = (1366, 768)  # a common laptop screen: the pages must be readable at this width
SCREENSHOT_NAME = "report-first-screen.png"


class BrowserUnavailable(Exception):
    """Chromium, Node.js or playwright-core is missing: nothing can be opened."""


class BrowserError(Exception):
    """The browser ran but could not open or inspect the page."""


def chromium_path() -> str:
    return os.environ.get("CHROMIUM", "/usr/bin/chromium")


def check_available():
    """Raises BrowserUnavailable naming what to install."""
    if not (Path(chromium_path()).is_file() and os.access(chromium_path(), os.X_OK)):
        raise BrowserUnavailable(f"no Chromium at {chromium_path()} (Debian package chromium; "
                                 "scripts/lib/toolchain.sh installs it; CHROMIUM=path overrides)")
    if shutil.which("node") is None:
        raise BrowserUnavailable("Node.js is not installed")
    if not PLAYWRIGHT.is_dir():
        raise BrowserUnavailable(f"{PLAYWRIGHT} is missing (npm ci --prefix bench/report)")


def inspect_page(url: str, screenshot: Path | None = None, size=LAPTOP, wait_ms=1500, timeout_s=90) -> dict:
    """Opens `url` at `size` (width, height) and returns the page's inspection (page-check.mjs)."""
    check_available()
    command = ["node", str(SCRIPT), "--url", url, "--width", str(size[0]), "--height", str(size[1]),
               "--wait-ms", str(wait_ms), "--timeout-ms", str(int(timeout_s * 1000 * 0.8))]
    if screenshot:
        command += ["--screenshot", str(Path(screenshot).resolve())]  # the script runs in REPORT_DIR
    try:
        done = subprocess.run(command, cwd=REPORT_DIR, capture_output=True, text=True, timeout=timeout_s,
                              env={**os.environ, "CHROMIUM": chromium_path()})
    except subprocess.TimeoutExpired:
        raise BrowserError(f"{url}: the browser did not finish within {timeout_s} s") from None
    if done.returncode != 0:
        raise BrowserError(f"{url}: page-check.mjs exited {done.returncode}: {done.stderr.strip()[-800:]}")
    return json.loads(done.stdout)


def file_url(path: Path) -> str:
    return Path(path).resolve().as_uri()


def save_report_screenshot(results_dir: Path, warn) -> Path | None:
    """A PNG of report.html's first screen at laptop size, beside it. A missing or failing
    browser is a warning (`warn(message)`), never a failed run."""
    target = Path(results_dir) / SCREENSHOT_NAME
    try:
        page = inspect_page(file_url(Path(results_dir) / "report.html"), screenshot=target)
    except (BrowserUnavailable, BrowserError, OSError, ValueError) as error:
        warn(f"WARNING: no screenshot of the report: {error}")
        return None
    problems = [f"console errors: {page['consoleErrors']}"] if page["consoleErrors"] else []
    problems += [f"chart {chart['id']} did not draw" for chart in page["charts"] if not chart["drawn"]]
    if problems:
        warn("WARNING: the report shows problems in the browser: " + "; ".join(problems))
    return target
