"""The Python API and the spaCy integration."""

from __future__ import annotations

import json

import pytest
import spacy
from helpers import check_offsets

import quotes

TEXT = (
    "“We are ready,” said Pentagon Press Secretary John Kirby.\n"
    "Kirby said the strikes targeted three facilities."
)


def test_extract_returns_frozen_quote_objects():
    qs = quotes.extract(TEXT)
    assert [q.kind for q in qs] == ["direct", "indirect"]
    q = qs[0]
    assert isinstance(q, quotes.Quote) and isinstance(q.speaker, quotes.Speaker)
    assert isinstance(q.cue, quotes.Cue)
    with pytest.raises(AttributeError):
        q.text = "changed"  # type: ignore[misc]
    check_offsets(TEXT, qs)


def test_to_dict_is_the_contract():
    q = quotes.extract(TEXT)[0]
    d = q.to_dict()
    assert set(d) == {"text", "start", "end", "kind", "rule", "parts", "cue", "speaker"}
    assert set(d["cue"]) == {"text", "start", "end", "lemma"}
    assert set(d["speaker"]) == {
        "text",
        "start",
        "end",
        "name",
        "title",
        "kind",
        "gender",
        "gender_evidence",
    }
    assert d["speaker"]["name"] == "John Kirby"
    assert quotes.Quote.from_dict(json.loads(json.dumps(d))) == q


def test_extract_many_keeps_order_and_ids():
    items = [{"id": "b", "text": TEXT}, ("a", "Nothing said here."), "Officials said it rained."]
    results = list(quotes.extract_many(items, batch_size=2))
    assert [r.id for r in results] == ["b", "a", "2"]
    assert [len(r.quotes) for r in results] == [2, 0, 1]
    assert results[0].to_dict()["id"] == "b"


def test_long_text_is_split_and_offsets_stay_true(nlp):
    paragraph = "“The bridge stays closed,” said Transport Commissioner Aisha Ramaswamy."
    text = "\n".join([paragraph] * 40)
    old = nlp.max_length
    nlp.max_length = 500
    try:
        results = list(quotes.extract_many([text], nlp=nlp))
    finally:
        nlp.max_length = old
    qs = results[0].quotes
    assert len(qs) == 40
    check_offsets(text, list(qs))
    assert results[0].text == text


def test_split_text_cuts_at_line_breaks():
    text = "aaa\nbbb\nccc\n"
    pieces = list(quotes.split_text(text, 5))
    assert "".join(p for _, p in pieces) == text
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert all(p.endswith("\n") for _, p in pieces)


def test_add_pipe_on_a_plain_spacy_pipeline():
    nlp = spacy.load(quotes.DEFAULT_MODEL)
    nlp.add_pipe("quotes")  # found through the spacy_factories entry point
    doc = nlp("“The water is safe,” the health minister said.")
    assert [q.speaker.text for q in doc._.quotes] == ["the health minister"]


def test_boundaries_factory_keeps_ranks_in_the_sentence():
    nlp = spacy.load(quotes.DEFAULT_MODEL)
    nlp.add_pipe("quotes_boundaries", before="parser")
    doc = nlp("The spokeswoman, Navy Cmdr. Jessica McNulty, said the strikes worked.")
    assert len(list(doc.sents)) == 1


def test_load_adds_components_in_order(nlp):
    names = nlp.pipe_names
    assert names.index("quotes_boundaries") < names.index("parser") < names.index("quotes")
    assert [t.text for t in nlp.tokenizer("Navy Cmdr. Jessica McNulty")][:2] == ["Navy", "Cmdr."]


def test_unknown_model_is_a_model_error():
    with pytest.raises(quotes.ModelError, match="cannot load spaCy model 'no_such_model'"):
        quotes.load("no_such_model")


def test_pipeline_without_parser_is_refused():
    nlp = spacy.blank("en")
    with pytest.raises(quotes.ModelError, match="no 'parser'"):
        quotes.add_to(nlp)


def test_empty_and_whitespace_texts_have_no_quotes():
    results = list(quotes.extract_many(["", "   \n  "]))
    assert [r.quotes for r in results] == [(), ()]
    assert all(r.error is None for r in results)


def test_to_records_flattens_for_pandas():
    from quotes.writers import RECORD_FIELDS, to_records

    rows = list(to_records(quotes.extract_many([("doc1", TEXT)])))
    assert len(rows) == 2
    assert all(set(r) == set(RECORD_FIELDS) for r in rows)
    assert rows[0]["id"] == "doc1" and rows[0]["speaker_name"] == "John Kirby"
