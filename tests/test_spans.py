"""Span groups: ``doc.spans["quotes"]`` (one span per piece, the speaker and cue as Span
attributes, rendered by displaCy) and ``doc.spans["entities"]`` (one span per mention)."""

from __future__ import annotations

import pytest
import spacy
from spacy import displacy
from spacy.tokens import DocBin

import quotes
from quotes.components import entity_spans, quote_spans
from quotes.types import ENTITY_KINDS, Cue, Part, Quote, Speaker

INTERRUPTED = "“We are ready,” said Pentagon Press Secretary John Kirby. “We leave at dawn.”"
PRONOUN = "Mayor Daniel Okafor opened the bridge on Monday.\n“We are ready,” he said."
# the quote ends before the final "." of the token "N.C.": its span takes the whole token
INSIDE_A_TOKEN = "The mayor said the museum would open in Charlotte, N.C.\n"
MIXED = "Kirby said the strikes were “necessary and proportionate” and would go on."

# text → the spans of doc.spans["quotes"]: (label, span text, span._.speaker, cue text)
QUOTE_SPANS = [
    (
        INTERRUPTED,
        [
            ("direct", "“We are ready,”", "John Kirby", "said"),
            ("direct", "“We leave at dawn.”", "John Kirby", "said"),
        ],
    ),
    (PRONOUN, [("direct", "“We are ready,”", "Daniel Okafor", "said")]),
    (
        INSIDE_A_TOKEN,
        [("indirect", "the museum would open in Charlotte, N.C.", "The mayor", "said")],
    ),
    (
        MIXED,
        [
            (
                "mixed",
                "the strikes were “necessary and proportionate” and would go on",
                "Kirby",
                "said",
            )
        ],
    ),
]


def _described(doc):
    return [
        (s.label_, s.text, s._.speaker, s._.cue.text if s._.cue is not None else None)
        for s in doc.spans["quotes"]
    ]


@pytest.mark.parametrize(("text", "expected"), QUOTE_SPANS)
def test_quote_spans_are_the_pieces_with_speaker_and_cue(nlp, text, expected):
    doc = nlp(text)
    assert _described(doc) == expected
    pieces = [(q, p) for q in doc._.quotes for p in q.pieces]
    assert len(pieces) == len(doc.spans["quotes"])
    for span, (q, piece) in zip(doc.spans["quotes"], pieces, strict=True):
        assert span._.quote == q
        # token-aligned: the span covers the piece, and no token it need not
        assert span.start_char <= piece.start < piece.end <= span.end_char
        assert span[0].idx + len(span[0]) > piece.start and span[-1].idx < piece.end
        assert span._.speaker_span.text == q.speaker.text
        assert span.kb_id_ == q.speaker.name


def test_quote_offsets_stay_exact_where_the_span_takes_a_whole_token(nlp):
    doc = nlp(INSIDE_A_TOKEN)
    [q] = doc._.quotes
    [span] = doc.spans["quotes"]
    assert q.text == "the museum would open in Charlotte, N.C"
    assert INSIDE_A_TOKEN[q.start : q.end] == q.text
    assert span.end_char == q.end + 1  # the "." of "N.C." comes with its token


def test_displacy_shows_the_resolved_speaker_of_a_pronoun(nlp):
    doc = nlp(PRONOUN)
    page = displacy.render(doc, style="span", options={"spans_key": "quotes"})
    assert "direct" in page
    assert 'href="#">Daniel Okafor</a>' in page  # "he" in the text, the name on the label


def test_span_attributes_of_spans_that_are_not_ours_are_none(nlp):
    doc = nlp(INTERRUPTED)
    other = doc[0:3]
    assert (other._.quote, other._.speaker, other._.cue, other._.speaker_span) == (None,) * 4
    assert other._.entity is None


def test_docbin_keeps_the_span_group_and_its_attributes(nlp):
    doc = nlp(INTERRUPTED)
    before = _described(doc)
    with_data = DocBin(store_user_data=True)
    with_data.add(doc)
    [loaded] = DocBin().from_bytes(with_data.to_bytes()).get_docs(nlp.vocab)
    assert _described(loaded) == before
    assert [s._.quote for s in loaded.spans["quotes"]] == [doc._.quotes[0]] * 2
    # without user data the records are gone, but spans, labels and speaker names stay
    bare = DocBin()
    bare.add(doc)
    [plain] = DocBin().from_bytes(bare.to_bytes()).get_docs(spacy.blank("en").vocab)
    assert [(s.label_, s.text, s.kb_id_) for s in plain.spans["quotes"]] == [
        ("direct", "“We are ready,”", "John Kirby"),
        ("direct", "“We leave at dawn.”", "John Kirby"),
    ]
    assert [s._.speaker for s in plain.spans["quotes"]] == [None, None]


def test_a_document_that_fails_has_an_empty_quotes_group(monkeypatch):
    import quotes.extractor

    def boom(doc, *args):
        raise RuntimeError("rules broke")

    nlp = quotes.load()
    monkeypatch.setattr(quotes.extractor, "extract_quotes", boom)
    doc = nlp(INTERRUPTED)
    assert doc._.quote_error == "RuntimeError: rules broke"
    assert list(doc.spans["quotes"]) == []


# --- entities ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def nlp_entities():
    return quotes.get_nlp(entities=True)


def test_entity_spans_are_the_mentions_of_people_organisations_groups(nlp_entities):
    doc = nlp_entities(PRONOUN)
    spans = list(doc.spans["entities"])
    assert {s.label_ for s in spans} <= set(ENTITY_KINDS)
    okafor = [s.text for s in spans if s._.entity.name == "Daniel Okafor"]
    assert okafor == ["Mayor Daniel Okafor", "he"]
    for s in spans:
        assert s.kb_id_ == s._.entity.name and s.label_ == s._.entity.kind
    records = [r for r in doc._.entity_records if r["kind"] in ENTITY_KINDS]
    assert len(spans) == sum(len(r["mentions"]) for r in records)
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_entities_group_only_where_the_entities_are_kept(nlp, nlp_entities):
    assert "entities" not in nlp(PRONOUN).spans  # quotes.load(): quotes only
    alone = spacy.load(quotes.DEFAULT_MODEL)
    alone.add_pipe("quotes_entities")  # usable without quotes
    doc = alone(PRONOUN)
    assert "quotes" not in doc.spans
    mentions = [(s.label_, s.text) for s in doc.spans["entities"]]
    both = nlp_entities(PRONOUN)
    assert mentions == [(s.label_, s.text) for s in both.spans["entities"]]


def test_entities_group_survives_docbin(nlp_entities):
    doc = nlp_entities(PRONOUN)
    box = DocBin(store_user_data=True)
    box.add(doc)
    [loaded] = DocBin().from_bytes(box.to_bytes()).get_docs(nlp_entities.vocab)
    assert [(s.text, s._.entity) for s in loaded.spans["entities"]] == [
        (s.text, s._.entity) for s in doc.spans["entities"]
    ]


# --- names that are markup ----------------------------------------------------------------

HOSTILE = "<script>alert(1)</script>"


def _hostile_doc():
    text = "“Go now,” said X. It was late."
    doc = spacy.blank("en")(text)
    speaker = Speaker("X", 15, 16, name=HOSTILE, kind="person")
    q = Quote("“Go now,”", 0, 9, "direct", "direct:test", None, Cue("said", 10, 14), speaker)
    return doc, q


def test_a_name_that_is_markup_is_escaped_for_displacy():
    doc, q = _hostile_doc()
    doc.spans["quotes"] = quote_spans(doc, [q])
    page = displacy.render(doc, style="span", options={"spans_key": "quotes"})
    assert HOSTILE not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    record = {"id": 0, "name": HOSTILE, "kind": "person"}
    record["mentions"] = [{"start": 15, "end": 16, "text": "X", "tokens": [6, 7, 6]}]
    doc.spans["entities"] = entity_spans(doc, [record])
    page = displacy.render(doc, style="span", options={"spans_key": "entities"})
    assert HOSTILE not in page


def test_quote_spans_of_an_interrupted_quote_share_its_id():
    doc = spacy.blank("en")("“Go,” she said. “Now.”")
    parts = (Part("“Go,”", 0, 5), Part("“Now.”", 16, 22))
    q = Quote(doc.text, 0, 22, "direct", "direct:test", parts, None, None)
    spans = quote_spans(doc, [q, Quote("she", 6, 9, "indirect", "x")])
    assert [(s.text, s.id_, s.kb_id_) for s in spans] == [
        ("“Go,”", "quote:0", ""),
        ("“Now.”", "quote:0", ""),
        ("she", "quote:1", ""),
    ]
