"""Third-party audits of the built pages: axe-core, the Nu HTML Checker, Lighthouse."""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from urllib.parse import unquote

import pytest

from tests.browser.conftest import wake

pytestmark = [pytest.mark.browser, pytest.mark.audit]

MODES = ["hidden", "shown", "omit"]

# state id: (spoiler mode, viewport width, what to do before the audit)
AXE_STATES = {
    "hidden-1440": ("hidden", 1440, None),
    "revealed-1440": ("hidden", 1440, "reveal"),
    "hidden-375": ("hidden", 375, None),
    "detail-375": ("hidden", 375, "detail"),
    "shown-1440": ("shown", 1440, None),
    "omit-1440": ("omit", 1440, None),
}

AXE_RUN = """
async () => {
  const results = await axe.run(document, { resultTypes: ["violations"] });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
  }));
}
"""


def describe_axe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:8]:
            lines.append(f"  at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            lines.append(textwrap.indent(node["summary"] or "", "      "))
    return "\n".join(lines)


@pytest.mark.parametrize("state", list(AXE_STATES))
def test_axe_finds_no_violations(open_page, facts, audit_tools, state):
    mode, width, action = AXE_STATES[state]
    page = open_page(mode, width=width)
    if action == "reveal":
        page.page.locator(".recap-reveal").click()
        page.page.wait_for_selector('.recap-reveal[aria-expanded="true"]')
        shown, _ = facts.markers("shown")
        page.page.wait_for_function(
            "(n) => document.querySelectorAll('.recap-chart .scatterlayer .point').length === n",
            arg=sum(shown.values()),
        )
    elif action == "detail":
        event_id = facts.public_events["event_id"].iloc[0]
        marker = page.marker(event_id, set(facts.frame["arc_label"]))
        page.page.mouse.click(*page.position(marker.x, marker.y))
        page.page.wait_for_function("document.querySelector('.recap-detail').innerText !== ''")
    page.page.add_script_tag(path=str(audit_tools.axe))
    violations = page.page.evaluate(AXE_RUN)
    assert not violations, f"axe-core ({state}):\n{describe_axe(violations)}"


@pytest.fixture(scope="module")
def vnu_report(audit_tools, pages) -> dict[str, list[dict]]:
    """Check all built pages in one Nu HTML Checker run: {mode: its error messages}."""
    command = [audit_tools.java, "-jar", str(audit_tools.vnu), "--errors-only"]
    command += ["--format", "json", "--stdout", *(str(pages[mode]) for mode in MODES)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu.jar gave no JSON report (exit {result.returncode}):\n{result.stderr}")
    by_mode: dict[str, list[dict]] = {mode: [] for mode in MODES}
    for message in messages:
        url = unquote(message.get("url", ""))
        owners = [mode for mode in MODES if url.endswith(pages[mode].as_posix())]
        for mode in owners or MODES:  # a message about no one file concerns them all
            by_mode[mode].append(message)
    return by_mode


@pytest.mark.parametrize("mode", MODES)
def test_nu_html_checker_finds_no_errors(vnu_report, mode):
    errors = vnu_report[mode]
    report = "\n".join(
        f"line {m.get('lastLine', '?')}, column {m.get('firstColumn', '?')}: {m['message']}\n"
        f"    {m.get('extract', '')[:200]!r}"
        for m in errors
    )
    assert not errors, f"Nu HTML Checker, {mode} page:\n{report}"


def test_lighthouse_scores_full(audit_tools, pages, http_root, tmp_path):
    """Accessibility, best practices and SEO: all full marks."""
    url = f"{http_root}/hidden/{pages['hidden'].name}"
    output = tmp_path / "lighthouse.json"
    command = [
        audit_tools.node,
        str(audit_tools.lighthouse),
        url,
        "--only-categories=accessibility,best-practices,seo",
        "--output=json",
        f"--output-path={output}",
        "--quiet",
        "--chrome-flags=" + " ".join(audit_tools.chrome_flags),
    ]
    env = {**os.environ, "CHROME_PATH": str(audit_tools.chrome)}
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, f"lighthouse exited {result.returncode}:\n{result.stderr}"
    report = json.loads(output.read_text(encoding="utf-8"))
    assert not report.get("runtimeError"), report["runtimeError"]

    scores = {name: category["score"] for name, category in report["categories"].items()}
    failing = []
    for name, category in report["categories"].items():
        for ref in category["auditRefs"]:
            audit = report["audits"][ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                items = (audit.get("details") or {}).get("items") or []
                snippets = [
                    str((item.get("node") or {}).get("snippet") or item)[:160] for item in items[:5]
                ]
                failing.append(
                    f"{name}/{ref['id']} (score {audit['score']}): {audit['title']}"
                    + "".join(f"\n    {snippet}" for snippet in snippets)
                )
    # Best practices include no console errors: a page without an icon logs a 404 for
    # /favicon.ico.
    assert scores == {"accessibility": 1.0, "best-practices": 1.0, "seo": 1.0}, (
        "\n".join(failing) or scores
    )


@pytest.mark.parametrize(("theme", "scheme"), [("dark", "light"), ("auto", "dark")])
def test_axe_finds_no_violations_in_dark_themes(
    browser, story, audit_tools, tmp_path, theme, scheme
):
    """The dark theme, chosen or followed from the system, keeps readable contrast."""
    import recap

    options = recap.PageOptions(spoilers="hidden", theme=theme)
    (output,) = recap.write_html(story, tmp_path, options=options)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(output.path.as_uri())
        wake(page)
        background = page.evaluate(
            "getComputedStyle(document.querySelector('.recap')).backgroundColor"
        )
        assert background == "rgb(13, 17, 23)"  # dark, as chosen or as the system asks
        for step in ("locked", "revealed"):
            if step == "revealed":
                page.click(".recap-reveal")
                page.wait_for_selector('.recap-reveal[aria-expanded="true"]')
            page.add_script_tag(path=str(audit_tools.axe))
            violations = page.evaluate(AXE_RUN)
            assert not violations, f"axe-core ({theme}, {step}):\n{describe_axe(violations)}"
    finally:
        context.close()
