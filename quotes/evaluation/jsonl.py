"""Reading gold and prediction files: JSONL, one JSON object per line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .pieces import EvalInputError

__all__ = ["iter_jsonl", "read_jsonl"]


def read_jsonl(path: Path, what: str = "file") -> Iterator[dict[str, Any]]:
    """Yield the JSON objects of a JSONL file; blank lines are skipped.

    Raises :class:`EvalInputError` naming ``path:line`` for a line that is not a JSON object.
    A record without an ``id`` gets ``<path>:<line>``, as ``quotes extract`` would give it.
    """
    if not path.exists():
        raise EvalInputError(f"{what} not found: {path}")
    if path.is_dir():
        raise EvalInputError(f"{what} is a directory, not a JSONL file: {path}")
    for where, record in iter_jsonl(path, what):
        record.setdefault("id", where)
        yield record


def iter_jsonl(
    path: Path, what: str, error: type[EvalInputError] = EvalInputError
) -> Iterator[tuple[str, dict[str, Any]]]:
    """``(path:line, object)`` for every non-blank line of a JSONL file.

    A line that is not a JSON object, a file that is not UTF-8 or cannot be read (``what`` names
    it: "GUM file") raises ``error``, so each kind of input keeps its own exception class.
    """
    try:
        # utf-8-sig: a BOM at the start would otherwise break the first line's JSON.
        with path.open(encoding="utf-8-sig") as handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise error(f"{where}: invalid JSON: {exc.msg}") from None
                except ValueError:  # an integer beyond sys.get_int_max_str_digits()
                    raise error(f"{where}: invalid JSON: a number too long to read") from None
                except RecursionError:
                    raise error(f"{where}: invalid JSON: nested too deeply") from None
                if not isinstance(record, dict):
                    raise error(f"{where}: expected a JSON object")
                yield where, record
    except UnicodeDecodeError as exc:
        raise error(f"{path}: not UTF-8 text ({exc.reason})") from None
    except OSError as exc:
        raise error(f"cannot read {what} {path}: {exc.strerror or exc}") from None
