"""Whole processes: wall time, CPU time and peak memory of one run of a command."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

# Runs a command and reports its wall time, CPU time and peak memory. It is a separate,
# small process because Linux counts a child's peak memory from the process that forked
# it: forked from this one, every command would seem to need this benchmark's memory.
LAUNCHER = """
import os, subprocess, sys, time
started = time.perf_counter()
child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(child.pid, 0)
elapsed = time.perf_counter() - started
code = os.waitstatus_to_exitcode(status)
print(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024, code)
"""


# As on an ordinary install, Python keeps compiled modules (recap's own too): a setting
# that stops it would make every run compile recap's sources again.
CHILD_ENVIRONMENT = {
    name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"
}


@dataclass(frozen=True)
class Run:
    seconds: float  # wall time
    cpu_seconds: float  # user + system
    peak_bytes: int


def run_process(command: list[str], *, cwd: Path) -> Run:
    """Run a command as a fresh process; return its times and peak memory."""
    done = subprocess.run(
        [sys.executable, "-c", LAUNCHER, *command],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=CHILD_ENVIRONMENT,
    )
    elapsed, cpu, peak, code = done.stdout.split()
    if done.returncode != 0 or code != "0":
        raise RuntimeError(f"{' '.join(command)} failed:\n{done.stderr}")
    return Run(float(elapsed), float(cpu), int(peak))
