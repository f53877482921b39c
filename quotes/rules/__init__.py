"""Named rules and the ordered tables that try them.

A rule is a small function that looks at one shape of the text or the parse and proposes a
candidate, or answers ``None`` when the shape is not there. A :class:`RuleTable` tries its
rules in a documented order and the first answer wins. A quote's ``rule`` field names the
rules that made it, so any answer can be traced to the function here that gave it:

- ``speaker.py``: who the source of a cue is;
- ``content.py``: what a cue reports;
- ``quotation.py``: which cue a quotation in marks belongs to;
- ``layout.py``: attributions written by layout (labels, bylines).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Rule(Generic[P, T]):
    """A named rule: ``match`` answers a candidate, or None when its shape is absent."""

    name: str
    match: Callable[P, T | None]

    @property
    def doc(self) -> str:
        """The first line of the rule function's docstring."""
        return (self.match.__doc__ or "").strip().splitlines()[0] if self.match.__doc__ else ""


class RuleTable(Generic[P, T]):
    """Rules tried in order; the first that answers decides."""

    def __init__(self, name: str, rules: Sequence[Rule[P, T]]) -> None:
        names = [r.name for r in rules]
        if len(set(names)) != len(names):
            raise ValueError(f"rule table {name!r} names a rule twice: {names}")
        self.name = name
        self.rules = tuple(rules)

    def first(self, *args: P.args, **kwargs: P.kwargs) -> T | None:
        for rule in self.rules:
            found = rule.match(*args, **kwargs)
            if found is not None:
                return found
        return None

    def names(self) -> list[str]:
        return [r.name for r in self.rules]
