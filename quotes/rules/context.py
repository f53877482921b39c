"""What every rule may look at for one document."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from ..lexicon import Lexicon
from ..shapes import TreeShapes
from ..text import TextModel


@dataclass(frozen=True, slots=True)
class Context:
    """The parsed Doc, its text model, the tree shapes found at its cues, and the lexicon."""

    doc: Doc
    text: TextModel
    shapes: TreeShapes
    lex: Lexicon
