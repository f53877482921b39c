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
from .errors import make_error, make_title_error
from .names import speaker_right
from .pieces import Piece, overlap
from .report import Counts, EvalError, EvalReport, KindFigures, ThresholdReport, TitleFigures
from .titles import has_honorific, title_right

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
    titles: Counter[str] = field(default_factory=Counter)

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
    title_errors: list[EvalError] = []
    reports = []
    for threshold in thresholds:
        tally = _Tally()
        for doc in docs:
            lowest = threshold == error_threshold
            assignment = _score_doc(doc, threshold, speech_only, tally, errors if lowest else None)
            wrong_titles = title_errors if lowest else None
            _score_titles(doc, threshold, assignment, speech_only, tally, wrong_titles)
        reports.append(_threshold_report(threshold, tally))
    return EvalReport(len(docs), speech_only, reports, errors, warnings, title_errors)


def _score_doc(
    doc: Doc,
    threshold: float,
    speech_only: bool,
    tally: _Tally,
    errors: list[EvalError] | None,
) -> list[int | None]:
    """Match one document's pieces at ``threshold`` and add them to ``tally`` (and ``errors``);
    returns the matching (see :func:`match`)."""
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
    return assignment


def _score_titles(
    doc: Doc,
    threshold: float,
    assignment: list[int | None],
    speech_only: bool,
    tally: _Tally,
    errors: list[EvalError] | None,
) -> None:
    """Count the titles of one document: each matched gold quote with a gold title once (at
    its first matched piece), and each predicted quote's title once."""
    counted: set[int] = set()
    for piece, j in zip(doc.gold, assignment, strict=True):
        if j is None or piece.quote in counted or (speech_only and not piece.speech):
            continue
        counted.add(piece.quote)
        predicted = doc.pred[j]
        right = title_right(piece.speaker, predicted.speaker)
        if right is None:
            continue
        tally.titles["gold"] += 1
        tally.titles["right"] += right
        if not right and errors is not None:
            errors.append(make_title_error(doc, threshold, piece, predicted))
    titled = {p.quote: p.speaker.title for p in doc.pred if p.speaker and p.speaker.title}
    tally.titles["predicted"] += len(titled)
    tally.titles["honorific"] += sum(has_honorific(t) for t in titled.values())


def _threshold_report(threshold: float, tally: _Tally) -> ThresholdReport:
    known = [k for k in _KIND_ORDER if k in tally.kinds]
    kinds = known + sorted(k for k in tally.kinds if k not in _KIND_ORDER)
    by_kind = {k: KindFigures(k, **_count_fields(KindFigures, tally.kinds[k])) for k in kinds}
    counts = Counts(**_count_fields(Counts, tally.counts))
    titles = TitleFigures(**_count_fields(TitleFigures, tally.titles))
    return ThresholdReport(threshold, counts, by_kind, titles)


def _count_fields(
    cls: type[Counts] | type[KindFigures] | type[TitleFigures], counts: Counter[str]
) -> dict[str, int]:
    """The int fields of ``cls`` (its counts) from the running ``counts``."""
    names = [f.name for f in fields(cls) if f.type in ("int", int)]
    # Counter keys are strings: a misspelt one would silently count nothing.
    assert set(counts) <= set(names), f"not a count of {cls.__name__}: {set(counts) - set(names)}"
    return {name: counts[name] for name in names}
