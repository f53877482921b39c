"""The seed article (../shared/data): its direct quotes with speaker and title; no debris."""

from __future__ import annotations

import json

import pytest
from helpers import check_offsets


@pytest.fixture(scope="module")
def seed(shared_data, nlp):
    text = (shared_data / "seed_article.txt").read_text(encoding="utf-8")
    gold = json.loads((shared_data / "seed_article.gold.jsonl").read_text(encoding="utf-8"))
    return text, gold, list(nlp(text)._.quotes)


def _title_words(title: str | None) -> set[str]:
    return {w.strip(".,;").lower() for w in (title or "").replace(";", " ").split()}


def _match(quotes, gold_quote):
    """The predicted quote covering most of the gold quote's characters."""
    gs, ge = gold_quote["start"], gold_quote["end"]
    best = max(quotes, key=lambda q: max(0, min(q.end, ge) - max(q.start, gs)), default=None)
    if best is None or min(best.end, ge) - max(best.start, gs) <= 0.3 * (ge - gs):
        return None
    return best


def test_offsets_true(seed):
    text, _, quotes = seed
    check_offsets(text, quotes)


@pytest.mark.parametrize("kind", ["direct", "mixed", "indirect"])
def test_required_quotes_with_speaker_and_title(seed, kind):
    text, gold, quotes = seed
    for g in gold["quotes"]:
        if g["type"] != kind or not g["required"]:
            continue
        q = _match(quotes, g)
        assert q is not None, f"missed: {g['quote']!r}"
        assert q.speaker is not None, f"no speaker for {g['quote']!r}"
        ref = g["speaker_reference"].lower()
        assert q.speaker.name is not None and ref.split()[-1] in q.speaker.name.lower(), (
            g["quote"],
            q.speaker,
        )
        if g["title"]:
            assert _title_words(g["title"]) <= _title_words(q.speaker.title), (
                g["title"],
                q.speaker,
            )


def test_direct_quotes_exact(seed):
    text, gold, quotes = seed
    direct = [g for g in gold["quotes"] if g["type"] == "direct"]
    assert len(direct) == 3
    for g in direct:
        q = _match(quotes, g)
        assert q is not None and q.kind == "direct"
        assert (q.start, q.end) == (g["start"], g["end"])
        assert (q.speaker.start, q.speaker.end) == (g["speaker_start"], g["speaker_end"])
        assert (q.cue.start, q.cue.end) == (g["cue_start"], g["cue_end"])


def test_nothing_from_not_quotes(seed):
    text, gold, quotes = seed
    assert gold["not_quotes"] and quotes  # else the checks below hold of nothing
    for bad in gold["not_quotes"]:
        for q in quotes:
            for piece in q.pieces:
                stripped = piece.text.strip("“”\"' ,.")
                assert stripped != bad["text"].strip("“”\"' ,."), (bad, q.to_dict())
        # a scare quote or debris may sit inside a longer quote, never be one
        assert all(q.text != bad["text"] for q in quotes)
