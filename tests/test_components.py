"""The spaCy components: the README's two-line form is ``quotes.load()``, a saved pipeline keeps
the lexicons it was saved with, and a failing document keeps its place."""

from __future__ import annotations

import json

import pytest
import spacy

import quotes
from quotes.lexicon import Lexicon

pytestmark = pytest.mark.model

DASH_BYLINE = (
    "Residents packed the hall on Tuesday.\n"
    "“He represents our greatest shame as a city.”\u2015 Pamela Padilla"
)
RANK = "“We will respond,” Pentagon spokeswoman, Navy Cmdr. Jessica McNulty, said."


def _two_lines():
    nlp = spacy.load(quotes.DEFAULT_MODEL)
    nlp.add_pipe("quotes_boundaries", before="parser")
    nlp.add_pipe("quotes")
    return nlp


def _records(nlp, texts):
    return [doc._.quote_records for doc in nlp.pipe(texts)]


@pytest.fixture(scope="module")
def two_lines():
    return _two_lines()


def test_two_line_form_equals_load_on_bylines_and_ranks(nlp, two_lines):
    texts = [DASH_BYLINE, RANK]
    assert _records(two_lines, texts) == _records(nlp, texts)
    byline = two_lines(DASH_BYLINE)._.quotes[0]
    assert byline.speaker.name == "Pamela Padilla"
    assert two_lines(RANK)._.quotes[0].speaker.title == "Pentagon spokeswoman; Navy Cmdr."


def test_two_line_form_equals_load_on_seed_and_dev(nlp, two_lines, shared_data):
    texts = [(shared_data / "seed_article.txt").read_text(encoding="utf-8")]
    with open(shared_data / "polnear_dev.jsonl", encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for _, line in zip(range(20), f, strict=False)]
    assert _records(two_lines, texts) == _records(nlp, texts)


def test_saved_pipeline_keeps_its_lexicon(tmp_path, monkeypatch):
    text = "The mayor intimated that the bridge would reopen on Monday."
    nlp = _two_lines()
    assert nlp(text)._.quotes == []  # "intimate" is no cue of the shipped lexicon
    extra = spacy.load(quotes.DEFAULT_MODEL)
    extra.add_pipe("quotes_boundaries", before="parser")
    extra.add_pipe("quotes", config={"cues": {"intimate": "clause"}, "titles": {"warden": "-"}})
    before = extra(text)._.quote_records
    assert before and before[0]["cue"]["lemma"] == "intimate"
    extra.to_disk(tmp_path / "saved")
    # where it is loaded, models/ has changed: no "say", no "intimate"
    shipped = Lexicon.default()
    changed = dict(shipped.sources)
    changed["cue_verbs.txt"] = "tell\tclause\n"
    monkeypatch.setattr(Lexicon, "default", staticmethod(lambda: Lexicon(changed)))
    loaded = spacy.load(tmp_path / "saved")
    assert loaded(text)._.quote_records == before
    assert loaded("“Go,” she said.")._.quotes[0].cue.lemma == "say"
    fresh = spacy.load(quotes.DEFAULT_MODEL)
    fresh.add_pipe("quotes")
    # the changed lexicon, not the saved one: "said" is no cue there
    assert [q.cue for q in fresh("“Go,” she said.")._.quotes] == [None]


def test_failing_document_keeps_its_record_and_calls_only_a_set_handler(monkeypatch):
    import quotes.extractor

    nlp = _two_lines()

    def boom(doc, *args):
        raise RuntimeError("rules broke")

    monkeypatch.setattr(quotes.extractor, "extract_quotes", boom)
    docs = list(nlp.pipe(["One text.", "Another text."]))
    assert [d._.quote_error for d in docs] == ["RuntimeError: rules broke"] * 2
    assert all(d._.quote_records == [] for d in docs)
    seen = []
    # (spaCy 3.8's nlp.set_error_handler fails on its own parser; set it on the component)
    nlp.get_pipe("quotes").set_error_handler(
        lambda name, proc, batch, exc: seen.append((name, str(exc)))
    )
    assert len(list(nlp.pipe(["A third text."]))) == 1
    assert seen == [("quotes", "rules broke")]


def test_component_declares_what_it_needs_and_makes():
    meta = spacy.Language.get_factory_meta("quotes")
    assert "token.dep" in meta.requires
    assert "doc._.quote_records" in meta.assigns
    assert spacy.Language.get_factory_meta("quotes").default_config == {
        "cues": {},
        "titles": {},
        "store_entities": False,
        "phrases": False,
    }
