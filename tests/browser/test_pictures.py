"""Pictures in a real Chromium, at phone and desktop widths: shown with their alt text and
credit in the list and the details panel, never in the chart; a spoiler's picture absent
(no element, no request) until the reader reveals it; nothing of it in `omit` output; no
metadata in any picture the browser receives; axe-core content with all of it."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import recap
from recap.build import BuildSettings, build_story
from recap.picture_store import Local, variants
from tests.browser.conftest import TIMEOUT_MS, record_errors, serve, wake
from tests.browser.test_audits import AXE_RUN, describe_axe
from tests.picture_kit import (
    SPOILER_ALT,
    SPOILER_CREDIT,
    metadata_problems,
    photo,
    story_with_pictures,
)

pytestmark = pytest.mark.browser

WIDTHS = [375, 1280]
REMOTE_HOST = "https://pictures.example/"
SPOILER_REMOTE = REMOTE_HOST + "ending-still.jpg"
FIRST_EVENT = "the-boat-comes-in"
PUBLIC_PICTURES = {  # alt -> credit, as the kit's story writes them
    "A blue harbour with one white light": "Photo: Harbour Archive",
    "The keeper in a red coat": "Photo: K. Lee",
}


@dataclass(frozen=True)
class Site:
    """Built pages served over HTTP: {name: URL}, and the folder they were built into."""

    urls: dict[str, str]
    out: Path
    source: Path


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("pictures")
    source = story_with_pictures(folder / "story", remote=True)
    # A second spoiler, with a remote picture: it must not be asked for before the reveal.
    text = source.read_text(encoding="utf-8")
    source.write_text(
        text
        + "  - title: The last light\n    arcs: hero\n    act: end\n"
        + f"    image: {{src: '{SPOILER_REMOTE}', alt: The last light goes out}}\n",
        encoding="utf-8",
    )
    builds = {
        "files": ("directory", "hidden"),
        "inline": ("inline", "hidden"),
        "omit": ("directory", "omit"),
    }
    for name, (plotlyjs, spoilers) in builds.items():
        settings = BuildSettings(
            out_dir=folder / "out" / name,
            plotlyjs=plotlyjs,  # type: ignore[arg-type]
            options=recap.PageOptions(spoilers=spoilers),  # type: ignore[arg-type]
        )
        result = build_story(source, settings)
        assert result.ok, result.error
    for base in serve(folder / "out"):
        yield Site(
            {name: f"{base}/{name}/harbour-lights.html" for name in builds}, folder / "out", source
        )


@dataclass
class Visit:
    """An open page with the requests it made and the errors it logged."""

    page: Any
    requests: list[Any] = field(default_factory=list)
    responses: list[Any] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def requested(self, needle: str) -> list[str]:
        return [request.url for request in self.requests if needle in request.url]

    def image_states(self, selector: str) -> list[dict[str, Any]]:
        return list(
            self.page.eval_on_selector_all(
                selector,
                """(images) => images.map((img) => ({
                    alt: img.alt, src: img.currentSrc || img.src,
                    shown: getComputedStyle(img).display !== "none" && img.offsetWidth > 0,
                    loaded: img.complete && img.naturalWidth > 0,
                    credit: img.closest("figure").innerText,
                }))""",
            )
        )


@pytest.fixture
def visit(browser: Any, site: Site) -> Iterator[Any]:
    contexts = []

    def open_(name: str, *, width: int) -> Visit:
        context = browser.new_context(viewport={"width": width, "height": 800})
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        opened = Visit(page)
        record_errors(page, opened.errors)
        page.on("request", lambda request: opened.requests.append(request))
        page.on("response", lambda response: opened.responses.append(response))
        # The "web" is a local picture: the test never leaves the machine.
        still = photo(site.out / "remote.jpg", (400, 300)).read_bytes()
        context.route(
            f"{REMOTE_HOST}**",
            lambda route: route.fulfill(status=200, content_type="image/jpeg", body=still),
        )
        page.goto(site.urls[name])
        wake(page)
        return opened

    yield open_
    for context in contexts:
        context.close()


def click_event(visit: Visit, event_id: str) -> None:
    """Click an event's marker in the chart, as a reader does, to open its details."""
    spot = visit.page.locator(".recap-chart").evaluate(
        """(chart, id) => {
            chart.scrollIntoView({ block: "center" });
            const trace = chart._fullData.find((t) => Array.from(t.customdata || []).includes(id));
            const index = Array.from(trace.customdata).indexOf(id);
            const layout = chart._fullLayout, box = chart.getBoundingClientRect();
            return { x: box.left + layout.xaxis._offset + layout.xaxis.l2p(trace.x[index]),
                     y: box.top + layout.yaxis._offset + layout.yaxis.l2p(trace.y[index]) };
        }""",
        event_id,
    )
    visit.page.mouse.click(spot["x"], spot["y"])
    visit.page.wait_for_function("document.querySelector('.recap-detail img') !== null")


def load_all_lazy_images(visit: Visit) -> None:
    """Scroll through the whole page, so that every lazy image that would load, loads."""
    visit.page.evaluate(
        """async () => {
            for (let y = 0; y <= document.body.scrollHeight; y += 300) {
                window.scrollTo(0, y);
                await new Promise((done) => setTimeout(done, 30));
            }
        }"""
    )
    visit.page.wait_for_load_state("networkidle")


def spoiler_files(site: Site) -> set[str]:
    """The names of the files made from the spoiler's local picture."""
    made = variants(Local(site.source.parent / "pictures" / "ending.png", "ending.png"))
    data = {variant.data for variant in made.values()}
    return {path.name for path in site.out.rglob("*.webp") if path.read_bytes() in data}


@pytest.mark.parametrize("width", WIDTHS)
def test_pictures_show_with_alt_and_credit_in_the_list_and_the_panel(visit, width: int) -> None:
    page = visit("files", width=width)
    load_all_lazy_images(page)
    thumbs = page.image_states(".recap-events .recap-picture-thumb")
    local = [thumb for thumb in thumbs if not thumb["src"].startswith(REMOTE_HOST)]
    assert sorted(thumb["alt"] for thumb in local) == sorted(PUBLIC_PICTURES)
    for thumb in local:  # the credit shows under the thumbnail
        assert PUBLIC_PICTURES[thumb["alt"]] in thumb["credit"]
    for thumb in thumbs:
        assert thumb["shown"], thumb
        assert thumb["loaded"], thumb
    for large in page.image_states(".recap-events .recap-picture-large"):
        assert not large["shown"], large
    # The list's large variants are display:none, so the browser never fetched them.
    assert not page.requested("harbour-lights/" + large_name(page, FIRST_EVENT))
    assert page.page.locator(".recap-chart img, .recap-chart figure").count() == 0

    click_event(page, FIRST_EVENT)
    page.page.wait_for_function(
        "document.querySelector('.recap-detail .recap-picture-large').naturalWidth > 0"
    )
    (shown,) = [image for image in page.image_states(".recap-detail img") if image["shown"]]
    alt = "A blue harbour with one white light"
    assert shown["alt"] == alt
    assert PUBLIC_PICTURES[alt] in shown["credit"]
    assert shown["loaded"]
    box = page.page.locator(".recap-detail .recap-picture-large").bounding_box()
    assert box["width"] > 250  # larger than the thumbnail...
    assert box["x"] + box["width"] <= width  # ...and inside the screen
    assert page.errors == []


def large_name(visit: Visit, event_id: str) -> str:
    src = visit.page.get_attribute(
        f'.recap-events [data-event-id="{event_id}"] .recap-picture-large', "src"
    )
    return str(src).rsplit("/", 1)[-1]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_spoilers_picture_is_absent_until_revealed(visit, site: Site, width: int) -> None:
    page = visit("files", width=width)
    secret_files = spoiler_files(site)
    assert secret_files, "the build must write the spoiler's picture files"
    load_all_lazy_images(page)
    alts = [image["alt"] for image in page.image_states("img")]
    assert SPOILER_ALT not in alts
    assert "The last light goes out" not in alts
    assert SPOILER_CREDIT not in page.page.evaluate("document.body.innerText")
    html = page.page.content()
    for name in secret_files:
        assert name not in html
        assert not page.requested(name)
    assert not page.requested(SPOILER_REMOTE)

    page.page.click(".recap-reveal")
    page.page.wait_for_selector(f'img[alt="{SPOILER_ALT}"]', state="attached")
    load_all_lazy_images(page)
    revealed = {
        image["alt"]: image for image in page.image_states(".recap-events .recap-picture-thumb")
    }
    assert revealed[SPOILER_ALT]["shown"]
    assert revealed[SPOILER_ALT]["loaded"]
    assert SPOILER_CREDIT in revealed[SPOILER_ALT]["credit"]
    assert any(page.requested(name) for name in secret_files)
    assert page.requested(SPOILER_REMOTE)

    page.page.click(".recap-reveal")  # hide again: the picture goes with the rest
    page.page.wait_for_selector('.recap-reveal[aria-expanded="false"]')
    assert page.page.locator(f'img[alt="{SPOILER_ALT}"]').count() == 0
    assert page.errors == []


def test_omit_output_is_free_of_the_spoilers_picture(visit, site: Site) -> None:
    ending = Local(site.source.parent / "pictures" / "ending.png", "ending.png")
    secret = {variant.data for variant in variants(ending).values()}
    needles = [text.encode() for text in (SPOILER_ALT, SPOILER_CREDIT, SPOILER_REMOTE)]
    needles.append(b"ending.png")
    needles += [base64.b64encode(data)[:64] for data in secret]
    written = [path for path in (site.out / "omit").rglob("*") if path.is_file()]
    assert any(path.suffix == ".webp" for path in written), "omit still writes public pictures"
    for path in written:
        data = path.read_bytes()
        assert data not in secret, path
        for needle in needles:
            assert needle not in data, (path, needle)
    page = visit("omit", width=1280)
    load_all_lazy_images(page)
    assert SPOILER_ALT not in [image["alt"] for image in page.image_states("img")]
    assert not page.requested(SPOILER_REMOTE)


@pytest.mark.parametrize("name", ["files", "inline"])
def test_no_picture_the_browser_gets_carries_metadata(visit, name: str) -> None:
    page = visit(name, width=1280)
    bodies: list[bytes] = []
    page.page.on(
        "response",
        lambda response: (
            bodies.append(response.body())
            if re.search(r"/harbour-lights/[0-9a-f]{16}\.(webp|jpg)$", response.url)
            else None
        ),
    )
    page.page.click(".recap-reveal")
    load_all_lazy_images(page)
    click_event(page, FIRST_EVENT)
    page.page.wait_for_load_state("networkidle")
    sources = page.page.eval_on_selector_all("img", "(images) => images.map((i) => i.src)")
    inlined = [base64.b64decode(src.split(",", 1)[1]) for src in sources if src.startswith("data:")]
    bodies = [
        response.body()
        for response in page.responses
        if re.search(r"/harbour-lights/[0-9a-f]{16}\.(webp|jpg)$", response.url)
    ]
    received = bodies if name == "files" else inlined
    assert len(received) >= 4, f"too few pictures seen to judge: {len(received)}"
    for data in received:
        assert metadata_problems(data) == []


def test_remote_pictures_go_without_a_referrer(visit) -> None:
    page = visit("files", width=1280)
    load_all_lazy_images(page)
    (request,) = [request for request in page.requests if "postcard.jpg" in request.url]
    assert "referer" not in request.all_headers()


AXE_STATES = {"locked": None, "revealed": "reveal", "detail": "detail"}


@pytest.mark.audit
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("state", list(AXE_STATES))
def test_axe_finds_no_violations_with_pictures(visit, audit_tools, width: int, state: str) -> None:
    page = visit("files", width=width)
    if AXE_STATES[state] == "reveal":
        page.page.click(".recap-reveal")
        page.page.wait_for_selector(f'img[alt="{SPOILER_ALT}"]', state="attached")
    elif AXE_STATES[state] == "detail":
        click_event(page, FIRST_EVENT)
    load_all_lazy_images(page)
    page.page.add_script_tag(path=str(audit_tools.axe))
    violations = page.page.evaluate(AXE_RUN)
    assert not violations, f"axe-core ({state}, {width}):\n{describe_axe(violations)}"


def test_hostile_picture_text_is_shown_as_text(browser: Any, tmp_path: Path) -> None:
    payload = '"><script>window.pwned = \'alt\'</script><img src=x onerror="window.pwned = 1">'
    photo(tmp_path / 'a"b.jpg', (300, 200))
    story = {
        "title": "Hostile pictures",
        "arcs": {"r": {"label": "R"}},
        "events": [
            {
                "title": "Quoted",
                "arcs": "r",
                "image": {"src": 'a"b.jpg', "alt": payload, "credit": payload, "caption": payload},
            },
            {
                "title": "Remote",
                "arcs": "r",
                "image": {"src": 'https://pictures.example/x.jpg?a="onerror=alert(1)', "alt": "R"},
            },
        ],
    }
    (tmp_path / "s.yaml").write_text(json.dumps(story), encoding="utf-8")
    result = build_story(tmp_path / "s.yaml", BuildSettings(out_dir=tmp_path / "out"))
    assert result.ok, result.error
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        context.route(f"{REMOTE_HOST}**", lambda route: route.abort())
        page = context.new_page()
        errors: list[str] = []
        record_errors(page, errors)
        page.goto((tmp_path / "out" / "hostile-pictures.html").as_uri())
        wake(page)
        assert page.evaluate("window.pwned") is None
        alts = page.eval_on_selector_all(".recap-picture-thumb", "(all) => all.map((i) => i.alt)")
        assert alts == [payload, "R"]
        caption = page.inner_text(".recap-events figcaption")
        assert caption == f"{payload} {payload}"
    finally:
        context.close()
