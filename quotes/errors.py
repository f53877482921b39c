"""Exceptions that stop a run, and the one-line form of anything shown to the user.

Each exception carries a one-line message meant for the user. :func:`one_line` makes any text
from the input (a file name, a document id, an exception's message) safe to print as part of
such a line: it cannot break the line, move the cursor or reorder the text on a terminal.
"""

from __future__ import annotations

import re

__all__ = ["ExtractionError", "InputError", "ModelError", "QuotesError", "one_line"]


class QuotesError(Exception):
    """Base class: a fatal problem, reported to the user as its one-line message."""


class InputError(QuotesError):
    """A fatal input problem (no inputs found, an unknown input format...)."""


class ModelError(QuotesError):
    """A model that cannot be loaded (unknown name, missing package...)."""


class ExtractionError(QuotesError):
    """The quote rules (or the pipeline) failed on a text given to :func:`quotes.extract`.

    ``quotes.extract`` raises it rather than returning ``[]``, which would read as "no
    quotes"; ``quotes.extract_many`` keeps going and sets ``Result.error`` instead.
    """


# Characters that would act on a terminal rather than show: C0 and C1 controls (newline and
# ESC included), DEL, the line and paragraph separators, bidirectional controls (U+202E
# reverses what follows) and lone surrogates (which cannot even be encoded).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: object) -> str:
    """``text`` as it may appear inside one line on a terminal or in a log: every control,
    line break, bidirectional control and lone surrogate written as a Python-style escape
    (``\\n``, ``\\x1b``, ``\\u202e``); everything else as it is."""
    return _UNSAFE.sub(_escape, str(text))
