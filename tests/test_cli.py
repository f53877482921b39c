"""The command line end to end: formats, inputs, and clean failures with exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotes.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "harbour_bridge.txt"
runner = CliRunner()

ARTICLE = (
    "“We will rebuild the school before winter,” Mayor Daniel Okafor said.\n"
    "He said the work would cost $4 million.\n"
)


def invoke(args, input=None):
    return runner.invoke(app, args, input=input, catch_exceptions=False)


@pytest.fixture()
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_table_is_the_default(article):
    result = invoke(["extract", str(article)])
    assert result.exit_code == 0, result.output
    assert "Daniel Okafor" in result.stdout
    assert "Mayor" in result.stdout
    assert "We will rebuild the school" in result.stdout


def test_jsonl_output_follows_the_contract(article):
    result = invoke(["extract", str(article), "--format", "jsonl"])
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["id"] == str(article)
    q0, q1 = record["quotes"]
    assert ARTICLE[q0["start"] : q0["end"]] == q0["text"]
    assert q0["speaker"]["name"] == "Daniel Okafor" and q0["speaker"]["title"] == "Mayor"
    assert q1["speaker"]["text"] == "He" and q1["speaker"]["name"] == "Daniel Okafor"
    assert q1["kind"] == "indirect"


def test_json_and_csv(article):
    out = invoke(["extract", str(article), "-f", "json"]).stdout
    data = json.loads(out)
    assert isinstance(data, list) and len(data[0]["quotes"]) == 2
    out = invoke(["extract", str(article), "-f", "csv"]).stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 2
    assert rows[0]["speaker_name"] == "Daniel Okafor"
    assert int(rows[0]["start"]) == 0


def test_standard_input_is_read_when_no_file_is_given():
    result = invoke(["extract", "-f", "jsonl"], input=ARTICLE)
    record = json.loads(result.stdout)
    assert record["id"] == "-"
    assert len(record["quotes"]) == 2


def test_jsonl_input_one_record_per_valid_line(tmp_path):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "a", "text": ARTICLE, "extra": 1})
        + "\n"
        + "{not json\n"
        + json.dumps({"text": "Officials said it rained."})
        + "\n",
        encoding="utf-8",
    )
    result = invoke(["extract", str(corpus), "-f", "jsonl"])
    assert result.exit_code == 1  # something was skipped
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == ["a", f"{corpus}:3"]
    assert f"{corpus}:2: skipped: invalid JSON" in result.stderr


def test_missing_file_is_reported_and_the_rest_processed(article, tmp_path):
    result = invoke(["extract", str(tmp_path / "nope.txt"), str(article), "-f", "jsonl"])
    assert result.exit_code == 1
    assert "nope.txt: skipped: no such file" in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stdout.splitlines()) == 1


def test_unreadable_file_is_reported(article, tmp_path, monkeypatch):
    bad = tmp_path / "locked.txt"
    bad.write_text("Officials said no.", encoding="utf-8")
    real = Path.open

    def deny(self, *args, **kwargs):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    result = invoke(["extract", str(bad), str(article), "-f", "jsonl"])
    assert result.exit_code == 1
    assert "locked.txt: skipped: permission denied" in result.stderr.lower()
    assert len(result.stdout.splitlines()) == 1


def test_unknown_model_is_one_line_and_exit_2(article):
    result = invoke(["extract", str(article), "--model", "no_such_model"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot load spaCy model")


def test_output_file(article, tmp_path):
    out = tmp_path / "quotes.jsonl"
    result = invoke(["extract", str(article), "-f", "jsonl", "--output", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["quotes"]


@pytest.mark.parametrize("where", ["dir", "under-file"])
def test_unwritable_output_is_one_line_and_exit_2(article, tmp_path, where):
    target = tmp_path if where == "dir" else article / "out.jsonl"
    result = invoke(["extract", str(article), "--output", str(target)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: cannot write output")


def test_installed_command_runs_on_the_example():
    # the real entry point, as a user runs it (README's first command)
    exe = Path(sys.executable).with_name("quotes")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "quotes.cli"]
    proc = subprocess.run(
        cmd + ["extract", str(EXAMPLE), "--format", "jsonl"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout)
    text = EXAMPLE.read_text(encoding="utf-8")
    names = {q["speaker"]["name"] for q in record["quotes"] if q["speaker"]}
    assert {"Aisha Ramaswamy", "Daniel Okafor", "Lena Brandt", "Miriam Castellanos"} <= names
    for q in record["quotes"]:
        assert text[q["start"] : q["end"]] == q["text"]


def test_unknown_model_does_not_wipe_an_existing_output(article, tmp_path):
    out = tmp_path / "results.jsonl"
    out.write_text("earlier results\n", encoding="utf-8")
    result = invoke(["extract", str(article), "-o", str(out), "--model", "no_such_model"])
    assert result.exit_code == 2
    assert out.read_text(encoding="utf-8") == "earlier results\n"
    result = invoke(["extract", str(article), "-o", str(out), "-f", "jsonl"])
    assert result.exit_code == 0
    assert "earlier results" not in out.read_text(encoding="utf-8")
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1


def test_progress_has_a_total_when_the_documents_can_be_counted(tmp_path, article, monkeypatch):
    import quotes.run
    from quotes.readers import count_documents

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "c.jsonl").write_text(
        "".join(json.dumps({"id": k, "text": ARTICLE}) + "\n" for k in "xyz"), encoding="utf-8"
    )
    (folder / "out.jsonl").write_text("{}\n", encoding="utf-8")  # the run's own output
    assert count_documents([folder, article], exclude=[folder / "out.jsonl"]) == 5
    assert count_documents([]) is None and count_documents(["-"]) is None  # standard input
    totals = []
    real = quotes.run._Bar

    class Spy(real):
        def __init__(self, total, tally):
            totals.append(total)
            super().__init__(total, tally)

    monkeypatch.setattr(quotes.run, "_Bar", Spy)
    out = folder / "out.jsonl"
    result = invoke(["extract", str(folder), "--progress", "-f", "jsonl", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert totals == [4]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("done: 4 documents, 8 quotes, 0 skipped, ")
    assert last.endswith(f" s; written to {out}")  # the summary, also with -o
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4
