"""Accuracy guard: end-to-end F1 on the seed article and a fixed slice of PolNeAR dev must not
fall below the floors recorded in tests/accuracy_floor.json.

The floors are raised whenever the rules improve, never lowered to let a change pass. The slice
is the first 20 documents of polnear_dev.jsonl in file order (skipped where ../shared is absent).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import quotes
from quotes.evaluation import score

FLOORS = json.loads((Path(__file__).with_name("accuracy_floor.json")).read_text())


def _e2e(gold: list[dict], nlp, speech_only: bool) -> tuple[float, float]:
    preds = [r.to_dict() for r in quotes.extract_many(gold, nlp=nlp)]
    report = score(gold, preds, speech_only=speech_only)
    return report.at(0.3).end_to_end.f1, report.at(0.3).quotes.f1


def test_seed_article_floor(shared_data, nlp):
    gold = [json.loads(line) for line in (shared_data / "seed_article.gold.jsonl").open()]
    e2e, quotes_f1 = _e2e(gold, nlp, speech_only=False)
    assert e2e >= FLOORS["seed"]["end_to_end_f1"], (e2e, quotes_f1)
    assert quotes_f1 >= FLOORS["seed"]["quotes_f1"], (e2e, quotes_f1)


def test_polnear_dev_slice_floor(shared_data, nlp):
    lines = (shared_data / "polnear_dev.jsonl").read_text(encoding="utf-8").splitlines()
    gold = [json.loads(line) for line in lines[: FLOORS["polnear_dev_slice"]["documents"]]]
    e2e, quotes_f1 = _e2e(gold, nlp, speech_only=True)
    floor = FLOORS["polnear_dev_slice"]
    assert e2e >= floor["end_to_end_f1"], (e2e, quotes_f1)
    assert quotes_f1 >= floor["quotes_f1"], (e2e, quotes_f1)


@pytest.mark.parametrize("key", ["seed", "polnear_dev_slice"])
def test_floors_are_meaningful(key):
    # a floor of zero would guard nothing
    assert FLOORS[key]["end_to_end_f1"] > 0.5 and FLOORS[key]["quotes_f1"] > 0.5
