"""The HTML report in a real browser (headless Chromium): it renders, and nothing in it runs.

Hostile captures carry markup that would make a request to a loopback server started here if
it ever became HTML: an image, a script that writes an image, a style sheet with a URL. The
report must show them as text (the DOM has no element made from data) and the server must see
no request. Controls prove the check can fail: the same payloads written raw into a page do
reach the server, and written raw under the report's Content-Security-Policy do not.

Chromium comes from the system's packages (`.ci/install-browser`); without it the tests fail
under CI (`CI=true`) and are skipped elsewhere. Screenshots go to tests/artifacts/reports/.
"""

from __future__ import annotations

import copy
import html
import os
from pathlib import Path
from typing import Any

import pytest
from ccc._runtime.tools.validate.html_report import CSP, render_html
from reports.browser import (
    ARTIFACTS,
    REPO,
    cli_report,
    counting_server,
    find_chromium,
    run_chromium,
    screenshot,
)
from reports.helpers import check_corpus, realistic_corpus


@pytest.fixture(scope="module")
def browser() -> str:
    found = find_chromium()
    if found is None:
        message = (
            "headless Chromium is needed for the HTML report's browser test and was not found; "
            "install it with .ci/install-browser (apt-get install -y chromium)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def _payloads(base: str) -> list[str]:
    return [
        f"<img src={base}/data-img>",
        f"<script>document.write('<img src=\"{base}/data-script\">')</script>",
        f"</style><style>body{{background:url({base}/data-css)}}</style>",
        f'"><img src="{base}/data-attribute">',
    ]


def _hostile_report(page: dict[str, Any], base: str) -> str:
    payloads: list[object] = []
    for markup in _payloads(base):
        bad = copy.deepcopy(page)
        bad["Data"][markup] = markup
        bad["Data"]["ContactType"] = markup
        bad["Data"]["AgentEvents"][0][markup] = 1
        payloads.append(bad)
    files = [(name, payloads) for name in _payloads(base)]
    return render_html(check_corpus(files + realistic_corpus(page)))


def _raw_page(base: str, *, csp: bool) -> str:
    policy = f'<meta http-equiv="Content-Security-Policy" content="{CSP}">' if csp else ""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{policy}<style>p{{}}</style>'
        f"</head><body><p>{''.join(_payloads(base))}</p></body></html>"
    )


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_hostile_report_runs_nothing_and_requests_nothing(
    browser: str, tmp_path: Path, page_example: dict[str, Any]
) -> None:
    with counting_server() as (base, requests):
        report = _write(tmp_path, "hostile.html", _hostile_report(page_example, base))
        dom = run_chromium(browser, report, "--dump-dom")
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        png = ARTIFACTS / "hostile-report.png"
        screenshot(browser, report, png)
        print(f"screenshot: {png}")
    assert requests == []
    assert "Failures by path" in dom and "Coverage of the spec" in dom  # it did render
    lowered = dom.lower()
    assert "<img" not in lowered and "<script" not in lowered
    assert lowered.count("<style") == 1
    for markup in _payloads(base):
        assert html.escape(markup, quote=False) in dom  # the markup shown as text


def test_control_raw_markup_does_reach_the_server(browser: str, tmp_path: Path) -> None:
    with counting_server() as (base, requests):
        run_chromium(
            browser, _write(tmp_path, "raw.html", _raw_page(base, csp=False)), "--dump-dom"
        )
    # the check above can fail: unescaped, the image loads and the script runs
    assert "/data-img" in requests
    assert "/data-script" in requests


def test_control_the_policy_alone_blocks_requests(browser: str, tmp_path: Path) -> None:
    with counting_server() as (base, requests):
        page = _write(tmp_path, "raw-csp.html", _raw_page(base, csp=True))
        dom = run_chromium(browser, page, "--dump-dom")
    assert requests == []  # a second line of defence, should escaping ever fail
    assert "<img" in dom  # the elements exist here: only the policy stopped them


def test_realistic_report_screenshot(
    browser: str, tmp_path: Path, page_example: dict[str, Any]
) -> None:
    page = cli_report(tmp_path, realistic_corpus(page_example))  # the real command's page
    png = ARTIFACTS / "validate-report.png"
    screenshot(browser, page, png)
    print(f"screenshot: {png}")
    assert png.stat().st_size > 10_000  # a page was drawn, not a blank


def test_readme_screenshot_is_committed_and_small() -> None:
    png = REPO / "docs" / "images" / "validate-report.png"
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert 10_000 < len(data) < 300_000
