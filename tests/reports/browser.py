"""Headless Chromium for the report tests, and a loopback HTTP server that counts its visitors.

Run as a script to refresh the README's screenshot of a realistic report:

    .venv/bin/python tests/reports/browser.py docs/images/validate-report.png
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from serving import background

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(os.environ.get("CCC_TEST_ARTIFACTS", REPO / "tests" / "artifacts")) / "reports"
NAMES = ("chromium", "chromium-browser")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)
TIMEOUT = 120


def find_chromium() -> str | None:
    for name in NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def run_chromium(browser: str, page: Path, *extra: str) -> str:
    """Open `page` from disk in a fresh profile; standard output (e.g. `--dump-dom`)."""
    with tempfile.TemporaryDirectory(prefix="ccc-chromium-") as profile:
        command = [browser, *FLAGS, f"--user-data-dir={profile}", *extra, page.as_uri()]
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # its helper processes too can be stopped as one group
        )
        try:
            out, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise AssertionError(f"chromium did not finish within {TIMEOUT} s") from None
        if process.returncode != 0:
            raise AssertionError(f"chromium failed ({process.returncode}): {err.decode()[-2000:]}")
        return out.decode("utf-8", "replace")


def screenshot(browser: str, page: Path, png: Path, height: int = 2000) -> None:
    png.parent.mkdir(parents=True, exist_ok=True)
    run_chromium(browser, page, f"--screenshot={png}", f"--window-size=1280,{height}")
    if not png.is_file() or png.read_bytes()[:8] != b"\x89PNG\r\n\x1a\n":
        raise AssertionError(f"chromium wrote no PNG to {png}")


class _Counter(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.paths.append(self.path)  # type: ignore[attr-defined]
        body = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"
        self.send_response(200)
        self.send_header("Content-Type", "image/gif")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def counting_server() -> Iterator[tuple[str, list[str]]]:
    """A real HTTP server on 127.0.0.1: its base URL, and the paths it was asked for."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    server.paths = []  # type: ignore[attr-defined]
    thread = background(server)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", server.paths  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def write_corpus(folder: Path, files: list[tuple[str, list[object]]]) -> None:
    """(name, payloads) as capture files under `folder`: JSON Lines, or one document."""
    for name, payloads in files:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if name.endswith(".json"):
            (text,) = (json.dumps(p, ensure_ascii=False, indent=2) for p in payloads)
        else:
            text = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in payloads)
        path.write_text(text, encoding="utf-8")


def cli_report(folder: Path, files: list[tuple[str, list[object]]]) -> Path:
    """`files` written under `folder`, then `python -m ccc validate --format html -o report.html
    <their top folders>` run there (the real command, the generated package): the page."""
    write_corpus(folder, files)
    command = [sys.executable, "-m", "ccc", "validate", "--operation", "GetCallDetailRecord"]
    command += ["--format", "html", "-o", "report.html"]
    command += sorted({Path(name).parts[0] for name, _ in files})
    done = subprocess.run(
        command, cwd=folder, capture_output=True, text=True, timeout=TIMEOUT, check=False
    )
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        raise AssertionError(f"validate failed ({done.returncode}): {done.stderr[-2000:]}")
    return folder / "report.html"


def _readme_screenshot(target: Path) -> None:
    """The realistic corpus through the real command, drawn by Chromium."""
    import yaml

    sys.path.insert(0, str(REPO / "tests"))
    from reports.helpers import realistic_corpus

    spec = yaml.safe_load((REPO / "spec/ccc/GetCallDetailRecord.yaml").read_text(encoding="utf-8"))
    page = spec["examples"]["page_success"]["response"]
    browser = find_chromium()
    if browser is None:
        raise SystemExit(
            "chromium not found: apt-get install -y chromium (see .ci/install-browser)"
        )
    with tempfile.TemporaryDirectory() as folder:
        screenshot(browser, cli_report(Path(folder), realistic_corpus(page)), target, height=1700)
    print(f"wrote {target} ({target.stat().st_size} bytes)")


if __name__ == "__main__":
    _readme_screenshot(Path(sys.argv[1]))
