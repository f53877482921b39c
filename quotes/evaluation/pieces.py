"""Gold and prediction records into *pieces*, the unit that is matched and counted.

Every quote becomes one or more pieces (gold ``fragments`` / predicted ``parts``), each trimmed
of quotation marks, punctuation and whitespace at both ends; offsets are checked against the
text, and data that cannot be scored raises :class:`EvalInputError` saying where and why.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "EvalInputError",
    "Piece",
    "SpeakerRef",
    "gold_pieces",
    "overlap",
    "pred_pieces",
    "trim",
]

QUOTATION_MARKS = "\"'“”‘’«»„‹›"
TRIM_PUNCTUATION = ".,;:!?-–—()[]…"
_TRIMMABLE = frozenset(QUOTATION_MARKS + TRIM_PUNCTUATION)


class EvalInputError(ValueError):
    """Gold or prediction data that cannot be scored; the message says where and why."""


@dataclass(frozen=True, slots=True)
class SpeakerRef:
    """What a piece says about its speaker.

    ``name`` is the gold ``speaker_reference`` or the predicted ``speaker.name`` (falling back to
    the predicted mention text when the name is null); ``start``/``end`` locate the mention;
    ``title`` is the gold quote's ``title`` or the predicted ``speaker.title``.
    """

    start: int | None
    end: int | None
    name: str | None
    text: str | None = None
    title: str | None = None

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


def _quote_pieces(
    text: str, record: dict[str, Any], where: str, spans_key: str, **attributes: Any
) -> list[Piece]:
    """The pieces of one quote ``record``: one per entry of its ``spans_key`` list (gold
    ``fragments``, predicted ``parts``), else its own ``start``/``end``; ``attributes`` are the
    rest of each Piece's fields."""
    spans = record.get(spans_key) or [(record.get("start"), record.get("end"))]
    pieces = []
    for span in spans:
        start, end = trim(text, *_check_span(text, *_pair(span, where), where))
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
    return SpeakerRef(start, end, reference or None, mention, _title(quote.get("title"), where))


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
        pieces += _quote_pieces(
            text,
            quote,
            where,
            "fragments",
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
    return SpeakerRef(
        start, end, speaker.get("name") or mention, mention, _title(speaker.get("title"), where)
    )


def _title(value: Any, where: str) -> str | None:
    """A gold or predicted title: a string, or None for none (an empty string is none)."""
    if value is None or isinstance(value, str):
        return value or None
    raise EvalInputError(f"{where}: 'title' must be a string or null, got {value!r}")


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
        speaker = _pred_speaker(quote.get("speaker"), text, where)
        kind = quote.get("kind") or "unknown"
        pieces += _quote_pieces(
            text, quote, where, "parts", quote=index, kind=kind, speaker=speaker
        )
    return pieces


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    """How many characters the spans ``a`` and ``b`` share."""
    return max(0, min(a_end, b_end) - max(a_start, b_start))
