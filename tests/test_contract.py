"""`quotes extract --format jsonl` follows the output contract, with every offset true,
on the seed article and on PolNeAR dev (../shared/data, skipped where absent)."""

from __future__ import annotations

import json

from contract import validate_record
from typer.testing import CliRunner

import quotes
from quotes.cli import app


def test_seed_jsonl_validates(shared_data):
    path = shared_data / "seed_article.txt"
    result = CliRunner().invoke(app, ["extract", str(path), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["id"] == str(path)
    validate_record(record, path.read_text(encoding="utf-8"))


def test_polnear_dev_jsonl_validates(shared_data, tmp_path, nlp):
    path = shared_data / "polnear_dev.jsonl"
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    # the CLI on a slice (ids and record order), the API on all of it (the same code path)
    head = tmp_path / "head.jsonl"
    head.write_text("\n".join(json.dumps(g) for g in gold[:8]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(head), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["id"] for r in records] == [g["id"] for g in gold[:8]]
    by_id = {g["id"]: g["text"] for g in gold}
    for record in records:
        validate_record(record, by_id[record["id"]])
    n_quotes = 0
    for result in quotes.extract_many(gold, nlp=nlp):
        validate_record(json.loads(json.dumps(result.to_dict())), by_id[result.id])
        n_quotes += len(result.quotes)
    assert n_quotes > 1000  # PolNeAR dev attributes ~2,000 relations; we find most
