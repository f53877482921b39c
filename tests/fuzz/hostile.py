"""Hostile inputs for the fuzz script: the shapes the red team broke things with (issue 13).

Texts for the pipeline (lone surrogates, CR-only and U+2029 paragraphs, long lines of quoted
spans, token-dense short quotes), and whole inputs for the readers with what they must give:
JSONL corpora (integers of thousands of digits, nesting too deep, over-long lines, CR-only line
ends, a BOM, broken lines) whose documents and skipped lines are known in advance, and HTML
pages declaring any codec (hex, base64, rot13, idna…) with undecodable bytes and deep or
unclosed markup. Every generator draws through a seeded :class:`random.Random`.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

from fuzz.news import random_article

#: Codecs a page may declare: text encodings, and the ones that are not (the red team's list).
CODECS = (
    "utf-8",
    "latin-1",
    "cp1252",
    "shift_jis",
    "koi8-r",
    "utf-16",
    "hex",
    "base64",
    "zlib",
    "bz2",
    "rot13",
    "undefined",
    "idna",
    "punycode",
    "utf-7",
    "unicode_escape",
    "no-such-codec",
    "",
)


def surrogates(rng: random.Random, text: str) -> str:
    """``text`` with a few lone surrogates put in (a JavaScript string cut in an emoji)."""
    for _ in range(rng.randint(1, 3)):
        at = rng.randint(0, len(text))
        text = text[:at] + chr(rng.randint(0xD800, 0xDFFF)) + text[at:]
    return text


def odd_breaks(rng: random.Random, text: str) -> str:
    """``text`` with its newlines replaced by one other kind of line break."""
    return text.replace("\n", rng.choice(("\r", "\u2029", "\r\n", "\x85", "\u2028")))


def quoted_line(rng: random.Random) -> str:
    """One long line of many quoted spans, or of token-dense short quotes."""
    n = rng.randint(50, 600)
    if rng.random() < 0.5:
        return '"a" ' * n
    return "“Yes,” she said. “No,” he said. " * (n // 4 + 1)


def hostile_text(rng: random.Random, max_chars: int) -> str:
    """A news-like text with one of the hostile shapes."""
    roll = rng.random()
    if roll < 0.35:
        return surrogates(rng, random_article(rng, max_chars, 20))
    if roll < 0.7:
        return odd_breaks(rng, random_article(rng, max_chars, 30))
    line = quoted_line(rng)
    return random_article(rng, 300, 4) + "\n" + line + "\n" + random_article(rng, 300, 4)


# --- inputs for the readers ---------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """What reading an input must give: the ids of its documents, and how many skipped."""

    data: bytes
    ids: tuple[str, ...]
    skipped: int
    max_bytes: int


def _id(rng: random.Random, n: int) -> tuple[object, str]:
    """A record's id as written in JSON and as the reader must give it."""
    kind = rng.randint(0, 5)
    if kind == 0:
        big = "9" * rng.randint(4301, 6000)
        return _Raw(big), big
    if kind == 1:
        return n, str(n)
    if kind == 2:
        return ["a", n], json.dumps(["a", n])
    if kind == 3:
        return {"k": n}, json.dumps({"k": n})
    text = f"doc-{n}" + rng.choice(("", "\n", "\x1b[2J", "\u202e", "\ud83d"))
    return text, text


class _Raw:
    """A JSON value written as it is (digits too long for Python's int())."""

    def __init__(self, text: str) -> None:
        self.text = text


def _dump(value: object) -> str:
    if isinstance(value, _Raw):
        return value.text
    return json.dumps(value)


def _record(rng: random.Random, n: int, limit: int) -> tuple[str, str | None]:
    """One JSONL line, and the id it gives when read whole (None: it must be skipped)."""
    roll = rng.randint(0, 11)
    if roll == 0:
        return "[" * rng.randint(2_000, 60_000), None  # nested too deeply (or invalid)
    if roll == 1:
        return '{"id": "x", "text": ' + "9" * rng.randint(4301, 6000) + "}", None
    if roll == 2:
        return json.dumps({"id": "long", "text": "word " * (limit // 5 + 1)}), None
    if roll == 3:
        return rng.choice(
            ('{"id": "x", "text": ', "[1, 2]", '{"body": "no text"}', "nul\x00")
        ), None
    doc_id, want = _id(rng, n)
    text = random_article(rng, 300, 5)
    if rng.random() < 0.3:
        text = surrogates(rng, text)
    extra = ', "n": ' + "7" * rng.randint(4301, 5000) if rng.random() < 0.2 else ""
    return '{"id": ' + _dump(doc_id) + ', "text": ' + json.dumps(text) + extra + "}", want


def jsonl_input(rng: random.Random) -> Expected:
    """A JSONL corpus with known documents and skipped lines: LF, CRLF or CR line ends (a
    CR-only corpus larger than the limit too), a BOM, lines over the size limit."""
    limit = rng.choice((2_000, 5_000, 50_000_000))
    drawn = [_record(rng, n, limit) for n in range(rng.randint(1, 12))]
    end = rng.choice(("\n", "\r\n", "\r"))
    bom = b"\xef\xbb\xbf" if rng.random() < 0.2 else b""
    ids: list[str] = []
    skipped = 0
    for k, (line, want) in enumerate(drawn):
        # what the reader holds of a line: its bytes, the CR of a CRLF, a BOM on the first
        size = len(line.encode()) + (end == "\r\n") + (len(bom) if k == 0 else 0)
        if want is None or size > limit:
            skipped += 1
        else:
            ids.append(want)
    data = bom + (end.join(line for line, _ in drawn) + end).encode()
    if end == "\r" and len(data) > limit and b"\x00" in data[: limit + 1]:
        # one over-long line (no LF) with a NUL in what is read of it: binary data, and the
        # rest of the file is skipped unread (else /dev/urandom would never end)
        return Expected(data, (), 1, limit)
    return Expected(data, tuple(ids), skipped, limit)


def html_input(rng: random.Random) -> bytes:
    """An HTML page declaring some codec, with undecodable bytes and odd markup."""
    codec = rng.choice(CODECS)
    depth = rng.randint(0, 3_000)
    shape = rng.randint(0, 3)
    body = "<p>" + random_article(rng, 400, 6).replace("\n", "</p><p>") + "</p>"
    if shape == 0:
        body = "<div>" * depth + body + "</div>" * depth
    elif shape == 1:
        body = "<nav>" * depth + "<body>" * rng.randint(1, 50) + body
    elif shape == 2:
        body = "<svg>" * depth + "</span>" * depth + body
    head = f'<html><head><meta charset="{codec}"><title>t</title>'
    page = (head + body + "</html>").encode("utf-8", "surrogatepass")
    bad = bytes(rng.randint(0x80, 0xFF) for _ in range(rng.randint(1, 4)))
    at = rng.randint(len(head), len(page))
    return page[:at] + bad + page[at:]
