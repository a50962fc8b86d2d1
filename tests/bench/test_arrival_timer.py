"""Artillery's arrival timer, as patched in artillery/patches: after an event-loop turn longer than
the arrival interval, every arrival already due leaves in the next turn of the timer (nanotimer
0.3.14 left one per turn, so the sends fell further behind and then left in a burst)."""

import json
import subprocess
from pathlib import Path

ARTILLERY_DIR = Path(__file__).resolve().parents[2] / "artillery"

# Arrivals every 2 ms (500 req/s, the SPEC's highest level); the 10th arrival's handler holds the
# event loop for 100 ms, so about 50 more are due when it returns. An immediate queued twice from
# that handler runs after the timer's next turn: the arrivals counted then are what that turn emitted.
PROBE = """
const arrivals = require('arrivals');
const process_ = arrivals.uniform.process(2, 1000);
let count = 0, atBlockEnd = null, afterNextTurn = null;
process_.on('arrival', () => {
  count++;
  if (count === 10) {
    const until = Date.now() + 100;
    while (Date.now() < until) {}
    atBlockEnd = count;
    setImmediate(() => setImmediate(() => { afterNextTurn = count; }));
  }
});
process_.on('finished', () => console.log(JSON.stringify({count, atBlockEnd, afterNextTurn})));
process_.start();
"""


def test_every_due_arrival_leaves_in_the_turn_after_a_long_one():
    run = subprocess.run(["node", "-e", PROBE], cwd=ARTILLERY_DIR, capture_output=True, text=True, timeout=60,
                         check=True)
    seen = json.loads(run.stdout)
    assert seen["count"] == 500, "a 1 s phase at one arrival per 2 ms makes 500 arrivals"
    assert seen["afterNextTurn"] - seen["atBlockEnd"] >= 45, (
        f"the turn after a 100 ms stall emitted {seen['afterNextTurn'] - seen['atBlockEnd']} arrivals, not the ~50 due")
