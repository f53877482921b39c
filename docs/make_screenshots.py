"""Remake the README's screenshots from examples/ (never from ../shared data):

- docs/table-80.svg: ``quotes extract examples/harbour_bridge.txt`` in an 80-column terminal
  (rich's own SVG export of the table);
- docs/harbour_bridge.png: the HTML page of the same article (``--format html``) in headless
  Chromium (Debian's ``chromium``; skipped, saying so, when it is not installed).

Run: python docs/make_screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import quotes
from quotes.types import Result
from quotes.writers import TableWriter

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = "examples/harbour_bridge.txt"
TABLE_WIDTH = 80
PAGE_SIZE = (1000, 1500)  # Chromium's window: the page's top, the article and its speakers
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def example() -> Result:
    """The example article's result, its id as the command line gives it."""
    text = (ROOT / ARTICLE).read_text(encoding="utf-8")
    [result] = quotes.extract_many([(ARTICLE, text)])
    return result


def table_svg(result: Result, width: int = TABLE_WIDTH) -> str:
    """The quote table as ``quotes extract`` prints it in a ``width``-column terminal."""
    from rich.console import Console

    console = Console(record=True, width=width, file=io.StringIO(), force_terminal=True)
    TableWriter(io.StringIO(), console=console).write(result)
    return console.export_svg(title=f"quotes extract {ARTICLE}")


def find_chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def page_png(result: Result, png: Path, chromium: str) -> None:
    """A screenshot of the article's HTML page (``quotes.render``) by headless Chromium."""
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "harbour_bridge.html"
        page.write_text(quotes.render(result), encoding="utf-8")
        cmd = [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={Path(tmp) / 'profile'}",
            f"--screenshot={png.resolve()}",
            f"--window-size={PAGE_SIZE[0]},{PAGE_SIZE[1]}",
            page.as_uri(),
        ]
        subprocess.run(cmd, capture_output=True, timeout=240, check=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="default: docs/")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    result = example()
    svg = args.out / "table-80.svg"
    svg.write_text(table_svg(result), encoding="utf-8")
    print(f"wrote {svg}")
    chromium = find_chromium()
    if chromium is None:
        print("no chromium (apt-get install chromium): the page screenshot is not remade")
        return 1
    png = args.out / "harbour_bridge.png"
    page_png(result, png, chromium)
    print(f"wrote {png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
