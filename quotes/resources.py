"""Load the pipeline's data files from ``models/`` (installed as the package ``quotes.models``).

Data files are plain text: one entry per line, ``#`` starts a comment, fields separated by tabs.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files


def read_lines(name: str) -> list[str]:
    """The non-blank, non-comment lines of ``models/<name>``, stripped."""
    text = files("quotes.models").joinpath(name).read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


@cache
def word_set(name: str) -> frozenset[str]:
    """A lexicon file as a set of lower-cased entries (first field of each line)."""
    return frozenset(line.split("\t")[0].strip().lower() for line in read_lines(name))


@cache
def table(name: str) -> dict[str, tuple[str, ...]]:
    """A tab-separated lexicon file as {first field (lower-cased): other fields}."""
    out: dict[str, tuple[str, ...]] = {}
    for line in read_lines(name):
        key, *rest = (f.strip() for f in line.split("\t"))
        out[key.lower()] = tuple(rest)
    return out
