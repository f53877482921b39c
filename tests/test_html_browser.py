"""The HTML view in a real browser: Debian's Chromium, headless, on the example article and
on a hostile one. ``--dump-dom`` gives the DOM after scripts would have run; ``--screenshot``
leaves a PNG in $QUOTES_TEST_ARTIFACTS (default build/test-artifacts/) for people to look at.

Without a browser the tests skip, saying so; with QUOTES_REQUIRE_BROWSER=1 (CI) they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from html_dom import Node, parse_strict

import quotes
from quotes.html import render_report
from quotes.html.report import CSP
from quotes.types import Cue, Quote, Result, Speaker

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "harbour_bridge.txt"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

# What the hostile article tries: run a script (the title would change), run an event handler
# (the body would get data-pwned), and close our stylesheet.
SCRIPT = "<script>document.title='PWNED'</script>"
IMG = '<img src=x onerror="document.body.dataset.pwned=1">'
BREAKOUT = '"><img src=x onerror="document.body.dataset.pwned=1">'
STYLE = "</style><u>underlined?</u>"


def _find_chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    exe = _find_chromium()
    if exe is None:
        reason = (
            "no browser: neither /usr/bin/chromium nor chromium on PATH (apt-get install chromium)"
        )
        if os.environ.get("QUOTES_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}, and QUOTES_REQUIRE_BROWSER=1")
        pytest.skip(reason)
    return exe


@pytest.fixture(scope="module")
def artifacts() -> Path:
    path = Path(os.environ.get("QUOTES_TEST_ARTIFACTS", ROOT / "build" / "test-artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def _browse(exe: str, page: Path, *args: str) -> str:
    """Run Chromium on ``page`` with ``args``; its standard output."""
    profile = page.parent / f"profile-{page.stem}"
    cmd = [exe, *FLAGS, f"--user-data-dir={profile}", *args, page.as_uri()]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=240, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _dom(exe: str, page: Path) -> Node:
    return parse_strict(_browse(exe, page, "--dump-dom"))


def _screenshot(exe: str, page: Path, png: Path) -> None:
    png.unlink(missing_ok=True)
    _browse(exe, page, f"--screenshot={png}", "--window-size=1100,1500", "--hide-scrollbars")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000  # a page, not a blank


def _write(tmp_path: Path, name: str, markup: str) -> Path:
    page = tmp_path / name
    page.write_text(markup, encoding="utf-8")
    return page


def _highlights(dom: Node) -> list[tuple[str, str, str]]:
    return [
        (m.attrs["data-quote"], m.attrs["data-speaker"], m.text())
        for m in dom.find("div", "article").find_all("mark", "q")
    ]


def _expected(result: Result) -> list[tuple[str, str, str]]:
    rows = []
    for i, q in enumerate(result.quotes, 1):
        name = (q.speaker.name or q.speaker.text) if q.speaker else ""
        rows += [(i, p.start, name, p.text) for p in q.pieces]
    return [(str(i), name, text) for i, _, name, text in sorted(rows, key=lambda r: r[1])]


def test_the_harness_would_see_a_script_run(chromium, tmp_path):
    control = (
        "<!DOCTYPE html><title>control</title><body><script>document.title='ran'</script>"
        '<img src=x onerror="document.body.dataset.ran=1"></body>'
    )
    dom = _dom(chromium, _write(tmp_path, "control.html", control))
    assert dom.find("title").text() == "ran"
    assert dom.find("body").attrs.get("data-ran") == "1"


def test_example_article_one_highlight_per_part(chromium, nlp, tmp_path, artifacts):
    text = EXAMPLE.read_text(encoding="utf-8")
    [result] = quotes.extract_many([("harbour_bridge.txt", text)], nlp=nlp)
    page = _write(tmp_path, "harbour_bridge.html", quotes.render(result))
    dom = _dom(chromium, page)
    assert _highlights(dom) == _expected(result)
    assert len(_highlights(dom)) == sum(len(q.pieces) for q in result.quotes) >= 15
    assert dom.find("title").text() == "Quotes — harbour_bridge.txt"
    assert dom.find("div", "article").text(skip="card") == text
    _screenshot(chromium, page, artifacts / "harbour_bridge.png")


def test_report_links_every_document(chromium, nlp, tmp_path, artifacts):
    texts = [
        ("harbour_bridge.txt", EXAMPLE.read_text(encoding="utf-8")),
        (
            "school.txt",
            "“We will rebuild the school before winter,” Mayor Daniel Okafor said.\n"
            "He said the work would cost $4 million.\n",
        ),
    ]
    results = list(quotes.extract_many(texts, nlp=nlp))
    page = _write(tmp_path, "report.html", render_report(results))
    dom = _dom(chromium, page)
    links = [a.attrs["href"] for a in dom.find("table", "index").find_all("a")]
    assert links == ["#d1", "#d2"]
    assert [dom.find("section", id=link[1:]).find("h2").text() for link in links] == [
        "harbour_bridge.txt",
        "school.txt",
    ]
    first = dom.find("svg", "chart").find("g")  # the mayor: 4 quotes in one, 2 in the other
    assert [t.text() for t in first.find_all("text")] == ["Daniel Okafor", "6"]
    _screenshot(chromium, page, artifacts / "report.png")


def _hostile() -> Result:
    doc_id = f"{SCRIPT}{BREAKOUT}.txt"
    text = f"{SCRIPT}\n“{IMG} is harmless,” said {STYLE}, the {BREAKOUT}.\nThe end."
    q_start = text.index("“")
    q_end = text.index("said") - 1
    s_start = text.index(STYLE)
    s_end = text.index(".\nThe end")
    cue = Cue("said", text.index("said"), text.index("said") + 4, SCRIPT)
    speaker = Speaker(text[s_start:s_end], s_start, s_end, IMG, SCRIPT, "person")
    quote = Quote(text[q_start:q_end], q_start, q_end, "direct", BREAKOUT, None, cue, speaker)
    whole = Quote(text[: len(SCRIPT)], 0, len(SCRIPT), "indirect", STYLE, None, None, None)
    return Result(doc_id, text, (whole, quote))


@pytest.mark.parametrize("csp", ["with", "without"])
def test_hostile_article_runs_nothing_and_shows_as_text(chromium, tmp_path, artifacts, csp):
    result = _hostile()
    markup = quotes.render(result)
    if csp == "without":  # the escaping alone must hold, without the policy's second lock
        markup = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", markup)
        assert CSP not in markup
    page = _write(tmp_path, f"hostile-{csp}-csp.html", markup)
    dom = _dom(chromium, page)
    assert "data-pwned" not in dom.find("body").attrs
    assert dom.find("title").text() == f"Quotes — {result.id}"
    assert not [n.tag for n in dom.iter() if n.tag in ("script", "img", "u")]
    assert dom.find("div", "article").text(skip="card") == result.text
    assert dom.find("h2").text() == result.id
    assert _highlights(dom) == _expected(result)
    card = dom.find("span", "card", id="d1-card2-1").text()
    assert IMG in card and SCRIPT in card and BREAKOUT in card
    if csp == "with":
        _screenshot(chromium, page, artifacts / "hostile.png")
