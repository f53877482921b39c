"""Fixed tree shapes around speech cues, found by spaCy's DependencyMatcher in one pass.

The shapes are data (``models/tree_shapes.json``): the cue's subject, a passive cue's agent,
the object of "according to", the cue's clausal and open complements. Every pattern is
anchored on a cue lemma, so the matcher only looks at the few tokens that can be cues (a
pattern anchored on any token cost 6% of the parse time; anchored on cues, under 1%). The
rules in ``quotes/rules/`` ask :meth:`TreeShapes.targets` for what a shape found at a cue; what
patterns cannot say (negative conditions, bounded climbs, layout) stays in code there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .lexicon import Lexicon

SHAPES_FILE = "tree_shapes.json"


@dataclass(frozen=True, slots=True)
class Shape:
    """One named shape: its DependencyMatcher pattern and the node the rules read."""

    name: str
    pattern: list[dict[str, Any]]
    target: str
    doc: str = ""


def load_shapes(text: str | None = None) -> list[Shape]:
    """The shapes of ``models/tree_shapes.json`` (or of the JSON ``text`` given)."""
    if text is None:
        text = files("quotes.models").joinpath(SHAPES_FILE).read_text(encoding="utf-8")
    data = json.loads(text)
    return [
        Shape(name, spec["pattern"], spec["target"], spec.get("doc", ""))
        for name, spec in data["shapes"].items()
    ]


def _fill(value: Any, cue_forms: list[str]) -> Any:
    """The pattern with "$CUE" replaced by the cue lemma forms."""
    if value == "$CUE":
        return cue_forms
    if isinstance(value, dict):
        return {k: _fill(v, cue_forms) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, cue_forms) for v in value]
    return value


def cue_forms(lex: Lexicon) -> list[str]:
    """Lemmas a cue token can carry: the lexicon's words, also capitalised (the lemmatizer
    keeps the case of proper-noun-like words)."""
    words = set(lex.cue_single) | {a for a, _ in lex.cue_double}
    return sorted(words | {w.capitalize() for w in words})


class ShapeMatcher:
    """A DependencyMatcher for the shapes, built once per vocabulary and lexicon."""

    def __init__(self, vocab: Vocab, lex: Lexicon, shapes: list[Shape] | None = None) -> None:
        self.shapes = shapes if shapes is not None else load_shapes()
        forms = cue_forms(lex)
        self.matcher = DependencyMatcher(vocab)
        self._target: dict[int, tuple[str, int]] = {}
        for shape in self.shapes:
            pattern = _fill(shape.pattern, forms)
            ids = [node["RIGHT_ID"] for node in pattern]
            self.matcher.add(shape.name, [pattern])
            key = vocab.strings[shape.name]
            self._target[key] = (shape.name, ids.index(shape.target))

    def __call__(self, doc: Doc) -> TreeShapes:
        found: dict[tuple[str, int], list[int]] = {}
        for match_id, tokens in self.matcher(doc):
            name, k = self._target[match_id]
            found.setdefault((name, tokens[0]), []).append(tokens[k])
        return TreeShapes({key: sorted(set(hits)) for key, hits in found.items()})


class TreeShapes:
    """What each shape found at each anchor (cue) token of one Doc."""

    __slots__ = ("_found",)

    def __init__(self, found: dict[tuple[str, int], list[int]]) -> None:
        self._found = found

    def targets(self, name: str, anchor: int) -> list[int]:
        """Target tokens of shape ``name`` anchored at token ``anchor``, in text order."""
        return self._found.get((name, anchor), [])

    def first(self, name: str, anchor: int) -> int | None:
        hits = self._found.get((name, anchor))
        return hits[0] if hits else None
