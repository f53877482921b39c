"""The README's screenshots (docs/): made from examples/ by docs/make_screenshots.py, shown in
the README, and still what the code prints (else: run the script again)."""

from __future__ import annotations

import html
import importlib.util
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SHOTS = ("table-80.svg", "harbour_bridge.png")


def _script():
    spec = importlib.util.spec_from_file_location("make_screenshots", DOCS / "make_screenshots.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _svg_text(svg: str) -> str:
    """The characters an SVG terminal shows, without spaces (how rich splits them into
    elements is its own business)."""
    shown = "".join(re.findall(r"<text[^>]*>(.*?)</text>", svg, flags=re.S))
    return re.sub(r"\s+", "", html.unescape(shown))


@pytest.mark.parametrize("name", SHOTS)
def test_screenshots_are_committed_and_shown_in_the_readme(name):
    data = (DOCS / name).read_bytes()
    if name.endswith(".png"):
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 50_000
    else:
        assert data.startswith(b"<svg") and b"Aisha" in data
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"!\[[^\]]+\]\(docs/{re.escape(name)}\)", readme)


@pytest.mark.model
def test_the_table_screenshot_is_what_the_table_prints():
    script = _script()
    fresh = script.table_svg(script.example())
    committed = (DOCS / "table-80.svg").read_text(encoding="utf-8")
    assert _svg_text(fresh) == _svg_text(committed), "run: python docs/make_screenshots.py"
    assert "examples/harbour_bridge.txt" in html.unescape(fresh)


@pytest.mark.browser
def test_the_script_remakes_both(tmp_path):
    script = _script()
    if script.find_chromium() is None:
        if os.environ.get("QUOTES_REQUIRE_BROWSER") == "1":
            pytest.fail("no chromium, and QUOTES_REQUIRE_BROWSER=1")
        pytest.skip("no browser: /usr/bin/chromium missing (apt-get install chromium)")
    assert script.main(["--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(SHOTS)
    png = (tmp_path / "harbour_bridge.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000
