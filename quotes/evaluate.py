"""Scoring quote attribution against gold JSONL, and the ``quotes evaluate`` command.

The rules are those of ``EVALUATION.md`` ("Scoring"), in short:

1. every quote becomes one or more *pieces* (gold ``fragments`` / predicted ``parts``);
2. each piece is trimmed of quotation marks, punctuation and whitespace at both ends;
3. gold pieces, in document order, greedily take the unmatched predicted piece with the largest
   ``|gold ∩ pred| / |gold|``, which must be strictly above the threshold T (ties: earliest
   prediction);
4. quotes P/R/F1 count matched pieces; with ``speech_only`` gold pieces without a speech cue take
   part in matching but count for nothing, and the prediction they take is not a false positive;
5. a matched piece's speaker is right when the names denote the same person (gold
   ``speaker_reference``), else when the mention spans overlap, else when neither has a speaker;
6. end-to-end P/R/F1 count only matched pieces whose speaker is right;
7. recall is broken down by the gold ``type``, precision by the predicted ``kind``.

Everything up to :func:`score` is pure Python on plain dicts, so any tool's output in the JSONL
contract can be scored; spaCy is imported only when the command has to run our own pipeline.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from enum import Enum
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:  # rich is imported lazily: the scorer itself needs no terminal.
    from rich.console import Console

__all__ = [
    "DEFAULT_THRESHOLDS",
    "ERROR_KINDS",
    "Counts",
    "EvalError",
    "EvalInputError",
    "EvalReport",
    "KindFigures",
    "Piece",
    "PRF",
    "SpeakerRef",
    "ThresholdReport",
    "evaluate_command",
    "extract_many",
    "gold_pieces",
    "match",
    "name_tokens",
    "pred_pieces",
    "read_jsonl",
    "render_table",
    "same_person",
    "score",
    "speaker_right",
    "trim",
    "write_errors",
]

#: The Gender Gap Tracker's published thresholds, so our figures compare with theirs.
DEFAULT_THRESHOLDS: tuple[float, ...] = (0.3, 0.8)

#: The kinds of error listed in :attr:`EvalReport.errors`.
ERROR_KINDS = ("false_positive", "miss", "wrong_speaker")

QUOTATION_MARKS = "\"'“”‘’«»„‹›"
TRIM_PUNCTUATION = ".,;:!?-–—()[]…"
_TRIMMABLE = frozenset(QUOTATION_MARKS + TRIM_PUNCTUATION)

HONORIFICS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "dame",
        "lord",
        "lady",
        "rev",
        "hon",
        "jr",
        "sr",
    }
)
_KIND_ORDER = ("direct", "mixed", "indirect")
_CONTEXT_CHARS = 150


class EvalInputError(ValueError):
    """Gold or prediction data that cannot be scored; the message says where and why."""


# --------------------------------------------------------------------------------------------
# Pieces
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """What a piece says about its speaker.

    ``name`` is the gold ``speaker_reference`` or the predicted ``speaker.name`` (falling back to
    the predicted mention text when the name is null); ``start``/``end`` locate the mention.
    """

    start: int | None
    end: int | None
    name: str | None
    text: str | None = None

    @property
    def has_span(self) -> bool:
        return self.start is not None and self.end is not None

    def describe(self) -> str:
        """A short human-readable form for error reports."""
        span = f" [{self.start}:{self.end}]" if self.has_span else ""
        if self.name and self.text and self.name != self.text:
            return f"{self.name} (“{self.text}”{span})"
        return f"{self.name or self.text or '?'}{span}"


@dataclass(frozen=True, slots=True)
class Piece:
    """One trimmed, non-empty stretch of a quote: the unit that is matched and counted.

    ``start``/``end`` are the trimmed offsets; ``quote`` is the index of the quote in its record;
    ``kind`` is the gold ``type`` or the predicted ``kind``; ``speech`` is the gold quote's
    ``speech_cue`` (always true for predictions).
    """

    start: int
    end: int
    quote: int
    kind: str
    speaker: SpeakerRef | None
    speech: bool = True
    required: bool | None = None

    def __len__(self) -> int:
        return self.end - self.start


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Move ``start``/``end`` inwards past quotation marks, punctuation and whitespace.

    Returns the trimmed ``(start, end)``; ``start == end`` when nothing is left.
    """
    while start < end and _trimmable(text[start]):
        start += 1
    while end > start and _trimmable(text[end - 1]):
        end -= 1
    return start, end


def _trimmable(char: str) -> bool:
    return char in _TRIMMABLE or char.isspace()


def _check_span(text: str, start: Any, end: Any, where: str) -> tuple[int, int]:
    """Validate offsets: integers with ``0 <= start <= end <= len(text)``."""
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        raise EvalInputError(f"{where}: offsets must be integers, got {start!r}, {end!r}")
    if not 0 <= start <= end <= len(text):
        raise EvalInputError(
            f"{where}: span {start}:{end} is outside the text (length {len(text)})"
        )
    return start, end


def _make_pieces(
    text: str, spans: Iterable[tuple[int, int]], where: str, **attributes: Any
) -> list[Piece]:
    pieces = []
    for start, end in spans:
        start, end = trim(text, *_check_span(text, start, end, where))
        # A piece that is nothing but marks and punctuation (e.g. a stray "—") is dropped: it has
        # no characters to overlap, so it could only ever count as a miss or false positive.
        if start < end:
            pieces.append(Piece(start, end, **attributes))
    return pieces


def _gold_speaker(quote: dict[str, Any], text: str, where: str) -> SpeakerRef | None:
    reference = quote.get("speaker_reference")
    start, end = quote.get("speaker_start"), quote.get("speaker_end")
    if start is None or end is None:
        start = end = None
    else:
        _check_span(text, start, end, f"{where} speaker")
    if not reference and start is None:
        return None
    mention = quote.get("speaker") or (text[start:end] if start is not None else None)
    return SpeakerRef(start, end, reference or None, mention)


def gold_pieces(record: dict[str, Any], *, doc_id: str | None = None) -> list[Piece]:
    """The pieces of a gold record, in gold order.

    Gold order is the document order of the quotes (by start, then end; stable), then the order
    of each quote's ``fragments``. A quote with non-empty ``fragments`` is one piece per fragment.
    """
    text = record["text"]
    doc_id = doc_id or str(record.get("id"))
    quotes = record.get("quotes") or []
    if not isinstance(quotes, list):
        raise EvalInputError(f"gold {doc_id}: 'quotes' must be a list")
    for index, quote in enumerate(quotes):
        if not isinstance(quote, dict):
            raise EvalInputError(f"gold {doc_id} quote {index}: a quote must be an object")
        _check_span(text, quote.get("start"), quote.get("end"), f"gold {doc_id} quote {index}")
    order = sorted(range(len(quotes)), key=lambda i: (quotes[i]["start"], quotes[i]["end"]))
    pieces: list[Piece] = []
    for index in order:
        quote = quotes[index]
        where = f"gold {doc_id} quote {index}"
        fragments = quote.get("fragments") or [(quote.get("start"), quote.get("end"))]
        pieces += _make_pieces(
            text,
            (_pair(fragment, where) for fragment in fragments),
            where,
            quote=index,
            kind=quote.get("type") or "unknown",
            speaker=_gold_speaker(quote, text, where),
            # A missing speech_cue means the quote has one.
            speech=quote.get("speech_cue") is not False,
            required=quote.get("required"),
        )
    return pieces


def _pair(value: Any, where: str) -> tuple[Any, Any]:
    if isinstance(value, dict):
        return value.get("start"), value.get("end")
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return value[0], value[1]
    raise EvalInputError(f"{where}: expected [start, end] or {{start, end}}, got {value!r}")


def _pred_speaker(speaker: Any, text: str, where: str) -> SpeakerRef | None:
    if speaker is None:
        return None
    if not isinstance(speaker, dict):
        raise EvalInputError(f"{where}: 'speaker' must be an object or null")
    start, end = speaker.get("start"), speaker.get("end")
    if start is None or end is None:
        start = end = None
    else:
        _check_span(text, start, end, f"{where} speaker")
    mention = speaker.get("text")
    # A null name falls back to the mention as written: "the Pentagon" or "Kirby" still name
    # someone; a pronoun then simply fails to match.
    return SpeakerRef(start, end, speaker.get("name") or mention, mention)


def pred_pieces(
    record: dict[str, Any], text: str | None = None, *, doc_id: str | None = None
) -> list[Piece]:
    """The pieces of a prediction record, in prediction order.

    ``text`` is the document text the offsets refer to (default: the record's own ``text``). A
    quote with non-empty ``parts`` is one piece per part.
    """
    if text is None:
        text = record.get("text")
        if not isinstance(text, str):
            raise EvalInputError("pred_pieces needs the document text")
    doc_id = doc_id or str(record.get("id"))
    quotes = record.get("quotes") or []
    if not isinstance(quotes, list):
        raise EvalInputError(f"prediction {doc_id}: 'quotes' must be a list")
    pieces: list[Piece] = []
    for index, quote in enumerate(quotes):
        where = f"prediction {doc_id} quote {index}"
        if not isinstance(quote, dict):
            raise EvalInputError(f"{where}: a quote must be an object")
        parts = quote.get("parts") or [(quote.get("start"), quote.get("end"))]
        pieces += _make_pieces(
            text,
            (_pair(part, where) for part in parts),
            where,
            quote=index,
            kind=quote.get("kind") or "unknown",
            speaker=_pred_speaker(quote.get("speaker"), text, where),
        )
    return pieces


# --------------------------------------------------------------------------------------------
# Matching and speakers
# --------------------------------------------------------------------------------------------


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


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
            shared = _overlap(piece.start, piece.end, candidate.start, candidate.end)
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


_POSSESSIVE = re.compile(r"['’]s\b")
_TOKEN = re.compile(r"[a-z0-9]+")


def name_tokens(name: str | None) -> list[str]:
    """A name's comparable tokens: ASCII-folded, lower-cased, no possessive 's, no honorifics.

    >>> name_tokens("Dr. José Álvarez's")
    ['jose', 'alvarez']
    """
    if not name:
        return []
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).lower()
    folded = _POSSESSIVE.sub("", folded)
    return [token for token in _TOKEN.findall(folded) if token not in HONORIFICS]


def same_person(reference: str | None, predicted: str | None) -> bool:
    """Whether a predicted speaker name names the gold reference's person.

    One token set must contain the other, and the reference's last token (the surname, usually)
    must be among the prediction's: "Kirby" ~ "John Kirby", but "Erik Karlsson" ≁ "Melker
    Karlsson" and "John Kirby" ≁ "John". Names with no tokens at all (empty, or only honorifics
    or non-Latin script) fall back to a case-insensitive comparison of the whole strings.
    """
    ref, pred = name_tokens(reference), name_tokens(predicted)
    if not ref or not pred:
        return bool(reference and predicted) and (
            reference.strip().casefold() == predicted.strip().casefold()
        )
    ref_set, pred_set = set(ref), set(pred)
    return (ref_set <= pred_set or pred_set <= ref_set) and ref[-1] in pred_set


def speaker_right(gold: SpeakerRef | None, predicted: SpeakerRef | None) -> bool:
    """Rule 5: is the predicted speaker right for a matched gold piece?

    * gold has a ``speaker_reference``: the predicted name (or, when null, its mention text)
      must be the same person; no predicted speaker is wrong;
    * else gold has a speaker span: the predicted span must overlap it by ≥ 1 character;
    * else (gold has no speaker): right only when the prediction has no speaker either.
    """
    if gold is None:
        return predicted is None
    if predicted is None:
        return False
    if gold.name:
        return same_person(gold.name, predicted.name)
    if gold.has_span and predicted.has_span:
        return _overlap(gold.start, gold.end, predicted.start, predicted.end) >= 1
    return False


# --------------------------------------------------------------------------------------------
# Report types
# --------------------------------------------------------------------------------------------


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

    @property
    def recall(self) -> float | None:
        return _ratio(self.gold_matched, self.gold)

    @property
    def precision(self) -> float | None:
        return _ratio(self.pred_matched, self.predicted)

    @property
    def end_to_end_recall(self) -> float | None:
        return _ratio(self.gold_correct, self.gold)

    @property
    def end_to_end_precision(self) -> float | None:
        return _ratio(self.pred_correct, self.predicted)

    def to_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "recall": self.recall,
            "precision": self.precision,
            "end_to_end_recall": self.end_to_end_recall,
            "end_to_end_precision": self.end_to_end_precision,
        }


@dataclass(frozen=True, slots=True)
class ThresholdReport:
    """All figures at one matching threshold T."""

    threshold: float
    counts: Counts
    by_kind: dict[str, KindFigures]

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
        return {
            "documents": self.documents,
            "speech_only": self.speech_only,
            "thresholds": {_fmt_t(t.threshold): t.to_dict() for t in self.thresholds},
            "errors": errors,
            "warnings": list(self.warnings),
        }


def _fmt_t(threshold: float) -> str:
    return f"{threshold:g}"


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


# --------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Doc:
    doc_id: str
    text: str  # gold text
    pred_text: str  # the text the prediction's offsets refer to
    gold: list[Piece]
    pred: list[Piece]
    not_quotes: list[dict[str, Any]]


@dataclass(slots=True)
class _KindTally:
    gold: int = 0
    gold_matched: int = 0
    gold_correct: int = 0
    predicted: int = 0
    pred_matched: int = 0
    pred_correct: int = 0


@dataclass(slots=True)
class _Tally:
    gold: int = 0
    predicted: int = 0
    tp: int = 0
    fp: int = 0
    fn: int = 0
    speaker_right: int = 0
    absorbed: int = 0
    excluded: int = 0
    kinds: dict[str, _KindTally] = field(default_factory=dict)

    def kind(self, name: str) -> _KindTally:
        return self.kinds.setdefault(name, _KindTally())


def _summarise_ids(ids: list[str], limit: int = 5) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f", … ({len(ids) - limit} more)" if len(ids) > limit else "")


def _index_predictions(
    pred_records: Iterable[dict[str, Any]], warnings: list[str]
) -> dict[str, dict[str, Any]]:
    by_id: dict[str, dict[str, Any]] = {}
    duplicates: list[str] = []
    for record in pred_records:
        if not isinstance(record, dict) or "id" not in record:
            raise EvalInputError("a prediction record must be an object with an 'id'")
        doc_id = str(record["id"])
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


def _load_docs(
    gold_records: Iterable[dict[str, Any]],
    predictions: dict[str, dict[str, Any]],
    warnings: list[str],
) -> list[_Doc]:
    docs: list[_Doc] = []
    seen: set[str] = set()
    missing: list[str] = []
    text_differs: list[str] = []
    for gold in gold_records:
        if not isinstance(gold, dict) or "id" not in gold:
            raise EvalInputError("a gold record must be an object with an 'id'")
        doc_id = str(gold["id"])
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
            _Doc(
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
    docs = _load_docs(gold_records, _index_predictions(pred_records, warnings), warnings)
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
    doc: _Doc,
    threshold: float,
    speech_only: bool,
    tally: _Tally,
    errors: list[EvalError] | None,
) -> None:
    """Match one document's pieces at ``threshold`` and add them to ``tally`` (and ``errors``)."""
    assignment = match(doc.gold, doc.pred, threshold)
    tally.predicted += len(doc.pred)
    for piece, j in zip(doc.gold, assignment, strict=True):
        if speech_only and not piece.speech:
            # Takes part in matching, so a prediction of it is not a false positive, but it is
            # not a quote we are asked to find.
            tally.excluded += 1
            tally.absorbed += j is not None
            continue
        tally.gold += 1
        gold_kind = tally.kind(piece.kind)
        gold_kind.gold += 1
        if j is None:
            tally.fn += 1
            if errors is not None:
                errors.append(_error(doc, "miss", threshold, piece, None))
            continue
        predicted = doc.pred[j]
        right = speaker_right(piece.speaker, predicted.speaker)
        pred_kind = tally.kind(predicted.kind)
        tally.tp += 1
        gold_kind.gold_matched += 1
        pred_kind.predicted += 1
        pred_kind.pred_matched += 1
        if right:
            tally.speaker_right += 1
            gold_kind.gold_correct += 1
            pred_kind.pred_correct += 1
        elif errors is not None:
            errors.append(_error(doc, "wrong_speaker", threshold, piece, predicted))
    taken = {j for j in assignment if j is not None}
    for j, predicted in enumerate(doc.pred):
        if j in taken:
            continue
        tally.fp += 1
        tally.kind(predicted.kind).predicted += 1
        if errors is not None:
            errors.append(_error(doc, "false_positive", threshold, None, predicted))


def _threshold_report(threshold: float, tally: _Tally) -> ThresholdReport:
    known = [k for k in _KIND_ORDER if k in tally.kinds]
    kinds = known + sorted(k for k in tally.kinds if k not in _KIND_ORDER)
    by_kind = {k: KindFigures(k, **asdict(tally.kinds[k])) for k in kinds}
    counts = Counts(
        gold=tally.gold,
        predicted=tally.predicted,
        tp=tally.tp,
        fp=tally.fp,
        fn=tally.fn,
        speaker_right=tally.speaker_right,
        absorbed=tally.absorbed,
        excluded=tally.excluded,
    )
    return ThresholdReport(threshold, counts, by_kind)


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


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


def _error(
    doc: _Doc, kind: str, threshold: float, gold: Piece | None, predicted: Piece | None
) -> EvalError:
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


def _not_quote_note(doc: _Doc, piece: Piece) -> str | None:
    """The gold's explanation when a false positive overlaps one of its ``not_quotes``."""
    for entry in doc.not_quotes:
        needle = entry.get("text")
        if not needle:
            continue
        at = doc.pred_text.find(needle)
        while at >= 0:
            if _overlap(at, at + len(needle), piece.start, piece.end):
                return f"gold lists this as not a quote: {entry.get('why') or needle}"
            at = doc.pred_text.find(needle, at + 1)
    return None


def write_errors(report: EvalReport, path: Path | str) -> None:
    """Write the report's errors to ``path``: JSONL if it ends in ``.jsonl``, else text.

    The text form groups errors by document (in gold order), each document's errors by offset,
    with the piece marked ⟦ ⟧ in ±150 characters of context.
    """
    path = Path(path)
    if path.suffix.lower() == ".jsonl":
        lines = [json.dumps(asdict(error), ensure_ascii=False) for error in report.errors]
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        return
    path.write_text(_errors_text(report), encoding="utf-8")


def _errors_text(report: EvalReport) -> str:
    counts = report.error_counts()
    threshold = report.error_threshold
    out = [
        f"# quotes evaluate: errors at T = {_fmt_t(threshold) if threshold is not None else '-'}"
        + (" (speech-only)" if report.speech_only else ""),
        "# " + ", ".join(_plural(n, kind.replace("_", " ")) for kind, n in counts.items()),
        "",
    ]
    by_doc: dict[str, list[EvalError]] = {}
    for error in report.errors:
        by_doc.setdefault(error.doc_id, []).append(error)
    for doc_id, errors in by_doc.items():
        out.append(f"=== {doc_id} ({_plural(len(errors), 'error')}) ===")
        for error in sorted(errors, key=lambda e: (e.start, e.end)):
            out.append(f"[{error.error}] {error.kind} {error.start}:{error.end}")
            if error.error != "false_positive":
                out.append(f"  gold speaker:      {error.gold_speaker or '(none)'}")
            if error.error != "miss":
                out.append(f"  predicted speaker: {error.predicted_speaker or '(none)'}")
            if error.note:
                out.append(f"  note: {error.note}")
            out.append(f"  {error.context}")
            out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _cell(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def render_table(report: EvalReport, console: Console) -> None:
    """Print the figures as rich tables: headline measures, by kind, and counts."""
    from rich.table import Table

    title = _plural(report.documents, "document") + (", speech-only" if report.speech_only else "")
    main = Table(title=f"Quote attribution: {title}")
    for header in ("measure", "T", "P", "R", "F1 / acc."):
        main.add_column(header, justify="left" if header == "measure" else "right")
    for name in ("quotes", "end-to-end"):
        for t in report.thresholds:
            prf = t.quotes if name == "quotes" else t.end_to_end
            main.add_row(name, _fmt_t(t.threshold), *map(_cell, asdict(prf).values()))
    for t in report.thresholds:
        main.add_row("speaker accuracy", _fmt_t(t.threshold), "", "", _cell(t.speaker_accuracy))
    console.print(main)

    kinds = Table(title="By kind (recall by gold type, precision by predicted kind)")
    headers = ("kind", "T", "gold", "R", "e2e R", "pred", "P", "e2e P")
    for header in headers:
        kinds.add_column(header, justify="left" if header == "kind" else "right")
    for t in report.thresholds:
        for figures in t.by_kind.values():
            kinds.add_row(
                figures.kind,
                _fmt_t(t.threshold),
                str(figures.gold),
                _cell(figures.recall),
                _cell(figures.end_to_end_recall),
                str(figures.predicted),
                _cell(figures.precision),
                _cell(figures.end_to_end_precision),
            )
    console.print(kinds)

    counts = Table(title="Counts (pieces)")
    fields = ("gold", "predicted", "tp", "fp", "fn", "speaker_right")
    extra = ("absorbed", "excluded") if report.speech_only else ()
    for header in ("T", *fields, *extra):
        counts.add_column(header.replace("_", " "), justify="right")
    for t in report.thresholds:
        values = asdict(t.counts)
        counts.add_row(_fmt_t(t.threshold), *(str(values[f]) for f in (*fields, *extra)))
    console.print(counts)


# --------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------


def read_jsonl(path: Path, what: str = "file") -> Iterator[dict[str, Any]]:
    """Yield the JSON objects of a JSONL file; blank lines are skipped.

    Raises :class:`EvalInputError` naming ``path:line`` for a line that is not a JSON object.
    A record without an ``id`` gets ``<path>:<line>``, as ``quotes extract`` would give it.
    """
    if not path.exists():
        raise EvalInputError(f"{what} not found: {path}")
    if path.is_dir():
        raise EvalInputError(f"{what} is a directory, not a JSONL file: {path}")
    try:
        # utf-8-sig: a BOM at the start would otherwise break the first line's JSON.
        with path.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise EvalInputError(f"{path}:{number}: invalid JSON: {exc.msg}") from None
                if not isinstance(record, dict):
                    raise EvalInputError(f"{path}:{number}: expected a JSON object")
                record.setdefault("id", f"{path}:{number}")
                yield record
    except UnicodeDecodeError as exc:
        raise EvalInputError(f"{path}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise EvalInputError(f"cannot read {what} {path}: {exc.strerror or exc}") from None


def extract_many(records: Iterable[dict[str, Any]], *, model: str | None) -> Iterator[Any]:
    """Run our pipeline on ``{"id", "text"}`` records, yielding ``quotes.types.Result``.

    A thin wrapper, imported lazily so that scoring a predictions file never loads spaCy (and so
    tests can replace it).
    """
    from quotes import extract_many as pipeline_extract_many

    return pipeline_extract_many(records, model=model)


def _resolve_model(model: str | None) -> str | None:
    if model is not None:
        return model
    import quotes

    return getattr(quotes, "DEFAULT_MODEL", None)


def _run_pipeline(gold: list[dict[str, Any]], model: str | None) -> list[dict[str, Any]]:
    """Predictions for the gold texts from our pipeline, as contract records."""
    inputs = [{"id": record["id"], "text": record["text"]} for record in gold]
    results = []
    for result in extract_many(inputs, model=model):
        results.append(result if isinstance(result, dict) else result.to_dict())
    return results


# --------------------------------------------------------------------------------------------
# Command
# --------------------------------------------------------------------------------------------


class OutputFormat(str, Enum):
    """How ``quotes evaluate`` prints its figures."""

    table = "table"
    json = "json"


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def evaluate_command(
    gold: Annotated[
        Path,
        typer.Argument(help="Gold JSONL: one {id, text, quotes} record per document."),
    ],
    predictions: Annotated[
        Path | None,
        typer.Option(
            "--predictions",
            "-p",
            help="Predictions JSONL in the output contract's format (any tool's). "
            "Without it, our pipeline is run on the gold texts.",
        ),
    ] = None,
    speech_only: Annotated[
        bool,
        typer.Option(
            "--speech-only",
            help="Count only gold quotes with a speech cue; the others still absorb "
            "predictions, which then are not false positives.",
        ),
    ] = False,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", "-f", help="table (for people) or json (the figures)."),
    ] = OutputFormat.table,
    errors: Annotated[
        Path | None,
        typer.Option(
            "--errors",
            help="Write false positives, misses and wrong speakers (at T=0.3) with context to "
            "this file: JSONL if it ends in .jsonl, else readable text.",
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(
            "--model",
            "-m",
            help="spaCy model name or path for our pipeline (default: the package's "
            "DEFAULT_MODEL); unused with --predictions.",
        ),
    ] = None,
) -> None:
    """Score quote attribution against gold JSONL: quotes and end-to-end P/R/F1 at T=0.3/0.8."""
    try:
        gold_records = list(read_jsonl(gold, "gold file"))
        # Check the gold now, not after a pipeline run of several minutes.
        _load_docs(gold_records, {}, [])
        if predictions is not None:
            pred_records = list(read_jsonl(predictions, "predictions file"))
    except EvalInputError as exc:
        raise _fail(str(exc)) from None

    if predictions is None:
        model = _resolve_model(model)
        if sys.stderr.isatty():  # progress only for people: scripts get one line or none
            typer.echo(f"running the pipeline on {len(gold_records)} documents…", err=True)
        try:
            pred_records = _run_pipeline(gold_records, model)
        except Exception as exc:  # any failure to load or run the model is one clean line
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            label = repr(model) if model else "the default model"
            raise _fail(f"could not run the pipeline with {label}: {detail}", 1) from None

    try:
        report = score(gold_records, pred_records, speech_only=speech_only)
    except EvalInputError as exc:
        raise _fail(str(exc)) from None
    except (TypeError, AttributeError, KeyError) as exc:  # a field of an unexpected JSON type
        raise _fail(f"malformed gold or prediction data: {type(exc).__name__}: {exc}") from None
    for warning in report.warnings:
        typer.echo(f"warning: {warning}", err=True)

    if output_format is OutputFormat.json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        from rich.console import Console

        render_table(report, Console(file=sys.stdout))

    if errors is not None:
        try:
            write_errors(report, errors)
        except OSError as exc:
            raise _fail(f"cannot write errors to {errors}: {exc.strerror or exc}", 1) from None
        typer.echo(f"wrote {len(report.errors)} errors to {errors}", err=True)
