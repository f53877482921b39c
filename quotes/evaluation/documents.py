"""Gold records paired with their prediction records by ``id``, as documents of pieces.

Pairing problems that still allow scoring (a gold document without prediction, duplicate or
extra prediction ids, a prediction carrying another text) become warnings; the rest raise
:class:`~quotes.evaluation.pieces.EvalInputError`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .pieces import EvalInputError, Piece, gold_pieces, pred_pieces

__all__ = ["Doc", "check_gold", "index_predictions", "load_docs"]


@dataclass(slots=True)
class Doc:
    """One gold document with its gold pieces and the pieces of its prediction record."""

    doc_id: str
    text: str  # gold text
    pred_text: str  # the text the prediction's offsets refer to
    gold: list[Piece]
    pred: list[Piece]
    not_quotes: list[dict[str, Any]]


def _summarise_ids(ids: list[str], limit: int = 5) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f", … ({len(ids) - limit} more)" if len(ids) > limit else "")


def _record_id(record: Any, side: str) -> str:
    """The ``id`` of a gold or prediction record (``side``), as a string."""
    if not isinstance(record, dict) or "id" not in record:
        raise EvalInputError(f"a {side} record must be an object with an 'id'")
    return str(record["id"])


def index_predictions(
    pred_records: Iterable[dict[str, Any]], warnings: list[str]
) -> dict[str, dict[str, Any]]:
    """Prediction records by ``id``; the first of duplicate ids is kept (with a warning)."""
    by_id: dict[str, dict[str, Any]] = {}
    duplicates: list[str] = []
    for record in pred_records:
        doc_id = _record_id(record, "prediction")
        if doc_id in by_id:
            duplicates.append(doc_id)
            continue
        by_id[doc_id] = record
    if duplicates:
        warnings.append(
            f"{len(duplicates)} duplicate prediction ids, the first record of each is scored: "
            + _summarise_ids(duplicates)
        )
    return by_id


def load_docs(
    gold_records: Iterable[dict[str, Any]],
    predictions: dict[str, dict[str, Any]],
    warnings: list[str],
) -> list[Doc]:
    """The gold documents, in gold order, each with its prediction (none: no quotes).

    Warnings for missing, extra or differing predictions are appended to ``warnings``.
    """
    docs: list[Doc] = []
    seen: set[str] = set()
    missing: list[str] = []
    text_differs: list[str] = []
    for gold in gold_records:
        doc_id = _record_id(gold, "gold")
        if doc_id in seen:
            raise EvalInputError(f"gold id {doc_id!r} occurs twice; ids must be unique")
        seen.add(doc_id)
        text = gold.get("text")
        if not isinstance(text, str):
            raise EvalInputError(f"gold {doc_id}: 'text' must be a string")
        prediction = predictions.get(doc_id)
        if prediction is None:
            missing.append(doc_id)
            prediction = {"id": doc_id, "quotes": []}
        # Offsets refer to the prediction's own text when it carries one.
        pred_text = prediction.get("text")
        if not isinstance(pred_text, str):
            pred_text = text
        elif pred_text != text:
            text_differs.append(doc_id)
        docs.append(
            Doc(
                doc_id,
                text,
                pred_text,
                gold_pieces(gold, doc_id=doc_id),
                pred_pieces(prediction, pred_text, doc_id=doc_id),
                [n for n in gold.get("not_quotes") or [] if isinstance(n, dict)],
            )
        )
    if missing:
        warnings.append(
            f"{len(missing)} gold documents have no prediction record and are scored as having "
            f"no quotes: {_summarise_ids(missing)}"
        )
    if text_differs:
        warnings.append(
            f"{len(text_differs)} prediction records carry a text that differs from the gold "
            f"text, so their offsets may not line up: {_summarise_ids(text_differs)}"
        )
    extra = [doc_id for doc_id in predictions if doc_id not in seen]
    if extra:
        warnings.append(
            f"{len(extra)} prediction records have no gold document and are ignored: "
            + _summarise_ids(extra)
        )
    return docs


def check_gold(gold_records: Iterable[dict[str, Any]]) -> None:
    """Raise :class:`EvalInputError` for gold that cannot be scored (before a long pipeline run)."""
    load_docs(gold_records, {}, [])
