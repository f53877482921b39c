"""Properties of the whole pipeline on random news-like text (hypothesis).

The texts come from tests/fuzz/news.py: attribution sentences in every quote style (names with
ranks, "according to", interrupted, nested, mixed and multi-paragraph quotes) mixed with noise
(HTML debris, emoji, right-to-left text, control characters, runs of marks, odd line breaks,
arbitrary Unicode). Whatever the text: no exception and no ``error``; every offset true; the
JSONL contract (no two quotes share a character, no speaker inside its own quote); the same
output for the same input, in a batch or alone. The marks module's own property test
(2,000 examples) is in tests/test_marks.py; the time-boxed fuzz run is tests/fuzz/fuzz_pipeline.py.
"""

from __future__ import annotations

from fuzz.invariants import check_result, check_same
from fuzz.news import strategy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quotes
from quotes.api import split_text

PIPELINE = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ARTICLES = strategy(max_chars=600)


@PIPELINE
@given(texts=st.lists(ARTICLES, min_size=1, max_size=3))
def test_pipeline_invariants_batch_and_single(nlp, texts):
    results = list(quotes.extract_many(texts, nlp=nlp, batch_size=2))
    assert [r.id for r in results] == [str(n) for n in range(len(texts))]  # none lost
    for text, result in zip(texts, results, strict=True):
        check_result(result, text)
        doc = nlp(text)  # the same text again, alone
        assert doc._.quote_error is None
        check_same(doc._.quotes, result.quotes)


@settings(PIPELINE, max_examples=60)
@given(text=strategy(max_chars=1500, max_blocks=30), limit=st.integers(40, 400))
def test_texts_split_at_max_length_keep_true_offsets(nlp, text, limit):
    old = nlp.max_length
    nlp.max_length = limit  # the text is parsed in pieces of at most `limit` characters
    try:
        result = next(quotes.extract_many([text], nlp=nlp))
    finally:
        nlp.max_length = old
    check_result(result, text)


@settings(max_examples=500, deadline=None, database=None)
@given(
    text=st.text(st.sampled_from("ab \n\r.“”"), max_size=300) | st.text(max_size=300),
    limit=st.integers(1, 60),
)
def test_split_text_pieces_cover_the_text(text, limit):
    pieces = list(split_text(text, limit))
    assert "".join(piece for _, piece in pieces) == text
    at = 0
    for offset, piece in pieces:
        assert offset == at and 0 < len(piece) <= limit or text == piece == ""
        at += len(piece)
