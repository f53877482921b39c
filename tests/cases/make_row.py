"""Write rows of rules.jsonl from substrings, so that no offset is ever counted by hand.

    python tests/cases/make_row.py SPEC.jsonl >> tests/cases/rules.jsonl

A spec is a row (README.md here) whose spans are given by their words alone: each quote's
``quote``, ``cue``, ``speaker`` and ``fragments`` (a list of strings), and each ``not_quotes``
entry's ``text``, are found in ``text`` and get their offsets. A string that occurs more than
once must say which: ``["Kirby", 1]`` is its second occurrence. Fragments are looked up inside
their quote. A field left out stays out (the test does not check it); ``"cue": null`` and
``"speaker": null`` mean the prediction must have none. Lines are written as tests/test_cases.py
reads them: UTF-8, split on "\\n" only, so U+0085, U+2028 and U+2029 are escaped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

# The line breaks json.dumps(ensure_ascii=False) leaves raw and str.splitlines splits at.
_RAW_BREAKS = "\x85\u2028\u2029"


def locate(text: str, words: str | list[Any], lo: int = 0, hi: int | None = None) -> list[int]:
    """[start, end] of ``words`` (or of ``[words, n]``, its n-th occurrence) in text[lo:hi]."""
    nth = None
    if isinstance(words, list):
        words, nth = words
    hi = len(text) if hi is None else hi
    starts = [i for i in range(lo, hi - len(words) + 1) if text.startswith(words, i)]
    if nth is None and len(starts) != 1:
        raise ValueError(f"{words!r} occurs at {starts}: give [{words!r}, n]")
    start = starts[nth or 0]
    return [start, start + len(words)]


def _span(text: str, q: dict[str, Any], key: str, out: dict[str, Any]) -> None:
    if key not in q:
        return
    if q[key] is None:
        out.update({key: None, f"{key}_start": None, f"{key}_end": None})
        return
    start, end = locate(text, q[key])
    out.update({key: text[start:end], f"{key}_start": start, f"{key}_end": end})


def quote(text: str, q: dict[str, Any]) -> dict[str, Any]:
    """A gold quote with its offsets, from a quote given by its words."""
    start, end = locate(text, q["quote"])
    frags = q.get("fragments")
    out: dict[str, Any] = {"quote": text[start:end], "start": start, "end": end, "type": q["type"]}
    out["fragments"] = [locate(text, f, start, end) for f in frags] if frags else None
    if "rule" in q:
        out["rule"] = q["rule"]
    _span(text, q, "cue", out)
    _span(text, q, "speaker", out)
    out.update({k: v for k, v in q.items() if k not in out and k not in ("quote", "fragments")})
    return out


def row(spec: dict[str, Any]) -> dict[str, Any]:
    """A rules.jsonl row from a spec (the same row with words where offsets go)."""
    text = spec["text"]
    try:
        quotes = [quote(text, q) for q in spec["quotes"]]
    except ValueError as e:
        raise ValueError(f"{spec['id']}: {e}") from None
    out = {"id": spec["id"], "text": text, "quotes": quotes}
    for nq in spec.get("not_quotes", []):
        start, end = locate(text, nq["text"])
        out.setdefault("not_quotes", []).append(
            {**nq, "text": text[start:end], "start": start, "end": end}
        )
    out.update({k: v for k, v in spec.items() if k not in out})
    return out


def dumps(record: dict[str, Any]) -> str:
    """One JSONL line: readable UTF-8, with the line breaks other readers split at escaped."""
    line = json.dumps(record, ensure_ascii=False)
    for ch in _RAW_BREAKS:  # only ever inside strings: JSON allows them nowhere else
        line = line.replace(ch, f"\\u{ord(ch):04x}")
    return line


def main(paths: list[str]) -> None:
    for path in paths or ["-"]:
        source = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
        for line in source.split("\n"):
            if line.strip():
                print(dumps(row(json.loads(line))))


if __name__ == "__main__":
    main(sys.argv[1:])
