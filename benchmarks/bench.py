"""recap's benchmark: prints figures and ratios as Markdown tables, asserts nothing.

    python benchmarks/bench.py                      # everything: 30 to 50,000 events
    python benchmarks/bench.py --sizes 30,1000 --no-browser   # a quick run
    python benchmarks/bench.py --watch              # also save-to-written in watch mode

Measures, in one run on this machine, for Ballerina (events.yaml) and generated stories
of N events with two-sentence summaries (benchmarks/stories.py):
1. the build per stage, in one warm process (median of several runs): load (read the
   file, YAML to data), validate (data to the checked Story), frame, figure (both
   views), page (the HTML, beyond the frame and figure it makes again) and write;
2. `recap build` as a whole process against the import floor (a bare
   `python -c "import plotly.graph_objects, pandas, yaml, pydantic, click, jinja2"`),
   with the process's peak memory and the page's bytes, beside a plain build of the same
   file (naive_build.py: PyYAML's C loader, px.scatter, write_html) and PyYAML's read
   alone;
   and the same for stories of 10,000 events of other shapes (stories.SHAPES): told
   backwards, 100 spoiler acts, a new character in every event, 40 arcs;
3. in headless Chromium (fresh context per load, median of 3), the time from navigation
   to a chart drawn and interactive, for recap's inline page (basic bundle), its
   cdn-style page (the bundle served locally) and a naive Plotly page of the same rows
   (`fig.write_html` of a px.scatter), with ratios to the naive page.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import gzip
import os
import platform
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from processes import Run, run_process
from stages import NO_LIMITS, stage_seconds
from stories import SHAPES, generated_story, shaped_story
from watching import save_to_written

import recap
from recap.plotlyjs import basic_bundle, bundle_version

BENCHMARKS = Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
DEPENDENCIES = "import plotly.graph_objects, pandas, yaml, pydantic, click, jinja2"
DEFAULT_SIZES = "30,1000,10000,50000"
BROWSER_MAX_EVENTS = 10_000  # by default the browser part stops here (50,000 is minutes)
BALLERINA = 0  # the size key standing for events.yaml


def label(events: int) -> str:
    return f"Ballerina ({ballerina_events()})" if events == BALLERINA else f"{events:,}"


@functools.cache
def ballerina_events() -> int:
    return len(recap.load_story(ROOT / "events.yaml").events)


# --- printing -------------------------------------------------------------------------


def table(headers: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def megabytes(count: int) -> str:
    return f"{count / 2**20:,.1f} MB" if count >= 2**20 else f"{count / 2**10:,.0f} KB"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(
            int(line.split()[1]) * 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory = 0
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory / 2**30:.0f} GiB, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


# --- the run --------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes are whole numbers of events, at least 1")
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes(DEFAULT_SIZES),
        help=f"generated story sizes, in events (default {DEFAULT_SIZES}; Ballerina always)",
    )
    parser.add_argument(
        "--browser-sizes",
        type=parse_sizes,
        default=None,
        help=f"sizes for the browser part (default: those up to {BROWSER_MAX_EVENTS:,})",
    )
    parser.add_argument("--no-browser", action="store_true", help="skip the browser part")
    parser.add_argument(
        "--shapes-size",
        type=int,
        default=10_000,
        help="build stories of other shapes (stories.SHAPES) of this many events "
        "(default 10,000; 0 skips them)",
    )
    parser.add_argument(
        "--rounds", type=int, default=5, help="runs per build figure (default 5; fewer for big)"
    )
    parser.add_argument("--loads", type=int, default=3, help="loads per page (default 3)")
    parser.add_argument(
        "--watch", action="store_true", help="also time save-to-written in watch mode"
    )
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse audits")
    parser.add_argument(
        "--usable-size",
        type=int,
        default=None,
        help="time a reader's actions on a story of this many events (default: the "
        "largest size; 0 skips it)",
    )
    parser.add_argument(
        "--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (default 3)"
    )
    arguments = parser.parse_args()

    print(f"recap benchmark, {datetime.date.today().isoformat()}: {machine()}")
    print(f"plotly.js (basic bundle) {bundle_version(basic_bundle())}")
    # Other work on the machine slows every figure: say how busy it was.
    print(f"load average at the start: {os.getloadavg()[0]:.1f}\n")
    with tempfile.TemporaryDirectory(prefix="recap-bench-") as temporary:
        folder = Path(temporary)
        sources = {BALLERINA: folder / "events.yaml"}
        shutil.copy(ROOT / "events.yaml", sources[BALLERINA])
        for events in arguments.sizes:
            sources[events] = folder / f"story-{events}.yaml"
            sources[events].write_text(generated_story(events), encoding="utf-8")

        def rounds_for(events: int) -> int:
            if events <= 1000:
                return arguments.rounds
            return max(1, arguments.rounds // 2) if events <= 10_000 else 1

        print("## Build, per stage (one warm process, fastest of several runs)\n")
        rows = []
        for events, source in sources.items():
            times = stage_seconds(source, folder, rounds_for(events))
            order = ["load", "validate", "frame", "figure", "page", "write"]
            rows.append(
                [label(events), *(ms(times[name]) for name in order), ms(sum(times.values()))]
            )
        print(table(["events", *order, "total"], rows))

        print("\n## Build, whole process, against the import floor\n")
        floor_command = [sys.executable, "-c", DEPENDENCIES]
        floors: list[Run] = []

        def against_floor(command: list[str], rounds: int) -> tuple[Run, float, float]:
            """Run the command and the floor in turns (so both meet the same load on a
            shared machine); return the command's figures and its median time ratios."""
            runs, wall, cpu = [], [], []
            for _ in range(rounds):
                floor = run_process(floor_command, cwd=folder)
                run = run_process(command, cwd=folder)
                floors.append(floor)
                runs.append(run)
                wall.append(run.seconds / floor.seconds)
                cpu.append(run.cpu_seconds / floor.cpu_seconds)
            figures = Run(
                statistics.median(run.seconds for run in runs),
                statistics.median(run.cpu_seconds for run in runs),
                max(run.peak_bytes for run in runs),
            )
            return figures, statistics.median(wall), statistics.median(cpu)

        def row(
            events: int, command: str, measured: tuple[Run, float, float], page: bytes | None = None
        ) -> list[str]:
            run, wall, cpu = measured
            return [
                label(events) if events >= 0 else "",
                command,
                f"{ms(run.seconds)} ({wall:.2f}x)",
                f"{ms(run.cpu_seconds)} ({cpu:.2f}x)",
                megabytes(run.peak_bytes),
                f"{len(page):,}" if page is not None else "",
                f"{len(gzip.compress(page, 9)):,}" if page is not None else "",
            ]

        rows = []
        for events, source in sources.items():
            out = folder / f"out-{events}"
            command = [sys.executable, "-m", "recap", "build", str(source), "-o", str(out)]
            command += ["--max-file-mb", "2048", "--max-alias-values", str(2**31)]
            measured = against_floor(command, rounds_for(events))
            (page,) = out.glob("*.html")
            rows.append(row(events, "recap build", measured, page.read_bytes()))
            shutil.rmtree(out)
            # For scale: the plain build, and PyYAML's own fastest read of the same file.
            naive = [sys.executable, str(BENCHMARKS / "naive_build.py"), str(source)]
            plain_page = folder / "naive.html"
            measured = against_floor([*naive, str(plain_page)], rounds_for(events))
            rows.append(
                row(events, "plain build (naive_build.py)", measured, plain_page.read_bytes())
            )
            read_only = against_floor([*naive, "--read-only"], rounds_for(events))
            rows.append(row(events, "PyYAML's read alone (CSafeLoader)", read_only))
        check = [sys.executable, "-m", "recap", "check", str(sources[BALLERINA])]
        rows.append(row(BALLERINA, "recap check", against_floor(check, arguments.rounds)))
        helptext = [sys.executable, "-m", "recap", "--help"]
        rows.append(row(-1, "recap --help", against_floor(helptext, arguments.rounds)))
        floor = Run(
            statistics.median(run.seconds for run in floors),
            statistics.median(run.cpu_seconds for run in floors),
            max(run.peak_bytes for run in floors),
        )
        rows.insert(0, row(-1, "import floor", (floor, 1.0, 1.0)))
        headers = ["events", "command", "wall time (x floor)", "CPU time (x floor)"]
        print(table([*headers, "peak memory", "page bytes", "gzipped"], rows))
        print(
            f"\nMedians of {arguments.rounds} runs (fewer above 1,000 events), each run next "
            f'to one of the import floor: python -c "{DEPENDENCIES}". Ratios are the median '
            "of each run's time over its floor's. The plain build is what a Plotly user "
            "writes (benchmarks/naive_build.py): PyYAML's C loader, no checks, a px.scatter "
            "and write_html with plotly.js inlined; PyYAML's read alone is its first line."
        )

        if arguments.shapes_size:
            events = arguments.shapes_size
            print(f"\n## Build, whole process, stories of {events:,} events of other shapes\n")
            rows = []
            for shape in SHAPES:
                source = folder / "shaped.yaml"
                source.write_text(shaped_story(events, shape), encoding="utf-8")
                out = folder / "out-shaped"
                command = [sys.executable, "-m", "recap", "build", str(source), "-o", str(out)]
                command += ["--max-file-mb", "2048"]
                measured = against_floor(command, 1)
                (page,) = out.glob("*.html")
                rows.append(row(events, shape, measured, page.read_bytes()))
                shutil.rmtree(out)
            print(table([*headers, "peak memory", "page bytes", "gzipped"], rows))
            print("\nOne run each, next to one of the import floor.")

        if not arguments.no_browser:
            print_browser_times(arguments, sources, folder)
        usable = max(arguments.sizes) if arguments.usable_size is None else arguments.usable_size
        if usable and not arguments.no_browser:
            print_usability(usable, sources.get(usable), folder)
        if not arguments.no_lighthouse:
            print_lighthouse(arguments, sources[BALLERINA], folder)

        if arguments.watch:
            print("\n## Save to written in watch mode (one process, warm)\n")
            rows = []
            for events in (BALLERINA, 1000):
                text = (
                    sources[events].read_text("utf-8")
                    if events in sources
                    else generated_story(events)
                )
                delays = save_to_written(text, rounds=arguments.rounds * 2)
                rows.append([label(events), ms(statistics.median(delays)), ms(max(delays))])
            print(table(["events", "median", "worst"], rows))


def print_browser_times(
    arguments: argparse.Namespace, sources: dict[int, Path], folder: Path
) -> None:
    sizes = arguments.browser_sizes or [
        events for events in arguments.sizes if events <= BROWSER_MAX_EVENTS
    ]
    heading = "In the browser: navigation to chart drawn and interactive"
    print(f"\n## {heading} (median of {arguments.loads} loads)\n")
    try:
        import browser
    except ImportError as error:
        print(f"skipped: {error} (pip install -e '.[test]')")
        return
    stories = {}
    for events in sizes:
        source = sources.get(events)
        text = source.read_text("utf-8") if source else generated_story(events)
        stories[events] = recap.parse_story(text, limits=NO_LIMITS)
    (folder / "browser").mkdir()
    try:
        results = browser.browser_times(stories, folder / "browser", loads=arguments.loads)
    except (RuntimeError, ImportError) as error:
        print(f"skipped: {error}")
        return
    rows = []
    for events, pages in results:
        naive = next(page for page in pages if page.name.startswith("naive"))
        for page in pages:
            rows.append(
                [
                    f"{events:,}",
                    page.name,
                    f"{page.bytes:,}",
                    f"{page.dom_nodes:,}",
                    ms(page.drawn_ms / 1000),
                    f"{page.drawn_ms / naive.drawn_ms:.2f}x",
                    ms(page.ready_ms / 1000),
                    f"{page.ready_ms / naive.ready_ms:.2f}x",
                ]
            )
    headers = ["events", "page", "bytes", "DOM nodes", "drawn", "x naive", "interactive", "x naive"]
    print(table(headers, rows))


def print_usability(events: int, source: Path | None, folder: Path) -> None:
    print(f"\n## A reader's actions on a story of {events:,} events (inline page)\n")
    try:
        import usability
    except ImportError as error:
        print(f"skipped: {error} (pip install -e '.[test]')")
        return
    text = source.read_text("utf-8") if source else generated_story(events)
    story = recap.parse_story(text, limits=NO_LIMITS)
    (folder / "usability").mkdir()
    try:
        times = usability.usability_times(story, folder / "usability")
    except RuntimeError as error:
        print(f"skipped: {error}")
        return
    print(table(["action", "time", "the page then holds"], [[a, ms(s), h] for a, s, h in times]))


def print_lighthouse(arguments: argparse.Namespace, source: Path, folder: Path) -> None:
    runs = arguments.lighthouse_runs
    print(f"\n## Lighthouse, mobile preset, Ballerina (the run of median performance of {runs})\n")
    try:
        import lighthouse
    except ImportError as error:
        print(f"skipped: {error} (pip install -e '.[test]')")
        return
    story = recap.parse_story(source.read_text("utf-8"), limits=NO_LIMITS)
    (folder / "lighthouse").mkdir()
    try:
        audits = lighthouse.lighthouse_audits(story, folder / "lighthouse", runs=runs)
    except RuntimeError as error:
        print(f"skipped: {error}")
        return
    rows = [
        [
            name,
            *(str(audit.scores[category]) for category in lighthouse.CATEGORIES),
            *(ms(audit.metrics[metric] / 1000) for metric in lighthouse.METRICS.values()),
            f"{audit.cls:.3f}",
        ]
        for name, audit in audits
    ]
    headers = ["page", "performance", "accessibility", "best practices", "SEO"]
    print(table([*headers, *lighthouse.METRICS.values(), "CLS"], rows))


if __name__ == "__main__":
    main()
    print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")
