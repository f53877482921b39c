"""Data integrity of the case files (tests/cases/*.jsonl): offsets spell their texts, fields are
valid, and the genre split is the one ``fill_offsets.split_by_genre`` makes. No pipeline runs
here; scoring the cases is ``quotes evaluate``'s job."""

from __future__ import annotations

import importlib.util
from collections import Counter
from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parent / "cases"
CASE_FILES = sorted(CASES.glob("*.jsonl"))
GENRES = (
    "wire",
    "press_release",
    "sports",
    "court",
    "local",
    "transcript",
    "uk",
    "opinion",
    "social",
)
MIN_PER_GENRE = 14


def _load_tool():
    spec = importlib.util.spec_from_file_location("fill_offsets", CASES / "fill_offsets.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tool = _load_tool()


def test_there_are_case_files():
    assert {"genre_dev.jsonl", "genre_heldout.jsonl"} <= {f.name for f in CASE_FILES}


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_case_file_is_valid(path: Path):
    records = tool.read_jsonl(path)
    assert records, f"{path.name} is empty"
    assert tool.validate_records(records) == []


def _genre_records() -> list[dict]:
    return [
        r
        for name in ("genre_dev", "genre_heldout")
        for r in tool.read_jsonl(CASES / f"{name}.jsonl")
    ]


def test_genre_set_covers_every_genre():
    records = _genre_records()
    counts = Counter(r.get("genre") for r in records)
    assert set(counts) == set(GENRES), counts
    assert min(counts.values()) >= MIN_PER_GENRE, counts
    assert len({r["id"] for r in records}) == len(records), "an id is in both parts"


def test_genre_split_is_every_third_record_of_each_genre():
    dev, heldout = tool.split_by_genre(_genre_records())
    assert [r["id"] for r in dev] == [r["id"] for r in tool.read_jsonl(CASES / "genre_dev.jsonl")]
    assert [r["id"] for r in heldout] == [
        r["id"] for r in tool.read_jsonl(CASES / "genre_heldout.jsonl")
    ]


# ------------------------------------------------------------------------------------------
# The tool itself: filling offsets, and the validator catching what it must
# ------------------------------------------------------------------------------------------

TEXT = '"We lost," he said. "We lost badly."\nShe said he was right, and he said so twice.'


def _source(**quote) -> dict:
    base = {"type": "direct", "speaker_reference": "Sam Reyes", "speaker_kind": "person"}
    return {"id": "t-1", "text": TEXT, "quotes": [{**base, **quote}]}


def test_fill_record_finds_fragments_speaker_and_cue():
    record = tool.fill_record(
        _source(fragments=['"We lost,"', '"We lost badly."'], speaker="he", cue="said")
    )
    quote = record["quotes"][0]
    assert quote["fragments"] == [[0, 10], [20, 36]]
    assert (quote["start"], quote["end"]) == (0, 36)
    assert TEXT[quote["speaker_start"] : quote["speaker_end"]] == "he"
    assert (quote["cue_start"], quote["cue_end"]) == (14, 18)


@pytest.mark.parametrize(
    ("quote", "message"),
    [
        ({"quote": "We lost"}, "occurs 2 times"),  # the quote text is ambiguous
        ({"quote": '"We lost,"', "cue": "nope"}, "not found"),
        ({"quote": "was right", "type": "indirect", "speaker": "he"}, "ambiguous"),
        ({"quote": '"We lost,"', "type": "chatty"}, "type"),
        ({"quote": '"We lost,"', "speaker_kind": "robot"}, "speaker_kind"),
        ({"quote": '"We lost,"', "title": "Mr Reyes"}, "honorific"),
    ],
)
def test_fill_record_fails_loudly(quote: dict, message: str):
    with pytest.raises(tool.CaseError, match=message):
        tool.fill_record(_source(**quote))


def test_context_and_occurrence_disambiguate():
    by_context = tool.fill_record(_source(quote="We lost", context="We lost badly"))
    by_occurrence = tool.fill_record(_source(quote="We lost", occurrence=2))
    assert by_context["quotes"][0]["start"] == by_occurrence["quotes"][0]["start"] == 21


def _gold(**changes) -> dict:
    quote = {"quote": '"We lost,"', "start": 0, "end": 10, "type": "direct", "fragments": None}
    quote.update(speaker="he", speaker_start=11, speaker_end=13, cue="said")
    quote.update(cue_start=14, cue_end=18)
    quote.update(changes)
    return {"id": "g-1", "text": TEXT, "quotes": [quote], "not_quotes": []}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, None),
        ({"end": 9}, "quote text"),
        ({"speaker_start": 12}, "speaker"),
        ({"cue_start": 1, "cue_end": 5, "cue": "We l"}, "inside the quote"),
        ({"cue_start": 11, "cue_end": 13, "cue": "he"}, "overlap"),
        ({"fragments": [[0, 10]]}, "fragments"),
        ({"fragments": [[20, 36], [0, 10]], "end": 36}, "fragments"),
        ({"type": "indirect"}, "mixed"),
        ({"required": "no"}, "true or false"),
    ],
)
def test_validate_record(changes: dict, message: str | None):
    problems = tool.validate_record(_gold(**changes))
    if message is None:
        assert problems == []
    else:
        assert any(message in p for p in problems), problems


def test_validator_rejects_a_not_quote_over_a_direct_quote_and_duplicate_ids():
    record = _gold()
    record["not_quotes"] = [{"text": "lost", "start": 4, "end": 8, "why": "test"}]
    assert any("overlaps a quote" in p for p in tool.validate_record(record))
    assert any("twice" in p for p in tool.validate_records([_gold(), _gold()]))
