"""Tests for quotes.evaluation: every expected figure is worked out by hand in the test."""

from __future__ import annotations

import json
import os
import string
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from quotes.cli import evaluate_command
from quotes.evaluation import (
    EvalInputError,
    Piece,
    SpeakerRef,
    gold_pieces,
    match,
    name_tokens,
    pred_pieces,
    same_person,
    score,
    speaker_right,
    trim,
    write_errors,
)
from quotes.types import Quote, Result, Speaker

# A text of letters only: nothing in it is trimmed, so piece lengths are plain end - start.
TEXT = string.ascii_lowercase * 20  # 520 characters


# ------------------------------------------------------------------------------------------
# Helpers building gold and prediction records
# ------------------------------------------------------------------------------------------


def gq(
    start: int,
    end: int,
    *,
    type: str = "direct",
    fragments: list[list[int]] | None = None,
    speaker: tuple[int, int] | None = None,
    ref: str | None = None,
    speech: bool | None = None,
) -> dict[str, Any]:
    """A gold quote."""
    quote: dict[str, Any] = {
        "start": start,
        "end": end,
        "type": type,
        "fragments": fragments,
        "speaker_start": speaker[0] if speaker else None,
        "speaker_end": speaker[1] if speaker else None,
    }
    if ref is not None:
        quote["speaker_reference"] = ref
    if speech is not None:
        quote["speech_cue"] = speech
    return quote


def spk(
    start: int | None = None, end: int | None = None, *, name: str | None = None, text=None
) -> dict[str, Any]:
    """A predicted speaker."""
    return {"text": text, "start": start, "end": end, "name": name, "title": None, "kind": "person"}


def pq(
    start: int,
    end: int,
    *,
    kind: str = "direct",
    parts: list[tuple[int, int]] | None = None,
    speaker: dict[str, Any] | None = None,
    text: str = TEXT,
) -> dict[str, Any]:
    """A predicted quote in the contract's format."""
    return {
        "text": text[start:end],
        "start": start,
        "end": end,
        "kind": kind,
        "rule": "test",
        "parts": [{"text": text[a:b], "start": a, "end": b} for a, b in parts] if parts else None,
        "cue": None,
        "speaker": speaker,
    }


def score_one(gold_quotes, pred_quotes, *, text: str = TEXT, **kwargs):
    """Score a single document."""
    gold = [{"id": "d", "text": text, "quotes": gold_quotes}]
    pred = [{"id": "d", "quotes": pred_quotes}]
    return score(gold, pred, **kwargs)


def piece(start: int, end: int) -> Piece:
    return Piece(start, end, quote=0, kind="direct", speaker=None)


def counts(report, threshold: float = 0.3) -> tuple[int, int, int, int, int]:
    c = report.at(threshold).counts
    return c.gold, c.predicted, c.tp, c.fp, c.fn


# ------------------------------------------------------------------------------------------
# Trimming
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("  “Hello, world!”  ", "Hello, world"),  # curly marks, "!" and spaces
        ("(—«Oui»…)", "Oui"),  # brackets, dash, guillemets, ellipsis
        ("\n'Yes,' \t", "Yes"),  # straight single quotes, comma, tab, newline
        ("„Ja‹ - ", "Ja"),  # low-9 quote, single guillemet, hyphen
        ("a, b", "a, b"),  # inner punctuation stays
    ],
)
def test_trim_drops_marks_punctuation_and_whitespace_at_both_ends(text, kept):
    start, end = trim(text, 0, len(text))
    assert text[start:end] == kept


def test_trim_stays_inside_the_given_range():
    text = "x“ab”x"
    # Only positions 1..5 (“ab”) are looked at: the x's outside are never reached.
    assert trim(text, 1, 5) == (2, 4)


def test_trim_to_nothing_and_such_pieces_are_dropped():
    text = "He said “ … ” and “fine”."
    start, end = trim(text, 8, 13)  # “ … ”
    assert start == end
    record = {"id": "d", "text": text, "quotes": [gq(8, 13), gq(18, 24)]}
    pieces = gold_pieces(record)
    # The first quote trims to empty and is dropped; “fine” becomes fine.
    assert [(p.start, p.end) for p in pieces] == [(19, 23)]
    assert text[19:23] == "fine"


def test_trimming_applies_before_overlap():
    text = "“abcdefgh” said she"
    # Gold 0..10 is “abcdefgh”, trimmed to 1..9 (8 letters); the prediction 0..4 is “abc,
    # trimmed to 1..4. Overlap 3/8 = 0.375.
    # Untrimmed the ratio would be 4/10 = 0.4; with only the prediction trimmed, 3/10 = 0.3.
    # So it matches at T = 0.37 (rules out 0.3) and not at T = 0.38 (rules out 0.4).
    report = score_one([gq(0, 10)], [pq(0, 4, text=text)], text=text, thresholds=(0.37, 0.38))
    assert counts(report, 0.37)[2] == 1
    assert counts(report, 0.38)[2] == 0


def test_a_prediction_of_marks_only_is_not_counted():
    text = "“abcdefgh” said she"
    # The prediction 0..1 is just “ and trims to nothing: 0 predicted pieces, so no FP.
    report = score_one([gq(0, 10)], [pq(0, 1, text=text)], text=text)
    assert counts(report) == (1, 0, 0, 0, 1)


# ------------------------------------------------------------------------------------------
# Matching
# ------------------------------------------------------------------------------------------


def test_threshold_is_strict():
    gold = [piece(0, 10)]
    # 3 of 10 gold characters covered: 3/10 = 0.3, not > 0.3.
    assert match(gold, [piece(7, 10)], 0.3) == [None]
    # 4/10 = 0.4 > 0.3.
    assert match(gold, [piece(6, 10)], 0.3) == [0]
    # 8/10 = 0.8 is not > 0.8; 9/10 is.
    assert match(gold, [piece(2, 10)], 0.8) == [None]
    assert match(gold, [piece(1, 10)], 0.8) == [0]


def test_threshold_strictness_through_score():
    # Gold 0..10, prediction 7..20: overlap 3 of gold's 10 = 0.3 → no match at 0.3:
    # 1 gold, 1 predicted, TP 0, FP 1, FN 1.
    report = score_one([gq(0, 10)], [pq(7, 20)])
    assert counts(report, 0.3) == (1, 1, 0, 1, 1)
    # Gold 0..20 and prediction 4..20: 16/20 = 0.8 → matches at 0.3 but not at 0.8.
    report = score_one([gq(0, 20)], [pq(4, 20)])
    assert counts(report, 0.3) == (1, 1, 1, 0, 0)
    assert counts(report, 0.8) == (1, 1, 0, 1, 1)


def test_ratio_is_over_gold_length():
    gold = [piece(0, 10)]
    # A long prediction covering all of gold: 10/10 = 1.0, whatever its own length.
    assert match(gold, [piece(0, 100)], 0.8) == [0]
    # A prediction entirely inside gold but covering 2 of its 10 characters: 0.2.
    assert match(gold, [piece(4, 6)], 0.3) == [None]


def test_tie_goes_to_earliest_in_prediction_order():
    gold = [piece(0, 10)]
    # Both cover 5/10 = 0.5; the first listed wins even though it is later in the text.
    assert match(gold, [piece(5, 10), piece(0, 5)], 0.3) == [0]
    assert match(gold, [piece(0, 5), piece(5, 10)], 0.3) == [0]
    # A larger overlap beats the order: 6/10 for the second.
    assert match(gold, [piece(5, 10), piece(0, 6)], 0.3) == [1]


def test_matching_is_greedy_not_optimal():
    # Gold A 0..10 and B 8..18; P0 2..12 and P1 0..4.
    # A: P0 covers 8/10, P1 covers 4/10 → A takes P0 (largest).
    # B: P0 is taken; P1 covers 0 → B unmatched, although A-P1 / B-P0 would match both.
    assert match([piece(0, 10), piece(8, 18)], [piece(2, 12), piece(0, 4)], 0.3) == [0, None]


def test_matching_is_one_to_one():
    # One prediction 0..20 covers both gold pieces fully; only the first gets it.
    assert match([piece(0, 10), piece(10, 20)], [piece(0, 20)], 0.3) == [0, None]
    report = score_one([gq(0, 10), gq(10, 20)], [pq(0, 20)])
    # gold 2, predicted 1, TP 1, FP 0, FN 1
    assert counts(report) == (2, 1, 1, 0, 1)


def test_gold_pieces_are_taken_in_document_order():
    # Gold listed B (8..18) before A (0..10); one prediction 4..14 covers 6/10 of each.
    # In document order A goes first and takes it, so the miss is B at 8..18.
    report = score_one([gq(8, 18), gq(0, 10)], [pq(4, 14)])
    misses = [(e.start, e.end) for e in report.errors if e.error == "miss"]
    assert misses == [(8, 18)]


@given(
    gold=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=8),
    pred=st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20)), max_size=8),
    threshold=st.sampled_from([0.0, 0.3, 0.5, 0.8]),
)
def test_match_properties(gold, pred, threshold):
    gold_p = [piece(s, s + n) for s, n in gold]
    pred_p = [piece(s, s + n) for s, n in pred]
    result = match(gold_p, pred_p, threshold)
    taken = [j for j in result if j is not None]
    assert len(taken) == len(set(taken))  # one-to-one

    def ratio(g: Piece, p: Piece) -> float:
        return max(0, min(g.end, p.end) - max(g.start, p.start)) / (g.end - g.start)

    for g, j in zip(gold_p, result, strict=True):
        if j is not None:
            assert ratio(g, pred_p[j]) > threshold
        else:
            # Predictions still free at the end were free at this piece's turn too.
            free = [p for k, p in enumerate(pred_p) if k not in taken]
            assert all(ratio(g, p) <= threshold for p in free)


# ------------------------------------------------------------------------------------------
# Pieces: fragments and parts
# ------------------------------------------------------------------------------------------


def test_gold_fragments_are_pieces():
    # Gold fragments 0..10 and 20..30; one prediction 0..30 without parts.
    # Fragment 1 takes the prediction (10/10); fragment 2 has nothing left: TP 1, FN 1, FP 0.
    report = score_one([gq(0, 30, fragments=[[0, 10], [20, 30]])], [pq(0, 30)])
    assert counts(report) == (2, 1, 1, 0, 1)


def test_predicted_parts_are_pieces():
    # Fragments against parts, both 0..10 and 20..30: two pieces each, both match.
    report = score_one(
        [gq(0, 30, fragments=[[0, 10], [20, 30]])], [pq(0, 30, parts=[(0, 10), (20, 30)])]
    )
    assert counts(report, 0.8) == (2, 2, 2, 0, 0)


def test_parts_against_unfragmented_gold():
    # Gold 0..30 in one piece; prediction parts 0..10 and 20..30.
    # T=0.3: gold takes part 1 (10/30 = 0.333 > 0.3; part 2 ties at 10/30 and comes later);
    #        part 2 is a FP → gold 1, predicted 2, TP 1, FP 1, FN 0.
    # T=0.8: 10/30 is not > 0.8 → TP 0, FP 2, FN 1.
    report = score_one([gq(0, 30)], [pq(0, 30, parts=[(0, 10), (20, 30)])])
    assert counts(report, 0.3) == (1, 2, 1, 1, 0)
    assert counts(report, 0.8) == (1, 2, 0, 2, 1)


def test_empty_fragments_and_parts_mean_one_piece():
    gold = {"id": "d", "text": TEXT, "quotes": [gq(0, 30, fragments=[])]}
    pred = {"id": "d", "quotes": [{**pq(0, 30), "parts": []}]}
    assert [(p.start, p.end) for p in gold_pieces(gold)] == [(0, 30)]
    assert [(p.start, p.end) for p in pred_pieces(pred, TEXT)] == [(0, 30)]


def test_pieces_carry_their_quotes_speaker_and_kind():
    gold = {
        "id": "d",
        "text": TEXT,
        "quotes": [gq(0, 30, type="mixed", fragments=[[0, 10], [20, 30]], ref="John Kirby")],
    }
    pieces = gold_pieces(gold)
    assert [p.kind for p in pieces] == ["mixed", "mixed"]
    assert [p.speaker.name for p in pieces] == ["John Kirby", "John Kirby"]


def test_out_of_range_offsets_are_rejected():
    with pytest.raises(EvalInputError, match="outside the text"):
        score_one([gq(0, 10)], [pq(0, 10), {**pq(0, 10), "end": 9999}])


# ------------------------------------------------------------------------------------------
# Speech-only
# ------------------------------------------------------------------------------------------


def test_speech_only_neutrality():
    # Gold: S 0..10 (speech), N1 20..30 (no speech cue), N2 40..50 (no speech cue).
    # Predictions: 0..10 (→ S), 20..30 (→ N1), 60..70 (nothing).
    gold = [gq(0, 10), gq(20, 30, speech=False), gq(40, 50, speech=False)]
    pred = [pq(0, 10), pq(20, 30), pq(60, 70)]

    # All counted: gold 3, predicted 3, TP 2 (S, N1), FP 1 (60..70), FN 1 (N2).
    everything = score_one(gold, pred)
    assert counts(everything) == (3, 3, 2, 1, 1)

    # Speech-only: gold counted 1 (S), TP 1; N1 absorbs 20..30 (not a FP, not a TP);
    # N2 is not a FN; 60..70 is still a FP → TP 1, FP 1, FN 0.
    speech = score_one(gold, pred, speech_only=True)
    assert counts(speech) == (1, 3, 1, 1, 0)
    c = speech.at(0.3).counts
    assert (c.absorbed, c.excluded) == (1, 2)
    # P = 1/(1+1) = 0.5, R = 1/(1+0) = 1, F1 = 2·0.5·1/1.5 = 2/3.
    quotes = speech.at(0.3).quotes
    assert quotes.precision == pytest.approx(0.5)
    assert quotes.recall == pytest.approx(1.0)
    assert quotes.f1 == pytest.approx(2 / 3)
    # Errors: only the FP — N2 is not a miss, 20..30 is not a FP.
    assert [(e.error, e.start) for e in speech.errors] == [("false_positive", 60)]


def test_missing_speech_cue_means_speech():
    # No speech_cue field: counted under --speech-only.
    report = score_one([gq(0, 10)], [], speech_only=True)
    assert counts(report) == (1, 0, 0, 0, 1)


# ------------------------------------------------------------------------------------------
# Speakers
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "predicted", "same"),
    [
        ("Kirby", "John Kirby", True),  # {kirby} ⊂ {john, kirby}, kirby in prediction
        ("John Kirby", "Kirby", True),  # {kirby} ⊂ {john, kirby}, kirby in prediction
        ("Pentagon Press Secretary John Kirby", "John Kirby", True),
        ("John Kirby", "Pentagon Press Secretary John Kirby", True),
        ("Erik Karlsson", "Melker Karlsson", False),  # neither set contains the other
        ("John Kirby", "John", False),  # subset, but the reference's last token is missing
        ("José Álvarez", "Jose Alvarez", True),  # accents dropped
        ("Kirby's", "John Kirby", True),  # possessive dropped
        ("Kirby", "John Kirby’s", True),  # curly possessive too
        ("Mr. Kirby", "John Kirby", True),  # honorific dropped
        ("Dr. Jane Smith Jr.", "Prof Jane Smith", True),
        ("Sir Keir Starmer", "Lady Starmer", True),  # {starmer} ⊂ {keir, starmer}
        ("the Pentagon", "Pentagon", True),
        ("officials", "officials", True),
        ("Saeed Khatibzadeh", "he", False),
        ("John Kirby", None, False),
        ("John Kirby", "", False),
        ("習近平", "習近平", True),  # no Latin tokens: whole strings compared
        ("習近平", "李强", False),
    ],
)
def test_same_person(reference, predicted, same):
    assert same_person(reference, predicted) is same


@pytest.mark.parametrize(
    ("name", "tokens"),
    [
        ("Dr. José Álvarez's", ["jose", "alvarez"]),
        ("Mrs O’Brien", ["o", "brien"]),
        ("Ms. SMITH-Jones Jr.", ["smith", "jones"]),
        ("Rev. Dr. Martin Luther King", ["martin", "luther", "king"]),
        ("Charles’s", ["charles"]),
        (None, []),
    ],
)
def test_name_tokens(name, tokens):
    assert name_tokens(name) == tokens


def test_speaker_right_rules():
    kirby = SpeakerRef(50, 60, "John Kirby", "Kirby")
    span_only = SpeakerRef(50, 60, None, "she")
    # Reference: the name decides.
    assert speaker_right(kirby, SpeakerRef(None, None, "Kirby"))
    assert not speaker_right(kirby, None)
    # ... even against a predicted span identical to the gold span.
    assert not speaker_right(kirby, SpeakerRef(50, 60, "Jessica McNulty"))
    # Span only: at least one character in common.
    assert speaker_right(span_only, SpeakerRef(59, 70, "x"))  # overlap 59..60 = 1 char
    assert not speaker_right(span_only, SpeakerRef(60, 70, "x"))  # touching: 0 chars
    assert not speaker_right(span_only, SpeakerRef(None, None, "she"))  # no span to compare
    assert not speaker_right(span_only, None)
    # No gold speaker: right only without a predicted speaker.
    assert speaker_right(None, None)
    assert not speaker_right(None, SpeakerRef(0, 2, "he"))


def test_speakers_through_score():
    # Six gold quotes, all matched exactly by predictions 0..10, 20..30, … :
    gold = [
        gq(0, 10, ref="John Kirby"),  # pred name "Kirby" → right
        gq(20, 30, ref="John Kirby"),  # pred name null, text "Kirby" → falls back → right
        gq(40, 50, ref="John Kirby"),  # no predicted speaker → wrong
        gq(60, 70, speaker=(100, 105)),  # pred span 104..110 overlaps by 1 → right
        gq(80, 90, speaker=(100, 105)),  # pred span 105..110 touches only → wrong
        gq(120, 130),  # no gold speaker, no predicted speaker → right
        gq(140, 150),  # no gold speaker, a predicted one → wrong
    ]
    pred = [
        pq(0, 10, speaker=spk(200, 205, name="Kirby", text="Kirby")),
        pq(20, 30, speaker=spk(200, 205, name=None, text="Kirby")),
        pq(40, 50, speaker=None),
        pq(60, 70, speaker=spk(104, 110, name="he", text="he")),
        pq(80, 90, speaker=spk(105, 110, name="he", text="he")),
        pq(120, 130),
        pq(140, 150, speaker=spk(300, 302, name="he", text="he")),
    ]
    report = score_one(gold, pred)
    t = report.at(0.3)
    # TP 7, right 4 (quotes 1, 2, 4, 6) → speaker accuracy 4/7.
    assert (t.counts.tp, t.counts.speaker_right) == (7, 4)
    assert t.speaker_accuracy == pytest.approx(4 / 7)
    wrong = sorted(e.start for e in report.errors if e.error == "wrong_speaker")
    assert wrong == [40, 80, 140]


# ------------------------------------------------------------------------------------------
# End-to-end and by kind
# ------------------------------------------------------------------------------------------

# Two documents, micro-averaged:
#   d1: gold 0..10 (speaker span 100..105), predicted with speaker 100..105 → TP, right;
#       predictions 200..210 and 300..310 match nothing → 2 FP.
#   d2: gold 0..10 "John Kirby" ← predicted "Kirby" → TP, right;
#       gold 20..30 "Erik Karlsson" ← predicted "Melker Karlsson" → TP, wrong speaker;
#       gold 40..50 not predicted → FN.
# Totals: gold 4, predicted 5, TP 3, FP 2, FN 1, correct (right speaker) 2.
E2E_GOLD = [
    {"id": "d1", "text": TEXT, "quotes": [gq(0, 10, speaker=(100, 105))]},
    {
        "id": "d2",
        "text": TEXT,
        "quotes": [
            gq(0, 10, ref="John Kirby"),
            gq(20, 30, ref="Erik Karlsson"),
            gq(40, 50, ref="Erik Karlsson"),
        ],
    },
]
E2E_PRED = [
    {
        "id": "d1",
        "quotes": [pq(0, 10, speaker=spk(100, 105, name="x")), pq(200, 210), pq(300, 310)],
    },
    {
        "id": "d2",
        "quotes": [
            pq(0, 10, speaker=spk(None, None, name="Kirby")),
            pq(20, 30, speaker=spk(None, None, name="Melker Karlsson")),
        ],
    },
]


def test_end_to_end_micro_averaged():
    report = score(E2E_GOLD, E2E_PRED)
    for threshold in (0.3, 0.8):  # every match is exact, so both thresholds agree
        t = report.at(threshold)
        assert counts(report, threshold) == (4, 5, 3, 2, 1)
        # Quotes: P = 3/5 = 0.6, R = 3/4 = 0.75, F1 = 2·0.6·0.75/1.35 = 2/3.
        assert t.quotes.precision == pytest.approx(0.6)
        assert t.quotes.recall == pytest.approx(0.75)
        assert t.quotes.f1 == pytest.approx(2 / 3)
        # End-to-end: P = 2/5 = 0.4, R = 2/4 = 0.5, F1 = 2·0.4·0.5/0.9 = 4/9.
        assert t.end_to_end.precision == pytest.approx(0.4)
        assert t.end_to_end.recall == pytest.approx(0.5)
        assert t.end_to_end.f1 == pytest.approx(4 / 9)
        # Speaker accuracy = 2/3.
        assert t.speaker_accuracy == pytest.approx(2 / 3)
    # (Macro-averaging would give quotes P = (1/3 + 2/2)/2 = 2/3, not 0.6.)


def test_by_kind():
    # Gold:  D1 direct 0..10   ← pred direct 0..10, right speaker
    #        M1 mixed 20..30   ← pred indirect 20..30, wrong speaker
    #        I1 indirect 40..50, not predicted
    #        I2 indirect 60..70 ← pred indirect 60..70, right speaker
    #        N  indirect 80..90, no speech cue ← pred mixed 80..90
    # Plus a FP: pred direct 200..210.
    gold = [
        gq(0, 10, type="direct", ref="Ann Lee"),
        gq(20, 30, type="mixed", ref="Ann Lee"),
        gq(40, 50, type="indirect", ref="Ann Lee"),
        gq(60, 70, type="indirect", ref="Ann Lee"),
        gq(80, 90, type="indirect", ref="Ann Lee", speech=False),
    ]
    lee, bob = spk(name="Lee"), spk(name="Bob Jones")
    pred = [
        pq(0, 10, kind="direct", speaker=lee),
        pq(20, 30, kind="indirect", speaker=bob),
        pq(60, 70, kind="indirect", speaker=lee),
        pq(80, 90, kind="mixed", speaker=lee),
        pq(200, 210, kind="direct", speaker=lee),
    ]

    # Speech-only: N is out; its prediction (mixed) is absorbed.
    kinds = score_one(gold, pred, speech_only=True).at(0.3).by_kind
    # Recall by gold type: direct 1/1 (e2e 1/1); mixed 1/1 (e2e 0/1); indirect 1/2 (e2e 1/2).
    assert (kinds["direct"].gold, kinds["direct"].recall) == (1, 1.0)
    assert kinds["direct"].end_to_end_recall == 1.0
    assert (kinds["mixed"].gold, kinds["mixed"].recall) == (1, 1.0)
    assert kinds["mixed"].end_to_end_recall == 0.0
    assert (kinds["indirect"].gold, kinds["indirect"].recall) == (2, 0.5)
    assert kinds["indirect"].end_to_end_recall == 0.5
    # Precision by predicted kind: direct TP 1 + FP 1 → 1/2 (e2e 1/2);
    # indirect TP 2 (M1, I2), FP 0 → 2/2 (e2e 1/2: M1's speaker is wrong);
    # mixed: its only prediction is absorbed → nothing to measure.
    assert (kinds["direct"].predicted, kinds["direct"].precision) == (2, 0.5)
    assert kinds["direct"].end_to_end_precision == 0.5
    assert (kinds["indirect"].predicted, kinds["indirect"].precision) == (2, 1.0)
    assert kinds["indirect"].end_to_end_precision == 0.5
    assert kinds["mixed"].predicted == 0
    assert kinds["mixed"].precision is None

    # Counting everything: N joins indirect gold (3, recall 2/3) and mixed predictions
    # (TP 1 → precision 1/1).
    kinds = score_one(gold, pred).at(0.3).by_kind
    assert (kinds["indirect"].gold, kinds["indirect"].recall) == (3, pytest.approx(2 / 3))
    assert (kinds["mixed"].predicted, kinds["mixed"].precision) == (1, 1.0)


# ------------------------------------------------------------------------------------------
# Report, warnings and errors
# ------------------------------------------------------------------------------------------


def test_missing_prediction_record_warns_once_and_scores_no_quotes():
    gold = [
        {"id": "a", "text": TEXT, "quotes": [gq(0, 10)]},
        {"id": "b", "text": TEXT, "quotes": [gq(0, 10)]},
        {"id": "c", "text": TEXT, "quotes": [gq(0, 10)]},
    ]
    report = score(gold, [{"id": "a", "quotes": [pq(0, 10)]}, {"id": "zz", "quotes": []}])
    # gold 3, predicted 1, TP 1 (a), FP 0, FN 2 (b, c)
    assert counts(report) == (3, 1, 1, 0, 2)
    missing = [w for w in report.warnings if "no prediction record" in w]
    assert len(missing) == 1 and "b, c" in missing[0]
    assert any("zz" in w and "no gold" in w for w in report.warnings)


def test_prediction_text_that_differs_warns():
    gold = [{"id": "a", "text": TEXT, "quotes": []}]
    report = score(gold, [{"id": "a", "text": TEXT.upper(), "quotes": []}])
    assert any("differs from the gold" in w for w in report.warnings)
    # The same text: no warning.
    assert score(gold, [{"id": "a", "text": TEXT, "quotes": []}]).warnings == []


def test_duplicate_gold_ids_are_rejected():
    gold = [{"id": "a", "text": "x", "quotes": []}] * 2
    with pytest.raises(EvalInputError, match="twice"):
        score(gold, [])


def test_errors_carry_context_and_speakers():
    text = "A" * 200 + " “ said Kirby: the words” " + "B" * 200
    start = text.index("the words")
    end = start + len("the words")
    report = score_one([gq(start - 2, end + 1, ref="John Kirby")], [], text=text)
    (error,) = report.errors
    assert (error.error, error.threshold, error.text) == ("miss", 0.3, "the words")
    assert error.gold_speaker == "John Kirby"
    # ±150 characters, piece marked, ellipses where the text goes on.
    assert (
        error.context
        == "…" + text[start - 150 : start] + "⟦the words⟧" + text[end : end + 150] + "…"
    )


def test_false_positive_on_a_not_quote_gets_the_gold_note():
    text = "CLICK HERE TO GET THE APP\nShe said “yes”."
    gold = [
        {
            "id": "d",
            "text": text,
            "quotes": [],
            "not_quotes": [{"text": "CLICK HERE", "why": "boilerplate"}],
        }
    ]
    report = score(gold, [{"id": "d", "quotes": [pq(0, 25, text=text)]}])
    (error,) = report.errors
    assert error.error == "false_positive"
    assert "boilerplate" in error.note


def test_to_dict_is_json_and_summarises_errors():
    report = score(E2E_GOLD, E2E_PRED)
    data = json.loads(json.dumps(report.to_dict()))
    assert set(data["thresholds"]) == {"0.3", "0.8"}
    assert data["thresholds"]["0.8"]["end_to_end"]["f1"] == pytest.approx(4 / 9)
    # Errors at T = 0.3: 2 FP, 1 miss, 1 wrong speaker; counted, not listed.
    assert data["errors"] == {"threshold": 0.3, "false_positive": 2, "miss": 1, "wrong_speaker": 1}
    assert len(report.to_dict(include_errors=True)["errors"]["items"]) == 4


def test_write_errors_jsonl(tmp_path):
    report = score(E2E_GOLD, E2E_PRED)
    path = tmp_path / "errors.jsonl"
    write_errors(report, path)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    found = {(r["doc_id"], r["error"], r["start"], r["end"]) for r in rows}
    assert found == {
        ("d1", "false_positive", 200, 210),
        ("d1", "false_positive", 300, 310),
        ("d2", "wrong_speaker", 20, 30),
        ("d2", "miss", 40, 50),
    }
    wrong = next(r for r in rows if r["error"] == "wrong_speaker")
    assert (wrong["gold_speaker"], wrong["predicted_speaker"]) == (
        "Erik Karlsson",
        "Melker Karlsson",
    )


# ------------------------------------------------------------------------------------------
# Command line
# ------------------------------------------------------------------------------------------


def make_app() -> typer.Typer:
    app = typer.Typer()
    app.command()(evaluate_command)
    return app


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def run(*args: str):
    return CliRunner().invoke(make_app(), [str(a) for a in args])


def assert_one_line_failure(result, needle: str) -> None:
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert needle in lines[0]


def test_cli_json_with_predictions(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", E2E_GOLD)
    pred = write_jsonl(tmp_path / "pred.jsonl", E2E_PRED)
    result = run(gold, "--predictions", pred, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] == 2
    # Same figures as test_end_to_end_micro_averaged: quotes F1 2/3, end-to-end F1 4/9.
    assert data["thresholds"]["0.3"]["quotes"]["f1"] == pytest.approx(2 / 3)
    assert data["thresholds"]["0.3"]["end_to_end"]["f1"] == pytest.approx(4 / 9)
    assert data["thresholds"]["0.3"]["counts"]["fp"] == 2


def test_cli_table_and_errors_file(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", E2E_GOLD)
    pred = write_jsonl(tmp_path / "pred.jsonl", E2E_PRED)
    errors = tmp_path / "errors.txt"
    result = run(gold, "--predictions", pred, "--errors", errors)
    assert result.exit_code == 0, result.output
    assert "end-to-end" in result.stdout and "speaker accuracy" in result.stdout
    report = errors.read_text(encoding="utf-8")
    assert "=== d1 (2 errors) ===" in report and "=== d2 (2 errors) ===" in report
    assert report.splitlines()[1] == "# 2 false positives, 1 miss, 1 wrong speaker"
    assert "[false_positive] direct 200:210" in report
    assert "[false_positive] direct 300:310" in report
    assert "[miss] direct 40:50" in report
    assert "[wrong_speaker] direct 20:30" in report
    assert "Melker Karlsson" in report
    assert "⟦" + TEXT[40:50] + "⟧" in report


def test_cli_speech_only_flag(tmp_path):
    gold = write_jsonl(
        tmp_path / "gold.jsonl", [{"id": "d", "text": TEXT, "quotes": [gq(0, 10, speech=False)]}]
    )
    pred = write_jsonl(tmp_path / "pred.jsonl", [{"id": "d", "quotes": [pq(0, 10)]}])
    # Without the flag the quote counts (TP 1); with it, nothing is counted and nothing is a FP.
    plain = json.loads(run(gold, "-p", pred, "--format", "json").stdout)
    speech = json.loads(run(gold, "-p", pred, "--format", "json", "--speech-only").stdout)
    assert plain["thresholds"]["0.3"]["counts"]["tp"] == 1
    assert speech["thresholds"]["0.3"]["counts"] == {
        "gold": 0,
        "predicted": 1,
        "tp": 0,
        "fp": 0,
        "fn": 0,
        "speaker_right": 0,
        "absorbed": 1,
        "excluded": 1,
    }


def test_cli_runs_the_pipeline_without_predictions(tmp_path, monkeypatch):
    gold = write_jsonl(tmp_path / "gold.jsonl", E2E_GOLD)
    calls = []

    def fake_extract_many(records, *, model, phrases=False):
        records = list(records)
        calls.append((records, model))
        for record in records:
            # One exact quote 0..10 per document, speaker "John Kirby".
            speaker = Speaker("Kirby", 0, 0, "John Kirby", None, "person")
            quote = Quote(record["text"][0:10], 0, 10, "direct", "fake", speaker=speaker)
            yield Result(record["id"], record["text"], (quote,))

    monkeypatch.setattr("quotes.evaluation.runner.extract_many", fake_extract_many)
    result = run(gold, "--format", "json", "--model", "my_model")
    assert result.exit_code == 0, result.output
    ((records, model),) = calls
    assert model == "my_model"
    assert records == [{"id": "d1", "text": TEXT}, {"id": "d2", "text": TEXT}]
    data = json.loads(result.stdout)
    # d1: 0..10 matched, speaker span 100..105 vs 0..0 → wrong; d2: 0..10 matched, "John Kirby"
    # right; 20..30 and 40..50 missed. TP 2, FP 0, FN 2, correct 1.
    counts = data["thresholds"]["0.3"]["counts"]
    assert (counts["tp"], counts["fp"], counts["fn"], counts["speaker_right"]) == (2, 0, 2, 1)


def test_cli_pipeline_failure_is_one_line(tmp_path, monkeypatch):
    gold = write_jsonl(tmp_path / "gold.jsonl", E2E_GOLD)

    class ModelError(Exception):
        pass

    def failing(records, *, model, phrases=False):
        raise ModelError(f"can't find model '{model}'\nsecond line of detail")

    monkeypatch.setattr("quotes.evaluation.runner.extract_many", failing)
    result = run(gold, "--model", "no_such_model")
    assert_one_line_failure(result, "no_such_model")
    assert result.exit_code == 2  # nothing could run


def test_cli_checks_gold_before_running_the_pipeline(tmp_path, monkeypatch):
    gold = write_jsonl(
        tmp_path / "gold.jsonl", [{"id": "d", "text": "short", "quotes": [gq(0, 99)]}]
    )
    calls = []
    monkeypatch.setattr(
        "quotes.evaluation.runner.extract_many", lambda *a, **k: calls.append(a) or []
    )
    assert_one_line_failure(run(gold), "gold d quote 0")
    assert calls == []


def test_cli_prediction_field_of_the_wrong_type(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", E2E_GOLD)
    bad = pq(0, 10, speaker=spk(name=["not", "a", "string"]))
    pred = write_jsonl(tmp_path / "pred.jsonl", [{"id": "d2", "quotes": [bad]}])
    assert_one_line_failure(run(gold, "-p", pred), "malformed")


def test_cli_missing_gold_file(tmp_path):
    assert_one_line_failure(run(tmp_path / "nope.jsonl", "-p", tmp_path / "x"), "not found")


def test_cli_gold_is_a_directory(tmp_path):
    assert_one_line_failure(run(tmp_path, "-p", tmp_path / "x"), "directory")


def test_cli_malformed_gold_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(E2E_GOLD[0]) + "\n{not json\n", encoding="utf-8")
    pred = write_jsonl(tmp_path / "pred.jsonl", E2E_PRED)
    assert_one_line_failure(run(gold, "-p", pred), f"{gold}:2")


def test_cli_missing_predictions_file(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", E2E_GOLD)
    assert_one_line_failure(run(gold, "-p", tmp_path / "nope.jsonl"), "predictions file not found")


def test_cli_bad_prediction_offsets(tmp_path):
    gold = write_jsonl(tmp_path / "gold.jsonl", E2E_GOLD)
    pred = write_jsonl(
        tmp_path / "pred.jsonl", [{"id": "d1", "quotes": [pq(0, 10) | {"end": 10**6}]}]
    )
    assert_one_line_failure(run(gold, "-p", pred), "prediction d1 quote 0")


# ------------------------------------------------------------------------------------------
# Real gold, scored against itself
# ------------------------------------------------------------------------------------------


def shared_data() -> Path:
    override = os.environ.get("QUOTES_SHARED_DATA")
    return Path(override) if override else Path(__file__).parents[1] / ".." / "shared" / "data"


def perfect_predictions(record: dict[str, Any]) -> dict[str, Any]:
    """What a perfect system would output for a gold record, in the contract's format."""
    text = record["text"]
    quotes = []
    for q in record["quotes"]:
        speaker = None
        if q.get("speaker_start") is not None or q.get("speaker_reference"):
            start, end = q.get("speaker_start"), q.get("speaker_end")
            mention = text[start:end] if start is not None else None
            speaker = spk(start, end, name=q.get("speaker_reference"), text=mention)
        fragments = q.get("fragments")
        quotes.append(
            pq(q["start"], q["end"], kind=q["type"], parts=fragments, speaker=speaker, text=text)
        )
    return {"id": record["id"], "quotes": quotes}


@pytest.mark.parametrize("name", ["seed_article.gold.jsonl", "polnear_dev.jsonl"])
@pytest.mark.parametrize("speech_only", [False, True])
def test_gold_against_itself_is_perfect(name, speech_only):
    path = shared_data() / name
    if not path.exists():
        pytest.skip(f"../shared/data not present: {path}")
    gold = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    report = score(gold, [perfect_predictions(r) for r in gold], speech_only=speech_only)
    assert report.warnings == []
    assert report.errors == []
    for t in report.thresholds:
        assert t.counts.tp > 0
        assert t.quotes.f1 == 1.0
        assert t.end_to_end.f1 == 1.0
        assert t.speaker_accuracy == 1.0


@pytest.mark.parametrize(
    "n, noun, text",
    [(2, "miss", "2 misses"), (1, "miss", "1 miss"), (0, "wrong speaker", "0 wrong speakers")],
)
def test_errors_file_header_counts_read_right(n, noun, text):
    from quotes.evaluation.render import _plural

    assert _plural(n, noun) == text  # not "misss"
