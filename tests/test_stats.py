"""Who is quoted across a corpus (quotes/stats.py, ``quotes stats``, the HTML report's summary),
``quotes --version``, and the one-line error for an unknown ``--format``."""

from __future__ import annotations

import csv
import importlib.metadata
import io
import json
import re
from pathlib import Path

import pytest
from html_dom import parse_strict
from typer.testing import CliRunner

import quotes
from quotes.cli import app
from quotes.html import render_report, write_site
from quotes.stats import CSV_FIELDS, corpus_stats, totals_line
from quotes.stats_writer import StatsWriter
from quotes.types import Quote, Result, Speaker

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "harbour_bridge.txt"
runner = CliRunner()


def q(kind: str, name: str | None, *, title=None, speaker_kind="person", text="he", none=False):
    """A quote of ``kind`` by ``name`` (offsets do not matter to the counts)."""
    speaker = None if none else Speaker(text, 0, len(text), name, title, speaker_kind)
    return Quote("words", 0, 5, kind, "rule", None, None, speaker)


# Three documents, as data: who says what in each.
DOCS = [
    Result("a", "", (
        q("direct", "John Kirby", title="Pentagon Press Secretary"),
        q("indirect", "John Kirby", title="Pentagon Press Secretary"),
        q("mixed", "the ministry", speaker_kind="organization"),
        q("indirect", None),  # an unresolved "he"
        q("direct", None, none=True),  # no speaker at all
    )),
    Result("b", "", (
        q("direct", "JOHN  KIRBY", title="Pentagon spokesman"),  # the same speaker
        q("indirect", "Ana Lima", title="Mayor"),
        q("indirect", "officials", speaker_kind="group"),
        q("indirect", "they", speaker_kind="group", text="they"),  # a pronoun as written
    )),
    Result("c", "", (), error="boom"),
]  # fmt: skip


def test_counts_by_speaker_kind_and_document():
    stats = corpus_stats(DOCS)
    assert (stats.documents, stats.quotes, stats.errors) == (3, 9, 1)
    assert stats.kinds == {"direct": 3, "mixed": 1, "indirect": 5}
    assert (stats.unattributed, stats.unnamed) == (1, 2)
    rows = [(s.name, s.title, s.kind, s.quotes, s.documents) for s in stats.speakers]
    assert rows == [
        ("John Kirby", "Pentagon Press Secretary", "person", 3, 2),  # the title given most
        ("Ana Lima", "Mayor", "person", 1, 1),
        ("officials", None, "group", 1, 1),
        ("the ministry", None, "organization", 1, 1),
    ]
    assert stats.speakers[0].kinds == {"direct": 2, "mixed": 0, "indirect": 1}
    assert stats.speaker_kinds["person"] == {"speakers": 2, "quotes": 5}
    assert stats.speaker_kinds["organization"] == {"speakers": 1, "quotes": 1}
    assert stats.speaker_kinds["group"] == {"speakers": 1, "quotes": 2}
    assert stats.who_is_quoted() == [
        ("people", 2, 5),
        ("organisations", 1, 1),
        ("groups", 1, 2),
        ("no speaker found", None, 1),
    ]
    assert totals_line(stats) == (
        "3 documents · 9 quotes (3 direct, 1 mixed, 5 indirect) · 1 with no speaker · "
        "2 with an unnamed speaker · rules failed on 1 document"
    )


def test_streaming_equals_all_at_once_and_top_cuts_the_list():
    stats = corpus_stats(iter(DOCS))
    assert stats == corpus_stats(list(DOCS))
    assert [s.name for s in stats.top(2)] == ["John Kirby", "Ana Lima"]
    assert stats.top(0) == stats.top(None) == stats.speakers
    assert len(stats.to_dict(top=1)["speakers"]) == 1


def test_no_documents():
    stats = corpus_stats([])
    assert (stats.documents, stats.quotes, stats.speakers) == (0, 0, ())
    assert totals_line(stats) == "0 documents · 0 quotes"


def _written(fmt: str, top=None) -> str:
    out = io.StringIO()
    writer = StatsWriter(out, fmt, top=top, width=100)
    for doc in DOCS:
        writer.write(doc)
    writer.close()
    return out.getvalue()


def test_json_csv_and_table_say_the_same():
    data = json.loads(_written("json"))
    assert data == corpus_stats(DOCS).to_dict()
    assert [s["name"] for s in data["speakers"]] == ["John Kirby", "Ana Lima", "officials",
                                                     "the ministry"]  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(_written("csv"))))
    assert tuple(rows[0]) == CSV_FIELDS
    assert rows[0] == {"rank": "1", "name": "John Kirby", "title": "Pentagon Press Secretary",
                       "kind": "person", "quotes": "3", "documents": "2", "direct": "2",
                       "mixed": "0", "indirect": "1"}  # fmt: skip
    table = _written("table", top=2)
    assert table.splitlines()[0] == totals_line(corpus_stats(DOCS))
    assert "Speakers: the 2 most quoted of 4" in table
    assert "John Kirby" in table and "Pentagon Press Secretary" in table
    assert "officials" not in table.split("Quotes by kind")[0]  # third: not in the top 2
    assert "organisations" in table and "no speaker found" in table


def test_html_report_and_site_carry_the_same_summary(tmp_path):
    stats = corpus_stats(DOCS)
    for page in (render_report(DOCS), write_site(DOCS, tmp_path / "site").read_text()):
        root = parse_strict(page)
        summary = root.find("section", "summary")
        bars = [g.find_all("text") for g in summary.find("svg", "chart").find_all("g")]
        assert [(t[0].text(), t[1].text()) for t in bars] == [
            (s.name, str(s.quotes)) for s in stats.speakers
        ]
        top = summary.find("table", "top").find("tbody").find_all("tr")
        cells = [c.text() for c in top[0].children if not isinstance(c, str)]
        assert cells == [
            "1", "John Kirby", "Pentagon Press Secretary", "person", "3", "2"
        ]  # fmt: skip
        who = summary.find("table", "who").find("tbody").find_all("tr")
        assert [r.find("th").text() for r in who] == [
            "people", "organisations", "groups", "no speaker found"
        ]  # fmt: skip
        assert root.find("p", "meta").text() == totals_line(stats)


# --- the command ------------------------------------------------------------------------------


@pytest.mark.model
def test_stats_command_on_the_example(tmp_path):
    second = tmp_path / "school.txt"
    second.write_text(
        "“We will rebuild the school before winter,” Mayor Daniel Okafor said.\n", "utf-8"
    )
    result = runner.invoke(app, ["stats", str(EXAMPLE), str(second), "--format", "JSON"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    expected = corpus_stats(quotes.extract_many([EXAMPLE.read_text("utf-8"), second.read_text()]))
    assert data == expected.to_dict()
    assert data["documents"] == 2
    assert data["speakers"][0] == {
        "name": "Daniel Okafor", "title": "Mayor", "kind": "person", "quotes": 5,
        "documents": 2, "kinds": {"direct": 2, "mixed": 1, "indirect": 2},
    }  # fmt: skip
    table = runner.invoke(app, ["stats", str(EXAMPLE), "-o", str(tmp_path / "stats.txt")])
    assert table.exit_code == 0 and table.stdout == ""
    written = (tmp_path / "stats.txt").read_text("utf-8")
    assert written.startswith("1 document · 15 quotes") and "Aisha Ramaswamy" in written


@pytest.mark.model
def test_stats_command_reports_skipped_inputs(tmp_path):
    result = runner.invoke(app, ["stats", str(EXAMPLE), str(tmp_path / "missing.txt"), "-f", "csv"])
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == f"{tmp_path / 'missing.txt'}: skipped: no such file or directory"
    assert len(lines) == 2 and re.match(r"done: 1 document, \d+ quotes, 1 skipped", lines[1])
    assert result.stdout.splitlines()[0] == ",".join(CSV_FIELDS)


def test_version():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"quotes {quotes.__version__}\n"
    assert quotes.__version__ == importlib.metadata.version("quotes")


@pytest.mark.parametrize(
    "command, choices",
    [
        ("extract", "'table', 'json', 'jsonl', 'csv', 'html'"),
        ("stats", "'table', 'json', 'csv'"),
        ("evaluate", "'table', 'json'"),
    ],
)
def test_unknown_format_is_the_usual_one_line_error(command, choices, monkeypatch):
    def load(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(quotes.pipeline, "load", load)
    args = [command, "gold.jsonl" if command == "evaluate" else "-", "--format", "xml"]
    result = runner.invoke(app, args, input="", prog_name="quotes")
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: Invalid value for '--format' / '-f': 'xml' is not one of {choices} "
        f"(see 'quotes {command} --help')\n"
    )
