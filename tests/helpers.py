"""Test helpers: run the pipeline on a text and look quotes up by their words."""

from __future__ import annotations

from quotes.types import Quote


def run(nlp, text: str) -> list[Quote]:
    return list(nlp(text)._.quotes)


def find(quotes: list[Quote], words: str) -> Quote:
    """The one quote whose text contains ``words``."""
    hits = [q for q in quotes if words in q.text]
    assert len(hits) == 1, f"expected one quote with {words!r}, got {[q.text for q in quotes]}"
    return hits[0]


def check_offsets(text: str, quotes: list[Quote]) -> None:
    """Every reported span is true: text[start:end] is what we report."""
    for q in quotes:
        assert text[q.start : q.end] == q.text
        for p in q.parts or ():
            assert text[p.start : p.end] == p.text
            assert q.start <= p.start < p.end <= q.end
        if q.cue is not None:
            assert text[q.cue.start : q.cue.end] == q.cue.text
        if q.speaker is not None:
            assert text[q.speaker.start : q.speaker.end] == q.speaker.text
