"""A validator for the JSONL output contract of ../shared/EVALUATION.md."""

from __future__ import annotations

from typing import Any

KINDS = {"direct", "mixed", "indirect"}
SPEAKER_KINDS = {"person", "organization", "group", "document", "unknown"}
GENDERS = {None, "female", "male"}
EVIDENCE = {None, "pronoun", "honorific", "title", "first name"}


def _span(obj: dict[str, Any], text: str, where: str) -> None:
    assert isinstance(obj["text"], str), where
    assert isinstance(obj["start"], int) and isinstance(obj["end"], int), where
    assert 0 <= obj["start"] < obj["end"] <= len(text), (where, obj)
    assert text[obj["start"] : obj["end"]] == obj["text"], (where, obj)


def validate_record(record: dict[str, Any], text: str) -> None:
    """Assert ``record`` follows the contract, with every offset true against ``text``."""
    assert isinstance(record["id"], str)
    if "text" in record:
        assert record["text"] == text
    taken: list[tuple[int, int]] = []
    for n, q in enumerate(record["quotes"]):
        where = f"{record['id']} quote {n}"
        _span(q, text, where)
        assert q["kind"] in KINDS, where
        assert isinstance(q["rule"], str) and q["rule"], where
        pieces = [(q["start"], q["end"])]
        if q.get("parts"):
            assert len(q["parts"]) >= 2, where
            for p in q["parts"]:
                _span(p, text, where + " part")
                assert q["start"] <= p["start"] and p["end"] <= q["end"], where
            assert q["parts"][0]["start"] == q["start"] and q["parts"][-1]["end"] == q["end"]
            pieces = [(p["start"], p["end"]) for p in q["parts"]]
            assert pieces == sorted(pieces), where
            # the parts of one quote never share a character
            assert all(a[1] <= b[0] for a, b in zip(pieces, pieces[1:], strict=False)), where
        if q["cue"] is not None:
            _span(q["cue"], text, where + " cue")
            assert isinstance(q["cue"]["lemma"], str) and q["cue"]["lemma"], where
        if q["speaker"] is not None:
            s = q["speaker"]
            _span(s, text, where + " speaker")
            assert s["kind"] in SPEAKER_KINDS, where
            # every speaker has a name (a pronoun that resolves to nobody gives no speaker)
            assert isinstance(s["name"], str) and s["name"].strip(), where
            assert s["title"] is None or isinstance(s["title"], str)
            assert s.get("gender") in GENDERS, where
            assert s.get("gender_evidence") in EVIDENCE, where
            assert (s.get("gender") is None) == (s.get("gender_evidence") is None), where
            # the speaker mention never lies inside its own quote's words
            for a, b in pieces:
                assert not (a <= s["start"] and s["end"] <= b), (where, s)
        for a, b in pieces:
            for c, d in taken:
                assert b <= c or d <= a, f"{where} overlaps another quote"
        taken.extend(pieces)
    if "entities" in record:
        validate_entities(record, text)


ENTITY_FIELDS = ["name", "kind", "titles", "gender", "gender_evidence", "mentions"]


def validate_entities(record: dict[str, Any], text: str) -> None:
    """The optional ``entities`` list (``--entities``): people, organisations, groups and
    documents, each mention's offsets true, in order of first mention."""
    firsts = []
    for n, e in enumerate(record["entities"]):
        where = f"{record['id']} entity {n}"
        assert list(e) == ENTITY_FIELDS, where
        assert e["kind"] in SPEAKER_KINDS - {"unknown"}, where
        assert e["name"] is None or isinstance(e["name"], str), where
        assert isinstance(e["titles"], list) and all(isinstance(t, str) for t in e["titles"])
        assert e["gender"] in GENDERS and e["gender_evidence"] in EVIDENCE, where
        assert e["mentions"], where
        for m in e["mentions"]:
            assert list(m) == ["text", "start", "end"], where
            _span(m, text, where + " mention")
        starts = [(m["start"], m["end"]) for m in e["mentions"]]
        assert starts == sorted(starts), where
        firsts.append(starts[0])
    assert firsts == sorted(firsts), record["id"]
