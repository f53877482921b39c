"""The figures of an evaluation as plain data: P/R/F1, counts, by-kind figures and errors.

Nothing here computes a match; :func:`quotes.evaluation.scoring.score` fills these in, and
``to_dict`` gives the JSON that ``quotes evaluate --format json`` prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, overload

__all__ = [
    "ERROR_KINDS",
    "PRF",
    "Counts",
    "EvalError",
    "EvalReport",
    "KindFigures",
    "ThresholdReport",
    "TitleFigures",
    "fmt_threshold",
]

#: The kinds of error listed in :attr:`EvalReport.errors`.
ERROR_KINDS = ("false_positive", "miss", "wrong_speaker")


def _ratio(numerator: int, denominator: int) -> float | None:
    """``numerator / denominator``, or None when undefined (0/0)."""
    return numerator / denominator if denominator else None


@dataclass(frozen=True, slots=True)
class PRF:
    """Precision, recall and F1; None where the figure is 0/0."""

    precision: float | None
    recall: float | None
    f1: float | None

    @classmethod
    def of(cls, correct: int, predicted: int, gold: int) -> PRF:
        """From counts: F1 = 2·correct / (predicted + gold), the harmonic mean of P and R."""
        return cls(
            _ratio(correct, predicted), _ratio(correct, gold), _ratio(2 * correct, predicted + gold)
        )


@dataclass(frozen=True, slots=True)
class Counts:
    """Piece counts at one threshold.

    ``gold`` is the counted gold pieces (TP + FN); ``predicted`` is all predicted pieces
    (TP + FP + ``absorbed``); ``absorbed`` is predicted pieces taken by non-speech gold pieces
    with ``speech_only``; ``excluded`` is the gold pieces not counted for that reason.
    """

    gold: int
    predicted: int
    tp: int
    fp: int
    fn: int
    speaker_right: int
    absorbed: int = 0
    excluded: int = 0


class _Ratio:
    """A figure read as ``numerator / denominator`` of two count fields; None where 0/0."""

    def __init__(self, numerator: str, denominator: str) -> None:
        self.numerator, self.denominator = numerator, denominator

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> _Ratio: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> float | None: ...
    def __get__(self, instance: object, owner: type | None = None) -> _Ratio | float | None:
        if instance is None:
            return self
        return _ratio(getattr(instance, self.numerator), getattr(instance, self.denominator))

    @staticmethod
    def values(instance: object) -> dict[str, float | None]:
        """Every ratio figure of ``instance``'s class, by name, in the order of definition."""
        ratios = vars(type(instance)).items()
        return {
            name: ratio.__get__(instance) for name, ratio in ratios if isinstance(ratio, _Ratio)
        }


@dataclass(frozen=True, slots=True)
class KindFigures:
    """Recall for gold pieces of one ``type`` and precision for predicted pieces of that ``kind``.

    ``gold``/``gold_matched``/``gold_correct``: counted gold pieces of the type, those matched,
    and those matched with the right speaker. ``predicted``/``pred_matched``/``pred_correct``:
    predicted pieces of the kind that are TP or FP (absorbed ones are left out), those matched
    to a counted gold piece, and those also with the right speaker.
    """

    kind: str
    gold: int
    gold_matched: int
    gold_correct: int
    predicted: int
    pred_matched: int
    pred_correct: int

    # Each figure is a ratio of two of the counts above; to_dict lists them in this order.
    recall = _Ratio("gold_matched", "gold")
    precision = _Ratio("pred_matched", "predicted")
    end_to_end_recall = _Ratio("gold_correct", "gold")
    end_to_end_precision = _Ratio("pred_correct", "predicted")

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), **_Ratio.values(self)}


@dataclass(frozen=True, slots=True)
class TitleFigures:
    """Speakers' titles (:mod:`quotes.evaluation.titles`), counted once per quote.

    ``gold``: matched gold quotes whose gold speaker has a title; ``right``: those whose
    predicted title carries every gold title word longer than three letters. ``predicted``:
    predicted quotes whose speaker has a title; ``honorific``: those giving an honorific as a
    title ("Dame"), which should be none.
    """

    gold: int = 0
    right: int = 0
    predicted: int = 0
    honorific: int = 0

    accuracy = _Ratio("right", "gold")

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), **_Ratio.values(self)}


@dataclass(frozen=True, slots=True)
class ThresholdReport:
    """All figures at one matching threshold T."""

    threshold: float
    counts: Counts
    by_kind: dict[str, KindFigures]
    titles: TitleFigures = field(default_factory=TitleFigures)

    @property
    def quotes(self) -> PRF:
        c = self.counts
        return PRF.of(c.tp, c.tp + c.fp, c.tp + c.fn)

    @property
    def end_to_end(self) -> PRF:
        c = self.counts
        return PRF.of(c.speaker_right, c.tp + c.fp, c.tp + c.fn)

    @property
    def speaker_accuracy(self) -> float | None:
        return _ratio(self.counts.speaker_right, self.counts.tp)

    def to_dict(self) -> dict[str, Any]:
        return {
            "threshold": self.threshold,
            "quotes": asdict(self.quotes),
            "end_to_end": asdict(self.end_to_end),
            "speaker_accuracy": self.speaker_accuracy,
            "counts": asdict(self.counts),
            "by_kind": {kind: figures.to_dict() for kind, figures in self.by_kind.items()},
            "titles": self.titles.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class EvalError:
    """One false positive, miss or wrong speaker, with its context.

    ``text``/``start``/``end`` are the (trimmed) piece: the gold piece for a miss or wrong
    speaker, the predicted piece for a false positive. ``context`` is ±150 characters around it
    with the piece marked ⟦ ⟧ and line breaks shown as ¶.
    """

    doc_id: str
    error: str
    threshold: float
    start: int
    end: int
    text: str
    kind: str
    gold_speaker: str | None
    predicted_speaker: str | None
    context: str
    note: str | None = None


@dataclass
class EvalReport:
    """Micro-averaged figures over all documents, per threshold, with the errors at the lowest."""

    documents: int
    speech_only: bool
    thresholds: list[ThresholdReport]
    errors: list[EvalError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: matched quotes whose title misses a gold title word, at the lowest threshold
    title_errors: list[EvalError] = field(default_factory=list)

    def at(self, threshold: float) -> ThresholdReport:
        """The figures at ``threshold``."""
        for report in self.thresholds:
            if report.threshold == threshold:
                return report
        raise KeyError(threshold)

    @property
    def error_threshold(self) -> float | None:
        return min((t.threshold for t in self.thresholds), default=None)

    def error_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(ERROR_KINDS, 0)
        for error in self.errors:
            counts[error.error] += 1
        return counts

    def to_dict(self, *, include_errors: bool = False) -> dict[str, Any]:
        """The report as JSON-ready data; errors are summarised by count unless included."""
        errors: dict[str, Any] = {"threshold": self.error_threshold, **self.error_counts()}
        if include_errors:
            errors["items"] = [asdict(error) for error in self.errors]
            errors["title_items"] = [asdict(error) for error in self.title_errors]
        return {
            "documents": self.documents,
            "speech_only": self.speech_only,
            "thresholds": {fmt_threshold(t.threshold): t.to_dict() for t in self.thresholds},
            "errors": errors,
            "warnings": list(self.warnings),
        }


def fmt_threshold(threshold: float) -> str:
    """A threshold as written in reports and JSON keys: ``0.3``, ``0.8``."""
    return f"{threshold:g}"
