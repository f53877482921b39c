"""Fixed tree shapes around speech cues, found in one pass over a Doc's cue tokens.

The shapes are data (``models/tree_shapes.json``): the cue's subject, a passive cue's agent,
the object of "according to", the cue's clausal and open complements, written as spaCy
DependencyMatcher patterns. Every pattern is anchored on a cue lemma, so only the few tokens
that can be cues are looked at. The patterns use the operators ``>`` (a child) and ``.`` (the
next token) and token attributes compared with a string or ``{"IN": [...]}``; a small
evaluator runs them (same matches as spaCy's DependencyMatcher, which builds a token Matcher
over the whole Doc for every pattern node and cost a tenth of our component's time); a pattern
with any other operator or test runs on spaCy's DependencyMatcher, as written. The
rules in ``quotes/rules/`` ask :meth:`TreeShapes.targets` for what a shape found at a cue; what
patterns cannot say (negative conditions, bounded climbs, layout) stays in code there.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

import numpy
from spacy.attrs import DEP, LEMMA, LOWER, ORTH, POS, TAG
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
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


#: Pattern attributes → (Token attribute, spaCy attribute id for Doc.to_array).
_ATTRS = {
    "LEMMA": ("lemma_", LEMMA),
    "LOWER": ("lower_", LOWER),
    "ORTH": ("text", ORTH),
    "DEP": ("dep_", DEP),
    "TAG": ("tag_", TAG),
    "POS": ("pos_", POS),
}
_OPS = frozenset((">", "."))


class _Unsupported(ValueError):
    """A pattern the evaluator cannot run (spaCy's DependencyMatcher runs it instead)."""


#: A node's attribute tests: (pattern attribute, accepted values).
Tests = tuple[tuple[str, frozenset[str]], ...]


def _tests(attrs: dict[str, Any]) -> Tests:
    """A node's attribute tests: (Token attribute, accepted values)."""
    out = []
    for key, value in attrs.items():
        if key not in _ATTRS:
            raise _Unsupported(f"tree shape attribute {key!r} is not supported")
        if isinstance(value, str):
            values = frozenset((value,))
        elif isinstance(value, dict) and set(value) == {"IN"}:
            values = frozenset(value["IN"])
        else:
            raise _Unsupported(f"tree shape value {value!r} is not supported")
        out.append((key, values))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class _Node:
    id: str
    parent: int  # index of the LEFT_ID node (-1 for the anchor)
    op: str
    tests: Tests

    def accepts(self, tok: Token) -> bool:
        return all(getattr(tok, _ATTRS[k][0]) in v for k, v in self.tests)


class _Compiled:
    """One shape's pattern as nodes in pattern order (a parent before its children)."""

    def __init__(self, shape: Shape, forms: list[str]) -> None:
        pattern = _fill(shape.pattern, forms)
        ids: list[str] = []
        self.nodes: list[_Node] = []
        for node in pattern:
            left = node.get("LEFT_ID")
            op = node.get("REL_OP", "")
            if left is not None and op not in _OPS:
                raise _Unsupported(f"tree shape operator {op!r} is not supported")
            parent = ids.index(left) if left is not None else -1
            self.nodes.append(_Node(node["RIGHT_ID"], parent, op, _tests(node["RIGHT_ATTRS"])))
            ids.append(node["RIGHT_ID"])
        if self.nodes[0].parent != -1 or any(n.parent == -1 for n in self.nodes[1:]):
            raise _Unsupported(f"tree shape {shape.name!r} must have one anchor node, first")
        self.target = ids.index(shape.target)

    def targets(self, doc: Doc, anchor: int) -> list[int]:
        """Target tokens of every match anchored at token ``anchor``."""
        found: list[int] = []
        self._extend(doc, [anchor], found)
        return found

    def _extend(self, doc: Doc, assigned: list[int], found: list[int]) -> None:
        n = len(assigned)
        if n == len(self.nodes):
            found.append(assigned[self.target])
            return
        node = self.nodes[n]
        head = doc[assigned[node.parent]]
        if node.op == ">":
            candidates = list(head.children)
        else:
            candidates = [doc[head.i + 1]] if head.i + 1 < len(doc) else []
        for tok in candidates:
            if tok.i not in assigned and node.accepts(tok):
                self._extend(doc, [*assigned, tok.i], found)


class ShapeMatcher:
    """The shapes, compiled once per vocabulary and lexicon."""

    def __init__(self, vocab: Vocab, lex: Lexicon, shapes: list[Shape] | None = None) -> None:
        self.shapes = shapes if shapes is not None else load_shapes()
        forms = cue_forms(lex)
        self._compiled: list[tuple[str, _Compiled]] = []
        # shapes the evaluator cannot run (other operators or attribute tests) go to spaCy's
        # DependencyMatcher, which runs any pattern, at its cost
        self._fallback: DependencyMatcher | None = None
        self._fallback_target: dict[int, tuple[str, int]] = {}
        for shape in self.shapes:
            try:
                self._compiled.append((shape.name, _Compiled(shape, forms)))
            except _Unsupported:
                self._add_fallback(vocab, shape, forms)
        # anchors are found from arrays: each distinct anchor test (shapes share them) as
        # columns of the attributes tested and the accepted values' hashes
        self._anchor_attrs: list[int | str] = []
        self._anchor_tests: dict[Tests, list[tuple[int, numpy.ndarray]]] = {}
        for _, comp in self._compiled:
            tests = comp.nodes[0].tests
            if tests in self._anchor_tests:
                continue
            columns = []
            for key, values in tests:
                attr = _ATTRS[key][1]
                if attr not in self._anchor_attrs:
                    self._anchor_attrs.append(attr)
                ids = sorted(vocab.strings.add(v) for v in values)
                columns.append((self._anchor_attrs.index(attr), numpy.array(ids, dtype="uint64")))
            self._anchor_tests[tests] = columns

    def _add_fallback(self, vocab: Vocab, shape: Shape, forms: list[str]) -> None:
        if self._fallback is None:
            self._fallback = DependencyMatcher(vocab)
        pattern = _fill(shape.pattern, forms)
        self._fallback.add(shape.name, [pattern])
        ids = [node["RIGHT_ID"] for node in pattern]
        self._fallback_target[vocab.strings[shape.name]] = (shape.name, ids.index(shape.target))

    def __call__(self, doc: Doc) -> TreeShapes:
        found: dict[tuple[str, int], list[int]] = {}
        if not len(doc):
            return TreeShapes(found)
        if self._fallback is not None:
            matched: dict[tuple[str, int], set[int]] = {}
            for match_id, tokens in self._fallback(doc):
                name, k = self._fallback_target[match_id]
                matched.setdefault((name, tokens[0]), set()).add(tokens[k])
            found.update({key: sorted(v) for key, v in matched.items()})
        if not self._compiled:
            return TreeShapes(found)
        arr = doc.to_array(self._anchor_attrs).reshape(len(doc), -1)
        anchors: dict[Tests, list[int]] = {}
        for tests, columns in self._anchor_tests.items():
            ok = numpy.ones(len(doc), dtype=bool)
            for column, hashes in columns:
                ok &= numpy.isin(arr[:, column], hashes)
            anchors[tests] = numpy.flatnonzero(ok).tolist()
        for name, comp in self._compiled:
            for anchor in anchors[comp.nodes[0].tests]:
                hits = comp.targets(doc, anchor)
                if hits:
                    found[(name, anchor)] = sorted(set(hits))
        return TreeShapes(found)


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
