"""The README's Python examples run and print what they say; examples/ scripts run."""

from __future__ import annotations

import contextlib
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quotes.cli import app

ROOT = Path(__file__).resolve().parents[1]


def _python_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", readme, flags=re.S)


# The pandas example reads quotes.csv: the example article and a quote that continues another
# (no cue of its own, so empty offset cells), as `quotes extract … --format csv` writes them.
CSV_INPUTS = [
    {"id": "harbour_bridge.txt", "text": (ROOT / "examples" / "harbour_bridge.txt").read_text()},
    {"id": "dawn.txt", "text": "“We are ready,” said John Kirby.\n“We leave at dawn.”\n"},
]


@pytest.fixture()
def in_a_directory_with_quotes_csv(tmp_path, monkeypatch):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in CSV_INPUTS), encoding="utf-8")
    args = ["extract", str(corpus), "--format", "csv", "-o", str(tmp_path / "quotes.csv")]
    assert CliRunner().invoke(app, args).exit_code == 0
    monkeypatch.chdir(tmp_path)
    return tmp_path / "quotes.csv"


@pytest.mark.model
def test_readme_python_examples_print_their_comments(in_a_directory_with_quotes_csv):
    blocks = _python_blocks()
    assert len(blocks) >= 2
    for block in blocks:
        expected = [
            line.split("# ", 1)[1].strip()
            for line in block.splitlines()
            if line.startswith("# ") or re.match(r"^print\(.*\)\s+# ", line)
        ]
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, "README.md", "exec"), {})
        printed = [line.strip() for line in out.getvalue().splitlines()]
        assert printed == expected


@pytest.mark.model
def test_csv_offsets_need_int64_in_pandas(in_a_directory_with_quotes_csv):
    """What the README's pandas example is for: an empty offset makes the column floats."""
    pd = pytest.importorskip("pandas")
    plain = pd.read_csv(in_a_directory_with_quotes_csv)
    assert plain["cue_start"].isna().any() and plain["cue_start"].dtype == "float64"
    [block] = [b for b in _python_blocks() if "read_csv" in b]
    names: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(block, "README.md", "exec"), names)
    df = names["df"]
    assert all(str(df[c].dtype) == "Int64" for c in names["offsets"])
    assert df["cue_start"].isna().sum() == plain["cue_start"].isna().sum() > 0
    assert (df["start"] == plain["start"]).all()


def test_quickstart_example_runs():
    proc = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "quickstart.py")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Aisha Ramaswamy (Transport Commissioner) [said, direct]" in proc.stdout
    assert "Lena Brandt" in proc.stdout
    # an interrupted quote's words, not its attribution (“…,” he said. “…”)
    assert "[said, direct]: “This bridge carries 90,000 vehicles a day,” … “We can’t" in proc.stdout
    assert "he said" not in proc.stdout


def test_readme_names_every_rule_and_lexicon_file():
    from quotes.lexicon import FILES
    from quotes.rules.content import CONTENT_RULES
    from quotes.rules.quotation import QUOTATION_RULES
    from quotes.rules.speaker import CUE_RULES, LEVEL_RULES
    from quotes.shapes import SHAPES_FILE

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tables = (CUE_RULES, LEVEL_RULES, CONTENT_RULES, QUOTATION_RULES)
    names = [name for table in tables for name in table.names()]
    assert names and all(f"`{name}`" in readme for name in names), [
        n for n in names if f"`{n}`" not in readme
    ]
    assert all(f"`{f}`" in readme for f in (*FILES, SHAPES_FILE))
