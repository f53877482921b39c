"""The terminal table reads at any width: speakers and titles are never cut inside a word (the
quote gives way first, then the cue), and interrupted quotes show their words without the
attribution, while JSON, JSONL and CSV keep ``text == document[start:end]``."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from html_dom import parse_strict

from quotes.columns import Want, fit, longest_word
from quotes.html import render
from quotes.types import Cue, Part, Quote, Result, Speaker
from quotes.writers import CsvWriter, JsonlWriter, JsonWriter, TableWriter

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "harbour_bridge.txt"
WIDTHS = (60, 80, 120)


@pytest.fixture(scope="module")
def example(nlp) -> Result:
    text = EXAMPLE.read_text(encoding="utf-8")
    return Result("examples/harbour_bridge.txt", text, tuple(nlp(text)._.quotes))


def table(result: Result, width: int) -> str:
    out = io.StringIO()
    TableWriter(out, width=width).write(result)
    return out.getvalue()


def columns(rendered: str) -> dict[str, list[str]]:
    """The table's cells by header, one entry per line of text (rows' lines in order)."""
    lines = rendered.splitlines()
    header_at = next(i for i, line in enumerate(lines) if line.startswith("┃"))
    headers = [h.strip() for h in lines[header_at].strip("┃").split("┃")]
    cells: dict[str, list[str]] = {h: [] for h in headers}
    for line in lines[header_at + 1 :]:
        if line.startswith("│"):
            for h, cell in zip(headers, line.strip().strip("│").split("│"), strict=True):
                cells[h].append(cell.strip())
    return cells


def who_words(result: Result) -> set[str]:
    """Every word a speaker cell may show: names, mentions as written (in brackets), titles."""
    words = {"—"}
    for q in result.quotes:
        s = q.speaker
        if s is not None:
            words |= set(f"{s.name or s.text} {s.title or ''} ({s.text})".split())
    return words


# --- the widths: data -------------------------------------------------------------------------

# (wants as (pref, floor, least), space, grow, order) → widths, or None when nothing fits
FIT_CASES = [
    # room to spare: all to the growing column
    ([(10, 10, 10), (5, 5, 5), (30, 20, 8)], 50, 2, [[2], [1], [0]], [10, 5, 35]),
    # short by 5: the quote (column 2) gives way first, the others keep their preference
    ([(10, 10, 10), (12, 9, 9), (30, 20, 8)], 47, 2, [[2], [1], [0]], [10, 12, 25]),
    # short by 13: the quote down to its floor, then the cue down to its longest word
    ([(10, 8, 8), (12, 9, 9), (30, 20, 8)], 39, 2, [[2], [1], [0]], [10, 9, 20]),
    # short by 15: then the speaker too
    ([(10, 8, 8), (12, 9, 9), (30, 20, 8)], 37, 2, [[2], [1], [0]], [8, 9, 20]),
    # speaker and title give way together, the wider first, never below their words
    ([(16, 12, 12), (16, 9, 9), (30, 24, 12)], 50, 2, [[2], [0, 1]], [13, 13, 24]),
    # then the quote goes below its floor, to its least
    ([(16, 12, 12), (16, 9, 9), (30, 24, 12)], 36, 2, [[2], [0, 1]], [12, 9, 15]),
    # and when even that is too wide, no widths
    ([(16, 12, 12), (16, 9, 9), (30, 24, 12)], 32, 2, [[2], [0, 1]], None),
]


@pytest.mark.parametrize("wants, space, grow, order, expected", FIT_CASES)
def test_fit_gives_way_in_order(wants, space, grow, order, expected):
    widths = fit([Want(*w) for w in wants], space, grow=grow, order=order)
    assert widths == expected
    if widths is not None:
        assert sum(widths) == space
        assert all(w >= want[2] for w, want in zip(widths, wants, strict=True))


@pytest.mark.parametrize(
    "texts, cap, expected",
    [
        (["Aisha Ramaswamy", "Daniel Okafor"], 20, Want(15, 9, 9)),  # whole name fits the cap
        (["Harbour police Det. Sgt.; a spokeswoman for the force"], 16, Want(16, 11, 11)),
        (["Commissioner"], 8, Want(12, 12, 12)),  # a word wider than the cap: the word
        ([""], 10, Want(0, 0, 0)),
        (["東京都知事 小池"], 20, Want(15, 10, 10)),  # wide characters count two cells
    ],
)
def test_want_keeps_words_whole(texts, cap, expected):
    assert Want.of(texts, cap=cap) == expected
    assert longest_word(texts) == expected.least


# --- the table of the example -------------------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize("width", WIDTHS)
def test_no_speaker_or_title_word_is_cut(example, width):
    rendered = table(example, width)
    assert all(len(line) <= width for line in rendered.splitlines())
    cells = columns(rendered)
    who = [c for h in cells if h.startswith(("Speaker", "Title")) for c in cells[h]]
    shown = {w for cell in who for w in cell.split()}
    allowed = who_words(example)
    assert shown <= allowed, f"cut words at {width}: {sorted(shown - allowed)}"
    # and every name is there, whole
    for q in example.quotes:
        assert q.speaker is not None
        assert set((q.speaker.name or q.speaker.text).split()) <= shown


@pytest.mark.model
def test_five_columns_when_wide_and_two_shared_when_narrow(example):
    assert list(columns(table(example, 120))) == ["Speaker", "Title", "Cue", "Kind", "Quote"]
    assert list(columns(table(example, 80))) == ["Speaker, title", "Cue, kind", "Quote"]


@pytest.mark.model
def test_the_cue_gives_way_after_the_quote(example):
    at_80, at_60 = columns(table(example, 80)), columns(table(example, 60))
    assert "According to" in at_80["Cue, kind"]  # at 80 the quote had room to give
    assert "According" in at_60["Cue, kind"] and "to" in at_60["Cue, kind"]  # at 60, wrapped


@pytest.mark.model
@pytest.mark.parametrize("width", WIDTHS)
def test_interrupted_quotes_show_their_words_without_the_attribution(example, width):
    [okafor] = [q for q in example.quotes if q.text.startswith("“This bridge")]
    assert okafor.parts is not None and "he said" in okafor.text
    quote_column = next(h for h in columns(table(example, width)) if h == "Quote")
    shown = " ".join(columns(table(example, width))[quote_column])
    assert "“This bridge carries 90,000 vehicles a day,” … “We can’t run" in " ".join(shown.split())
    assert "he said" not in shown


def test_a_word_wider_than_any_column_is_shown_whole():
    name = "Wolfeschlegelsteinhausenbergerdorffvoralternwarengewissenhaftschaferswessen"
    text = f"“We are ready,” said {name}."
    speaker = Speaker(name, text.index(name), len(text) - 1, name, None, "person")
    q = Quote(text[:15], 0, 15, "direct", "direct:ccomp", None, None, speaker)
    rendered = table(Result("long.txt", text, (q,)), 60)
    assert all(len(line) <= 60 for line in rendered.splitlines())
    assert "…" not in rendered
    assert name in "".join(columns(rendered)["Speaker, title"])  # folded over lines, whole


# --- the words of an interrupted quote: table and HTML; text kept in JSON, JSONL and CSV -------

TEXT = "“We are ready,” she said. “We leave at dawn.”"
PARTS = (Part("“We are ready,”", 0, 15), Part("“We leave at dawn.”", 26, 45))
INTERRUPTED = Quote(
    TEXT, 0, 45, "direct", "direct:ccomp", PARTS, Cue("said", 20, 24, "say"),
    Speaker("she", 16, 19, "Ana Lima", "Mayor", "person"),
)  # fmt: skip
RESULT = Result("lima.txt", TEXT, (INTERRUPTED,))


@pytest.mark.parametrize(
    "quote, content",
    [
        (INTERRUPTED, "“We are ready,” … “We leave at dawn.”"),
        (Quote("the bridge is safe", 3, 21, "indirect", "indirect:ccomp"), "the bridge is safe"),
    ],
)
def test_content_is_the_pieces_joined(quote, content):
    assert quote.content == content
    assert quote.content == " … ".join(p.text for p in quote.pieces)


def test_table_and_html_show_the_content():
    assert "“We are ready,” … “We leave at dawn.”" in " ".join(table(RESULT, 120).split())
    quote_list = parse_strict(render(RESULT)).find("table", "quotes").find("tbody")
    assert quote_list.find_all("td")[-1].text() == "“We are ready,” … “We leave at dawn.”"


@pytest.mark.parametrize("writer", [JsonWriter, JsonlWriter, CsvWriter])
def test_machine_formats_keep_the_span(writer):
    out = io.StringIO()
    w = writer(out)
    w.write(RESULT)
    w.close()
    data = out.getvalue()
    if writer is CsvWriter:
        [row] = csv.DictReader(io.StringIO(data))
        texts = [row["quote"]]
        starts, ends = [int(row["start"])], [int(row["end"])]
    else:
        records = json.loads(data) if writer is JsonWriter else [json.loads(data)]
        quotes = records[0]["quotes"]
        texts = [q["text"] for q in quotes]
        starts, ends = [q["start"] for q in quotes], [q["end"] for q in quotes]
    assert texts == [TEXT[starts[0] : ends[0]]] == [TEXT]
    assert "she said" in texts[0] and not re.search(" … ", texts[0])
