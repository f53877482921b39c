"""Fill the character offsets of hand-written case records, and check case files.

Gold offsets are tedious and error-prone to count by hand, so case passages are written with
texts only and this script finds every span. Authoring form, one JSON object a line::

    {"id": "sports-004", "genre": "sports", "text": "…", "note": "…",
     "quotes": [
       {"quote": "“We were sloppy,”", "type": "direct",
        "speaker": "coach Maria Lind", "speaker_reference": "Maria Lind",
        "speaker_kind": "person", "title": "coach", "cue": "said"},
       {"fragments": ["“We were sloppy,”", "“Again.”"], "type": "direct", …},
       {"quote": "…", "occurrence": 2, "speaker": "he", "speaker_context": "he told", …}],
     "not_quotes": [{"text": "MARKETS:", "why": "section label"}]}

How each text is found (words match whole: "he" never matches inside "the"):

* a quote (or its first fragment) and a not-quote: its only occurrence in the text, or the
  ``occurrence``-th (1-based), or the only one inside ``context`` (itself unique in the text);
* a later fragment: its first occurrence after the previous fragment;
* a cue, then a speaker: the only occurrence outside the quote (and the cue) in the quote's
  paragraphs, else in the paragraphs either side, else in the whole text; or as set by
  ``cue_occurrence``/``cue_context``, ``speaker_occurrence``/``speaker_context``.

Anything ambiguous (two candidates at the first level that has any) or missing is an error
naming the record and the text: the author adds an ``occurrence`` or a ``context``.

Usage::

    python tests/cases/fill_offsets.py SOURCE.jsonl -o OUT.jsonl
    python tests/cases/fill_offsets.py SOURCE.jsonl --split tests/cases/genre
    python tests/cases/fill_offsets.py --check tests/cases/*.jsonl

``--split PREFIX`` writes ``PREFIX_dev.jsonl`` and ``PREFIX_heldout.jsonl``: within each genre,
in id order, every third record is held out. ``validate_record`` is the integrity check that
``tests/test_case_files.py`` runs on every case file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from quotes.paragraphs import paragraphs

TYPES = ("direct", "mixed", "indirect")
KINDS = ("person", "organization", "group", "document", "unknown")
# Marks that make reported speech mixed; a lone ’ is too often an apostrophe to count.
DOUBLE_MARKS = '“”"«»„'
ANY_MARKS = DOUBLE_MARKS + "‘’'‹›"
HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady", "rev"}
# Keys copied from the authoring form to the gold form as they are.
_QUOTE_EXTRAS = ("required", "speech_cue", "rule", "note")
_SPAN_KEYS = (("speaker", "speaker_start", "speaker_end"), ("cue", "cue_start", "cue_end"))

Span = tuple[int, int]


class CaseError(ValueError):
    """A record that cannot be filled, or a filled record that is not valid."""


# ------------------------------------------------------------------------------------------
# Finding texts
# ------------------------------------------------------------------------------------------


def find_all(text: str, needle: str, lo: int = 0, hi: int | None = None) -> list[int]:
    """Start offsets of ``needle`` in ``text[lo:hi]``; a needle's word edges match whole words."""
    if not needle:
        raise CaseError("empty text to find")
    hi = len(text) if hi is None else hi
    head = r"(?<!\w)" if needle[0].isalnum() else ""
    tail = r"(?!\w)" if needle[-1].isalnum() else ""
    pattern = re.compile(head + re.escape(needle) + tail)
    # Overlapping occurrences count too ("ha" in "haha"), so search one character on each time.
    found, at = [], lo
    while (m := pattern.search(text, at, hi)) is not None:
        found.append(m.start())
        at = m.start() + 1
    return found


def _in_context(text: str, needle: str, context: str, what: str) -> int:
    outer = find_all(text, context)
    if len(outer) != 1:
        raise CaseError(f"{what}: context {context!r} occurs {len(outer)} times, not once")
    inner = find_all(context, needle)
    if len(inner) != 1:
        raise CaseError(f"{what}: {needle!r} occurs {len(inner)} times in its context")
    return outer[0] + inner[0]


def _nth(text: str, needle: str, occurrence: int, what: str) -> int:
    found = find_all(text, needle)
    if not 1 <= occurrence <= len(found):
        raise CaseError(f"{what}: {needle!r} has no occurrence {occurrence} ({len(found)} found)")
    return found[occurrence - 1]


def locate(text: str, needle: str, spec: dict[str, Any], what: str) -> int:
    """Start of ``needle``: set by ``spec`` ``occurrence``/``context``, else its only occurrence."""
    if spec.get("context"):
        return _in_context(text, needle, spec["context"], what)
    if spec.get("occurrence"):
        return _nth(text, needle, int(spec["occurrence"]), what)
    found = find_all(text, needle)
    if len(found) != 1:
        raise CaseError(f"{what}: {needle!r} occurs {len(found)} times; give occurrence/context")
    return found[0]


def _overlaps(start: int, end: int, spans: Iterable[Span]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _regions(text: str, start: int, end: int) -> list[Span]:
    """Where to look for a quote's cue and speaker, nearest first: its paragraphs, then one
    paragraph either side, then the whole text."""
    paras = paragraphs(text)
    inside = [i for i, (s, e) in enumerate(paras) if s < end and start < e] or [0]
    first, last = inside[0], inside[-1]
    wider_first, wider_last = max(first - 1, 0), min(last + 1, len(paras) - 1)
    return [
        (paras[first][0], paras[last][1]),
        (paras[wider_first][0], paras[wider_last][1]),
        (0, len(text)),
    ]


def locate_near(
    text: str, needle: str, spec: dict[str, Any], near: Span, avoid: list[Span], what: str
) -> int:
    """Start of a cue or speaker ``needle`` near the quote at ``near``, outside ``avoid``."""
    if spec.get("context") or spec.get("occurrence"):
        return locate(text, needle, spec, what)
    for lo, hi in _regions(text, *near):
        found = [
            at
            for at in find_all(text, needle, lo, hi)
            if at + len(needle) <= hi and not _overlaps(at, at + len(needle), avoid)
        ]
        if len(found) > 1:
            raise CaseError(f"{what}: {needle!r} is ambiguous near the quote; give a context")
        if found:
            return found[0]
    raise CaseError(f"{what}: {needle!r} not found outside the quote")


# ------------------------------------------------------------------------------------------
# Filling a record
# ------------------------------------------------------------------------------------------


def _sub(source: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The ``occurrence``/``context`` keys of one field (``speaker_context`` → ``context``)."""
    return {k: source.get(f"{prefix}{k}") for k in ("occurrence", "context")}


def fill_pieces(text: str, source: dict[str, Any], what: str) -> list[Span]:
    """Spans of a quote's fragments (or of the quote itself), in order."""
    texts = source.get("fragments") or [source.get("quote")]
    if not all(isinstance(t, str) and t for t in texts):
        raise CaseError(f"{what}: a quote needs 'quote' or 'fragments' texts")
    start = locate(text, texts[0], source, what)
    spans = [(start, start + len(texts[0]))]
    for piece in texts[1:]:
        found = find_all(text, piece, spans[-1][1])
        if not found:
            raise CaseError(f"{what}: fragment {piece!r} not found after the one before")
        spans.append((found[0], found[0] + len(piece)))
    return spans


def fill_quote(text: str, source: dict[str, Any], what: str) -> dict[str, Any]:
    """One gold quote from its authoring form."""
    spans = fill_pieces(text, source, what)
    start, end = spans[0][0], spans[-1][1]
    if source.get("quote") and source.get("fragments") and source["quote"] != text[start:end]:
        raise CaseError(f"{what}: 'quote' differs from the stretch its fragments cover")
    gold: dict[str, Any] = {"quote": text[start:end], "start": start, "end": end}
    gold["type"] = source.get("type")
    gold["fragments"] = [list(s) for s in spans] if len(spans) > 1 else None
    avoid = list(spans)
    found: dict[str, Span | None] = {"cue": None, "speaker": None}
    # The cue first: the speaker is then looked for outside it too.
    for field in ("cue", "speaker"):
        needle = source.get(field)
        if needle:
            spec = _sub(source, f"{field}_")
            at = locate_near(text, needle, spec, (start, end), avoid, f"{what} {field}")
            found[field] = (at, at + len(needle))
            avoid.append(found[field])
    _put_span(gold, text, found["speaker"], "speaker", "speaker_start", "speaker_end")
    for key in ("speaker_reference", "speaker_kind", "title"):
        gold[key] = source.get(key)
    _put_span(gold, text, found["cue"], "cue", "cue_start", "cue_end")
    gold.update({k: source[k] for k in _QUOTE_EXTRAS if k in source})
    return gold


def _put_span(
    gold: dict[str, Any], text: str, span: Span | None, field: str, start_key: str, end_key: str
) -> None:
    gold[field] = text[span[0] : span[1]] if span else None
    gold[start_key] = span[0] if span else None
    gold[end_key] = span[1] if span else None


def fill_not_quote(text: str, source: dict[str, Any], what: str) -> dict[str, Any]:
    """One gold not-quote (``text``, ``why``) with its offsets."""
    needle = source.get("text")
    if not isinstance(needle, str) or not needle:
        raise CaseError(f"{what}: a not-quote needs a 'text'")
    at = locate(text, needle, source, what)
    return {"text": needle, "start": at, "end": at + len(needle), "why": source.get("why")}


def fill_record(source: dict[str, Any]) -> dict[str, Any]:
    """The gold record of one authoring record, validated; raises :class:`CaseError`."""
    doc_id = str(source.get("id"))
    text = source.get("text")
    if not isinstance(text, str):
        raise CaseError(f"{doc_id}: 'text' must be a string")
    record: dict[str, Any] = {"id": source.get("id"), "genre": source.get("genre"), "text": text}
    record["quotes"] = [
        fill_quote(text, q, f"{doc_id} quote {i}") for i, q in enumerate(source.get("quotes", []))
    ]
    record["quotes"].sort(key=lambda q: (q["start"], q["end"]))
    record["not_quotes"] = [
        fill_not_quote(text, n, f"{doc_id} not-quote {i}")
        for i, n in enumerate(source.get("not_quotes", []))
    ]
    record["entities"] = source.get("entities", [])
    record["note"] = source.get("note")
    problems = validate_record(record)
    if problems:
        raise CaseError("\n".join(problems))
    return record


# ------------------------------------------------------------------------------------------
# Validating gold records
# ------------------------------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_text_span(
    text: str, record: dict[str, Any], field: str, start_key: str, end_key: str, where: str
) -> list[str]:
    """The span ``start_key``/``end_key`` is in the text and, when ``field`` is set, spells it."""
    start, end = record.get(start_key), record.get(end_key)
    if start is None and end is None:
        return [f"{where}: {field} {record[field]!r} has no offsets"] if record.get(field) else []
    if not (_is_int(start) and _is_int(end) and 0 <= start < end <= len(text)):
        return [f"{where}: {field} offsets {start!r}:{end!r} are not a span of the text"]
    problems = []
    if field in record and record[field] != text[start:end]:
        problems.append(f"{where}: {field} {record[field]!r} != text {text[start:end]!r}")
    if text[start:end] != text[start:end].strip():
        problems.append(f"{where}: {field} span starts or ends with white space")
    return problems


def _pieces(quote: dict[str, Any], where: str, problems: list[str]) -> list[Span]:
    """The quote's fragments (checked: pairs, in order, inside start/end), or start/end."""
    start, end = quote["start"], quote["end"]
    fragments = quote.get("fragments")
    if fragments is None:
        return [(start, end)]
    ok = isinstance(fragments, list) and len(fragments) >= 2
    ok = ok and all(isinstance(f, list) and len(f) == 2 and all(map(_is_int, f)) for f in fragments)
    if not ok:
        problems.append(f"{where}: fragments must be null or a list of two or more [start, end]")
        return [(start, end)]
    spans = [(f[0], f[1]) for f in fragments]
    edges = [x for span in spans for x in span]
    if edges != sorted(edges) or any(s >= e for s, e in spans):
        problems.append(f"{where}: fragments are not in order")
    if spans[0][0] != start or spans[-1][1] != end:
        problems.append(f"{where}: fragments do not run from start to end")
    return spans


def _check_type(text: str, quote: dict[str, Any], spans: list[Span], where: str) -> list[str]:
    kind = quote.get("type")
    if kind not in TYPES:
        return [f"{where}: type {kind!r} is not one of {TYPES}"]
    words = "".join(text[s:e] for s, e in spans)
    # a quote may say its marks are HTML debris (target=”_blank”>), no quotation
    if (
        kind == "indirect"
        and not quote.get("marks_are_debris")
        and any(m in words for m in DOUBLE_MARKS)
    ):
        return [f"{where}: an indirect quote holds quotation marks (mixed?)"]
    if kind == "mixed" and not any(m in words for m in ANY_MARKS):
        return [f"{where}: a mixed quote holds no quotation marks (indirect?)"]
    return []


def _check_speaker_fields(quote: dict[str, Any], where: str) -> list[str]:
    problems = []
    kind = quote.get("speaker_kind")
    if kind is not None and kind not in KINDS:
        problems.append(f"{where}: speaker_kind {kind!r} is not one of {KINDS}")
    for key in ("speaker_reference", "title", "speaker", "cue"):
        value = quote.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problems.append(f"{where}: {key} must be null or a non-empty string")
    title = quote.get("title")
    if isinstance(title, str):
        first = re.sub(r"\W", "", title.split()[0].lower()) if title.split() else ""
        if first in HONORIFICS:
            problems.append(f"{where}: title {title!r} starts with an honorific")
    for key in ("required", "speech_cue"):
        if key in quote and not isinstance(quote[key], bool):
            problems.append(f"{where}: {key} must be true or false")
    return problems


def validate_quote(text: str, quote: dict[str, Any], where: str) -> tuple[list[str], list[Span]]:
    """Problems with one gold quote, and its pieces."""
    if not isinstance(quote, dict):
        return [f"{where}: a quote must be an object"], []
    start, end = quote.get("start"), quote.get("end")
    if not (_is_int(start) and _is_int(end) and 0 <= start < end <= len(text)):
        return [f"{where}: start/end {start!r}:{end!r} are not a span of the text"], []
    problems: list[str] = []
    if "quote" in quote and quote["quote"] != text[start:end]:
        problems.append(f"{where}: quote text != text[start:end] {text[start:end]!r}")
    spans = _pieces(quote, where, problems)
    for s, e in spans:
        if text[s:e] != text[s:e].strip():
            problems.append(f"{where}: piece {text[s:e]!r} starts or ends with white space")
    problems += _check_type(text, quote, spans, where)
    problems += _check_speaker_fields(quote, where)
    own: list[Span] = []
    for field, start_key, end_key in _SPAN_KEYS:
        found = _check_text_span(text, quote, field, start_key, end_key, where)
        problems += found
        span = (quote.get(start_key), quote.get(end_key))
        if not found and _is_int(span[0]):
            if _overlaps(span[0], span[1], spans):
                problems.append(f"{where}: the {field} lies inside the quote")
            if _overlaps(span[0], span[1], own):
                problems.append(f"{where}: speaker and cue overlap")
            own.append((span[0], span[1]))
    return problems, spans


def _check_not_quotes(
    text: str, record: dict[str, Any], pieces: list[tuple[Span, str]], where: str
) -> list[str]:
    """A not-quote spells its text, and touches no quote, unless it sits wholly inside
    reported speech (a scare-quoted word within a mixed quote is no quote of its own)."""
    problems = []
    for i, entry in enumerate(record.get("not_quotes") or []):
        at = f"{where} not-quote {i}"
        if not isinstance(entry, dict) or not isinstance(entry.get("why"), str):
            problems.append(f"{at}: must be an object with a 'why'")
            continue
        found = _check_text_span(text, entry, "text", "start", "end", at)
        problems += found
        if found or entry.get("start") is None:
            continue
        s, e = entry["start"], entry["end"]
        for (ps, pe), kind in pieces:
            inside = kind != "direct" and ps <= s and e <= pe
            if s < pe and ps < e and not inside:
                problems.append(f"{at}: {entry['text']!r} overlaps a quote")
    return problems


def validate_record(record: Any) -> list[str]:
    """Every problem with one gold case record (empty when it is valid)."""
    if not isinstance(record, dict):
        return ["a record must be an object"]
    where = str(record.get("id"))
    text = record.get("text")
    if not isinstance(record.get("id"), str) or not record["id"]:
        return [f"{where}: 'id' must be a non-empty string"]
    if not isinstance(text, str) or not isinstance(record.get("quotes"), list):
        return [f"{where}: 'text' must be a string and 'quotes' a list"]
    problems: list[str] = []
    pieces: list[tuple[Span, str]] = []
    for i, quote in enumerate(record["quotes"]):
        found, spans = validate_quote(text, quote, f"{where} quote {i}")
        problems += found
        for span in spans:
            if _overlaps(*span, [p for p, _ in pieces]):
                problems.append(f"{where} quote {i}: overlaps another quote")
            pieces.append((span, quote.get("type")))
    problems += _check_not_quotes(text, record, pieces, where)
    if not isinstance(record.get("entities", []), list):
        problems.append(f"{where}: 'entities' must be a list")
    return problems


def validate_records(records: Sequence[Any]) -> list[str]:
    """Every problem with a case file's records, ids unique across the file."""
    problems: list[str] = []
    seen: set[str] = set()
    for record in records:
        problems += validate_record(record)
        doc_id = record.get("id") if isinstance(record, dict) else None
        if doc_id in seen:
            problems.append(f"{doc_id}: id occurs twice")
        seen.add(doc_id)
    return problems


# ------------------------------------------------------------------------------------------
# Files
# ------------------------------------------------------------------------------------------


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSONL file (blank lines skipped); a bad line is an error."""
    records = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise CaseError(f"{path}:{number}: {exc}") from exc
    return records


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> None:
    lines = [json.dumps(r, ensure_ascii=False) + "\n" for r in records]
    path.write_text("".join(lines), encoding="utf-8")


def split_by_genre(records: Sequence[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """(development, held-out): within each genre, in id order, every third record is held
    out, so both parts keep the genre mix; the result keeps id order."""
    held: set[str] = set()
    by_genre: dict[str, list[str]] = {}
    for record in records:
        by_genre.setdefault(str(record.get("genre")), []).append(record["id"])
    for ids in by_genre.values():
        held.update(doc_id for n, doc_id in enumerate(sorted(ids), 1) if n % 3 == 0)
    ordered = sorted(records, key=lambda r: r["id"])
    return [r for r in ordered if r["id"] not in held], [r for r in ordered if r["id"] in held]


def fill_file(path: Path) -> list[dict[str, Any]]:
    """Fill every record of an authoring file; all errors are reported together."""
    records, problems = [], []
    for source in read_jsonl(path):
        try:
            records.append(fill_record(source))
        except CaseError as exc:
            problems.append(str(exc))
    problems += validate_records(records) if not problems else []
    if problems:
        raise CaseError("\n".join(problems))
    return records


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="authoring JSONL (or gold, --check)")
    parser.add_argument("-o", "--output", type=Path, help="write the filled records here")
    parser.add_argument("--split", metavar="PREFIX", help="write PREFIX_dev / PREFIX_heldout")
    parser.add_argument("--check", action="store_true", help="only validate gold files")
    args = parser.parse_args(argv)
    try:
        if args.check:
            problems = [p for f in args.files for p in validate_records(read_jsonl(f))]
            if problems:
                raise CaseError("\n".join(problems))
            print(f"{len(args.files)} files valid")
            return 0
        records = [r for f in args.files for r in fill_file(f)]
    except CaseError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.output:
        write_jsonl(args.output, records)
    if args.split:
        dev, heldout = split_by_genre(records)
        write_jsonl(Path(f"{args.split}_dev.jsonl"), dev)
        write_jsonl(Path(f"{args.split}_heldout.jsonl"), heldout)
    print(f"{len(records)} records filled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
