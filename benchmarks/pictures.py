"""What pictures cost: building and loading a story whose 30 events each carry a photo.

    python benchmarks/pictures.py                  # 30 pictures of 12 megapixels
    python benchmarks/pictures.py --pictures 10 --megapixels 4

Prints figures, asserts nothing. The photos are synthetic (textured colour fields with
grain and camera EXIF, saved as JPEG at quality 90, about 4 MB each, like a phone's),
made once per run with Pillow. Measures, on this machine:
1. building: the first build (nothing cached), a rebuild in a new process (pictures from
   the disk cache), and a rebuild in `recap watch` (one process, memory cache), each
   against the same story without pictures;
2. output weight: the inline page, and the `directory` page with its picture files;
3. loading, in headless Chromium over a local server at 375 and 1280 px wide: the bytes
   and picture requests of the first view (pictures are lazy) and after scrolling through
   the whole page, and the time to the load event.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from PIL import ExifTags, Image

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


def synthetic_photo(path: Path, number: int, megapixels: float) -> None:
    """Write a photo-like JPEG: soft shapes, grain, a gradient, and camera EXIF with GPS."""
    width = int((megapixels * 1e6 * 4 / 3) ** 0.5)
    height = int(width * 3 / 4)
    rng = np.random.default_rng(number)
    coarse = rng.integers(0, 256, size=(height // 64 + 1, width // 64 + 1, 3), dtype=np.uint8)
    image = Image.fromarray(coarse).resize((width, height), Image.Resampling.BICUBIC)
    pixels = np.asarray(image, dtype=np.int16)
    pixels += rng.integers(-12, 13, size=pixels.shape, dtype=np.int16)  # grain
    pixels += np.linspace(-30, 30, width, dtype=np.int16)[None, :, None]
    photo = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "BenchCam"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 31.0, float(number))
    photo.save(path, "JPEG", quality=90, exif=exif)


def story_text(pictures: int, *, with_pictures: bool) -> str:
    events = []
    for number in range(pictures):
        event: dict[str, Any] = {
            "title": f"Scene {number + 1}",
            "arcs": ["hero"] if number % 3 else ["hero", "rival"],
            "act": "end" if number >= pictures - 4 else "start",
            "summary": f"Something happens in scene {number + 1}, and it matters later.",
        }
        if with_pictures:
            event["image"] = {
                "src": f"pictures/{number:02d}.jpg",
                "alt": f"A still from scene {number + 1}",
                "credit": "Photo: benchmark",
            }
        events.append(event)
    story = {
        "title": "Thirty stills",
        "slug": "stills" if with_pictures else "text",
        "arcs": {"hero": {"label": "Hero", "kind": "protagonist"}, "rival": {"label": "Rival"}},
        "acts": [{"id": "start", "label": "Start"}, {"id": "end", "label": "End", "spoiler": True}],
        "events": events,
    }
    return yaml.safe_dump(story, sort_keys=False)


def seconds(command: list[str], *, cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def watch_rebuild(folder: Path, name: str, *, rounds: int = 5) -> float:
    """Median seconds of a rebuild after an edit, in one process (as `recap watch` does)."""
    from recap.build import BuildSettings, build_story

    settings = BuildSettings(out_dir=folder / "out-watch")
    source = folder / name
    text = source.read_text(encoding="utf-8")
    build_story(source, settings)  # the first build of the session
    times = []
    for round_number in range(rounds):
        source.write_text(text.replace("Thirty", f"Take {round_number}", 1), encoding="utf-8")
        times.append(build_story(source, settings).seconds)
    source.write_text(text, encoding="utf-8")
    return statistics.median(times)


def weight(folder: Path) -> tuple[int, int]:
    files = [path for path in folder.rglob("*") if path.is_file()]
    return sum(path.stat().st_size for path in files), len(files)


def load_figures(out: Path, page: str, width: int) -> dict[str, float]:
    """Load a page in Chromium from a local server: bytes and requests, first and total."""
    from playwright.sync_api import sync_playwright

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            context = browser.new_context(viewport={"width": width, "height": 800})
            tab = context.new_page()
            received: list[tuple[str, int]] = []
            tab.on(
                "requestfinished",
                lambda request: received.append((request.url, request.sizes()["responseBodySize"])),
            )
            tab.goto(f"http://127.0.0.1:{server.server_address[1]}/{page}")
            tab.wait_for_load_state("networkidle")
            load = tab.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            first = list(received)
            tab.evaluate(
                """async () => {
                    for (let y = 0; y <= document.body.scrollHeight; y += 400) {
                        window.scrollTo(0, y);
                        await new Promise((done) => setTimeout(done, 40));
                    }
                }"""
            )
            tab.wait_for_load_state("networkidle")
            browser.close()
    finally:
        server.shutdown()
        server.server_close()

    def pictures(entries: list[tuple[str, int]]) -> list[int]:
        return [size for url, size in entries if url.endswith((".webp", ".jpg"))]

    return {
        "load_ms": load,
        "first_bytes": sum(size for _, size in first),
        "first_pictures": len(pictures(first)),
        "first_picture_bytes": sum(pictures(first)),
        "all_pictures": len(pictures(received)),
        "all_picture_bytes": sum(pictures(received)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pictures", type=int, default=30)
    parser.add_argument("--megapixels", type=float, default=12.0)
    arguments = parser.parse_args()
    count = arguments.pictures

    with tempfile.TemporaryDirectory(prefix="recap-bench-pictures-") as temporary:
        folder = Path(temporary)
        (folder / "pictures").mkdir()
        started = time.perf_counter()
        for number in range(count):
            synthetic_photo(folder / "pictures" / f"{number:02d}.jpg", number, arguments.megapixels)
        source_bytes = sum(path.stat().st_size for path in (folder / "pictures").iterdir())
        print(
            f"{count} synthetic photos of {arguments.megapixels:g} MP, "
            f"{source_bytes / 1e6:.0f} MB in all (made in {time.perf_counter() - started:.0f} s)"
        )
        (folder / "stills.yaml").write_text(story_text(count, with_pictures=True))
        (folder / "text.yaml").write_text(story_text(count, with_pictures=False))
        env = {**os.environ, "RECAP_CACHE_DIR": str(folder / "cache")}
        recap = [sys.executable, "-m", "recap", "build"]

        print("\nBuilding (inline page; whole process unless said):")
        text = seconds([*recap, "text.yaml", "-o", "out-text"], cwd=folder, env=env)
        cold = seconds([*recap, "stills.yaml", "-o", "out-cold"], cwd=folder, env=env)
        warm = seconds([*recap, "stills.yaml", "-o", "out-warm"], cwd=folder, env=env)
        os.environ["RECAP_CACHE_DIR"] = env["RECAP_CACHE_DIR"]
        sys.path.insert(0, str(ROOT))
        watch_text = watch_rebuild(folder, "text.yaml")
        watch_pictures = watch_rebuild(folder, "stills.yaml")
        print(f"  the same story, text only            {text * 1000:7.0f} ms   (1.00x)")
        print(
            f"  first build, nothing cached          {cold * 1000:7.0f} ms   ({cold / text:.2f}x)"
        )
        print(
            f"  rebuild, new process (disk cache)    {warm * 1000:7.0f} ms   ({warm / text:.2f}x)"
        )
        print(
            f"  rebuild in watch, text only          {watch_text * 1000:7.0f} ms   (1.00x)\n"
            f"  rebuild in watch, with pictures      {watch_pictures * 1000:7.0f} ms   "
            f"({watch_pictures / watch_text:.2f}x)"
        )

        for mode in ("inline", "directory"):
            subprocess.run(
                [*recap, "stills.yaml", "-o", f"site-{mode}", "--plotlyjs", mode],
                cwd=folder,
                env=env,
                check=True,
                capture_output=True,
            )
            subprocess.run(
                [*recap, "text.yaml", "-o", f"site-{mode}", "--plotlyjs", mode],
                cwd=folder,
                env=env,
                check=True,
                capture_output=True,
            )
        print("\nOutput weight (bytes):")
        for mode in ("inline", "directory"):
            site = folder / f"site-{mode}"
            page, text_page = (site / "stills.html").read_bytes(), (site / "text.html").read_bytes()
            files, count = weight(site / "stills") if (site / "stills").is_dir() else (0, 0)
            print(
                f"  {mode:<9} page {len(page):>10,} ({len(gzip.compress(page)):,} gzipped; "
                f"text only: {len(text_page):,}) + {count} picture files, {files:,} bytes"
            )

        print("\nLoading in Chromium (local server; `directory` page):")
        for width in (375, 1280):
            figures = load_figures(folder / "site-directory", "stills.html", width)
            first, every = figures["first_picture_bytes"], figures["all_picture_bytes"]
            print(
                f"  {width:>4} px: load event {figures['load_ms']:5.0f} ms; first view "
                f"{figures['first_pictures']:2.0f} pictures, {first:,.0f} bytes of them "
                f"({figures['first_bytes']:,.0f} bytes in all); after scrolling "
                f"{figures['all_pictures']:2.0f} pictures, {every:,.0f} bytes"
            )
        figures = load_figures(folder / "site-inline", "stills.html", 1280)
        print(f"  inline page, 1280 px: load event {figures['load_ms']:5.0f} ms")
        shutil.rmtree(folder / "cache", ignore_errors=True)


if __name__ == "__main__":
    main()
