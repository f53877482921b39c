"""The invariants every result must satisfy, whatever the input."""

from __future__ import annotations

import json
import sys
from pathlib import Path

_TESTS = Path(__file__).resolve().parents[1]
if str(_TESTS) not in sys.path:  # the fuzz script runs outside pytest
    sys.path.insert(0, str(_TESTS))

from contract import validate_record  # noqa: E402


def check_result(result, text: str) -> None:
    """One document's Result: no error, true offsets, the contract (via its JSON form)."""
    assert result.error is None, f"rules failed: {result.error}"
    assert result.text == text
    record = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    validate_record(record, text)
    for q in result.quotes:
        assert q.text.strip(), q  # a quote has words, not only space
        if q.parts:  # the pieces of one quote do not share a character either
            ends = [p.end for p in q.parts[:-1]]
            starts = [p.start for p in q.parts[1:]]
            assert all(e <= s for e, s in zip(ends, starts, strict=True)), q.parts


def check_same(a, b) -> None:
    """Two runs over the same text gave the same quotes."""
    assert [q.to_dict() for q in a] == [q.to_dict() for q in b]
