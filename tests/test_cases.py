"""Rule cases as data: every row of tests/cases/rules.jsonl is one test.

A row is a passage in the gold format (tests/cases/README.md) and lists every quote the
pipeline must find in it, exactly: the quote's span (and pieces), kind, and where given its
rule, cue, speaker mention, resolved name, title and speaker kind. Nothing else may come out
(unless the row says ``"exhaustive": false``), and nothing may touch a ``not_quotes`` span.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers import check_offsets

from quotes.types import Quote

CASES = Path(__file__).parent / "cases"


def _rows(name: str) -> list[dict[str, Any]]:
    path = CASES / name
    if not path.exists():
        return []
    # one record per "\n": str.splitlines would also split at U+2028 and the like
    return [json.loads(line) for line in path.read_text(encoding="utf-8").split("\n") if line]


RULES = _rows("rules.jsonl")


def _describe(q: Quote) -> str:
    spk = q.speaker
    who = f"{spk.name!r} ({spk.text!r}, {spk.kind}, title {spk.title!r})" if spk else "no speaker"
    return f"{q.kind} {q.rule} [{q.start}:{q.end}] {q.text!r} by {who}"


def _pieces(gold: dict[str, Any]) -> list[tuple[int, int]]:
    frags = gold.get("fragments")
    return [tuple(f) for f in frags] if frags else [(gold["start"], gold["end"])]  # type: ignore[misc]


def _check_quote(gold: dict[str, Any], q: Quote) -> list[str]:
    """What differs between a gold quote and the predicted quote at its span."""
    wrong = []
    if [(p.start, p.end) for p in q.pieces] != _pieces(gold):
        wrong.append(f"pieces {[(p.start, p.end) for p in q.pieces]} != {_pieces(gold)}")
    if q.kind != gold["type"]:
        wrong.append(f"kind {q.kind} != {gold['type']}")
    if "rule" in gold and q.rule != gold["rule"]:
        wrong.append(f"rule {q.rule} != {gold['rule']}")
    if "cue_start" in gold:  # a null cue span: the prediction must have no cue
        got_cue = (q.cue.start, q.cue.end) if q.cue else (None, None)
        if got_cue != (gold["cue_start"], gold["cue_end"]):
            wrong.append(f"cue {q.cue} != {gold.get('cue')!r}")
    spk = q.speaker
    if "speaker_start" in gold:
        want = (gold["speaker_start"], gold["speaker_end"])
        got = (spk.start, spk.end) if spk else (None, None)
        if got != want:
            wrong.append(f"speaker span {got} != {want} ({gold.get('speaker')!r})")
    for key, attr in (("speaker_reference", "name"), ("title", "title"), ("speaker_kind", "kind")):
        if key in gold and (getattr(spk, attr) if spk else None) != gold[key]:
            wrong.append(f"{attr} {getattr(spk, attr) if spk else None!r} != {gold[key]!r}")
    return wrong


@pytest.mark.parametrize("row", RULES, ids=[r["id"] for r in RULES])
def test_rule_case(nlp, row):
    text = row["text"]
    settings = row.get("settings") or {}
    if settings:  # e.g. {"phrases": true}: the PolNeAR-style setting
        import quotes

        nlp = quotes.get_nlp(**settings)
    found = list(nlp(text)._.quotes)
    check_offsets(text, found)
    problems: list[str] = []
    matched: set[int] = set()
    for gold in row["quotes"]:
        at = [k for k, q in enumerate(found) if (q.start, q.end) == (gold["start"], gold["end"])]
        if not at:
            problems.append(f"missing: {gold['type']} {gold['quote']!r}")
            continue
        matched.add(at[0])
        problems += [f"{gold['quote']!r}: {w}" for w in _check_quote(gold, found[at[0]])]
    if row.get("exhaustive", True):
        problems += [f"unexpected: {_describe(q)}" for k, q in enumerate(found) if k not in matched]
    for nq in row.get("not_quotes", []):
        problems += [
            f"not a quote ({nq.get('why', '')}): {_describe(q)}"
            for q in found
            if any(p.start < nq["end"] and nq["start"] < p.end for p in q.pieces)
        ]
    assert not problems, "\n".join([row.get("note", ""), *problems, *map(_describe, found)])


def test_rule_cases_have_unique_ids_and_true_offsets():
    ids = [r["id"] for r in RULES]
    assert len(ids) == len(set(ids))
    for row in RULES:
        text = row["text"]
        for q in row["quotes"]:
            assert text[q["start"] : q["end"]] == q["quote"], row["id"]
            for a, b in _pieces(q):
                assert q["start"] <= a < b <= q["end"], row["id"]
            if q.get("speaker_start") is not None:
                assert text[q["speaker_start"] : q["speaker_end"]] == q["speaker"], row["id"]
            if q.get("cue_start") is not None:
                assert text[q["cue_start"] : q["cue_end"]] == q["cue"], row["id"]
        for nq in row.get("not_quotes", []):
            assert text[nq["start"] : nq["end"]] == nq["text"], row["id"]
