"""The error list of a report: each false positive, miss and wrong speaker with its context."""

from __future__ import annotations

import re
from dataclasses import replace

from .documents import Doc
from .pieces import Piece, overlap
from .report import EvalError

__all__ = ["make_error", "make_title_error"]

_CONTEXT_CHARS = 150


def _context(text: str, start: int, end: int, width: int = _CONTEXT_CHARS) -> str:
    """``width`` characters either side of ``text[start:end]``, the piece marked ⟦ ⟧."""
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    snippet = (
        ("…" if start > width else "")
        + left
        + "⟦"
        + text[start:end]
        + "⟧"
        + right
        + ("…" if end + width < len(text) else "")
    )
    # Line breaks would break the one-entry-per-block layout of the text report.
    return re.sub(r"[ \t]*\r?\n\s*", " ¶ ", snippet)


def make_error(
    doc: Doc, kind: str, threshold: float, gold: Piece | None, predicted: Piece | None
) -> EvalError:
    """The entry for one error of ``kind`` (see :data:`~quotes.evaluation.report.ERROR_KINDS`)."""
    # The gold piece locates misses and wrong speakers; a false positive only has its own.
    piece = gold or predicted
    assert piece is not None
    text = doc.text if gold is not None else doc.pred_text
    note = None
    if gold is not None and gold.required:
        note = "required quote"
    elif gold is None:
        note = _not_quote_note(doc, piece)
    return EvalError(
        doc_id=doc.doc_id,
        error=kind,
        threshold=threshold,
        start=piece.start,
        end=piece.end,
        text=text[piece.start : piece.end],
        kind=piece.kind,
        gold_speaker=gold.speaker.describe() if gold and gold.speaker else None,
        predicted_speaker=(
            predicted.speaker.describe() if predicted and predicted.speaker else None
        ),
        context=_context(text, piece.start, piece.end),
        note=note,
    )


def make_title_error(doc: Doc, threshold: float, gold: Piece, predicted: Piece) -> EvalError:
    """The entry for a matched quote whose predicted title misses a word of the gold title."""
    error = make_error(doc, "wrong_title", threshold, gold, predicted)
    want = gold.speaker.title if gold.speaker else None
    got = predicted.speaker.title if predicted.speaker else None
    return replace(error, note=f"gold title: {want!r}; predicted title: {got!r}")


def _not_quote_note(doc: Doc, piece: Piece) -> str | None:
    """The gold's explanation when a false positive overlaps one of its ``not_quotes``."""
    for entry in doc.not_quotes:
        needle = entry.get("text")
        if not needle:
            continue
        at = doc.pred_text.find(needle)
        while at >= 0:
            if overlap(at, at + len(needle), piece.start, piece.end):
                return f"gold lists this as not a quote: {entry.get('why') or needle}"
            at = doc.pred_text.find(needle, at + 1)
    return None
