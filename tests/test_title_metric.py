"""The titles figure of ``quotes evaluate``: every case is a row, every count worked out by hand."""

from __future__ import annotations

import json
import string
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from quotes.cli import evaluate_command
from quotes.evaluation import SpeakerRef, score, write_errors
from quotes.evaluation.titles import has_honorific, title_right, title_words

TEXT = string.ascii_lowercase * 20  # letters only: nothing is trimmed from a piece


def gold_quote(start: int, end: int, title: str | None, **extra: Any) -> dict[str, Any]:
    quote = {"start": start, "end": end, "type": "direct", "speaker_reference": "Dana Whitcombe"}
    quote["title"] = title
    return {**quote, **extra}


def pred_quote(start: int, end: int, title: str | None, **extra: Any) -> dict[str, Any]:
    speaker = {"text": "she", "start": 300, "end": 303, "name": "Dana Whitcombe"}
    speaker |= {"title": title, "kind": "person"}
    return {"text": TEXT[start:end], "start": start, "end": end, "kind": "direct", "rule": "t"} | {
        "parts": None,
        "cue": None,
        "speaker": speaker,
        **extra,
    }


def score_titles(gold: list[dict], pred: list[dict], **kwargs: Any):
    report = score(
        [{"id": "d", "text": TEXT, "quotes": gold}], [{"id": "d", "quotes": pred}], **kwargs
    )
    return report, report.at(0.3).titles


@pytest.mark.parametrize(
    ("title", "words"),
    [
        ("Harbourline chief executive", {"harbourline", "chief", "executive"}),
        (
            "a paediatrician at Royal Children's Hospital",
            {"a", "paediatrician", "at", "royal"} | {"children", "s", "hospital"},
        ),
        (
            "vice-president; Médecins Sans Frontières",
            {"vice", "president", "medecins", "sans"} | {"frontieres"},
        ),
        ("KC, for the prosecution", {"kc", "for", "the", "prosecution"}),
        (None, set()),
    ],
)
def test_title_words(title, words):
    assert title_words(title) == words


@pytest.mark.parametrize(
    ("gold", "predicted", "right"),
    [
        # every gold word of four letters or more, in any case and order
        ("Harbourline chief executive", "Harbourline chief executive", True),
        ("Harbourline chief executive", "chief executive; HARBOURLINE", True),
        ("Harbourline chief executive", "chief executive", False),
        # words of three letters or fewer are not asked for ("of", "the", "for", "MP")
        ("spokesman for the Department of Health", "spokesman, Department Health", True),
        ("Councillor; the council's cabinet member", "Councillor; cabinet member, council", True),
        # more words are no fault; a plural is another word
        ("striker", "veteran striker; captain", True),
        ("tenant", "tenants", False),
        # accents do not matter
        ("Médecin chef", "medecin chef", True),
        # a gold title with no long word asks for some title
        ("MP", "MP", True),
        ("Ald.", None, False),
        ("Ald.", "", False),
        # no gold title: the quote does not count
        (None, "mayor", None),
        ("", "mayor", None),
    ],
)
def test_title_right(gold, predicted, right):
    gold_ref = SpeakerRef(0, 5, "Dana Whitcombe", title=gold)
    pred_ref = SpeakerRef(0, 5, "Dana Whitcombe", title=predicted)
    assert title_right(gold_ref, pred_ref) is right


def test_title_right_without_speakers():
    assert title_right(None, SpeakerRef(0, 1, "x", title="mayor")) is None
    assert title_right(SpeakerRef(0, 1, "x", title="mayor"), None) is False


@pytest.mark.parametrize(
    ("title", "honorific"),
    [
        ("Dame", True),
        ("Northwind chair Dame", True),
        ("Northwind chair; Sir", True),
        ("Dr.", True),
        ("(Mr.)", True),
        ("Northwind chair", False),
        ("Professor of medicine", False),  # a rank, not the courtesy form "Prof."
        ("Lady Justice", True),
        ("chairman of Mrs. Clinton's presidential campaign", False),  # someone else's name
        ("former first lady and U.S. senator", False),  # a noun, not the courtesy form
        (None, False),
        ("", False),
    ],
)
def test_has_honorific(title, honorific):
    assert has_honorific(title) is honorific


# Through score(): gold quotes 0..10, 20..30, …; counts per quote, never per piece.
CASES = [
    # (name, gold quotes, predicted quotes, (gold, right, predicted, honorific))
    (
        "right, wrong and untitled gold",
        [
            gold_quote(0, 10, "chief executive"),
            gold_quote(20, 30, "coach"),
            gold_quote(40, 50, None),
        ],
        [pred_quote(0, 10, "chief executive"), pred_quote(20, 30, None), pred_quote(40, 50, "x")],
        (2, 1, 2, 0),
    ),
    (
        "a missed quote does not count; a false positive's title does",
        [gold_quote(0, 10, "mayor")],
        [pred_quote(100, 110, "Dame")],
        (0, 0, 1, 1),
    ),
    (
        "a quote in two pieces counts once",
        [gold_quote(0, 30, "mayor", fragments=[[0, 10], [20, 30]])],
        [
            pred_quote(
                0,
                30,
                "Mayor",
                parts=[{"text": "", "start": 0, "end": 10}, {"text": "", "start": 20, "end": 30}],
            )
        ],
        (1, 1, 1, 0),
    ),
    (
        "an honorific given as a title",
        [gold_quote(0, 10, "Northwind chair")],
        [pred_quote(0, 10, "Northwind chair Dame")],
        (1, 1, 1, 1),
    ),
    (
        "no predicted speaker",
        [gold_quote(0, 10, "mayor")],
        [pred_quote(0, 10, None, speaker=None)],
        (1, 0, 0, 0),
    ),
]


@pytest.mark.parametrize(
    ("gold", "pred", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_titles_through_score(gold, pred, want):
    _, figures = score_titles(gold, pred)
    assert (figures.gold, figures.right, figures.predicted, figures.honorific) == want


def test_speech_only_leaves_out_quotes_without_a_speech_cue():
    gold = [gold_quote(0, 10, "mayor", speech_cue=False), gold_quote(20, 30, "mayor")]
    pred = [pred_quote(0, 10, None), pred_quote(20, 30, "Mayor")]
    _, plain = score_titles(gold, pred)
    _, speech = score_titles(gold, pred, speech_only=True)
    assert (plain.gold, plain.right) == (2, 1)
    assert (speech.gold, speech.right, speech.accuracy) == (1, 1, 1.0)


def test_titles_in_json_and_errors(tmp_path):
    gold = [gold_quote(0, 10, "chief executive"), gold_quote(20, 30, "coach")]
    pred = [pred_quote(0, 10, "chief executive"), pred_quote(20, 30, "Sir")]
    report, _ = score_titles(gold, pred)
    data = json.loads(json.dumps(report.to_dict()))
    assert data["thresholds"]["0.3"]["titles"] == {
        "gold": 2,
        "right": 1,
        "predicted": 2,
        "honorific": 1,
        "accuracy": 0.5,
    }
    (wrong,) = report.title_errors
    assert (wrong.error, wrong.start, wrong.note) == (
        "wrong_title",
        20,
        "gold title: 'coach'; predicted title: 'Sir'",
    )
    path = tmp_path / "errors.txt"
    write_errors(report, path)
    text = path.read_text(encoding="utf-8")
    assert "1 wrong title" in text.splitlines()[1]
    assert "[wrong_title] direct 20:30" in text


def test_no_titles_no_figure():
    _, figures = score_titles([gold_quote(0, 10, None)], [pred_quote(0, 10, None)])
    assert (figures.gold, figures.accuracy) == (0, None)


def _cli(tmp_path: Path, gold: list[dict], pred: list[dict], *args: str):
    app = typer.Typer()
    app.command()(evaluate_command)
    paths = []
    for name, records in (
        ("gold", [{"id": "d", "text": TEXT, "quotes": gold}]),
        ("pred", [{"id": "d", "quotes": pred}]),
    ):
        path = tmp_path / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        paths.append(str(path))
    return CliRunner().invoke(app, [paths[0], "--predictions", paths[1], *args])


@pytest.mark.parametrize(
    ("gold_title", "shown"),
    [("chief executive", True), (None, False)],
)
def test_table_shows_titles_only_for_gold_that_gives_them(tmp_path, gold_title, shown):
    result = _cli(tmp_path, [gold_quote(0, 10, gold_title)], [pred_quote(0, 10, "chief executive")])
    assert result.exit_code == 0, result.output
    assert ("Titles" in result.stdout) is shown


def test_cli_json_has_the_titles(tmp_path):
    result = _cli(
        tmp_path,
        [gold_quote(0, 10, "coach")],
        [pred_quote(0, 10, "head coach")],
        "--format",
        "json",
    )
    assert json.loads(result.stdout)["thresholds"]["0.8"]["titles"]["right"] == 1
