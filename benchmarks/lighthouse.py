"""Lighthouse's mobile audit of recap's pages and a naive Plotly page of the same story.

Lighthouse comes from the test tools (`npm ci --prefix tests/audit`, which scripts/test
runs) and drives the same headless Chromium as the browser benchmark. Its default
preset is the mobile one: a mid-range phone's CPU (4x slower) on a slow 4G network,
simulated, so the figures do not depend on this machine's own network.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from browser import CHROMIUM_ARGS, build_pages, chromium_path, served

import recap

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "tests" / "audit" / "node_modules" / "lighthouse" / "cli" / "index.js"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "speed-index": "SI",
}


@dataclass(frozen=True)
class Audit:
    scores: dict[str, int]  # category -> 0..100
    metrics: dict[str, float]  # short name -> milliseconds
    cls: float


def lighthouse_command() -> list[str] | None:
    node = shutil.which("node")
    if node is None or not LIGHTHOUSE.is_file():
        return None
    return [node, str(LIGHTHOUSE)]


def audit(command: list[str], url: str, chrome: str) -> Audit:
    with tempfile.TemporaryDirectory(prefix="recap-lighthouse-") as scratch:
        output = Path(scratch) / "report.json"
        result = subprocess.run(
            [
                *command,
                url,
                f"--only-categories={','.join(CATEGORIES)}",
                "--output=json",
                f"--output-path={output}",
                "--quiet",
                "--chrome-flags=" + " ".join(CHROMIUM_ARGS),
            ],
            env={**os.environ, "CHROME_PATH": chrome},
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if result.returncode != 0 or not output.is_file():
            raise RuntimeError(f"lighthouse failed on {url}: {result.stderr[-500:]}")
        report = json.loads(output.read_text("utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {report['runtimeError']}")
    audits = report["audits"]
    return Audit(
        scores={
            name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES
        },
        metrics={short: float(audits[name]["numericValue"]) for name, short in METRICS.items()},
        cls=float(audits["cumulative-layout-shift"]["numericValue"]),
    )


def lighthouse_audits(story: recap.Story, folder: Path, *, runs: int) -> list[tuple[str, Audit]]:
    """Audit each page of the story `runs` times; keep the run of median performance."""
    command = lighthouse_command()
    chrome = chromium_path()
    if command is None or chrome is None:
        raise RuntimeError("needs node, Chromium and the test tools (npm ci --prefix tests/audit)")
    results = []
    with served(folder) as base_url:
        pages = build_pages(story, folder / "pages", f"{base_url}/pages")
        for name, path in pages.items():
            url = f"{base_url}/{path.relative_to(folder).as_posix()}"
            done = sorted(
                (audit(command, url, chrome) for _ in range(runs)),
                key=lambda run: run.scores["performance"],
            )
            results.append((name, done[len(done) // 2]))
    return results
