"""Scoring: greedy matching of gold and predicted pieces, and the counts at each threshold.

Gold pieces, in document order, greedily take the unmatched predicted piece with the largest
``|gold ∩ pred| / |gold|``, strictly above the threshold T; the counts of every document are
added up (micro-averaged) into an :class:`~quotes.evaluation.report.EvalReport`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from fractions import Fraction
from typing import Any

from .documents import Doc, index_predictions, load_docs
from .errors import make_error
from .names import speaker_right
from .pieces import Piece, overlap
from .report import Counts, EvalError, EvalReport, KindFigures, ThresholdReport

__all__ = ["DEFAULT_THRESHOLDS", "match", "score"]

#: The Gender Gap Tracker's published thresholds, so our figures compare with theirs.
DEFAULT_THRESHOLDS: tuple[float, ...] = (0.3, 0.8)

_KIND_ORDER = ("direct", "mixed", "indirect")


def match(gold: Sequence[Piece], predicted: Sequence[Piece], threshold: float) -> list[int | None]:
    """Greedy one-to-one matching; returns, per gold piece, the index of its predicted piece.

    Gold pieces are taken in the given order; each takes the unmatched predicted piece with the
    largest ``|gold ∩ pred| / |gold|``, which must be strictly greater than ``threshold``; on a
    tie the earliest predicted piece wins.
    """
    # Compare exactly: 3/10 must not count as "greater than 0.3" through float rounding.
    bound = Fraction(str(threshold))
    taken: set[int] = set()
    result: list[int | None] = []
    for piece in gold:
        best, best_overlap = None, 0
        for j, candidate in enumerate(predicted):
            if j in taken:
                continue
            shared = overlap(piece.start, piece.end, candidate.start, candidate.end)
            # The denominator |gold| is fixed for this piece, so the largest ratio is the largest
            # overlap; ">" (not ">=") keeps the earliest candidate on a tie.
            if shared > best_overlap:
                best, best_overlap = j, shared
        if best is not None and len(piece) and Fraction(best_overlap, len(piece)) > bound:
            taken.add(best)
            result.append(best)
        else:
            result.append(None)
    return result


@dataclass(slots=True)
class _Tally:
    """Running counts at one threshold: the fields of :class:`Counts` in ``counts``, and per kind
    the count fields of :class:`KindFigures` (a missing count is 0)."""

    counts: Counter[str] = field(default_factory=Counter)
    kinds: dict[str, Counter[str]] = field(default_factory=dict)

    def kind(self, name: str) -> Counter[str]:
        return self.kinds.setdefault(name, Counter())


def score(
    gold_records: Iterable[dict[str, Any]],
    pred_records: Iterable[dict[str, Any]],
    *,
    speech_only: bool = False,
    thresholds: Sequence[float] = DEFAULT_THRESHOLDS,
) -> EvalReport:
    """Score predictions against gold, micro-averaged over all documents.

    Records are matched by ``id``; a gold document without a prediction record has no predicted
    quotes. Errors are listed at the lowest threshold. Raises :class:`EvalInputError` on data
    that cannot be scored (duplicate gold ids, offsets outside the text, …).
    """
    thresholds = tuple(thresholds)
    if not thresholds or any(not 0 <= t < 1 for t in thresholds):
        raise ValueError(f"thresholds must be in [0, 1), got {thresholds!r}")
    warnings: list[str] = []
    docs = load_docs(gold_records, index_predictions(pred_records, warnings), warnings)
    error_threshold = min(thresholds)
    errors: list[EvalError] = []
    reports = []
    for threshold in thresholds:
        tally = _Tally()
        for doc in docs:
            collect = errors if threshold == error_threshold else None
            _score_doc(doc, threshold, speech_only, tally, collect)
        reports.append(_threshold_report(threshold, tally))
    return EvalReport(len(docs), speech_only, reports, errors, warnings)


def _score_doc(
    doc: Doc,
    threshold: float,
    speech_only: bool,
    tally: _Tally,
    errors: list[EvalError] | None,
) -> None:
    """Match one document's pieces at ``threshold`` and add them to ``tally`` (and ``errors``)."""
    assignment = match(doc.gold, doc.pred, threshold)
    tally.counts["predicted"] += len(doc.pred)
    for piece, j in zip(doc.gold, assignment, strict=True):
        if speech_only and not piece.speech:
            # Takes part in matching, so a prediction of it is not a false positive, but it is
            # not a quote we are asked to find.
            tally.counts["excluded"] += 1
            tally.counts["absorbed"] += j is not None
            continue
        tally.counts["gold"] += 1
        gold_kind = tally.kind(piece.kind)
        gold_kind["gold"] += 1
        if j is None:
            tally.counts["fn"] += 1
            if errors is not None:
                errors.append(make_error(doc, "miss", threshold, piece, None))
            continue
        predicted = doc.pred[j]
        right = speaker_right(piece.speaker, predicted.speaker)
        pred_kind = tally.kind(predicted.kind)
        tally.counts["tp"] += 1
        gold_kind["gold_matched"] += 1
        pred_kind["predicted"] += 1
        pred_kind["pred_matched"] += 1
        if right:
            tally.counts["speaker_right"] += 1
            gold_kind["gold_correct"] += 1
            pred_kind["pred_correct"] += 1
        elif errors is not None:
            errors.append(make_error(doc, "wrong_speaker", threshold, piece, predicted))
    taken = {j for j in assignment if j is not None}
    for j, predicted in enumerate(doc.pred):
        if j in taken:
            continue
        tally.counts["fp"] += 1
        tally.kind(predicted.kind)["predicted"] += 1
        if errors is not None:
            errors.append(make_error(doc, "false_positive", threshold, None, predicted))


def _threshold_report(threshold: float, tally: _Tally) -> ThresholdReport:
    known = [k for k in _KIND_ORDER if k in tally.kinds]
    kinds = known + sorted(k for k in tally.kinds if k not in _KIND_ORDER)
    by_kind = {k: KindFigures(k, **_count_fields(KindFigures, tally.kinds[k])) for k in kinds}
    return ThresholdReport(threshold, Counts(**_count_fields(Counts, tally.counts)), by_kind)


def _count_fields(cls: type[Counts] | type[KindFigures], counts: Counter[str]) -> dict[str, int]:
    """The int fields of ``cls`` (its counts) from the running ``counts``."""
    names = [f.name for f in fields(cls) if f.type in ("int", int)]
    # Counter keys are strings: a misspelt one would silently count nothing.
    assert set(counts) <= set(names), f"not a count of {cls.__name__}: {set(counts) - set(names)}"
    return {name: counts[name] for name in names}
