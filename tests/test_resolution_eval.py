"""Tests for quotes.evaluation.resolution: each rule of EVALUATION.md "Resolution" on hand-made
GUM-like records and GAP rows (every expected figure worked out by hand), then the real dev files.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from quotes.evaluation.resolution import (
    GAP_HEADER,
    Accuracy,
    GapDecision,
    GapRow,
    GumDoc,
    PredictedSpeaker,
    ResolutionInputError,
    SystemMention,
    choose_mention,
    decide_gap,
    detect_kind,
    gap_report,
    judge_gum_mentions,
    judge_gum_speakers,
    load_gap,
    load_gum,
    load_predictions,
    mention_form,
    mention_report,
    name_variants,
    names_match,
    parse_gum_record,
    score_gap,
    score_gum,
    score_gum_mentions,
    score_gum_speakers,
    speaker_head,
    speaker_report,
)
from quotes.evaluation.resolution_render import render_report

# ------------------------------------------------------------------------------------------
# Builders
# ------------------------------------------------------------------------------------------


def at(text: str, part: str, nth: int = 0) -> tuple[int, int]:
    """The span of the ``nth`` occurrence of ``part`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return start, start + len(part)


def gum_record(text: str, entities: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    """A GUM record; each entity lists its mentions as (text, nth occurrence, propn)."""
    out = []
    for k, e in enumerate(entities):
        mentions = []
        for part, nth, propn in e["mentions"]:
            start, end = at(text, part, nth)
            mentions.append({"start": start, "end": end, "text": part, "propn": propn})
        out.append(
            {
                "id": k,
                "type": e.get("type", "person"),
                "name": e.get("name"),
                "name_from": e.get("name_from", "identity" if e.get("name") else None),
                "mentions": mentions,
            }
        )
    return {"id": "doc", "genre": "news", "text": text, "entities": out, **extra}


def gum_doc(text: str, entities: list[dict[str, Any]], **extra: Any) -> GumDoc:
    return parse_gum_record(gum_record(text, entities, **extra))


def sm(text: str, part: str, name: str | None, nth: int = 0) -> SystemMention:
    return SystemMention(*at(text, part, nth), name)


def gap_row(text: str, pronoun: str, a: str, b: str, coref: str = "A", pnth: int = 0) -> GapRow:
    return GapRow(
        "row",
        text,
        pronoun,
        at(text, pronoun, pnth)[0],
        a,
        at(text, a)[0],
        coref == "A",
        b,
        at(text, b)[0],
        coref == "B",
    )


def gap_line(row: GapRow) -> str:
    fields = [row.id, row.text, row.pronoun, str(row.pronoun_offset), row.a, str(row.a_offset)]
    fields += [str(row.a_coref).upper(), row.b, str(row.b_offset), str(row.b_coref).upper()]
    return "\t".join([*fields, "http://en.wikipedia.org/wiki/X"])


# ------------------------------------------------------------------------------------------
# Forms
# ------------------------------------------------------------------------------------------

FORMS_TABLE = [
    # text, propn, form
    ("he", False, "third_person_pronoun"),
    ("His", False, "third_person_pronoun"),
    ("themselves", False, "third_person_pronoun"),
    ("it", False, "third_person_pronoun"),
    ("I", False, "other_pronoun"),
    ("you", False, "other_pronoun"),
    ("who", False, "other_pronoun"),
    ("that", False, "other_pronoun"),  # a pronoun before it is a determiner
    ("his mother", False, "description"),  # "his" as a determiner
    ("The Pentagon", True, "description"),  # determiners whatever their case
    ("every officer", False, "description"),
    ("officials", False, "description"),  # starts lower-case
    ("eBay", True, "description"),  # lower-case first letter wins over propn
    ("John Kirby", True, "name"),
    ("Kirby's", True, "name"),
    ("2009", False, "other"),  # numbers and dates are not scored
    ("Monday", False, "other"),  # capitalised but no proper noun
]


@pytest.mark.parametrize(("text", "propn", "form"), FORMS_TABLE)
def test_mention_form(text: str, propn: bool, form: str) -> None:
    assert mention_form(text, propn) == form


# ------------------------------------------------------------------------------------------
# The overlap choice
# ------------------------------------------------------------------------------------------

# the gold mention is always 10:20; system spans are (start, end, label), in list order
CHOICE_TABLE = [
    ("same start beats a larger overlap", [(5, 20, "wide"), (10, 12, "start")], "start"),
    ("largest overlap", [(5, 15, "five"), (12, 20, "eight")], "eight"),
    ("overlap tie: the shortest", [(8, 15, "long"), (12, 17, "short")], "short"),
    ("overlap and length tie: the earliest", [(15, 20, "late"), (12, 17, "early")], "early"),
    ("same start tie: the shortest", [(10, 30, "long"), (10, 20, "exact")], "exact"),
    ("touching is no overlap", [(0, 10, "before"), (20, 25, "after")], None),
    ("none at all", [], None),
]


@pytest.mark.parametrize(
    ("spans", "expected"), [c[1:] for c in CHOICE_TABLE], ids=[c[0] for c in CHOICE_TABLE]
)
def test_choose_mention(spans: list[tuple[int, int, str]], expected: str | None) -> None:
    chosen = choose_mention([SystemMention(*s) for s in spans], 10, 20)
    assert (chosen.name if chosen else None) == expected


# ------------------------------------------------------------------------------------------
# Names
# ------------------------------------------------------------------------------------------

NAMES_TABLE = [
    # references, predicted, right
    (["John Kirby"], "Kirby", True),
    (["Kirby"], "Pentagon Press Secretary John Kirby", True),
    (["Erik Karlsson"], "Melker Karlsson", False),
    (["John Kirby"], None, False),
    (["John Kirby"], "", False),
    (["John Baird (Canadian politician)"], "John Baird", True),  # parenthetical dropped
    (["Mark Tedeschi, QC"], "Mark Tedeschi", True),  # cut at the first comma
    (["Mark Tedeschi"], "Tedeschi, QC", True),  # the system's name too
    (["Washington, D.C."], "Washington", True),
    (["Creswell Eastman", "Professor Cres Eastman"], "Cres Eastman", True),  # second reference
    (["Creswell Eastman"], "Cres Eastman", False),
]


@pytest.mark.parametrize(("references", "predicted", "right"), NAMES_TABLE)
def test_names_match(references: list[str], predicted: str | None, right: bool) -> None:
    assert names_match(references, predicted) is right


def test_name_variants() -> None:
    assert name_variants("Alfonso (prince), Duke of Anjou (Spain)") == [
        "Alfonso (prince), Duke of Anjou (Spain)",
        "Alfonso, Duke of Anjou",
        "Alfonso (prince)",
        "Alfonso",
    ]


# ------------------------------------------------------------------------------------------
# GUM mentions
# ------------------------------------------------------------------------------------------

KIRBY = (
    "Pentagon Press Secretary John Kirby said he was ready. The spokesman added that Kirby's "
    "team met in 2009. Professor Cres Eastman said the President of Ukraine was there."
)
KIRBY_ENTITIES = [
    {
        "name": "John Kirby",
        "mentions": [
            ("Pentagon Press Secretary John Kirby", 0, True),
            ("he", 0, False),
            ("The spokesman", 0, False),
            ("Kirby's", 0, True),
        ],
    },
    # named, but only from a proper noun that is not its head: not scored
    {"type": "time", "name": "2009", "name_from": "proper_noun", "mentions": [("2009", 0, False)]},
    {"name": "Creswell Eastman", "mentions": [("Professor Cres Eastman", 0, True)]},
    {"name": "Volodymyr Zelensky", "mentions": [("the President of Ukraine", 0, True)]},
    {
        "type": "organization",
        "name": "Pentagon",
        "name_from": "proper_noun_head",
        "mentions": [("Pentagon", 0, True)],
    },
    {"type": "object", "mentions": [("Kirby's team", 0, True)]},  # no name: not scored
]
KIRBY_SYSTEM = [
    sm(KIRBY, "John Kirby", "John Kirby"),  # inside the first mention, no same start
    sm(KIRBY, "he", "John Kirby"),
    sm(KIRBY, "The spokesman", None),  # found, but no name
    sm(KIRBY, "Kirby", "Kirby", 1),  # "Kirby's": same start as the gold mention
    sm(KIRBY, "Cres Eastman", "Cres Eastman"),  # right through the gold mention of form name
    sm(KIRBY, "President of Ukraine", "President of Ukraine"),  # a description is no reference
]


def test_judge_gum_mentions_applies_each_rule() -> None:
    doc = gum_doc(KIRBY, KIRBY_ENTITIES)
    judged = judge_gum_mentions(doc, KIRBY_SYSTEM)
    got = [(j.text, j.form, j.entity_type, j.right) for j in judged]
    assert got == [
        ("Pentagon", "name", "other", False),  # no system mention overlaps it
        ("Pentagon Press Secretary John Kirby", "name", "person", True),
        ("he", "third_person_pronoun", "person", True),
        ("The spokesman", "description", "person", False),
        ("Kirby's", "name", "person", True),
        ("Professor Cres Eastman", "name", "person", True),
        ("the President of Ukraine", "description", "person", False),
    ]
    assert judged[0].system is None
    assert judged[1].system == KIRBY_SYSTEM[0]


def test_mention_report_breaks_down_by_form_type_and_genre() -> None:
    news = gum_doc(KIRBY, KIRBY_ENTITIES)
    bio = gum_doc("She said it.", [{"name": "Ana Ruiz", "mentions": [("She", 0, False)]}])
    bio = GumDoc("bio", "bio", bio.text, bio.entities)
    judged = judge_gum_mentions(news, KIRBY_SYSTEM) + judge_gum_mentions(bio, [])
    report = mention_report(judged, 2)
    assert report.overall == Accuracy(4, 8)
    assert report.by_form == {
        "third_person_pronoun": Accuracy(1, 2),
        "description": Accuracy(0, 2),
        "name": Accuracy(3, 4),
    }
    assert list(report.by_form) == ["third_person_pronoun", "description", "name"]  # spec order
    assert report.by_type == {"person": Accuracy(4, 7), "other": Accuracy(0, 1)}
    assert report.by_genre == {"bio": Accuracy(0, 1), "news": Accuracy(4, 7)}
    # person chains only: "Pentagon" (other) leaves the names
    assert report.by_form_person == {
        "third_person_pronoun": Accuracy(1, 2),
        "description": Accuracy(0, 2),
        "name": Accuracy(3, 3),
    }
    assert json.loads(json.dumps(report.to_dict()))["by_form"]["name"] == {
        "right": 3,
        "scored": 4,
        "accuracy": 0.75,
    }


def test_score_gum_mentions_runs_the_resolver_in_batches() -> None:
    doc = gum_doc(KIRBY, KIRBY_ENTITIES)
    seen: list[int] = []

    def resolver(texts: list[str]):
        seen.append(len(texts))
        return [KIRBY_SYSTEM if t == KIRBY else [] for t in texts]

    docs = [doc] * 3
    report = score_gum_mentions(docs, resolver, batch_size=2)
    assert seen == [2, 1]
    assert report.overall == Accuracy(12, 21)
    assert report.documents == 3


def test_a_resolver_must_answer_every_text() -> None:
    doc = gum_doc(KIRBY, KIRBY_ENTITIES)
    with pytest.raises(ValueError, match="1 mention lists for 2 texts"):
        score_gum_mentions([doc, doc], lambda texts: [[]])


# ------------------------------------------------------------------------------------------
# GUM speakers
# ------------------------------------------------------------------------------------------

HEAD_TABLE = [
    ("the head of the agency", "the head"),
    ("John Kirby, a spokesman for the Pentagon", "John Kirby"),
    ("the spokesman; a colonel", "the spokesman"),
    ("Ana Ruiz (Reuters)", "Ana Ruiz"),
    ("Ana Ruiz and Tom Berg", "Ana Ruiz"),
    ("Lydia Buchtmann for Food Standards Australia", "Lydia Buchtmann"),
    ("Officials In Kabul", "Officials"),  # the words in any case
    ("officials who spoke", "officials"),
    ("the official whose", "the official"),
    ("Tom Berg, who", "Tom Berg"),  # the earliest cut wins
    ("the minister", "the minister"),  # nothing to cut: the whole span
    ("who", "who"),  # nothing before the cut: the whole span
    ("Atkins", "Atkins"),  # "at" only as a word
]


@pytest.mark.parametrize(("span", "head"), HEAD_TABLE)
def test_speaker_head(span: str, head: str) -> None:
    text = f"x {span} said."
    start, end = speaker_head(text, 2, 2 + len(span))
    assert text[start:end] == head


SPEECH = (
    "Defense officials said it. John Kirby, a spokesman for the Pentagon, said so. "
    "The agency said more. Someone said that."
)
SPEECH_ENTITIES = [
    {
        "name": "John Kirby",
        "mentions": [
            ("John Kirby, a spokesman for the Pentagon", 0, True),
            ("John Kirby", 0, True),
            ("a spokesman for the Pentagon", 0, True),
        ],
    },
    {
        "type": "organization",
        "name": "Pentagon",
        "name_from": "proper_noun_head",
        "mentions": [("the Pentagon", 0, True), ("The agency", 0, False)],
    },
    {"mentions": [("Defense officials", 0, True)]},  # a group with no name
]


def speaker(text: str, part: str, name: str | None) -> PredictedSpeaker:
    return PredictedSpeaker(*at(text, part), name)


SPEAKER_TABLE = [
    # predicted span, predicted name, gold mention chosen, resolvable, right
    ("John Kirby, a spokesman for the Pentagon", "John Kirby", "John Kirby", True, True),
    ("John Kirby, a spokesman for the Pentagon", "Tom Berg", "John Kirby", True, False),
    ("a spokesman for the Pentagon", "Kirby", "a spokesman for the Pentagon", True, True),
    ("Defense officials", "Defense officials", "Defense officials", False, False),
    ("The agency", None, "The agency", True, False),  # no name is wrong, still resolvable
    ("Someone", "Someone", None, False, False),  # on no gold mention
]


@pytest.mark.parametrize(("span", "name", "gold", "resolvable", "right"), SPEAKER_TABLE)
def test_judge_gum_speakers(
    span: str, name: str | None, gold: str | None, resolvable: bool, right: bool
) -> None:
    doc = gum_doc(SPEECH, SPEECH_ENTITIES)
    (judged,) = judge_gum_speakers(doc, [speaker(SPEECH, span, name)])
    assert (judged.gold.text if judged.gold else None) == gold
    assert (judged.resolvable, judged.right) == (resolvable, right)


def test_speaker_gold_mention_ties_go_to_the_shortest_then_the_earliest() -> None:
    text = "Ana Ruiz Berg and Tom said."
    doc = gum_doc(
        text,
        [
            {"name": "Ana Ruiz", "mentions": [("Ana Ruiz", 0, True)]},
            {"name": "Ruiz Berg", "mentions": [("Ruiz Berg", 0, True)]},
            {"name": "Ruiz Berg and Tom", "mentions": [("Ruiz Berg and Tom", 0, True)]},
        ],
    )
    # the head "Ruiz" overlaps all three by 4 characters: the shortest (8 characters) wins
    (first,) = judge_gum_speakers(doc, [speaker(text, "Ruiz", "Ana Ruiz")])
    assert first.gold is not None and first.gold.text == "Ana Ruiz"
    assert first.right
    # same length, same overlap: the earliest
    text = "Ana Ruiz Bob said."
    doc = gum_doc(
        text,
        [
            {"name": "Bob Ruiz", "mentions": [("Ruiz Bob", 0, True)]},
            {"name": "Ana Ruiz", "mentions": [("Ana Ruiz", 0, True)]},
        ],
    )
    (second,) = judge_gum_speakers(doc, [speaker(text, "Ruiz", "Ana Ruiz")])
    assert second.gold is not None and second.gold.text == "Ana Ruiz"


def test_speaker_report_counts_resolvable_quotes() -> None:
    doc = gum_doc(SPEECH, SPEECH_ENTITIES)
    speakers = [speaker(SPEECH, span, name) for span, name, *_ in SPEAKER_TABLE]
    report = speaker_report(judge_gum_speakers(doc, speakers), 1)
    assert (report.with_speaker, report.on_gold_mention, report.resolvable, report.right) == (
        6,
        5,
        4,
        2,
    )
    assert report.accuracy == 0.5
    assert report.by_genre == {"news": Accuracy(2, 4)}
    assert report.to_dict()["accuracy"] == 0.5


def contract_record(doc_id: str, text: str, speakers: list[tuple[str, str | None] | None]):
    quotes = []
    for s in speakers:
        if s is None:
            quotes.append({"text": "x", "start": 0, "end": 1, "speaker": None})
            continue
        start, end = at(text, s[0])
        quotes.append({"speaker": {"text": s[0], "start": start, "end": end, "name": s[1]}})
    return {"id": doc_id, "quotes": quotes}


def test_score_gum_speakers_from_records_a_runner_or_a_file(tmp_path: Path) -> None:
    doc = gum_doc(SPEECH, SPEECH_ENTITIES)
    record = contract_record(
        "doc", SPEECH, [("John Kirby", "John Kirby"), None, ("The agency", "Pentagon")]
    )
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    runs: list[list[dict[str, str]]] = []

    def runner(items: list[dict[str, str]]):
        runs.append(items)
        return [record]

    for predictions in ([record], runner, path, str(path)):
        report = score_gum_speakers([doc], predictions)
        assert (report.with_speaker, report.resolvable, report.right) == (2, 2, 2)
        assert report.warnings == ()
    assert runs == [[{"id": "doc", "text": SPEECH}]]


def test_score_gum_speakers_warns_about_missing_and_extra_records() -> None:
    doc = gum_doc(SPEECH, SPEECH_ENTITIES)
    report = score_gum_speakers([doc], [contract_record("other", SPEECH, [])])
    assert report.with_speaker == 0
    assert report.accuracy is None
    assert [w.split(":")[0] for w in report.warnings] == [
        "1 documents have no prediction record",
        "1 prediction records have no GUM document",
    ]


def test_score_gum_gives_either_part() -> None:
    doc = gum_doc(KIRBY, KIRBY_ENTITIES)
    only_mentions = score_gum([doc], resolver=lambda texts: [KIRBY_SYSTEM])
    assert only_mentions.speakers is None
    assert only_mentions.mentions is not None and only_mentions.mentions.overall.right == 4
    only_speakers = score_gum([doc], predictions=[{"id": "doc", "quotes": []}])
    assert only_speakers.mentions is None
    assert only_speakers.to_dict()["speakers"]["with_speaker"] == 0


# ------------------------------------------------------------------------------------------
# GAP
# ------------------------------------------------------------------------------------------

ANNA = "Anna met Beth at noon. She smiled."
GAP_TABLE = [
    # label, system mentions (part, name), choice
    ("A: the pronoun's cluster holds A", [("She", "Anna"), ("Anna", "Anna")], "A"),
    ("B", [("She", "Beth"), ("Beth", "Beth"), ("Anna", "Anna")], "B"),
    ("a longer mention over B counts", [("She", "Beth"), ("Beth at noon", "Beth")], "B"),
    ("neither: no mention on the pronoun", [("Anna", "Anna"), ("Beth", "Beth")], None),
    ("neither: the pronoun has no name", [("She", None), ("Anna", None)], None),
    ("neither: its cluster is elsewhere", [("She", "Carol"), ("noon", "Carol")], None),
    ("both in the cluster: the nearer", [("She", "X"), ("Anna", "X"), ("Beth", "X")], "B"),
]


@pytest.mark.parametrize(
    ("mentions", "choice"), [c[1:] for c in GAP_TABLE], ids=[c[0] for c in GAP_TABLE]
)
def test_decide_gap(mentions: list[tuple[str, str | None]], choice: str | None) -> None:
    row = gap_row(ANNA, "She", "Anna", "Beth")
    decision = decide_gap(row, [sm(ANNA, part, name) for part, name in mentions])
    assert decision.choice == choice
    assert decision.gender == "feminine"


def test_decide_gap_tie_in_distance_goes_to_a() -> None:
    text = "Anna saw her and Beth."  # "her" is 5 characters from each name
    row = gap_row(text, "her", "Anna", "Beth")
    mentions = [sm(text, "her", "X"), sm(text, "Anna", "X"), sm(text, "Beth", "X")]
    assert decide_gap(row, mentions).choice == "A"


def decision(gender: str, choice: str | None, gold: str | None) -> GapDecision:
    return GapDecision("r", gender, choice, gold == "A", gold == "B", None)  # type: ignore[arg-type]


def test_gap_report_precision_recall_f1_and_bias() -> None:
    decisions = [
        decision("masculine", "A", "A"),  # TP
        decision("masculine", "B", "A"),  # a false TRUE and a missed TRUE
        decision("feminine", None, "B"),  # missed
        decision("feminine", "A", "A"),  # TP
        decision("feminine", "A", None),  # a false TRUE
        decision("feminine", None, "A"),  # missed
        decision("feminine", None, None),  # right to say neither: counts nowhere
    ]
    report = gap_report(decisions)
    assert report.rows == 7
    assert (report.overall.tp, report.overall.predicted, report.overall.gold) == (2, 4, 5)
    assert report.overall.prf.precision == 0.5
    assert report.overall.prf.recall == 0.4
    assert report.overall.prf.f1 == pytest.approx(4 / 9)
    assert report.masculine.prf.f1 == 0.5
    assert report.feminine.prf.f1 == pytest.approx(2 / 5)  # P 1/2, R 1/3
    assert report.bias == pytest.approx(0.8)
    assert report.to_dict()["feminine"]["gold"] == 3


def test_bias_is_undefined_without_masculine_f1() -> None:
    assert gap_report([decision("feminine", "A", "A")]).bias is None
    assert (
        gap_report([decision("masculine", "A", "B"), decision("feminine", "A", "A")]).bias is None
    )


def test_score_gap_reads_rows_from_a_file(tmp_path: Path) -> None:
    rows = [gap_row(ANNA, "She", "Anna", "Beth", "A"), gap_row(ANNA, "She", "Anna", "Beth", "B")]
    path = tmp_path / "gap.tsv"
    path.write_text(
        "\t".join(GAP_HEADER) + "\n" + "\n".join(gap_line(r) for r in rows) + "\n", encoding="utf-8"
    )
    loaded = load_gap(path)
    assert loaded == rows
    report = score_gap(
        loaded, lambda texts: [[sm(t, "She", "A"), sm(t, "Anna", "A")] for t in texts]
    )
    # both rows choose A: one TP and one false TRUE; B of row 2 is missed
    assert (report.overall.tp, report.overall.predicted, report.overall.gold) == (1, 2, 2)


# ------------------------------------------------------------------------------------------
# Input errors and detection
# ------------------------------------------------------------------------------------------


def write(tmp_path: Path, name: str, lines: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def good_gum_line() -> str:
    return json.dumps(gum_record(SPEECH, SPEECH_ENTITIES))


def bad_mention_text() -> str:
    record = gum_record(SPEECH, SPEECH_ENTITIES)
    record["entities"][1]["mentions"][0]["text"] = "the Army"
    return json.dumps(record)


GUM_ERRORS = [
    ("{not json", r"gum\.jsonl:2: invalid JSON"),
    ("[1, 2]", r"gum\.jsonl:2: expected a JSON object"),
    (json.dumps({"id": "x", "genre": "news", "text": "t"}), r":2: 'entities' must be list"),
    (bad_mention_text(), r":2: entity 1 mention 0: text\[\d+:\d+\] is 'the Pentagon'"),
    (json.dumps(gum_record("ab", [{"mentions": [("ab", 0, "yes")]}])), r"'propn' must be bool"),
    (good_gum_line(), r"id 'doc' occurs twice"),
]


@pytest.mark.parametrize(("line", "message"), GUM_ERRORS)
def test_load_gum_names_the_bad_line(tmp_path: Path, line: str, message: str) -> None:
    path = write(tmp_path, "gum.jsonl", [good_gum_line(), line])
    with pytest.raises(ResolutionInputError, match=message):
        load_gum(path)


def test_load_gum_reads_good_records(tmp_path: Path) -> None:
    (doc,) = load_gum(write(tmp_path, "gum.jsonl", [good_gum_line(), ""]))
    assert doc == gum_doc(SPEECH, SPEECH_ENTITIES)


GOOD_GAP = gap_line(gap_row(ANNA, "She", "Anna", "Beth"))
GAP_ERRORS = [
    (["ID\tText"], r"gap\.tsv:1: not a GAP file"),
    (["\t".join(GAP_HEADER), GOOD_GAP.replace("\tTRUE\t", "\tyes\t")], r":2: A-coref must be TRUE"),
    (["\t".join(GAP_HEADER), GOOD_GAP.replace("\t23\t", "\t22\t")], r":2: Pronoun-offset 22 does"),
    (["\t".join(GAP_HEADER), GOOD_GAP.replace("\t0\t", "\tzero\t")], r":2: A-offset is not a num"),
    (["\t".join(GAP_HEADER), GOOD_GAP, "a\tb"], r"gap\.tsv:3: 2 columns, expected 11"),
]


@pytest.mark.parametrize(("lines", "message"), GAP_ERRORS)
def test_load_gap_names_the_bad_line(tmp_path: Path, lines: list[str], message: str) -> None:
    with pytest.raises(ResolutionInputError, match=message):
        load_gap(write(tmp_path, "gap.tsv", lines))


def test_load_gap_errors_are_value_errors_with_one_line(tmp_path: Path) -> None:
    with pytest.raises(ValueError) as info:
        load_gap(tmp_path / "missing.tsv")
    assert "\n" not in str(info.value) and "missing.tsv" in str(info.value)


PREDICTION_ERRORS = [
    ({"quotes": []}, r"pred\.jsonl:1: 'id' must be str"),
    ({"id": "d", "quotes": {}}, r":1: 'quotes' must be list"),
    ({"id": "d", "quotes": [{"speaker": "Kirby"}]}, r":1: quote 0: 'speaker' must be an object"),
    ({"id": "d", "quotes": [{"speaker": {"start": "0", "end": 2}}]}, r"quote 0: 'start' must"),
    ({"id": "d", "quotes": [{"speaker": {"start": 0, "end": 2, "name": 3}}]}, r"'name' must be"),
]


@pytest.mark.parametrize(("record", "message"), PREDICTION_ERRORS)
def test_load_predictions_names_the_bad_line(
    tmp_path: Path, record: dict[str, Any], message: str
) -> None:
    with pytest.raises(ResolutionInputError, match=message):
        load_predictions(write(tmp_path, "pred.jsonl", [json.dumps(record)]))


DETECT_TABLE = [
    ("gum.jsonl", ["", good_gum_line()], "gum"),
    ("gap.tsv", ["\t".join(GAP_HEADER), GOOD_GAP], "gap"),
    ("gold.jsonl", [json.dumps({"id": "a", "text": "t", "quotes": []})], None),
    ("text.txt", ["“We are ready,” said John Kirby."], None),
    ("empty.jsonl", [""], None),
]


@pytest.mark.parametrize(("name", "lines", "kind"), DETECT_TABLE)
def test_detect_kind(tmp_path: Path, name: str, lines: list[str], kind: str | None) -> None:
    assert detect_kind(write(tmp_path, name, lines)) == kind


def test_detect_kind_of_what_cannot_be_read(tmp_path: Path) -> None:
    assert detect_kind(tmp_path / "missing.jsonl") is None
    assert detect_kind(tmp_path) is None
    (tmp_path / "latin1.tsv").write_bytes(b"ID\tText\xe9\n")
    assert detect_kind(tmp_path / "latin1.tsv") is None


# ------------------------------------------------------------------------------------------
# Rendering
# ------------------------------------------------------------------------------------------


def test_render_report_prints_every_table() -> None:
    doc = gum_doc(KIRBY, KIRBY_ENTITIES)
    gum = score_gum(
        [doc],
        resolver=lambda texts: [KIRBY_SYSTEM],
        predictions=[contract_record("doc", KIRBY, [("he", "John Kirby")])],
    )
    gap = gap_report([decision("masculine", "A", "A"), decision("feminine", None, "A")])
    console = Console(record=True, width=120)
    render_report(gum, console)
    render_report(gap, console)
    out = console.export_text()
    for needle in ("third-person pronoun", "by entity type", "by genre", "resolvable", "bias"):
        assert needle in out
    assert "0.571" in out  # 4 right of 7 mentions
    assert "1.000" in out  # the one speaker, and masculine F1


# ------------------------------------------------------------------------------------------
# The real dev files (corpus tier)
# ------------------------------------------------------------------------------------------


def test_real_gum_dev_scores_an_oracle_perfectly(shared_data: Path) -> None:
    path = shared_data / "gum" / "gum_coref_dev.jsonl"
    if not path.exists():
        pytest.skip(f"not present: {path}")
    docs = load_gum(path)
    assert detect_kind(path) == "gum"
    # the counts of gum/README.md
    assert len(docs) == 30
    assert sum(len(e.mentions) for d in docs for e in d.entities) == 7897
    by_text = {d.text: d for d in docs}

    def oracle(texts: list[str]):
        return [
            [SystemMention(m.start, m.end, e.name) for e in by_text[t].entities for m in e.mentions]
            for t in texts
        ]

    report = score_gum_mentions(docs, oracle)
    assert report.overall.scored > 1000
    assert report.overall.right == report.overall.scored
    assert sum(a.scored for a in report.by_form.values()) == report.overall.scored
    assert set(report.by_form) == {"third_person_pronoun", "other_pronoun", "description", "name"}
    assert set(report.by_genre) <= {d.genre for d in docs}
    assert len(report.by_genre) >= 14  # the whow documents may name nobody


@pytest.mark.parametrize(("name", "rows"), [("development", 2000), ("validation", 454)])
def test_real_gap_files_load_and_score_an_oracle_perfectly(
    shared_data: Path, name: str, rows: int
) -> None:
    path = shared_data / "gap" / f"gap-{name}.tsv"
    if not path.exists():
        pytest.skip(f"not present: {path}")
    assert detect_kind(path) == "gap"
    loaded = load_gap(path)
    assert len(loaded) == rows
    assert {r.gender for r in loaded} == {"masculine", "feminine"}
    rows_in_order = iter(loaded)  # one snippet occurs twice in development: go by position

    def oracle(texts: list[str]):
        for t in texts:
            row = next(rows_in_order)
            assert row.text == t
            gold = [s for s, c in ((row.a_span, row.a_coref), (row.b_span, row.b_coref)) if c]
            yield [SystemMention(*s, "P") for s in [row.pronoun_span, *gold]]

    report = score_gap(loaded, oracle)
    assert report.overall.prf.f1 == 1.0
    assert report.bias == 1.0
