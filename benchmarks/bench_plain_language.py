"""What does plain language add to `journeys check`? (Budget: under 10%.)

Generates the handbook of bench_load.py (1,000 twelve-step journeys by default, every persona
a patient), gives patients a grade target and gives every step its own message and call to
action, then runs `journeys check --plain-language off` and `--plain-language warn` (the
default) alternately, --repeat times each, and compares the fastest CPU time (user + system)
of each: the whole command as a user runs it, imports included. With --baseline REV,
`journeys check` of git revision REV (a version without plain language) runs in the same
rotation, so the figure also counts what `off` cannot remove (imports).

    python3 benchmarks/bench_plain_language.py                     # 1,000 journeys, best of 5
    python3 benchmarks/bench_plain_language.py --baseline main     # against the code before it
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_load  # noqa: E402
from bench_privacy import RUN, unpack_plugins  # noqa: E402

MODES = ("off", "warn")
MESSAGES = [
    "We will call you within two days to set up your first visit",
    "Bring your insurance card and the list of medicines you take",
    "Your answers stay private and only your care team can see them",
    "You can ask a family member to help you with the forms",
    "If you feel worse before the visit, call the nurse line at any time",
]
CTAS = ["Book a visit", "Start the check", "Call the nurse line", "Invite a helper"]


def add_plain_language(folder: Path) -> None:
    """Targets for patients, and a different message and call to action on every step."""
    handbook = folder / "handbook.yml"
    handbook.write_text(handbook.read_text(encoding="utf-8")
                        + "plain_language:\n  grade: {patient: 8}\n", encoding="utf-8")
    for n, journey in enumerate(sorted((folder / "maps").glob("*.yml"))):
        count = iter(range(10_000))

        def vary(_m, n=n, count=count) -> str:
            k = next(count) + n
            return (f"      message: {MESSAGES[k % len(MESSAGES)]}, step {k % 7 + 1}\n"
                    f"      cta: {CTAS[k % len(CTAS)]}\n")

        text = re.sub(r"      message: .*\n      cta: .*\n", vary,
                      journey.read_text(encoding="utf-8"))
        journey.write_text(text, encoding="utf-8")


def check_cpu(folder: Path, mode: str, plugins: Path | None = None) -> float:
    env = os.environ | {"PYTHONDONTWRITEBYTECODE": "1"}
    args = ["check", str(folder)]
    if plugins is not None:
        env["PYTHONPATH"] = str(plugins)
    else:
        args += ["--plain-language", mode]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([sys.executable, "-c", RUN, *args], capture_output=True, text=True,
                          check=False, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"journeys {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}")
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--journeys", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=12)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--baseline", metavar="REV",
                        help="also time `journeys check` of this git revision")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-plain-") as tmp:
        folder = Path(tmp) / "journeys"
        files = bench_load.generate(folder, args.journeys, args.steps)
        add_plain_language(folder)
        print(f"{len(files):,} files: {args.journeys:,} journeys of {args.steps} steps, "
              "patients graded (target 8)")
        base = unpack_plugins(args.baseline, Path(tmp)) if args.baseline else None
        # the baseline does not know `plain_language`: it checks the same maps without it
        old = Path(tmp) / "baseline" / "journeys"
        if base:
            shutil.copytree(folder, old)
            handbook = old / "handbook.yml"
            text = handbook.read_text(encoding="utf-8")
            handbook.write_text(text[:text.index("plain_language:")], encoding="utf-8")
        modes = (*MODES, "baseline") if base else MODES
        runs: dict[str, list[float]] = {m: [] for m in modes}
        for _ in range(args.repeat):
            for mode in modes:
                runs[mode].append(check_cpu(old if mode == "baseline" else folder, mode,
                                            base if mode == "baseline" else None))
    cpu = {m: min(r) for m, r in runs.items()}
    print(f"best of {args.repeat}, CPU seconds (a shared machine: compare within one run)")
    if base:
        print(f"journeys check of {args.baseline} (no plain language) {cpu['baseline']:8.3f}")
    print(f"journeys check --plain-language off            {cpu['off']:8.3f}")
    reference = cpu.get("baseline", cpu["off"])
    print(f"journeys check (warn, the default)             {cpu['warn']:8.3f}   "
          f"{cpu['warn'] / reference - 1:+.1%} over "
          f"{'the baseline' if base else '--plain-language off'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
