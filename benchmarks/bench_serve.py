"""How long after a save does `mkdocs serve` show the change?

For each size N (default 100 and 300 twelve-step journeys), generates a handbook, starts
`mkdocs serve` on a free localhost port with the tests' mkdocs.yml (Material, search, the
journeys plugin), waits for the first build, then:

  step edit         changes one step's action text in one journey file and measures the
                    time until the served journey page shows the new text;
  touchpoint rename renames a touchpoint used by many journeys (a shared page) and
                    measures the time until the touchpoints page shows the new name;
  persona rename    renames a persona (every journey it acts in) until its page shows it;
  team rename       renames a team in handbook.yml (every journey hands off to it) until
                    a journey page shows it;
  phase goal edit   edits a phase's goal in handbook.yml (every page that lists phases)
                    until the phase page shows it.

Prints wall seconds (what the editor waits, including the file watcher's delay) and the CPU
seconds the serve process spent meanwhile (steadier on a busy machine; Pagefind's background
re-index may still be running, so it is not all counted). Before each edit it waits until the
server is idle. Targets: a step edit in 3 s at 100 journeys and 5 s at 300; the shared edits
(touchpoint, persona, team, phase) in 5 s at 300. A benchmark, not a test: it runs
unattended and prints the machine's load average before and after, as the figures depend
on it.

With --ablation it then serves again once per preview cache with that cache turned off
(`JOURNEYS_PREVIEW_WITHOUT`, see incremental/preview.py), at the first size only, and prints
the same edits: a cache whose rows are no slower than the full preview's is not worth keeping.

    python3 benchmarks/bench_serve.py
    python3 benchmarks/bench_serve.py -n 1000
    python3 benchmarks/bench_serve.py -n 100 --ablation
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the build configuration the tests use
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "support")]
sys.path.insert(0, str(Path(__file__).parent))

from bench_load import generate  # noqa: E402
from helpers import write_config  # noqa: E402
from journey_handbook.incremental.preview import CACHES  # noqa: E402

TARGETS = {("step edit", 100): 3.0, ("step edit", 300): 5.0,
           **{(shared, 300): 5.0 for shared in ("touchpoint rename", "persona rename",
                                                "team rename", "phase goal edit")}}
TICK = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """The process's CPU time and its finished children's (Pagefind runs as one)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(f) for f in fields[11:15]) / TICK  # utime, stime, cutime, cstime


def children(pid: int) -> bool:
    found = False
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found = found or bool(Path(task, "children").read_text().strip())
        except OSError:  # a thread that ended meanwhile (the watcher's, Pagefind's)
            continue
    return found


def settle(pid: int, quiet: float = 1.0) -> None:
    """Wait until the server has been idle for `quiet` seconds, with no child process:
    after a rebuild the preview indexes the site for search in the background (Pagefind),
    and this measures a save made after that, not one that interrupts it."""
    last, since = cpu_seconds(pid), time.perf_counter()
    while time.perf_counter() - since < quiet:
        time.sleep(0.2)
        now = cpu_seconds(pid)
        if now - last > 0.02 or children(pid):
            last, since = now, time.perf_counter()


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError):
        return ""


def wait_for(url: str, text: str, timeout: float) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in fetch(url):
            return time.perf_counter() - start
        time.sleep(0.05)
    raise SystemExit(f"{url} did not show {text!r} within {timeout:.0f} s")


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, (old, file)
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def measure(n: int, steps: int, tmp: Path, without: str = ""
            ) -> list[tuple[str, float, float]]:
    data = tmp / f"data-{n}-{without}"
    generate(data, n, steps)
    config = write_config(tmp / f"work-{n}-{without}", data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(tmp / f"serve-{n}-{without}.log", "w")  # noqa: SIM115 (closed below)
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}"],
        stdout=log, stderr=subprocess.STDOUT,
        env=os.environ | {"NO_MKDOCS_2_WARNING": "1", "JOURNEYS_PREVIEW_WITHOUT": without})
    results = []
    try:
        journey = f"{base}/journeys/journey-{n // 2}/"
        wait_for(journey, f"Does thing 3 of journey {n // 2}", timeout=3600)
        settle(proc.pid)
        edits = [
            ("step edit", data / f"maps/journey-{n // 2}.yml",
             f"Does thing 3 of journey {n // 2}", f"Does edited thing 3 of journey {n // 2}",
             journey),
            ("touchpoint rename", data / "touchpoints.yml", "name: Touchpoint touchpoint-7\n",
             "name: Renamed touchpoint 7\n", f"{base}/touchpoints/"),
            ("persona rename", data / "personas/persona-0.yml", "name: Persona 0\n",
             "name: Renamed persona 0\n", f"{base}/personas/persona-0/"),
            ("team rename", data / "handbook.yml", "name: Billing\n", "name: Renamed billing\n",
             journey),
            ("phase goal edit", data / "handbook.yml", "goal: Reach the end of awareness\n",
             "goal: Reach the edited end of awareness\n", f"{base}/phases/awareness/"),
        ]
        for name, file, old, new, url in edits:
            cpu = cpu_seconds(proc.pid)
            edit(file, old, new)
            shown = new.strip().split(": ", 1)[-1]  # the new value, as the page prints it
            wall = wait_for(url, shown, timeout=1800)
            results.append((name, wall, cpu_seconds(proc.pid) - cpu))
            settle(proc.pid)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, action="append", help="journeys (repeatable)")
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--ablation", action="store_true",
                        help="also serve once per cache turned off (at the first size)")
    parser.add_argument("--only-ablation", action="store_true")
    args = parser.parse_args()
    sizes = args.n or [100, 300]
    runs = [] if args.only_ablation else [(n, "") for n in sizes]
    if args.ablation or args.only_ablation:
        runs += [(sizes[0], name) for name in CACHES]
    print(f"load average before: {load()}", flush=True)
    print(f"{'journeys':>8}  {'without':<10}{'edit':<18}{'wall s':>8}{'CPU s':>8}"
          f"{'target s':>10}", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        for n, without in runs:
            for name, wall, cpu in measure(n, args.steps, Path(tmp), without):
                target = TARGETS.get((name, n)) if not without else None
                print(f"{n:>8}  {without or '-':<10}{name:<18}{wall:>8.1f}{cpu:>8.1f}"
                      f"{target if target else '':>10}", flush=True)
    print(f"load average after: {load()}  (2 cores here; wall s grows with the load, CPU s "
          "much less)", flush=True)


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


if __name__ == "__main__":
    main()
