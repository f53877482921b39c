"""Accuracy guard: quotes and end-to-end F1 on the seed article, a fixed slice of PolNeAR dev
and the development part of the genre set must not fall below the floors recorded in
tests/accuracy_floor.json, with the default settings and with ``phrases=True``.

The floors are raised whenever the rules improve, never lowered to let a change pass. The slice
is the first 20 documents of polnear_dev.jsonl in file order (skipped where ../shared is absent);
the genre set lives in tests/cases/, so its floor is checked everywhere.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import quotes
from quotes.evaluation import score

FLOORS = json.loads((Path(__file__).with_name("accuracy_floor.json")).read_text())
CASES = Path(__file__).parent / "cases"
SETTINGS = ("default", "phrases")


def _figures(gold: list[dict], setting: str, speech_only: bool) -> tuple[float, float]:
    nlp = quotes.get_nlp(phrases=setting == "phrases")
    preds = [r.to_dict() for r in quotes.extract_many(gold, nlp=nlp)]
    report = score(gold, preds, speech_only=speech_only)
    return report.at(0.3).end_to_end.f1, report.at(0.3).quotes.f1


def _check(figures: tuple[float, float], floor: dict) -> None:
    e2e, quotes_f1 = figures
    assert e2e >= floor["end_to_end_f1"], figures
    assert quotes_f1 >= floor["quotes_f1"], figures


@pytest.mark.model
@pytest.mark.parametrize("setting", SETTINGS)
def test_genre_dev_floor(setting):
    lines = (CASES / "genre_dev.jsonl").read_text(encoding="utf-8").split("\n")
    gold = [json.loads(line) for line in lines if line]
    _check(_figures(gold, setting, speech_only=False), FLOORS[setting]["genre_dev"])


@pytest.mark.parametrize("setting", SETTINGS)
def test_seed_article_floor(shared_data, setting):
    gold = [json.loads(line) for line in (shared_data / "seed_article.gold.jsonl").open()]
    _check(_figures(gold, setting, speech_only=False), FLOORS[setting]["seed"])


@pytest.mark.parametrize("setting", SETTINGS)
def test_polnear_dev_slice_floor(shared_data, setting):
    floor = FLOORS[setting]["polnear_dev_slice"]
    lines = (shared_data / "polnear_dev.jsonl").read_text(encoding="utf-8").splitlines()
    gold = [json.loads(line) for line in lines[: floor["documents"]]]
    _check(_figures(gold, setting, speech_only=True), floor)


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("key", ["seed", "polnear_dev_slice", "genre_dev"])
def test_floors_are_meaningful(setting, key):
    # a floor of zero would guard nothing
    floor = FLOORS[setting][key]
    assert floor["end_to_end_f1"] > 0.5 and floor["quotes_f1"] > 0.5
