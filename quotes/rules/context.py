"""What every rule may look at for one document."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from ..entities import Entities
from ..lexicon import Lexicon
from ..settings import Settings
from ..shapes import TreeShapes
from ..text import TextModel


@dataclass(frozen=True, slots=True)
class Context:
    """The parsed Doc, its text model, the tree shapes found at its cues, the lexicon, and
    the document's entities (who can be a speaker label)."""

    doc: Doc
    text: TextModel
    shapes: TreeShapes
    lex: Lexicon
    entities: Entities
    settings: Settings = Settings()
